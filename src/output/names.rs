//! File names made from unit names: safe on every file system the share may sit on, one per
//! unit (two units never share a 反馈 file), and within [`MAX_NAME_BYTES`] of UTF-8.

use unicode_normalization::UnicodeNormalization;

/// The longest file name written, in bytes of UTF-8 (file systems allow 255).
pub const MAX_NAME_BYTES: usize = 200;

/// A file stem made from a unit name: no path separators, no `..`, no reserved or control
/// characters, not a Windows device name, not hidden, at most `MAX_NAME_BYTES - 5` bytes.
#[must_use]
pub fn safe_file_stem(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .replace("..", "_");
    // `~$…` is how Office names its lock files: a reader would skip it.
    let cleaned = match cleaned.strip_prefix('~') {
        Some(rest) => format!("_{rest}"),
        None => cleaned,
    };
    let upper = cleaned.to_uppercase();
    let base = upper.split('.').next().unwrap_or("");
    let reserved = matches!(base, "CON" | "PRN" | "AUX" | "NUL")
        || (base.len() == 4
            && (base.starts_with("COM") || base.starts_with("LPT"))
            && base.as_bytes()[3].is_ascii_digit());
    let stem = if cleaned.is_empty() {
        "未命名单位".to_owned()
    } else if reserved {
        format!("_{cleaned}")
    } else {
        cleaned
    };
    truncate_bytes(&stem, MAX_NAME_BYTES - ".xlsx".len()).to_owned()
}

/// The 反馈 file name of each unit, in the order given: `<stem>.xlsx`, unique without regard to
/// case or Unicode normal form (as Windows and macOS compare names), a later claimant of a name
/// taking `<stem>（2）.xlsx` and so on. Units whose name needed no change claim first, so
/// `区建_管委` keeps its own name when `区建/管委` also submits.
#[must_use]
pub fn feedback_file_names(units: &[&str]) -> Vec<String> {
    let stems: Vec<String> = units.iter().map(|u| safe_file_stem(u)).collect();
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by_key(|&i| stems[i] != units[i]);
    let mut taken = std::collections::HashSet::new();
    let mut names = vec![String::new(); units.len()];
    for i in order {
        let mut n = 1usize;
        let name = loop {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("（{n}）")
            };
            let room = MAX_NAME_BYTES - ".xlsx".len() - suffix.len();
            let candidate = format!("{}{suffix}.xlsx", truncate_bytes(&stems[i], room));
            if taken.insert(fold(&candidate)) {
                break candidate;
            }
            n += 1;
        };
        names[i] = name;
    }
    names
}

/// How case-insensitive, normalising file systems see a name.
fn fold(name: &str) -> String {
    name.nfc().collect::<String>().to_lowercase()
}

/// The longest prefix of `text` within `max` bytes that ends on a character boundary.
fn truncate_bytes(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_names_become_safe_file_names() {
        assert_eq!(safe_file_stem("区建管委"), "区建管委");
        assert_eq!(safe_file_stem("../../etc/passwd"), "___etc_passwd");
        assert_eq!(safe_file_stem("CON"), "_CON");
        assert_eq!(safe_file_stem("com1.txt"), "_com1.txt");
        assert_eq!(safe_file_stem(".."), "未命名单位");
        assert_eq!(safe_file_stem("~$区建管委"), "_$区建管委");
        let long = safe_file_stem(&"长".repeat(200));
        assert_eq!((long.len(), long.chars().count()), (195, 65));
    }

    #[test]
    fn units_whose_names_clash_each_get_their_own_file() {
        let names = feedback_file_names(&["区建/管委", "区建:管委", "区建_管委", "ABC", "abc"]);
        assert_eq!(
            names,
            [
                "区建_管委（2）.xlsx",
                "区建_管委（3）.xlsx",
                "区建_管委.xlsx",
                "ABC.xlsx",
                "abc（2）.xlsx"
            ]
        );
    }

    #[test]
    fn four_byte_names_stay_within_the_byte_limit_on_a_character_boundary() {
        let emoji = "😀".repeat(80);
        let names = feedback_file_names(&[&emoji, &emoji, "𠀀".repeat(80).as_str()]);
        for name in &names {
            assert!(name.len() <= MAX_NAME_BYTES, "{} bytes", name.len());
            assert_eq!(
                std::path::Path::new(name).extension(),
                Some("xlsx".as_ref())
            );
        }
        assert_ne!(names[0], names[1]);
        assert!(names[1].ends_with("（2）.xlsx"), "{}", names[1]);
        assert_eq!(names[0].len(), 48 * 4 + 5);
    }

    #[test]
    fn names_differing_only_in_normal_form_are_kept_apart() {
        let composed = "e\u{301}";
        let names = feedback_file_names(&["\u{e9}", composed]);
        assert_eq!(names[0], "\u{e9}.xlsx");
        assert!(names[1].ends_with("（2）.xlsx"), "{names:?}");
    }
}
