//! Finding the submissions: the files of the input folders (and of their subfolders), in a
//! stable order, each marked with why it is skipped when it must not be read.

use super::ReadError;
use chrono::{DateTime, Local, NaiveDateTime};
use std::path::{Path, PathBuf};

/// A file to read (or to list as skipped).
#[derive(Debug, Clone)]
pub struct Candidate {
    pub file: String,
    pub path: PathBuf,
    pub modified: Option<NaiveDateTime>,
    pub skip: Option<String>,
}

const WORKBOOK_EXTENSIONS: [&str; 7] = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "txt"];
const MAX_DEPTH: usize = 3;

/// Lists the files of each input: a folder is walked, a file is taken as it is.
///
/// # Errors
/// When an input does not exist or a folder cannot be listed: nothing can be checked then.
pub fn discover(inputs: &[PathBuf]) -> Result<Vec<Candidate>, ReadError> {
    let mut found = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| ReadError::Input {
            path: input.display().to_string(),
            reason: Box::new(ReadError::io(&e)),
        })?;
        if meta.is_dir() && !looks_like_workbook(input) {
            walk(input, input, 0, &mut found)?;
        } else {
            let name = input
                .file_name()
                .map_or_else(|| shown(input), |n| shown(Path::new(n)));
            found.push(candidate(input, name));
        }
    }
    found.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(found)
}

fn walk(
    root: &Path,
    dir: &Path,
    depth: usize,
    found: &mut Vec<Candidate>,
) -> Result<(), ReadError> {
    let entries = std::fs::read_dir(dir).map_err(|e| ReadError::Folder {
        path: dir.display().to_string(),
        reason: Box::new(ReadError::io(&e)),
    })?;
    for entry in entries {
        // An entry that cannot be read is listed, not dropped: every file is read or reported.
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let folder = shown(dir.strip_prefix(root).unwrap_or(dir));
                found.push(Candidate {
                    file: if folder.is_empty() {
                        "（无法读取的条目）".to_owned()
                    } else {
                        format!("{folder}/（无法读取的条目）")
                    },
                    path: dir.to_owned(),
                    modified: None,
                    skip: Some(format!("文件夹中有条目无法读取：{}", ReadError::io(&e))),
                });
                continue;
            }
        };
        let path = entry.path();
        let rel = shown(path.strip_prefix(root).unwrap_or(&path));
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && !looks_like_workbook(&path) {
            if name.starts_with('.') {
                continue;
            }
            if is_output_folder(&name) {
                found.push(Candidate {
                    file: format!("{rel}/"),
                    path,
                    modified: None,
                    skip: Some("taizhang 的输出文件夹，不读取".into()),
                });
                continue;
            }
            if depth + 1 >= MAX_DEPTH {
                found.push(Candidate {
                    file: rel,
                    path,
                    modified: None,
                    skip: Some(format!(
                        "文件夹层级过深（超过{MAX_DEPTH}层），其中的文件未读取；请把台帐放到上层文件夹"
                    )),
                });
            } else if let Err(reason) = walk(root, &path, depth + 1, found) {
                // A subfolder that cannot be listed is reported as a file, not a stopped run.
                found.push(Candidate {
                    file: rel,
                    path,
                    modified: None,
                    skip: Some(reason.to_string()),
                });
            }
            continue;
        }
        found.push(candidate(&path, rel));
    }
    Ok(())
}

/// A path as shown to people, folders joined by `/`. A byte that is not UTF-8 (a name made on
/// a system with another encoding) is written `\xFF`, so that two such names stay apart.
fn shown(path: &Path) -> String {
    path.components()
        .map(|c| match c {
            std::path::Component::RootDir => String::new(),
            c => escaped(c.as_os_str()),
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(unix)]
fn escaped(name: &std::ffi::OsStr) -> String {
    use std::fmt::Write as _;
    use std::os::unix::ffi::OsStrExt;
    let mut text = String::new();
    for chunk in name.as_bytes().utf8_chunks() {
        text.push_str(chunk.valid());
        for b in chunk.invalid() {
            let _ = write!(text, "\\x{b:02X}");
        }
    }
    text
}

#[cfg(not(unix))]
fn escaped(name: &std::ffi::OsStr) -> String {
    name.to_string_lossy().into_owned()
}

fn candidate(path: &Path, file: String) -> Candidate {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let modified = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .map(|t| DateTime::<Local>::from(t).naive_local());
    Candidate {
        file,
        path: path.to_owned(),
        modified,
        skip: skip_reason(&name),
    }
}

/// Why a file is not read, by its name alone.
#[must_use]
pub fn skip_reason(name: &str) -> Option<String> {
    let lower = name.to_lowercase();
    let ext = Path::new(&lower)
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.starts_with("~$") {
        Some("Office 临时锁文件（有人正打开该工作簿），不读取".into())
    } else if name.starts_with('.') {
        Some("隐藏文件，不读取".into())
    } else if ext == "tmp" || lower.starts_with('~') || lower.ends_with('~') {
        Some("临时文件，不读取".into())
    } else if matches!(ext.as_str(), "md" | "toml" | "json") {
        Some("说明或配置文件，不是台帐".into())
    } else {
        None
    }
}

fn looks_like_workbook(path: &Path) -> bool {
    WORKBOOK_EXTENSIONS.contains(&super::extension(path).as_str())
}

/// Folders taizhang writes (or that hold its history) are never read back as submissions.
fn is_output_folder(name: &str) -> bool {
    let is_period = name.len() == 7
        && name.as_bytes()[4] == b'-'
        && name
            .bytes()
            .enumerate()
            .all(|(i, b)| i == 4 || b.is_ascii_digit());
    is_period || matches!(name, "反馈" | "history" | "out" | "output" | "输出")
}
