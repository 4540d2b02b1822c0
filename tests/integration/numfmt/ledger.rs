//! One ledger written in each format whose reader takes units from number formats: money
//! columns without a unit in the header, amounts in cells formatted `0.00"亿元"`.

use crate::support::bytes;
use std::fmt::Write as _;

/// One cell of the ledger.
#[derive(Clone, Copy)]
pub enum Cell {
    T(&'static str),
    N(f64),
    /// A number formatted `0.00"亿元"`.
    Yi(f64),
    /// A text formatted `0.00"亿元"`, carrying its own unit.
    YiText(&'static str),
}

use Cell::{N, T, Yi, YiText};

pub const HEADER: [&str; 7] = [
    "项目名称",
    "项目类别",
    "项目性质",
    "主责单位",
    "总投资",
    "年度计划投资",
    "本年累计完成投资",
];

const fn project(name: &'static str, total: Cell, plan: Cell, ytd: f64) -> [Cell; 7] {
    [
        T(name),
        T("市属"),
        T("正式"),
        T("区发改委"),
        total,
        plan,
        N(ytd),
    ]
}

/// Five projects: read in 万元, three would have a 总投资 under 1 万元 (`unit-suspect`).
pub const ROWS: [[Cell; 7]; 5] = [
    project("桃浦中央绿地", Yi(12.5), Yi(3.2), 1200.0),
    project("真如副中心", YiText("3500万"), Yi(0.1), 0.0),
    project("南大智慧城", Yi(0.8), Yi(0.5), 100.0),
    project("长征镇更新", Yi(0.6), Yi(0.2), 50.0),
    project("祁连山路改造", Yi(0.9), Yi(0.3), 10.0),
];

pub const YI_CODE: &str = "0.00\"亿元\"";

/// Every cell of the ledger with its zero-based position, the header first.
fn cells() -> impl Iterator<Item = (u16, u16, Cell)> {
    let header = (0u16..).zip(HEADER).map(|(c, h)| (0, c, T(h)));
    let rows = (1u16..)
        .zip(ROWS)
        .flat_map(|(r, row)| (0u16..).zip(row).map(move |(c, cell)| (r, c, cell)));
    header.chain(rows)
}

/// The ledger as .xls: `FORMAT` 164 is `0.00"亿元"`, `XF` 1 uses it; with `formatted`
/// false the amounts are written with the default `XF` 0.
pub fn xls(formatted: bool) -> Vec<u8> {
    let globals = [bytes::format(164, YI_CODE), bytes::xf(0), bytes::xf(164)];
    bytes::xls(&globals, &[("重大项目", xls_cells(u16::from(formatted)))])
}

/// The ledger's cell records, the amounts formatted in 亿元 given the cell format `ixfe`.
pub fn xls_cells(ixfe: u16) -> Vec<bytes::Record> {
    cells()
        .map(|(r, c, cell)| match cell {
            T(t) => bytes::label(r, c, t),
            N(n) => bytes::number(r, c, n),
            Yi(n) => bytes::styled(bytes::number(r, c, n), ixfe),
            YiText(t) => bytes::styled(bytes::label(r, c, t), ixfe),
        })
        .collect()
}

/// The ledger as `content.xml`'s body for `bytes::ods`, with automatic styles: the number
/// style `N1` shows 亿元, the cell style `ce1` uses it.
pub fn ods(formatted: bool) -> String {
    let (style, shown) = if formatted {
        (r#" table:style-name="ce1""#, "亿元")
    } else {
        ("", "")
    };
    let mut rows = String::new();
    let mut last_row = u16::MAX;
    for (r, _, cell) in cells() {
        if r != last_row {
            if last_row != u16::MAX {
                rows.push_str("</table:table-row>");
            }
            rows.push_str("<table:table-row>");
            last_row = r;
        }
        let _ = match cell {
            T(t) => write!(
                rows,
                r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
            ),
            N(n) => write!(
                rows,
                r#"<table:table-cell office:value-type="float" office:value="{n}"><text:p>{n}</text:p></table:table-cell>"#
            ),
            Yi(n) => write!(
                rows,
                r#"<table:table-cell{style} office:value-type="float" office:value="{n}"><text:p>{n:.2}{shown}</text:p></table:table-cell>"#
            ),
            YiText(t) => write!(
                rows,
                r#"<table:table-cell{style} office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
            ),
        };
    }
    rows.push_str("</table:table-row>");
    format!(
        r#"{ODS_STYLES}<office:body><office:spreadsheet><table:table table:name="重大项目">{rows}</table:table></office:spreadsheet></office:body>"#
    )
}

pub const ODS_STYLES: &str = r#"<office:automatic-styles><number:number-style style:name="N1"><number:number number:decimal-places="2" number:min-integer-digits="1"/><number:text>亿元</number:text></number:number-style><style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N1"/></office:automatic-styles>"#;

/// The ledger as `SpreadsheetML` 2003: style `s21` is `0.00"亿元"`.
pub fn spreadsheetml(formatted: bool) -> String {
    let style = if formatted {
        r#" ss:StyleID="s21""#
    } else {
        ""
    };
    let mut rows = String::new();
    let mut last_row = u16::MAX;
    for (r, _, cell) in cells() {
        if r != last_row {
            if last_row != u16::MAX {
                rows.push_str("</Row>");
            }
            rows.push_str("<Row>");
            last_row = r;
        }
        let _ = match cell {
            T(t) => write!(rows, r#"<Cell><Data ss:Type="String">{t}</Data></Cell>"#),
            N(n) => write!(rows, r#"<Cell><Data ss:Type="Number">{n}</Data></Cell>"#),
            Yi(n) => write!(
                rows,
                r#"<Cell{style}><Data ss:Type="Number">{n}</Data></Cell>"#
            ),
            YiText(t) => write!(
                rows,
                r#"<Cell{style}><Data ss:Type="String">{t}</Data></Cell>"#
            ),
        };
    }
    rows.push_str("</Row>");
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Styles><Style ss:ID="Default" ss:Name="Normal"/>
 <Style ss:ID="s21"><NumberFormat ss:Format="0.00&quot;亿元&quot;"/></Style></Styles>
 <Worksheet ss:Name="重大项目"><Table>{rows}</Table></Worksheet>
</Workbook>"#
    )
}

/// The ledger as Excel saves it as a web page: class `xl65` is `0.00"亿元"` in the page's
/// style sheet, as Excel escapes it.
pub fn html(formatted: bool) -> String {
    let (class, shown) = if formatted {
        (" class=xl65", "亿元")
    } else {
        ("", "")
    };
    let mut rows = String::new();
    let mut last_row = u16::MAX;
    for (r, _, cell) in cells() {
        if r != last_row {
            if last_row != u16::MAX {
                rows.push_str("</tr>\n");
            }
            rows.push_str("<tr>");
            last_row = r;
        }
        let _ = match cell {
            T(t) => write!(rows, "<td>{t}</td>"),
            N(n) => write!(rows, "<td x:num>{n}</td>"),
            Yi(n) => write!(rows, r#"<td{class} x:num="{n}">{n:.2}{shown}</td>"#),
            YiText(t) => write!(rows, "<td{class}>{t}</td>"),
        };
    }
    rows.push_str("</tr>");
    format!(
        r#"<html xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta charset="utf-8"><style><!--
td {{mso-number-format:General;}}
.xl65 {{mso-style-parent:style0; mso-number-format:"0\.00\0022亿元\0022"; text-align:right;}}
--></style></head>
<body><table>{rows}</table></body></html>"#
    )
}
