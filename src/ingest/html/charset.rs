//! The character encoding of an HTML table file: a byte-order mark; else UTF-8 when the bytes
//! are valid UTF-8 (Chinese text in GBK never is, and exports that declare GBK but write UTF-8
//! exist); else what the page declares (`<meta charset=gb2312>`,
//! `content="text/html; charset=gbk"`); else GB18030. GB2312 and GBK are read as GB18030, their
//! superset.

use encoding_rs::{Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;

/// How far into the file a declaration is looked for.
const PRESCAN: usize = 16 << 10;

/// The file's text.
pub(super) fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_owned();
    }
    let encoding = declared(&bytes[..bytes.len().min(PRESCAN)])
        .filter(|e| *e != UTF_8)
        .unwrap_or(GB18030);
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The text of a page whose encoding a container (a web archive's part header) names: as
/// `decode`, with that name before the page's own declaration.
pub(in crate::ingest) fn decode_labelled(bytes: &[u8], label: Option<&str>) -> String {
    let named = label.and_then(encoding).filter(|e| *e != UTF_8);
    match named {
        Some(encoding)
            if std::str::from_utf8(bytes).is_err() && Encoding::for_bom(bytes).is_none() =>
        {
            encoding.decode_without_bom_handling(bytes).0.into_owned()
        }
        _ => decode(bytes),
    }
}

/// The encoding the page's `<meta>` declares. The head is tokenized as Windows-1252, which
/// maps every byte to a character and keeps the ASCII markup as it is.
fn declared(head: &[u8]) -> Option<&'static Encoding> {
    let text = WINDOWS_1252.decode_without_bom_handling(head).0;
    let tokenizer = Tokenizer::new(Meta::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(&*text));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.found.into_inner()
}

/// Collects the first encoding a `<meta>` tag declares.
#[derive(Default)]
struct Meta {
    found: RefCell<Option<&'static Encoding>>,
}

impl TokenSink for Meta {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != TagKind::StartTag || &*tag.name != "meta" || self.found.borrow().is_some() {
            return TokenSinkResult::Continue;
        }
        let attr = |name: &str| {
            tag.attrs
                .iter()
                .find(|a| &*a.name.local == name)
                .map(|a| a.value.to_string())
        };
        let label = attr("charset").or_else(|| {
            let content = attr("content")?;
            let lower = content.to_ascii_lowercase();
            let at = lower.find("charset")?;
            let rest = lower[at + "charset".len()..]
                .trim_start()
                .strip_prefix('=')?;
            Some(
                rest.trim_start_matches([' ', '"', '\''])
                    .split([';', ' ', '"', '\''])
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
            )
        });
        *self.found.borrow_mut() = label.as_deref().and_then(encoding);
        TokenSinkResult::Continue
    }
}

/// An encoding by its label, as a page means it.
fn encoding(label: &str) -> Option<&'static Encoding> {
    let found = Encoding::for_label(label.trim().as_bytes())?;
    Some(if found == GBK || found == GB18030 {
        GB18030
    } else if found == UTF_16LE || found == UTF_16BE {
        // A page that could be read as ASCII is not UTF-16, whatever it says.
        UTF_8
    } else {
        found
    })
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn declared_gbk_and_undeclared_bytes_are_read() {
        let page = "<html><head><meta http-equiv=Content-Type content=\"text/html; charset=gb2312\"></head><body>区建管委</body></html>";
        let (gbk, _, _) = encoding_rs::GBK.encode(page);
        assert!(decode(&gbk).contains("区建管委"));
        let meta = "<meta charset='GBK'><td>金泽镇</td>";
        assert!(decode(&encoding_rs::GBK.encode(meta).0).contains("金泽镇"));
        let bare = "<table><td>新城公司</td></table>";
        assert!(decode(&encoding_rs::GBK.encode(bare).0).contains("新城公司"));
        assert!(decode(bare.as_bytes()).contains("新城公司"));
        let mislabelled = "<meta charset=gb2312><td>区水务局</td>";
        assert!(decode(mislabelled.as_bytes()).contains("区水务局"));
        let big5 = "<meta charset=big5><td>區水務局</td>";
        let (bytes, _, _) = encoding_rs::BIG5.encode(big5);
        assert!(decode(&bytes).contains("區水務局"));
    }
}
