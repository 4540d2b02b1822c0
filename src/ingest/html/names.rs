//! The worksheet names Excel keeps in a saved page, inside the XML it hides in a comment.

/// The `<x:Name>`s of the `<x:ExcelWorksheet>`s in the XML Excel hides in a comment
/// (`<!--[if gte mso 9]><xml>…</xml><![endif]-->`); read until the XML ends or breaks.
pub(super) fn worksheet_names(comment: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(comment);
    let (mut names, mut depth, mut name) = (Vec::new(), 0usize, None::<String>);
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) if e.local_name().as_ref() == "ExcelWorksheet" => depth += 1,
            Event::End(e) if e.local_name().as_ref() == "ExcelWorksheet" => {
                depth = depth.saturating_sub(1);
            }
            Event::Start(e) if depth == 1 && e.local_name().as_ref() == "Name" => {
                name = Some(String::new());
            }
            Event::Text(t) => {
                if let Some(name) = name.as_mut() {
                    name.push_str(&t.xml10_content());
                }
            }
            Event::End(e) if e.local_name().as_ref() == "Name" => {
                names.extend(name.take().map(|n| n.trim().to_owned()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    names
}
