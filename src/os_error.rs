//! System errors in the clerk's words: what happened to which path, never `(os error 2)`.

use std::io::{Error, ErrorKind};
use std::path::Path;

/// The cause of an I/O error in Chinese: 文件不存在, 没有权限, 磁盘已满, 路径过长, 文件被占用….
#[must_use]
pub fn cause(e: &Error) -> &'static str {
    match e.raw_os_error() {
        Some(28) => return "磁盘已满",
        Some(36) => return "路径或文件名过长",
        Some(27) => return "超过文件大小限制",
        Some(5) => return "读写出错（磁盘或网络故障）",
        Some(30) => return "所在磁盘为只读",
        Some(26 | 16) => return "文件被其他程序占用",
        Some(32 | 33) => return "文件被其他程序占用（Windows 下常见于 Excel 正打开该文件）",
        _ => {}
    }
    match e.kind() {
        ErrorKind::NotFound => "文件或文件夹不存在",
        ErrorKind::PermissionDenied => "没有权限",
        ErrorKind::AlreadyExists => "文件已存在",
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "磁盘已满",
        ErrorKind::FileTooLarge => "超过文件大小限制",
        ErrorKind::ReadOnlyFilesystem => "所在磁盘为只读",
        ErrorKind::ResourceBusy | ErrorKind::ExecutableFileBusy => "文件被其他程序占用",
        ErrorKind::InvalidFilename => "路径或文件名过长或含有不允许的字符",
        ErrorKind::NotADirectory => "路径中有一段不是文件夹",
        ErrorKind::IsADirectory => "这是文件夹，不是文件",
        ErrorKind::DirectoryNotEmpty => "文件夹不是空的",
        ErrorKind::TimedOut => "访问超时（网络共享盘无响应）",
        ErrorKind::Interrupted => "操作被中断",
        ErrorKind::UnexpectedEof => "文件不完整（可能仍在复制或已损坏）",
        ErrorKind::InvalidData => "文件内容无法识别",
        ErrorKind::OutOfMemory => "内存不足",
        _ => "系统错误",
    }
}

/// `没有权限：/path/to/file`
#[must_use]
pub fn describe(e: &Error, path: &Path) -> String {
    format!("{}：{}", cause(e), path.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_are_in_chinese() {
        let missing = std::fs::read("/nonexistent/taizhang").unwrap_err();
        assert_eq!(
            describe(&missing, Path::new("/nonexistent/taizhang")),
            "文件或文件夹不存在：/nonexistent/taizhang"
        );
        assert_eq!(cause(&Error::from_raw_os_error(28)), "磁盘已满");
        assert_eq!(cause(&Error::from_raw_os_error(36)), "路径或文件名过长");
        assert_eq!(cause(&Error::from(ErrorKind::PermissionDenied)), "没有权限");
    }
}
