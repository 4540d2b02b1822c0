//! The tags of an .ods part's XML, read a byte at a time without building a tree: a tag's name,
//! its raw attributes, and whether it ends or is empty.

use std::io::BufRead;

/// A start or end tag: its name and attributes, raw.
pub(super) struct Tag {
    pub name: Vec<u8>,
    raw: Vec<u8>,
    pub end: bool,
    pub empty: bool,
}

impl Tag {
    /// An attribute's raw value.
    pub fn attr(&self, name: &[u8]) -> Option<Vec<u8>> {
        let mut rest = &self.raw[..];
        while let Some(at) = find(rest, name) {
            let before_ok = at == 0 || rest[at - 1].is_ascii_whitespace();
            let after = rest[at + name.len()..].trim_ascii_start();
            if before_ok && after.first() == Some(&b'=') {
                let value = after[1..].trim_ascii_start();
                let quote = *value.first()?;
                if quote != b'"' && quote != b'\'' {
                    return None;
                }
                let end = value[1..].iter().position(|b| *b == quote)?;
                return Some(value[1..=end].to_vec());
            }
            rest = &rest[at + name.len()..];
        }
        None
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

pub(super) fn number(v: &[u8]) -> Option<u64> {
    std::str::from_utf8(v).ok()?.trim().parse().ok()
}

pub(super) fn unescape(v: &[u8]) -> String {
    String::from_utf8_lossy(v)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[allow(clippy::naive_bytecount)] // a tag is a few bytes: no crate for counting them
/// Reads from just after a `<` to the end of the markup; `None` for comments, declarations
/// and processing instructions. A `>` inside a quoted attribute value does not end a tag.
pub(super) fn read_tag(xml: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<Option<Tag>> {
    buf.clear();
    loop {
        if xml.read_until(b'>', buf)? == 0 {
            return Ok(None);
        }
        let done = if buf.starts_with(b"!--") {
            buf.ends_with(b"-->")
        } else if buf.starts_with(b"![CDATA[") {
            buf.ends_with(b"]]>")
        } else {
            buf.iter().filter(|b| **b == b'"').count() % 2 == 0
                && buf.iter().filter(|b| **b == b'\'').count() % 2 == 0
        };
        if done || buf.last() != Some(&b'>') {
            break;
        }
    }
    if buf.first().is_some_and(|b| *b == b'!' || *b == b'?') {
        return Ok(None);
    }
    let end = buf.first() == Some(&b'/');
    let body = &buf[usize::from(end)..buf.len().saturating_sub(1)];
    let empty = body.last() == Some(&b'/');
    let name_len = body
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'/')
        .unwrap_or(body.len());
    Ok(Some(Tag {
        name: body[..name_len].to_vec(),
        raw: body[name_len..].to_vec(),
        end,
        empty,
    }))
}
