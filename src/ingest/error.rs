//! Why a file (or one of its sheets) could not be read: one variant per failure, each with
//! the words a clerk can act on. The reason ends up in a `file-unreadable` issue.

use super::sniff::Kind;
use thiserror::Error;

/// A reason a file, a folder or a sheet could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ReadError {
    #[error("没有读取权限，无法打开文件")]
    PermissionDenied,
    #[error("文件不存在（可能已被移走）")]
    NotFound,
    #[error("这是一个文件夹，不是文件")]
    IsADirectory,
    #[error("无法读取文件：{0}")]
    Io(String),
    #[error("这是一个文件夹（名字像工作簿），不是文件")]
    FolderNamedLikeWorkbook,
    #[error("这不是普通文件（可能是管道或设备），不读取")]
    NotRegularFile,
    #[error("文件没有扩展名，无法判断格式；请另存为 .xlsx 后报送")]
    NoExtension,
    #[error("不支持的文件格式“.{0}”，请另存为 .xlsx 后报送")]
    Unsupported(String),
    #[error(
        "文件过大（{size_mb} MB），超过读取上限 {limit_mb} MB，未读取；请删除多余内容后重新报送"
    )]
    FileTooLarge { size_mb: u64, limit_mb: u64 },
    #[error("文件是空的（0字节）")]
    Empty,
    /// The content is something else than a workbook, whatever the file's name says.
    #[error("{}", what_it_is(*.kind, ext))]
    NotAWorkbook { kind: Kind, ext: String },
    #[error("文件已损坏或不完整（不是有效的压缩工作簿），请重新保存后报送")]
    BadZip,
    #[error("文件已损坏或不完整，请重新保存后报送")]
    BadZipEntry,
    #[error("文件是压缩包，不是CSV文本，也不是Excel工作簿")]
    ZipNamedCsv,
    #[error(
        "工作簿中的“{part}”解压后有 {size_mb} MB，超过读取上限 {limit_mb} MB（疑似压缩炸弹或异常大的表），未读取"
    )]
    PartTooLarge {
        part: String,
        size_mb: u64,
        limit_mb: u64,
    },
    #[error(
        "文件已损坏：共享字符串表声明有{count}个字符串，与其大小（{size_kb} KB）不符，未读取；请重新保存后报送"
    )]
    SharedStrings { count: u64, size_kb: u64 },
    #[error("文件已加密（设置了打开密码），请去掉密码后重新报送")]
    Encrypted,
    #[error("文件中的数据比它声明的大小更大（疑似压缩炸弹或文件损坏），未读取；请重新保存后报送")]
    Inflated,
    #[error("文件使用了无法识别的字符编码，请用Excel打开后另存为.xlsx再报送（{0}）")]
    Codepage(String),
    #[error("文件已损坏或不完整，请重新保存后报送（{0}）")]
    Damaged(String),
    #[error("文件无法解析，请用Excel打开后另存为.xlsx再报送（{0}）")]
    Unparsable(String),
    #[error("文件已损坏或不完整（复合文档结构错误：{0}），请重新保存后报送")]
    Compound(&'static str),
    #[error(
        "文件不是Excel工作簿（其中没有工作表数据，可能是其他程序的文件）；请用Excel另存为.xlsx后报送"
    )]
    NoWorkbookStream,
    #[error(
        "文件内部结构异常，读取程序无法处理；请用Excel打开后另存为.xlsx再报送（内部错误：{0}）"
    )]
    Panic(String),
    #[error(
        "读取超过{0}秒仍未完成，已放弃（文件结构异常或过大）；请用Excel打开后另存为.xlsx再报送"
    )]
    TimedOut(u64),
    #[error(
        "工作表“{0}”过大，.ods文件只能整体读取，因此整个文件未读取；请删除多余的行列，或另存为.xlsx后重新报送"
    )]
    OdsSheetsTooLarge(String),
    #[error(
        "文件过大（各工作表展开后共约{grid}个单元格、{text_mb} MB文字），超过读取上限，未读取；请删除多余内容后重新报送"
    )]
    OdsTooLarge { grid: u64, text_mb: u64 },
    #[error("文件已损坏：单元格位置（第{row}行第{col}列）超出Excel表格范围，请重新保存后报送")]
    OutOfGrid { row: u64, col: u64 },
    #[error("CSV 格式错误：{0}")]
    Csv(String),
    #[error("CSV 行数过多")]
    CsvTooManyRows,
    #[error("CSV 列数过多")]
    CsvTooManyColumns,
    #[error("XML表格文件（SpreadsheetML）已损坏或不完整，请用Excel打开后另存为.xlsx再报送（{0}）")]
    Xml(String),
    #[error(
        "网页存档文件（.mht，Excel“单个文件网页”）不完整，找不到其中的网页；请用Excel打开后另存为.xlsx再报送"
    )]
    WebArchive,
    #[error("无法打开输入“{path}”：{reason}")]
    Input {
        path: String,
        reason: Box<ReadError>,
    },
    #[error("无法读取文件夹“{path}”：{reason}")]
    Folder {
        path: String,
        reason: Box<ReadError>,
    },
}

