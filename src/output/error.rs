//! The error of the output boundary: every way writing, locking, committing or recovering a
//! period's outputs can fail, with the path and the cause in words a clerk can act on.

use super::lock::LockHolder;
use std::io;
use std::path::PathBuf;

/// What the program was doing to a path when the system said no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    CreateDir,
    Create,
    Write,
    Sync,
    Read,
    Rename,
    Remove,
    Lock,
    Link,
}

impl Action {
    fn verb(self) -> &'static str {
        match self {
            Action::CreateDir => "创建文件夹",
            Action::Create => "创建文件",
            Action::Write => "写入",
            Action::Sync => "写入磁盘",
            Action::Read => "读取",
            Action::Rename => "重命名",
            Action::Remove => "删除",
            Action::Lock => "锁定",
            Action::Link => "保留原有文件",
        }
    }
}

/// A failure at the output boundary. `Display` is the whole message the clerk reads.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The system refused an operation on a path.
    #[error("{} {} 失败：{}", .action.verb(), .path.display(), cause(.source))]
    Io {
        action: Action,
        path: PathBuf,
        source: io::Error,
    },
    /// A workbook or other file could not be produced (not an I/O failure).
    #[error("生成 {} 失败：{message}", .path.display())]
    Render { path: PathBuf, message: String },
    /// The lock file cannot be made or locked.
    #[error("无法获得运行锁 {}：{}；本次未运行，已有输出未改动", .path.display(), cause(.source))]
    LockIo { path: PathBuf, source: io::Error },
    /// Another run holds the lock and its record names it.
    #[error(
        "另一个汇总正在运行（进程 {}，主机 {}，开始于 {}），本次未运行，已有输出未改动{}",
        .holder.pid, .holder.host, .holder.started, fallback_hint(*.fallback, .path)
    )]
    Locked {
        holder: LockHolder,
        path: PathBuf,
        fallback: bool,
    },
    /// Another run holds the lock but its record cannot be read.
    #[error(
        "另一个汇总正在运行（锁文件 {} 的内容无法读取，不知是哪个进程），本次未运行，已有输出未改动",
        .path.display()
    )]
    LockedUnknown { path: PathBuf },
    /// A failure before the point of no return: the previous outputs are as they were.
    #[error("写入输出失败（上期输出未改动）：{0}")]
    Unchanged(Box<OutputError>),
    /// A failure after the point of no return that recovery could not complete either.
    #[error(
        "提交{period}的输出时失败：{first}；自动恢复也未完成：{second}；下次运行时会先完成这次提交"
    )]
    Unfinished {
        period: String,
        first: Box<OutputError>,
        second: Box<OutputError>,
    },
    /// An interrupted commit found at the start could not be finished or undone.
    #[error("上次运行中断的提交（{period}）无法完成或撤销：{source}；本次未运行")]
    Recovery {
        period: String,
        source: Box<OutputError>,
    },
    /// The intent record of an interrupted commit cannot be understood.
    #[error("无法识别上次运行的提交记录 {}：{message}；本次未运行", .path.display())]
    BadIntent { path: PathBuf, message: String },
}

impl OutputError {
    pub(crate) fn io(action: Action, path: impl Into<PathBuf>, source: io::Error) -> Self {
        OutputError::Io {
            action,
            path: path.into(),
            source,
        }
    }

    /// A file of the period that could not be produced before anything was written.
    pub fn not_produced(path: impl Into<PathBuf>, message: &impl std::fmt::Display) -> Self {
        OutputError::Unchanged(Box::new(OutputError::Render {
            path: path.into(),
            message: message.to_string(),
        }))
    }
}

fn fallback_hint(fallback: bool, path: &std::path::Path) -> String {
    if fallback {
        format!(
            "；此文件夹不支持系统锁，如确认那次运行已中止，可删除 {}",
            path.display()
        )
    } else {
        String::new()
    }
}

/// The cause of an I/O error in words, with the system's error number for the technician.
#[must_use]
pub fn cause(e: &io::Error) -> String {
    let Some(code) = e.raw_os_error() else {
        // Our own errors carry Chinese text already; others are named by their kind.
        return kind_words(e.kind()).map_or_else(|| e.to_string(), str::to_owned);
    };
    let words = errno_words(code)
        .or_else(|| kind_words(e.kind()))
        .unwrap_or("系统错误");
    format!("{words}（错误码 {code}）")
}

