//! "Excel files" that business systems export and units forward unchanged: `SpreadsheetML` 2003
//! and HTML tables, under any name. The same ledger is written in each form (a title row merged
//! across, a `单位：万元` row, the header, 主责单位 merged down over two projects, amounts typed
//! as text), run through `taizhang run`, and the totals checked against sums worked out here.
//! Files that are no workbook at all must say what they are.

use crate::support::{Dir, close, issue_cells, taizhang};
use std::fmt::Write as _;

/// One project row: name, category, lead unit (`None`: covered by the merge above), amounts in
/// 万元 as the unit typed them.
type Project = (
    &'static str,
    &'static str,
    Option<&'static str>,
    [&'static str; 3],
);

const HEADER: [&str; 6] = [
    "项目名称",
    "项目类别",
    "主责单位",
    "总投资",
    "年度计划投资",
    "本年累计完成投资",
];

/// Worked out by hand (万元 → 亿元): 区属 甲 + 乙 = 1.734567 / 0.3 / 0.054055; 市属 丙 = 3 / 0.6 /
/// 0.150025; all 4.734567 / 0.9 / 0.20408. 丁园's 总投资 “八千” (D7) is a bad number: rejected.
const PROJECTS: [Project; 4] = [
    (
        "甲路改建",
        "区属",
        Some("区建管委"),
        ["12,345.67", "2000", "500.5"],
    ),
    ("乙桥新建", "区属", None, ["5000", "1000", "40.05"]),
    (
        "丙馆",
        "市属",
        Some("区水务局"),
        ["30000", "6000", "1500.25"],
    ),
    ("丁园", "区属", Some("区水务局"), ["八千", "100", "10"]),
];

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;")
}

