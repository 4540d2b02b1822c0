//! Which reader a file needs: by its first bytes and, for zip packages, by the parts inside,
//! not by its name alone. An .xls that is really .xlsx (or the other way round) is read as
//! what it is, and so are the `SpreadsheetML` 2003 and HTML tables that business systems export
//! under any name (.xls, .xml, .htm, .html), and Excel's single-file web pages (.mht). Anything else is reported as what it really is:
//! a PDF, a picture, a Word document, plain text…

use super::{ReadError, ReadLimits};
use std::path::Path;

/// How many bytes of a file are looked at to tell what it is.
const HEAD: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Csv,
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    SpreadsheetMl,
    Html,
    WebArchive,
}

/// What a file that is not a workbook really is, for its `file-unreadable` message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    WordDoc,
    WordDocx,
    WordXml,
    Rtf,
    Wps,
    Et,
    Pdf,
    /// A picture, by its format (`PNG`, `JPEG`…).
    Image(&'static str),
    Zip,
    /// Another archive, by its format (`RAR`, `7z`…).
    Archive(&'static str),
    Xml,
    Presentation,
    Numbers,
    Binary,
}

impl Kind {
    /// The kind of file in words, as in "这是一个{name}".
    #[must_use]
    pub(super) fn name(self) -> String {
        match self {
            Kind::Text => "纯文本文件（CSV等）".into(),
            Kind::WordDoc => "Word文档（.doc）".into(),
            Kind::WordDocx => "Word文档（.docx）".into(),
            Kind::WordXml => "Word文档（XML格式）".into(),
            Kind::Rtf => "RTF文档（Word或写字板）".into(),
            Kind::Wps => "WPS文字文档（.wps）".into(),
            Kind::Et => "WPS表格文件（.et）".into(),
            Kind::Pdf => " PDF 文件".into(),
            Kind::Image(format) => format!(" {format} 图片"),
            Kind::Zip => "压缩包（.zip）".into(),
            Kind::Archive(format) => format!(" {format} 压缩包"),
            Kind::Xml => " XML 文件（不是Excel的XML表格格式）".into(),
            Kind::Presentation => "PowerPoint演示文稿".into(),
            Kind::Numbers => "苹果 Numbers 表格".into(),
            Kind::Binary => "无法识别格式的文件".into(),
        }
    }
}

/// What the first bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sniffed {
    Zip,
    Ole,
    SpreadsheetMl,
    Html,
    WebArchive,
    Other(Kind),
    Text,
    Binary,
}

pub(super) fn format(path: &Path, ext: &str, limits: &ReadLimits) -> Result<Format, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| ReadError::io(&e))?;
    if meta.is_dir() {
        return Err(ReadError::FolderNamedLikeWorkbook);
    }
    if !meta.is_file() {
        // A pipe or a device would block the read, or never end.
        return Err(ReadError::NotRegularFile);
    }
    let head = read_head(path)?;
    if head.is_empty() {
        return Err(ReadError::Empty);
    }
    let format = by_content(path, ext, &head, meta.len() <= limits.max_file_bytes)?;
    if meta.len() > limits.max_file_bytes {
        return Err(ReadError::FileTooLarge {
            size_mb: meta.len() >> 20,
            limit_mb: limits.max_file_bytes >> 20,
        });
    }
    Ok(format)
}

