//! Which reader a file needs: by its first bytes and, for zip packages, by the parts inside,
//! not by its name alone. An .xls that is really .xlsx (or the other way round) is read as
//! what it is; an HTML or text file named .xls is reported as such.

use super::{ReadLimits, io_reason};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Csv,
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sniffed {
    Zip,
    Ole,
    Html,
    Text,
    Binary,
}

pub(super) fn format(path: &Path, ext: &str, limits: &ReadLimits) -> Result<Format, String> {
    let workbook_ext = matches!(ext, "xlsx" | "xlsm" | "xlsb" | "xls" | "ods");
    let csv_ext = matches!(ext, "csv" | "txt");
    let meta = std::fs::metadata(path).map_err(|e| io_reason(&e))?;
    if meta.is_dir() {
        return Err("这是一个文件夹（名字像工作簿），不是文件".into());
    }
    if !meta.is_file() {
        // A pipe or a device would block the read, or never end.
        return Err("这不是普通文件（可能是管道或设备），不读取".into());
    }
    if !workbook_ext && !csv_ext {
        return Err(if ext.is_empty() {
            "文件没有扩展名，无法判断格式；请另存为 .xlsx 后报送".to_owned()
        } else {
            format!("不支持的文件格式“.{ext}”，请另存为 .xlsx 后报送")
        });
    }
    if meta.len() > limits.max_file_bytes {
        return Err(format!(
            "文件过大（{} MB），超过读取上限 {} MB，未读取；请删除多余内容后重新报送",
            meta.len() >> 20,
            limits.max_file_bytes >> 20
        ));
    }
    let head = read_head(path)?;
    if head.is_empty() {
        return Err("文件是空的（0字节）".into());
    }
    match sniff(&head) {
        Sniffed::Zip => zip_format(path, ext),
        // The xls reader tells an encrypted .xlsx (also an OLE file) from a real .xls.
        Sniffed::Ole => Ok(Format::Xls),
        Sniffed::Html if workbook_ext => Err(format!(
            "文件名是 .{ext}，内容却是网页（HTML）表格，多为业务系统导出；请用Excel打开后“另存为”.xlsx再报送"
        )),
        Sniffed::Text if workbook_ext => Err(format!(
            "文件名是 .{ext}，内容却是纯文本（CSV等），不是Excel工作簿；请用Excel打开后“另存为”.xlsx再报送"
        )),
        _ if csv_ext => Ok(Format::Csv),
        _ => Ok(by_extension(ext)),
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

/// A zip package: an Office Open XML workbook (xml or binary), an OpenDocument spreadsheet,
/// or something else (a Word document, a plain archive).
fn zip_format(path: &Path, ext: &str) -> Result<Format, String> {
    let file = std::fs::File::open(path).map_err(|e| io_reason(&e))?;
    let archive = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|_| "文件已损坏或不完整（不是有效的压缩工作簿），请重新保存后报送".to_owned())?;
    let has = |name: &str| {
        archive
            .file_names()
            .flatten()
            .any(|n| n.eq_ignore_ascii_case(name))
    };
    if has("xl/workbook.xml") {
        Ok(Format::Xlsx)
    } else if has("xl/workbook.bin") {
        Ok(Format::Xlsb)
    } else if has("content.xml") && has("mimetype") {
        Ok(Format::Ods)
    } else if has("word/document.xml") {
        Err(format!(
            "文件名是 .{ext}，内容却是Word文档，不是Excel工作簿；请把表格放进Excel工作簿后报送"
        ))
    } else if has("ppt/presentation.xml") {
        Err(format!(
            "文件名是 .{ext}，内容却是PowerPoint演示文稿，不是Excel工作簿"
        ))
    } else if ext == "csv" || ext == "txt" {
        Err("文件是压缩包，不是CSV文本，也不是Excel工作簿".into())
    } else {
        Ok(by_extension(if ext == "xls" { "xlsx" } else { ext }))
    }
}

fn sniff(head: &[u8]) -> Sniffed {
    if head.starts_with(b"PK\x03\x04") {
        return Sniffed::Zip;
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Sniffed::Ole;
    }
    let text = String::from_utf8_lossy(head).to_lowercase();
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('<')
        && (text.contains("<html") || text.contains("<table") || text.contains("<!doctype"))
    {
        return Sniffed::Html;
    }
    let binary = head.iter().filter(|b| **b == 0 || (**b < 9)).count();
    if binary == 0 {
        Sniffed::Text
    } else {
        Sniffed::Binary
    }
}

fn read_head(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| io_reason(&e))?;
    let mut head = vec![0; 1024];
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io_reason(&e)),
        }
    }
    head.truncate(filled);
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::{Sniffed, sniff};

    #[test]
    fn sniffs_by_content() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Sniffed::Zip);
        assert_eq!(sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1]), Sniffed::Ole);
        assert_eq!(sniff("\u{feff}<html><table>".as_bytes()), Sniffed::Html);
        assert_eq!(sniff("项目名称,总投资\n".as_bytes()), Sniffed::Text);
        assert_eq!(sniff(b"\x00\x01\x02"), Sniffed::Binary);
    }
}