/// The ledger as `SpreadsheetML` 2003, amounts as `String` (the first project's plan as `Number`),
/// plus `extra` worksheets.
fn spreadsheetml(extra: &str) -> String {
    let data = |kind: &str, v: &str| format!(r#"<Data ss:Type="{kind}">{}</Data>"#, xml_escape(v));
    let mut rows = String::new();
    let _ = write!(
        rows,
        r#"<Row><Cell ss:MergeAcross="5">{}</Cell></Row>"#,
        data("String", "2022年3月重大项目推进情况表")
    );
    let _ = write!(
        rows,
        "<Row><Cell>{}</Cell></Row>",
        data("String", "单位：万元")
    );
    rows.push_str("<Row ss:Hidden=\"1\">");
    for h in HEADER {
        let _ = write!(rows, "<Cell>{}</Cell>", data("String", h));
    }
    rows.push_str("</Row>");
    for (i, (name, category, lead, money)) in PROJECTS.iter().enumerate() {
        let _ = write!(
            rows,
            "<Row><Cell>{}</Cell><Cell>{}</Cell>",
            data("String", name),
            data("String", category)
        );
        match lead {
            Some(lead) if i == 0 => write!(
                rows,
                r#"<Cell ss:MergeDown="1">{}</Cell>"#,
                data("String", lead)
            )
            .unwrap(),
            Some(lead) => write!(rows, "<Cell>{}</Cell>", data("String", lead)).unwrap(),
            None => {}
        }
        for (k, v) in money.iter().enumerate() {
            let kind = if i == 0 && k == 1 { "Number" } else { "String" };
            let index = if lead.is_none() && k == 0 {
                r#" ss:Index="4""#
            } else {
                ""
            };
            let _ = write!(rows, "<Cell{index}>{}</Cell>", data(kind, v));
        }
        rows.push_str("</Row>");
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <Styles><Style ss:ID="Default" ss:Name="Normal"/></Styles>
 <Worksheet ss:Name="重大项目"><Table ss:ExpandedColumnCount="6">
 <Column ss:Width="120"/>{rows}</Table></Worksheet>{extra}
</Workbook>"#
    )
}

/// The ledger as an HTML table saved by Excel, with `head` inside `<head>` and `extra` after
/// the table.
fn html(head: &str, extra: &str) -> String {
    let mut rows = String::from(
        "<tr><td colspan=6 class=xl65>2022年3月重大项目推进情况表</td></tr>\n<tr><td>单位：万元</td></tr>\n<tr style='display:none'>",
    );
    for h in HEADER {
        let _ = write!(rows, "<td>{h}</td>");
    }
    rows.push_str("</tr>\n");
    for (i, (name, category, lead, money)) in PROJECTS.iter().enumerate() {
        let _ = write!(rows, "<tr height=19><td>{name}</td><td>{category}</td>");
        match lead {
            Some(lead) if i == 0 => write!(rows, "<td rowspan=2>{lead}</td>").unwrap(),
            Some(lead) => write!(rows, "<td>{lead}</td>").unwrap(),
            None => {}
        }
        for (k, v) in money.iter().enumerate() {
            if i == 2 && k == 0 {
                let _ = write!(rows, "<td x:num=\"{v}\">30,000.00</td>");
            } else {
                let _ = write!(rows, "<td x:str>{v}</td>");
            }
        }
        rows.push_str("</tr>\n");
    }
    format!(
        r#"<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40">
<head>{head}<style>td {{mso-number-format:General}} .xl65 {{font-weight:700}}</style>
<!--[if gte mso 9]><xml><x:ExcelWorkbook></x:ExcelWorkbook></xml><![endif]--></head>
<body><table border=0 cellpadding=0 cellspacing=0>{rows}</table>{extra}</body></html>"#
    )
}

fn run_json(dir: &Dir) -> serde_json::Value {
    let (code, out, err) = taizhang(
        &["run", "inbox", "--out", "out", "--period", "2022-03"],
        dir.path(),
    );
    assert!(code == 0 || code == 1, "run failed ({code}): {out}{err}");
    serde_json::from_slice(&std::fs::read(dir.join("out/2022-03/run.json")).unwrap()).unwrap()
}

/// The hand sums, the lead units and the one rejected row, whatever form the ledger took.
fn assert_ledger_read(json: &serde_json::Value, file: &str) {
    let f = |v: &serde_json::Value, key: &str| v[key].as_f64().unwrap_or(f64::NAN);
    let all = &json["totals"]["all"];
    assert_eq!(all["projects"].as_i64(), Some(3), "{}", json["files"]);
    assert!(close(f(all, "total_investment"), 4.734_567), "{all}");
    assert!(close(f(all, "annual_plan"), 0.9), "{all}");
    assert!(close(f(all, "ytd_completed"), 0.204_08), "{all}");
    let by_category = &json["totals"]["by_category"];
    let district = &by_category["区属重大工程"];
    assert_eq!(district["projects"].as_i64(), Some(2));
    assert!(close(f(district, "total_investment"), 1.734_567));
    assert!(close(f(district, "ytd_completed"), 0.054_055));
    let city = &by_category["市属重大工程"];
    assert_eq!(city["projects"].as_i64(), Some(1));
    assert!(close(f(city, "annual_plan"), 0.6));
    let by_unit = &json["totals"]["by_unit"];
    assert_eq!(
        by_unit["区建管委"]["projects"].as_i64(),
        Some(2),
        "{by_unit}"
    );
    assert_eq!(
        by_unit["区水务局"]["projects"].as_i64(),
        Some(1),
        "{by_unit}"
    );
    assert!(close(f(&by_unit["区建管委"], "annual_plan"), 0.3));
    let files = json["files"].as_array().unwrap();
    let read = files.iter().find(|x| x["path"] == file).unwrap();
    assert_eq!(read["status"], "read", "{read}");
    assert_eq!(
        (read["accepted"].as_i64(), read["rejected"].as_i64()),
        (Some(3), Some(1))
    );
    let issues: Vec<(&str, &str, &str)> = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["file"] == file && i["severity"] != "info")
        .map(|i| {
            (
                i["code"].as_str().unwrap(),
                i["cell"].as_str().unwrap(),
                i["value"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(issues, [("bad-number", "D7", "八千")]);
}

#[test]
fn spreadsheetml_named_xls_is_read_as_a_workbook() {
    let dir = Dir::new();
    dir.write("inbox/区建管委.xls", spreadsheetml("").as_bytes());
    assert_ledger_read(&run_json(&dir), "区建管委.xls");
}

#[test]
fn spreadsheetml_named_xml_is_read_as_a_workbook() {
    let dir = Dir::new();
    dir.write("inbox/区建管委.xml", spreadsheetml("").as_bytes());
    assert_ledger_read(&run_json(&dir), "区建管委.xml");
}

#[test]
fn html_in_utf8_named_xls_is_read_as_a_workbook() {
    let dir = Dir::new();
    let page = html(r#"<meta charset="utf-8"><title>重大项目</title>"#, "");
    dir.write("inbox/区建管委.xls", page.as_bytes());
    assert_ledger_read(&run_json(&dir), "区建管委.xls");
}

#[test]
fn html_in_gbk_declared_gb2312_is_read_as_a_workbook() {
    let dir = Dir::new();
    let page = html(
        r#"<meta http-equiv=Content-Type content="text/html; charset=gb2312">"#,
        "",
    );
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&page);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "really GBK bytes");
    dir.write("inbox/区建管委.htm", &bytes);
    assert_ledger_read(&run_json(&dir), "区建管委.htm");
}

#[test]
fn undeclared_gbk_html_is_read() {
    let dir = Dir::new();
    let page = html("", "");
    let (bytes, _, _) = encoding_rs::GBK.encode(&page);
    dir.write("inbox/区建管委.html", &bytes);
    assert_ledger_read(&run_json(&dir), "区建管委.html");
}

#[test]
fn utf16_html_with_a_byte_order_mark_is_read() {
    let dir = Dir::new();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(html("", "").encode_utf16().flat_map(u16::to_le_bytes));
    dir.write("inbox/区建管委.xls", &bytes);
    assert_ledger_read(&run_json(&dir), "区建管委.xls");
}

/// The page as Excel's "single file web page": a MIME archive, the page quoted-printable in GBK.
fn mht(page: &str) -> Vec<u8> {
    let (gbk, _, _) = encoding_rs::GBK.encode(page);
    let mut qp = String::new();
    for b in gbk.iter() {
        if *b >= 0x80 || *b == b'=' {
            let _ = write!(qp, "={b:02X}");
        } else {
            qp.push(char::from(*b));
        }
    }
    format!(
        "MIME-Version: 1.0\r\nX-Document-Type: Worksheet\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01D7\"\r\n\r\n\
         此文档为“单个文件网页”。\r\n\r\n------=_NextPart_01D7\r\nContent-Location: file:///C:/D3A1/book.htm\r\n\
         Content-Transfer-Encoding: quoted-printable\r\nContent-Type: text/html; charset=\"gb2312\"\r\n\r\n{qp}\r\n\
         ------=_NextPart_01D7--\r\n"
    )
    .into_bytes()
}

#[test]
fn single_file_web_page_named_xls_is_read_as_a_workbook() {
    let dir = Dir::new();
    dir.write("inbox/区建管委.xls", &mht(&html("", "")));
    assert_ledger_read(&run_json(&dir), "区建管委.xls");
}

#[test]
fn files_that_are_not_workbooks_say_what_they_are() {
    let dir = Dir::new();
    let docx = {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        std::io::Write::write_all(&mut zip, b"<w:document/>").unwrap();
        zip.finish().unwrap();
        buf.into_inner()
    };
    dir.write("区建管委.xlsx", b"%PDF-1.7\n1 0 obj <<>> endobj\n");
    dir.write("区水务局.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    dir.write("金泽镇.xlsx", &docx);
    dir.write("新城公司.xlsx", "项目名称 总投资\n甲路 5000\n".as_bytes());
    dir.write("区财政局.pdf", b"%PDF-1.4\n");
    let inbox = dir.inbox("2022-03");
    for (file, what) in [
        ("区建管委.xlsx", "这是一个 PDF 文件，不是 Excel 台帐"),
        ("区水务局.xlsx", "这是一个 PNG 图片，不是 Excel 台帐"),
        ("金泽镇.xlsx", "这是一个Word文档（.docx），不是 Excel 台帐"),
        (
            "新城公司.xlsx",
            "这是一个纯文本文件（CSV等），不是 Excel 台帐",
        ),
        ("区财政局.pdf", "这是一个 PDF 文件，不是 Excel 台帐"),
    ] {
        assert_eq!(
            issue_cells(&inbox, file),
            [("file-unreadable".to_owned(), String::new(), String::new())],
            "{file}"
        );
        let message = &inbox
            .issues
            .iter()
            .find(|i| i.file == file)
            .unwrap()
            .message;
        assert!(message.contains(what), "{file}: {message}");
    }
    let pdf = &inbox
        .issues
        .iter()
        .find(|i| i.file == "区建管委.xlsx")
        .unwrap();
    assert!(
        pdf.message
            .starts_with("文件名是 .xlsx，但这是一个 PDF 文件")
    );
}

#[test]
fn hostile_html_spans_and_nesting_are_read_without_blowing_up() {
    let dir = Dir::new();
    let mut hostile = String::from(
        "<table><tr><td colspan=100000000 rowspan=100000000>x</td><td rowspan=99999>y</td></tr>",
    );
    hostile.push_str(&"<tr><td colspan=2147483648>z</td>".repeat(2000));
    hostile.push_str("</table>");
    hostile.push_str(&"<div><table><tr><td>".repeat(100_000));
    let page = html("<title>导出</title>", &hostile);
    dir.write("inbox/区建管委.xls", page.as_bytes());
    let started = std::time::Instant::now();
    let json = run_json(&dir);
    assert!(started.elapsed().as_secs() < 60);
    assert_eq!(json["totals"]["all"]["projects"].as_i64(), Some(3));
    assert!(close(
        json["totals"]["all"]["total_investment"].as_f64().unwrap(),
        4.734_567
    ));
}

#[test]
fn hostile_spreadsheetml_indexes_and_merges_are_read_without_blowing_up() {
    let dir = Dir::new();
    let hostile = r#"<Worksheet ss:Name="远处"><Table>
<Row ss:Index="1048576"><Cell ss:Index="16384" ss:MergeDown="99999999999" ss:MergeAcross="99999"><Data ss:Type="String">远</Data></Cell></Row>
<Row><Cell ss:Index="5"><Data ss:Type="String">越界</Data></Cell></Row>
<Row ss:Index="1"><Cell ss:MergeDown="1048575" ss:MergeAcross="16383"><Data ss:Type="String">全表合并</Data></Cell></Row>
</Table></Worksheet>"#;
    dir.write("inbox/区建管委.xls", spreadsheetml(hostile).as_bytes());
    let json = run_json(&dir);
    assert_eq!(json["totals"]["all"]["projects"].as_i64(), Some(3));
    let far: Vec<(&str, &str)> = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["sheet"] == "远处")
        .map(|i| (i["code"].as_str().unwrap(), i["message"].as_str().unwrap()))
        .collect();
    assert!(
        far.iter()
            .any(|(code, m)| *code == "sheet-too-large" && m.contains("第1048577行第5列")),
        "{far:?}"
    );
}

#[test]
fn cut_spreadsheetml_is_unreadable_not_half_counted() {
    let dir = Dir::new();
    let whole = spreadsheetml("");
    let cut = &whole[..whole.find("丙馆").unwrap()];
    dir.write("区建管委.xls", cut.as_bytes());
    let inbox = dir.inbox("2022-03");
    assert_eq!(
        issue_cells(&inbox, "区建管委.xls"),
        [("file-unreadable".to_owned(), String::new(), String::new())]
    );
}

mod fuzz;

/// 3A.10: `check --explain` reads a file of each exported kind as it reads a workbook: the
/// header row, the columns' fields and units, each row counted or rejected and why.
#[test]
fn explain_tells_how_each_kind_of_export_was_read() {
    let dir = Dir::new();
    dir.write("区建管委.xml", spreadsheetml("").as_bytes());
    let page = html(r#"<meta charset="utf-8"><title>重大项目</title>"#, "");
    dir.write("区水务局.xls", page.as_bytes());
    dir.write("区绿化局.mht", &mht(&page));
    let mut csv = String::from("2022年3月重大项目推进情况表\n单位：万元\n");
    csv.push_str(&HEADER.join(","));
    csv.push('\n');
    for (name, category, lead, money) in PROJECTS {
        let money: Vec<String> = money.iter().map(|m| format!("\"{m}\"")).collect();
        csv.push_str(&format!(
            "{name},{category},{},{}\n",
            lead.unwrap_or("区建管委"),
            money.join(",")
        ));
    }
    dir.write("区交通委.csv", csv.as_bytes());
    for file in [
        "区建管委.xml",
        "区水务局.xls",
        "区绿化局.mht",
        "区交通委.csv",
    ] {
        let (code, out, err) = taizhang(
            &["check", "--explain", file, "--period", "2022-03"],
            dir.path(),
        );
        assert!(code == 0 || code == 1, "{file}: {err}");
        for line in [
            format!("文件：{file}"),
            "：项目台帐，表头在第3行".to_owned(),
            "A列“项目名称” → 项目名称".to_owned(),
            "D列“总投资” → 总投资，单位万元（表上方“单位：”）".to_owned(),
            "第4行：计入“甲路改建”".to_owned(),
            "第7行：不计入：D7：“总投资”的值“八千”不是有效金额".to_owned(),
            "合计：读取4行，计入3行，不计入1行，跳过0行".to_owned(),
        ] {
            assert!(out.contains(&line), "{file}: missing {line:?} in:\n{out}");
        }
    }
}