/// The format by content. A binary workbook under a name no spreadsheet program gives it (a
/// `.bak` copy, a `.doc`) is not read: only the exports (`SpreadsheetML`, HTML) are read under
/// any name. `small` says whether the file may be opened whole to look inside.
fn by_content(path: &Path, ext: &str, head: &[u8], small: bool) -> Result<Format, ReadError> {
    let workbook_ext = matches!(ext, "xlsx" | "xlsm" | "xlsb" | "xls" | "ods");
    let csv_ext = matches!(ext, "csv" | "txt");
    let markup_ext = matches!(ext, "xml" | "htm" | "html");
    let foreign = !(workbook_ext || csv_ext || markup_ext);
    let not = |kind| ReadError::NotAWorkbook {
        kind,
        ext: ext.to_owned(),
    };
    let unsupported = || {
        Err(match ext {
            "" => ReadError::NoExtension,
            "et" | "ett" => not(Kind::Et),
            "wps" => not(Kind::Wps),
            "numbers" => not(Kind::Numbers),
            _ => ReadError::Unsupported(ext.to_owned()),
        })
    };
    match sniff(head) {
        Sniffed::Zip => {
            zip_format(path, ext).and_then(|f| if foreign { unsupported() } else { Ok(f) })
        }
        // WPS keeps its own formats in compound files too: they are not .xls.
        Sniffed::Ole if matches!(ext, "et" | "ett" | "wps") => unsupported(),
        Sniffed::Ole if foreign => match small.then(|| ole_kind(path)).flatten() {
            Some(kind) => Err(not(kind)),
            None => unsupported(),
        },
        // The xls reader tells an encrypted .xlsx or a Word .doc (also OLE files) from an .xls.
        Sniffed::Ole => Ok(Format::Xls),
        Sniffed::SpreadsheetMl => Ok(Format::SpreadsheetMl),
        Sniffed::Html => Ok(Format::Html),
        Sniffed::WebArchive => Ok(Format::WebArchive),
        Sniffed::Other(kind) => Err(not(kind)),
        Sniffed::Text | Sniffed::Binary if csv_ext => Ok(Format::Csv),
        Sniffed::Text if workbook_ext || markup_ext => Err(not(Kind::Text)),
        // A damaged workbook: its reader says how.
        Sniffed::Binary if workbook_ext => Ok(by_extension(ext)),
        Sniffed::Text | Sniffed::Binary => unsupported(),
    }
}

/// What a compound file that is not a workbook holds, when its streams tell.
fn ole_kind(path: &Path) -> Option<Kind> {
    let bytes = std::fs::read(path).ok()?;
    let cfb = super::cfb::Compound::parse(&bytes).ok()?;
    if cfb.has("WordDocument") {
        Some(Kind::WordDoc)
    } else if cfb.has("PowerPoint Document") {
        Some(Kind::Presentation)
    } else {
        None
    }
}

fn by_extension(ext: &str) -> Format {
    match ext {
        "xlsb" => Format::Xlsb,
        "xls" => Format::Xls,
        "ods" => Format::Ods,
        _ => Format::Xlsx,
    }
}

/// A zip package: an Office Open XML workbook (xml or binary), an `OpenDocument` spreadsheet,
/// or something else (a Word document, a plain archive).
fn zip_format(path: &Path, ext: &str) -> Result<Format, ReadError> {
    let file = std::fs::File::open(path).map_err(|e| ReadError::io(&e))?;
    let archive =
        zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|_| ReadError::BadZip)?;
    let has = |name: &str| {
        archive
            .file_names()
            .flatten()
            .any(|n| n.eq_ignore_ascii_case(name))
    };
    let not = |kind| {
        Err(ReadError::NotAWorkbook {
            kind,
            ext: ext.to_owned(),
        })
    };
    if has("xl/workbook.xml") {
        Ok(Format::Xlsx)
    } else if has("xl/workbook.bin") {
        Ok(Format::Xlsb)
    } else if has("content.xml") && has("mimetype") {
        Ok(Format::Ods)
    } else if has("word/document.xml") {
        not(Kind::WordDocx)
    } else if has("ppt/presentation.xml") {
        not(Kind::Presentation)
    } else if has("index/document.iwa") {
        not(Kind::Numbers)
    } else if matches!(ext, "xlsx" | "xlsm" | "xlsb" | "xls" | "ods") {
        // A workbook with its main part missing: its reader says it is damaged.
        Ok(by_extension(if ext == "xls" { "xlsx" } else { ext }))
    } else {
        not(Kind::Zip)
    }
}

