//! Exports cut short, scrambled, or made of random bytes: read or refused in words, never a
//! panic.

use super::{html, mht, spreadsheetml};
use proptest::prelude::*;
use taizhang::ingest::{Candidate, Content, ReadLimits, read};

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Cut short and with random bytes written over it, an export is read or refused in
    /// words: never a panic caught as an internal error.
    #[test]
    fn damaged_exports_are_read_or_refused_never_a_panic(
        form in 0..3u8,
        cut in 0.0f64..=1.0,
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..12),
    ) {
        let mut bytes = match form {
            0 => html("", "").into_bytes(),
            1 => spreadsheetml("").into_bytes(),
            _ => mht(&html("", "")),
        };
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)] // a fraction of a small length
        bytes.truncate(((bytes.len() as f64) * cut) as usize);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("导出.xls");
        std::fs::write(&path, &bytes).unwrap();
        let candidate = Candidate {
            file: "导出.xls".into(),
            path,
            modified: None,
            skip: None,
        };
        let submission = read(&candidate, &ReadLimits::default());
        if let Content::Unreadable(reason) = &submission.content {
            prop_assert!(!reason.contains("内部错误"), "{}", reason);
        }
    }

    #[test]
    fn random_bytes_are_read_or_refused_never_a_panic(
        bytes in prop::collection::vec(any::<u8>(), 1..2000),
        prefix in prop::sample::select(vec![
            "",
            "<html><table><tr><td>",
            "<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet><Table><Row><Cell>",
            "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n",
        ]),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("导出.xls");
        let mut all = prefix.as_bytes().to_vec();
        all.extend(bytes);
        std::fs::write(&path, &all).unwrap();
        let candidate = Candidate {
            file: "导出.xls".into(),
            path,
            modified: None,
            skip: None,
        };
        let submission = read(&candidate, &ReadLimits::default());
        if let Content::Unreadable(reason) = &submission.content {
            prop_assert!(!reason.contains("内部错误"), "{}", reason);
        }
    }
}