impl ReadError {
    pub(crate) fn io(e: &std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::PermissionDenied => ReadError::PermissionDenied,
            std::io::ErrorKind::NotFound => ReadError::NotFound,
            std::io::ErrorKind::IsADirectory => ReadError::IsADirectory,
            _ => ReadError::Io(e.to_string()),
        }
    }
}

/// "This is a PDF file, not an Excel ledger": what the content really is, and what to do.
fn what_it_is(kind: Kind, ext: &str) -> String {
    let looks_readable = matches!(
        ext,
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" | "csv" | "txt" | "xml" | "htm" | "html"
    );
    let named = if looks_readable {
        format!("文件名是 .{ext}，但")
    } else {
        String::new()
    };
    let advice = match kind {
        Kind::Text => "请用Excel打开后“另存为”.xlsx再报送",
        Kind::WordDoc | Kind::WordDocx | Kind::WordXml | Kind::Rtf | Kind::Wps => {
            "请把表格放进Excel工作簿，另存为 .xlsx 后重新报送"
        }
        Kind::Et => "请在WPS表格中“另存为”Excel工作簿（.xlsx）后重新报送",
        Kind::Pdf | Kind::Image(_) => "请报送Excel台帐原文件（.xlsx），不要报送扫描件、截图或PDF",
        Kind::Zip | Kind::Archive(_) => "请解压后分别报送其中的Excel台帐（.xlsx）",
        Kind::Xml | Kind::Presentation | Kind::Numbers | Kind::Binary => {
            "请另存为 .xlsx 后重新报送"
        }
    };
    format!("{named}这是一个{}，不是 Excel 台帐；{advice}", kind.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_say_what_to_do() {
        let pdf = ReadError::NotAWorkbook {
            kind: Kind::Pdf,
            ext: "xlsx".into(),
        };
        assert_eq!(
            pdf.to_string(),
            "文件名是 .xlsx，但这是一个 PDF 文件，不是 Excel 台帐；请报送Excel台帐原文件（.xlsx），不要报送扫描件、截图或PDF"
        );
        let text = ReadError::NotAWorkbook {
            kind: Kind::Text,
            ext: String::new(),
        };
        assert_eq!(
            text.to_string(),
            "这是一个纯文本文件（CSV等），不是 Excel 台帐；请用Excel打开后“另存为”.xlsx再报送"
        );
        assert_eq!(
            ReadError::FileTooLarge {
                size_mb: 300,
                limit_mb: 256
            }
            .to_string(),
            "文件过大（300 MB），超过读取上限 256 MB，未读取；请删除多余内容后重新报送"
        );
        assert_eq!(
            ReadError::Compound("扇区链循环").to_string(),
            "文件已损坏或不完整（复合文档结构错误：扇区链循环），请重新保存后报送"
        );
        let folder = ReadError::Folder {
            path: "收件箱".into(),
            reason: Box::new(ReadError::PermissionDenied),
        };
        assert_eq!(
            folder.to_string(),
            "无法读取文件夹“收件箱”：没有读取权限，无法打开文件"
        );
        assert_eq!(ReadError::Empty.to_string(), "文件是空的（0字节）");
    }
}