fn sniff(head: &[u8]) -> Sniffed {
    const MAGIC: [(&[u8], Sniffed); 13] = [
        (b"PK\x03\x04", Sniffed::Zip),
        (&[0xD0, 0xCF, 0x11, 0xE0], Sniffed::Ole),
        (b"%PDF", Sniffed::Other(Kind::Pdf)),
        (b"\x89PNG", Sniffed::Other(Kind::Image("PNG"))),
        (&[0xFF, 0xD8, 0xFF], Sniffed::Other(Kind::Image("JPEG"))),
        (b"GIF8", Sniffed::Other(Kind::Image("GIF"))),
        (b"II*\x00", Sniffed::Other(Kind::Image("TIFF"))),
        (b"MM\x00*", Sniffed::Other(Kind::Image("TIFF"))),
        (b"{\\rtf", Sniffed::Other(Kind::Rtf)),
        (b"Rar!\x1A\x07", Sniffed::Other(Kind::Archive("RAR"))),
        (b"7z\xBC\xAF\x27\x1C", Sniffed::Other(Kind::Archive("7z"))),
        (&[0x1F, 0x8B], Sniffed::Other(Kind::Archive("gzip"))),
        (b"PK\x05\x06", Sniffed::Zip),
    ];
    if let Some((_, sniffed)) = MAGIC.iter().find(|(magic, _)| head.starts_with(magic)) {
        return *sniffed;
    }
    if head.starts_with(b"BM") && head.len() > 14 && head[6..10] == [0; 4] {
        return Sniffed::Other(Kind::Image("BMP"));
    }
    if head.len() > 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return Sniffed::Other(Kind::Image("WebP"));
    }
    // Excel's "Unicode text" and some exports are UTF-16 with a byte-order mark.
    let utf16 = match head {
        [0xFF, 0xFE, ..] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    let text = match utf16 {
        Some(encoding) => encoding.decode(head).0.to_lowercase(),
        None => String::from_utf8_lossy(head).to_lowercase(),
    };
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with("mime-version:") || text.contains("content-type: multipart/related") {
        return Sniffed::WebArchive;
    }
    if trimmed.starts_with('<') {
        // SpreadsheetML has a `<Table>` too: only a page has `<html>`.
        if text.contains("urn:schemas-microsoft-com:office:spreadsheet") && !text.contains("<html")
        {
            return Sniffed::SpreadsheetMl;
        }
        let html = ["<html", "<table", "<!doctype html", "<body", "<meta"]
            .iter()
            .any(|tag| text.contains(tag));
        if html {
            return Sniffed::Html;
        }
        if text.contains("progid=\"word.document\"")
            || text.contains("urn:schemas-microsoft-com:office:word")
        {
            return Sniffed::Other(Kind::WordXml);
        }
        if trimmed.starts_with("<?xml") {
            return Sniffed::Other(Kind::Xml);
        }
    }
    let binary = head.iter().filter(|b| **b == 0 || (**b < 9)).count();
    if binary == 0 || utf16.is_some() {
        Sniffed::Text
    } else {
        Sniffed::Binary
    }
}

fn read_head(path: &Path) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| ReadError::io(&e))?;
    let mut head = vec![0; HEAD];
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(ReadError::io(&e)),
        }
    }
    head.truncate(filled);
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::{Kind, ReadError, Sniffed, by_content, sniff};

    #[test]
    fn compound_files_under_other_names_say_what_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let check = |stream: &str, name: &str| {
            let bytes = super::super::cfb::tests::compound(stream, &[7u8; 5000]);
            let path = dir.path().join(name);
            std::fs::write(&path, &bytes).unwrap();
            let ext = super::super::extension(&path);
            by_content(&path, &ext, &bytes[..4096], true)
        };
        assert_eq!(
            check("WordDocument", "说明.doc"),
            Err(ReadError::NotAWorkbook {
                kind: Kind::WordDoc,
                ext: "doc".into()
            })
        );
        assert_eq!(
            check("Workbook", "区建管委.xls.bak"),
            Err(ReadError::Unsupported("bak".into()))
        );
        assert_eq!(check("Workbook", "区建管委.xls"), Ok(super::Format::Xls));
    }

    #[test]
    fn sniffs_by_content() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Sniffed::Zip);
        assert_eq!(sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1]), Sniffed::Ole);
        assert_eq!(sniff("\u{feff}<html><table>".as_bytes()), Sniffed::Html);
        assert_eq!(sniff("项目名称,总投资\n".as_bytes()), Sniffed::Text);
        assert_eq!(sniff(b"\x00\x01\x02"), Sniffed::Binary);
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("<html><table>".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(sniff(&utf16), Sniffed::Html);
        assert_eq!(sniff(b"%PDF-1.7\n"), Sniffed::Other(Kind::Pdf));
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n"),
            Sniffed::Other(Kind::Image("PNG"))
        );
        let xml = r#"<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>
            <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet><Table>"#;
        assert_eq!(sniff(xml.as_bytes()), Sniffed::SpreadsheetMl);
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><rss/>"),
            Sniffed::Other(Kind::Xml)
        );
    }
}
