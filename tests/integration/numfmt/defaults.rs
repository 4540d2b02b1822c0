//! Where else a cell's number format comes from: a column's or a row's style, a parent style,
//! a common style in `styles.xml`, a number style's positive section, an inline `style`, the
//! last of several classes, one `MULRK` record holding several cells.

use super::ledger::HEADER;
use super::readers::amounts_of;
use crate::support::{Dir, bytes};
use std::fmt::Write as _;

const NAMES: [&str; 2] = ["桃浦中央绿地", "真如副中心"];

/// 桃浦: 12.5亿, 3.2亿, 1200万; 真如: 8亿, 3000万, 100万.
const EXPECTED: [(i64, i64, i64); 2] = [
    (125_000_000_000, 32_000_000_000, 1_200_000_000),
    (80_000_000_000, 3_000_000_000, 100_000_000),
];

fn read(name: &str, bytes: &[u8]) -> Vec<(i64, i64, i64)> {
    let dir = Dir::new();
    dir.write(name, bytes);
    amounts_of(&dir.inbox("2022-03"), &NAMES)
}

fn texts(cell: impl Fn(&str) -> String, values: &[&str]) -> String {
    values.iter().map(|v| cell(v)).collect()
}

#[test]
fn spreadsheetml_column_row_and_parent_styles_give_the_unit() {
    let cell = |v: &str| format!(r#"<Cell><Data ss:Type="String">{v}</Data></Cell>"#);
    let lead = |name: &str| texts(cell, &[name, "市属", "正式", "区发改委"]);
    let num =
        |style: &str, v: f64| format!(r#"<Cell{style}><Data ss:Type="Number">{v}</Data></Cell>"#);
    let rows = format!(
        r#"<Row>{}</Row>
<Row>{}{}{}{}</Row>
<Row ss:StyleID="child">{}{}{}{}</Row>"#,
        texts(cell, &HEADER),
        lead(NAMES[0]),
        num("", 12.5),
        num("", 3.2),
        num("", 1200.0),
        lead(NAMES[1]),
        num("", 8.0),
        num(r#" ss:StyleID="plain""#, 3000.0),
        num(r#" ss:StyleID="plain""#, 100.0),
    );
    let xml = format!(
        r##"<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<Styles><Style ss:ID="yi"><NumberFormat ss:Format="0.00\亿\元"/></Style>
<Style ss:ID="child" ss:Parent="yi"><Font ss:Bold="1"/></Style>
<Style ss:ID="plain"><NumberFormat ss:Format="#,##0.00"/></Style></Styles>
<Worksheet ss:Name="重大项目"><Table><Column ss:Width="80"/><Column ss:Index="5" ss:Span="1" ss:StyleID="yi"/><Column/>
{rows}</Table></Worksheet></Workbook>"##
    );
    assert_eq!(read("区发改委.xml", xml.as_bytes()), EXPECTED);
}

#[test]
fn ods_column_defaults_common_styles_and_positive_sections_give_the_unit() {
    let text = |v: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>"#
        )
    };
    let num = |style: &str, v: f64| {
        format!(r#"<table:table-cell{style} office:value-type="float" office:value="{v}"/>"#)
    };
    let lead = |name: &str| texts(text, &[name, "市属", "正式", "区发改委"]);
    let mut body = String::from(
        r#"<office:body><office:spreadsheet><table:table table:name="重大项目">
<table:table-column table:number-columns-repeated="4"/>
<table:table-column table:default-cell-style-name="ce1" table:number-columns-repeated="2"/>
<table:table-column/>"#,
    );
    let _ = write!(
        body,
        "<table:table-row>{}</table:table-row><table:table-row>{}{}{}{}</table:table-row><table:table-row>{}{}{}{}</table:table-row>",
        texts(text, &HEADER),
        lead(NAMES[0]),
        num("", 12.5),
        num("", 3.2),
        num("", 1200.0),
        lead(NAMES[1]),
        num(r#" table:style-name="ce2""#, 8.0),
        num(r#" table:style-name="Default""#, 3000.0),
        num("", 100.0),
    );
    body.push_str("</table:table></office:spreadsheet></office:body>");
    // `ce1` shows 亿元 in its positive section (N1P0) only; `ce2` by its parent `Yi`, a
    // common style of styles.xml.
    let content = format!(
        r#"<office:automatic-styles><number:number-style style:name="N1P0" style:volatile="true"><number:number number:decimal-places="2"/><number:text>亿元</number:text></number:number-style><number:number-style style:name="N1"><number:text>-</number:text><number:number number:decimal-places="2"/><style:map style:condition="value()&gt;=0" style:apply-style-name="N1P0"/></number:number-style><style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/><style:style style:name="ce2" style:family="table-cell" style:parent-style-name="Yi"/></office:automatic-styles>{body}"#
    );
    let styles = r#"<office:styles><number:number-style style:name="N2"><number:number number:decimal-places="0"/><number:text>亿元</number:text></number:number-style><style:style style:name="Default" style:family="table-cell"/><style:style style:name="Yi" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N2"/></office:styles>"#;
    let ods = bytes::ods_document(&content, Some(styles));
    assert_eq!(read("区发改委.ods", &ods), EXPECTED);
}

#[test]
fn html_inline_styles_and_the_last_of_several_classes_give_the_unit() {
    let td = |v: &str| format!("<td>{v}</td>");
    let lead = |name: &str| texts(td, &[name, "市属", "正式", "区发改委"]);
    let page = format!(
        r#"<html><head><style>
.xl65 {{mso-number-format:"0\.00\0022亿元\0022";}}
.xl66 {{mso-number-format:'0.00"万元"';}}
.xl67 {{mso-number-format:"\@";}}
</style></head><body><table>
<tr>{}</tr>
<tr>{}<td style="mso-number-format:&quot;0\.00\0022亿元\0022&quot;" x:num="12.5">12.50亿元</td><td class=xl65 x:num>3.2</td><td class=xl66 x:num>1200</td></tr>
<tr>{}<td style='text-align:right;mso-number-format:"0.00\"亿元\""' x:num>8</td><td class="xl65 xl67" x:num>3000</td><td x:num>100</td></tr>
</table></body></html>"#,
        texts(td, &HEADER),
        lead(NAMES[0]),
        lead(NAMES[1]),
    );
    assert_eq!(read("区发改委.xls", page.as_bytes()), EXPECTED);
}

/// An RK value: an integer times 100 (`fX100`, `fInt`).
fn rk_hundredths(hundredths: u32) -> [u8; 4] {
    ((hundredths << 2) | 3).to_le_bytes()
}

#[test]
fn xls_mulrk_cells_each_keep_their_own_format() {
    let mut records: Vec<bytes::Record> = (0u16..)
        .zip(HEADER)
        .map(|(c, h)| bytes::label(0, c, h))
        .collect();
    for (r, name) in [(1u16, NAMES[0]), (2, NAMES[1])] {
        for (c, t) in (0u16..).zip([name, "市属", "正式", "区发改委"]) {
            records.push(bytes::label(r, c, t));
        }
    }
    // Row 1, columns E..G: 12.5 and 3.2 in XF 1 (亿元), 1200 in XF 0.
    let mut mulrk = vec![1, 0, 4, 0];
    for (ixfe, value) in [(1u16, 1250), (1, 320), (0, 120_000)] {
        mulrk.extend(ixfe.to_le_bytes());
        mulrk.extend(rk_hundredths(value));
    }
    mulrk.extend(6u16.to_le_bytes());
    records.push((0x00BD, mulrk));
    records.push(bytes::styled(bytes::number(2, 4, 8.0), 1));
    records.push(bytes::number(2, 5, 3000.0));
    records.push(bytes::number(2, 6, 100.0));
    let globals = [
        bytes::format(164, "#,##0.00"),
        bytes::format(165, "0.00\"亿元\""),
        bytes::xf(164),
        bytes::xf(165),
    ];
    let xls = bytes::xls(&globals, &[("重大项目", records)]);
    assert_eq!(read("区发改委.xls", &xls), EXPECTED);
}
