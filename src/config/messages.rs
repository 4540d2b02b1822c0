//! The TOML parser's and serde's errors in the clerk's words, with the line and the key.

/// toml's error, led by the line and key it concerns.
pub(super) fn describe_toml_error(text: &str, e: &toml::de::Error) -> String {
    let line = e.span().map_or(0, |span| {
        // Spans may begin on the whitespace before the key: count from the first character.
        let bytes = text.as_bytes();
        let mut start = span.start.min(bytes.len());
        while start < bytes.len() && bytes[start].is_ascii_whitespace() {
            start += 1;
        }
        text.get(..start).map_or(0, |t| t.matches('\n').count()) + 1
    });
    let key = (line > 0)
        .then(|| text.lines().nth(line - 1))
        .flatten()
        .and_then(|l| l.split_once('='))
        .map(|(k, _)| k.trim().trim_matches('"').to_owned())
        .filter(|k| !k.is_empty() && !k.starts_with('['));
    let message = toml_message_in_chinese(e.message(), key.as_deref());
    if line > 0 {
        format!("第{line}行：{message}")
    } else {
        message
    }
}

/// serde's and the TOML parser's English, in the clerk's words (the key named when known).
fn toml_message_in_chinese(message: &str, key: Option<&str>) -> String {
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let first = quoted.first().copied().unwrap_or_default();
    let choices = quoted.get(1..).unwrap_or_default().join("、");
    let of_key = key.map(|k| format!("设置项 {k} ")).unwrap_or_default();
    if message.starts_with("unknown field") {
        if choices.is_empty() {
            format!("没有名为 {first} 的设置项，请删除或检查拼写")
        } else {
            format!("没有名为 {first} 的设置项（可用的有：{choices}），请检查拼写")
        }
    } else if message.starts_with("unknown variant") {
        format!("{of_key}的值“{first}”不是可用的值，应为：{choices}")
    } else if message.starts_with("missing field") {
        format!("缺少必填的设置项 {first}")
    } else if message.starts_with("duplicate") {
        format!("设置项 {first} 写了两次，请只保留一处")
    } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
        let wanted = message.rsplit("expected ").next().unwrap_or_default();
        let wanted = match wanted.trim() {
            w if w.contains("f64")
                || w.contains("float")
                || w.contains("u64")
                || w.contains("integer") =>
            {
                "数字"
            }
            w if w.contains("string") => "加引号的文字",
            w if w.contains("sequence") => "方括号中的列表，如 [\"a\", \"b\"]",
            w if w.contains("bool") => "true 或 false",
            _ => "规定格式的值",
        };
        format!("{of_key}的值类型不对，应为{wanted}")
    } else if message.starts_with("invalid length") {
        format!("{of_key}的个数不对")
    } else {
        "格式有误：请检查这一行的等号、引号和方括号（TOML 格式，如 input_unit = \"万元\"）"
            .to_owned()
    }
}

pub(super) fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            !l.starts_with('#') && l.contains(key)
        })
        .map_or(0, |i| i + 1)
}