#[cfg(unix)]
fn errno_words(code: i32) -> Option<&'static str> {
    Some(match code {
        libc::ENOSPC => "磁盘已满",
        libc::EDQUOT => "超出磁盘配额",
        libc::EACCES => "没有权限",
        libc::EPERM => "没有权限（操作不被允许）",
        libc::EROFS => "文件系统只读",
        libc::EBUSY | libc::ETXTBSY => "文件被占用",
        libc::EAGAIN => "文件被其他程序锁定",
        libc::ENAMETOOLONG => "路径过长",
        libc::EFBIG => "超过文件大小限制",
        libc::EIO => "磁盘读写错误",
        libc::ENOENT => "文件或文件夹不存在",
        libc::EEXIST => "已有同名文件",
        libc::ENOTDIR => "路径中有同名文件而不是文件夹",
        libc::EISDIR => "是文件夹而不是文件",
        libc::ENOTEMPTY => "文件夹不为空",
        libc::EXDEV => "不在同一磁盘上",
        libc::EMFILE | libc::ENFILE => "打开的文件过多",
        libc::ESTALE => "网络共享上的文件已失效",
        libc::ENOLCK => "无法加锁",
        _ => return None,
    })
}

#[cfg(not(unix))]
fn errno_words(code: i32) -> Option<&'static str> {
    // Windows: ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION.
    Some(match code {
        32 => "文件被占用（另一个程序打开了它）",
        33 => "文件被其他程序锁定",
        112 => "磁盘已满",
        206 => "路径过长",
        _ => return None,
    })
}

fn kind_words(kind: io::ErrorKind) -> Option<&'static str> {
    use io::ErrorKind as K;
    Some(match kind {
        K::StorageFull => "磁盘已满",
        K::QuotaExceeded => "超出磁盘配额",
        K::PermissionDenied => "没有权限",
        K::ReadOnlyFilesystem => "文件系统只读",
        K::ResourceBusy | K::ExecutableFileBusy => "文件被占用",
        K::WouldBlock => "文件被其他程序锁定",
        K::InvalidFilename => "路径过长或文件名无效",
        K::FileTooLarge => "超过文件大小限制",
        K::NotFound => "文件或文件夹不存在",
        K::AlreadyExists => "已有同名文件",
        K::NotADirectory => "路径中有同名文件而不是文件夹",
        K::IsADirectory => "是文件夹而不是文件",
        K::DirectoryNotEmpty => "文件夹不为空",
        K::CrossesDevices => "不在同一磁盘上",
        K::StaleNetworkFileHandle => "网络共享上的文件已失效",
        K::Unsupported => "此文件系统不支持该操作",
        K::WriteZero => "写入不完整",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(code: i32) -> io::Error {
        io::Error::from_raw_os_error(code)
    }

    #[test]
    #[cfg(unix)]
    fn system_errors_are_named_in_chinese_with_the_path() {
        for (code, words) in [
            (libc::ENOSPC, "磁盘已满"),
            (libc::EACCES, "没有权限"),
            (libc::EPERM, "没有权限（操作不被允许）"),
            (libc::EBUSY, "文件被占用"),
            (libc::ENAMETOOLONG, "路径过长"),
            (libc::EFBIG, "超过文件大小限制"),
            (libc::EIO, "磁盘读写错误"),
            (libc::EROFS, "文件系统只读"),
        ] {
            let e = OutputError::io(Action::Write, "/共享/汇总/2022-03/run.json", os(code));
            let text = e.to_string();
            assert_eq!(
                text,
                format!("写入 /共享/汇总/2022-03/run.json 失败：{words}（错误码 {code}）")
            );
            assert!(!text.contains("os error"), "{text}");
        }
    }

    #[test]
    fn errors_without_a_code_use_their_kind_or_their_own_text() {
        let full = io::Error::new(io::ErrorKind::StorageFull, "No space left");
        assert_eq!(cause(&full), "磁盘已满");
        let ours = io::Error::other("模拟故障（第3步）");
        assert_eq!(cause(&ours), "模拟故障（第3步）");
    }

    #[test]
    fn a_failure_before_the_point_of_no_return_says_nothing_changed() {
        let inner = OutputError::io(Action::CreateDir, "/out/.taizhang-stage", os(13));
        let text = OutputError::Unchanged(Box::new(inner)).to_string();
        assert!(
            text.starts_with(
                "写入输出失败（上期输出未改动）：创建文件夹 /out/.taizhang-stage 失败："
            ),
            "{text}"
        );
    }

    #[test]
    fn the_lock_refusal_names_the_holder_or_says_it_cannot() {
        let holder = LockHolder {
            pid: 4242,
            host: "fileserver".into(),
            started: "2022-04-03 02:00:00".into(),
        };
        let e = OutputError::Locked {
            holder,
            path: "/out/.taizhang.lock".into(),
            fallback: false,
        };
        assert_eq!(
            e.to_string(),
            "另一个汇总正在运行（进程 4242，主机 fileserver，开始于 2022-04-03 02:00:00），本次未运行，已有输出未改动"
        );
        let e = OutputError::LockedUnknown {
            path: "/out/.taizhang.lock".into(),
        };
        assert!(e.to_string().contains("无法读取"), "{e}");
        let e = OutputError::Unfinished {
            period: "2022-03".into(),
            first: Box::new(OutputError::io(Action::Rename, "/a", os(5))),
            second: Box::new(OutputError::io(Action::Rename, "/a", os(5))),
        };
        assert!(e.to_string().contains("下次运行时会先完成这次提交"), "{e}");
    }
}
