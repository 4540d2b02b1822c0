//! Files built byte by byte: a hand-made xlsx (for what `rust_xlsxwriter` will not write), an
//! OLE compound file, a BIFF8 workbook, an `OpenDocument` spreadsheet.

/// The header of the minimal project ledger the hand-made files hold.
pub const LEDGER: [&str; 6] = [
    "项目名称",
    "项目类别",
    "主责单位",
    "总投资",
    "年度计划投资",
    "本年累计完成投资",
];

use std::io::Write;

pub fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in parts {
        let method = if *name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let opts = zip::write::SimpleFileOptions::default().compression_method(method);
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A one-sheet workbook around a sheet's XML, with a shared string table if given.
pub fn xlsx(sheet: &str, shared_strings: Option<&str>) -> Vec<u8> {
    let ct = "application/vnd.openxmlformats-officedocument.spreadsheetml";
    let types = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/></Types>"#
    );
    let root_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    );
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="项目" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
    );
    let mut parts = vec![
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", root_rels.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    if let Some(strings) = shared_strings {
        parts.push(("xl/sharedStrings.xml", strings.as_bytes()));
    }
    zip(&parts)
}

pub fn sheet(rows: &str, after: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData>{after}</worksheet>"#
    )
}

type Project<'a> = (&'a str, &'a str, &'a str, f64, f64, f64);

fn col(c: usize) -> char {
    char::from(b'A' + u8::try_from(c).unwrap())
}

/// The ledger header in row `first` (zero-based), then the projects.
pub fn ledger_rows(first: u32, projects: &[Project<'_>]) -> String {
    let mut xml = format!(r#"<row r="{}">"#, first + 1);
    for (c, label) in LEDGER.iter().enumerate() {
        xml += &format!(
            r#"<c r="{}{}" t="inlineStr"><is><t>{label}</t></is></c>"#,
            col(c),
            first + 1
        );
    }
    xml += "</row>";
    for (i, p) in projects.iter().enumerate() {
        let r = first + 2 + u32::try_from(i).unwrap();
        xml += &format!(r#"<row r="{r}">"#);
        for (c, text) in [p.0, p.1, p.2].iter().enumerate() {
            xml += &format!(
                r#"<c r="{}{r}" t="inlineStr"><is><t>{text}</t></is></c>"#,
                col(c)
            );
        }
        for (c, n) in [p.3, p.4, p.5].iter().enumerate() {
            xml += &format!(r#"<c r="{}{r}"><v>{n}</v></c>"#, col(c + 3));
        }
        xml += "</row>";
    }
    xml
}

/// A small ledger, then `padding` bytes of blanks: compresses to almost nothing.
pub fn padded_ledger(padding: usize) -> String {
    let mut xml = ledger_rows(
        0,
        &[("曹杨新村更新", "区属", "区建管委", 5_000.0, 1_000.0, 250.0)],
    );
    xml.push_str(&" ".repeat(padding));
    xml
}

/// Rewrites the uncompressed size a zip declares for one part (local and central headers).
pub fn declare_size(zip: &mut [u8], part: &str, size: u32) {
    let name = part.as_bytes();
    let mut patched = 0;
    for at in 0..zip.len().saturating_sub(46) {
        let len_at =
            |off: usize| usize::from(u16::from_le_bytes([zip[at + off], zip[at + off + 1]]));
        if zip[at..].starts_with(b"PK\x03\x04")
            && zip[at + 30..].starts_with(name)
            && len_at(26) == name.len()
        {
            zip[at + 22..at + 26].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        } else if zip[at..].starts_with(b"PK\x01\x02")
            && zip[at + 46..].starts_with(name)
            && len_at(28) == name.len()
        {
            zip[at + 24..at + 28].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "local and central header patched");
}

/// An OLE compound file (version 3, 512-byte sectors) holding the streams, each padded to
/// 4096 bytes at least so that none lives in the mini stream.
pub fn cfb(streams: &[(&str, Vec<u8>)]) -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    let bodies: Vec<Vec<u8>> = streams
        .iter()
        .map(|(_, data)| {
            let mut body = data.clone();
            body.resize(body.len().max(4096).div_ceil(512) * 512, 0);
            body
        })
        .collect();
    let data_sectors: usize = bodies.iter().map(|b| b.len() / 512).sum();
    let dir_sectors = (streams.len() + 1).div_ceil(4);
    let mut fat_sectors = 1;
    while fat_sectors * 128 < fat_sectors + dir_sectors + data_sectors {
        fat_sectors += 1;
    }
    assert!(fat_sectors <= 109);
    let n = |v: usize| u32::try_from(v).unwrap();
    let mut fat = vec![FREE; fat_sectors * 128];
    fat[..fat_sectors].fill(0xFFFF_FFFD);
    let dir_start = fat_sectors;
    for s in 0..dir_sectors {
        fat[dir_start + s] = if s + 1 == dir_sectors {
            END
        } else {
            n(dir_start + s + 1)
        };
    }
    let mut starts = Vec::new();
    let mut next = dir_start + dir_sectors;
    for body in &bodies {
        starts.push(next);
        let count = body.len() / 512;
        for s in 0..count {
            fat[next + s] = if s + 1 == count { END } else { n(next + s + 1) };
        }
        next += count;
    }
    let mut out = vec![0u8; 512];
    out[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    out[24..26].copy_from_slice(&0x3Eu16.to_le_bytes());
    out[26..28].copy_from_slice(&3u16.to_le_bytes());
    out[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    out[30..32].copy_from_slice(&9u16.to_le_bytes());
    out[32..34].copy_from_slice(&6u16.to_le_bytes());
    out[44..48].copy_from_slice(&n(fat_sectors).to_le_bytes());
    out[48..52].copy_from_slice(&n(dir_start).to_le_bytes());
    out[56..60].copy_from_slice(&4096u32.to_le_bytes());
    out[60..64].copy_from_slice(&END.to_le_bytes());
    out[68..72].copy_from_slice(&END.to_le_bytes());
    for i in 0..109 {
        let v = if i < fat_sectors { n(i) } else { FREE };
        out[76 + i * 4..80 + i * 4].copy_from_slice(&v.to_le_bytes());
    }
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    let mut dir = vec![0u8; dir_sectors * 512];
    let mut entry = |i: usize, name: &str, kind: u8, start: u32, len: u32, child: u32| {
        let e = &mut dir[i * 128..(i + 1) * 128];
        let units: Vec<u16> = name.encode_utf16().collect();
        for (k, u) in units.iter().enumerate() {
            e[k * 2..k * 2 + 2].copy_from_slice(&u.to_le_bytes());
        }
        e[64..66].copy_from_slice(&u16::try_from(units.len() * 2 + 2).unwrap().to_le_bytes());
        e[66] = kind;
        e[67] = 1;
        let right = if kind == 2 && i < streams.len() {
            n(i + 1)
        } else {
            FREE
        };
        e[68..72].copy_from_slice(&FREE.to_le_bytes());
        e[72..76].copy_from_slice(&right.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&len.to_le_bytes());
    };
    entry(0, "Root Entry", 5, END, 0, 1);
    for (i, ((name, _), start)) in streams.iter().zip(&starts).enumerate() {
        entry(i + 1, name, 2, n(*start), n(bodies[i].len()), FREE);
    }
    out.extend(dir);
    for body in bodies {
        out.extend(body);
    }
    out
}

fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend(typ.to_le_bytes());
    out.extend(u16::try_from(data.len()).unwrap().to_le_bytes());
    out.extend(data);
}

fn bof(dt: u16) -> Vec<u8> {
    let mut d = Vec::new();
    d.extend(0x0600u16.to_le_bytes());
    d.extend(dt.to_le_bytes());
    d.extend([0; 12]);
    d
}

/// A BIFF record: its type and data.
pub type Record = (u16, Vec<u8>);

/// A BIFF8 workbook: extra global records, then sheets of records, in a compound file.
pub fn xls(globals: &[Record], sheets: &[(&str, Vec<Record>)]) -> Vec<u8> {
    let mut stream = Vec::new();
    record(&mut stream, 0x0809, &bof(0x0005));
    record(&mut stream, 0x0042, &1200u16.to_le_bytes());
    for (typ, data) in globals {
        record(&mut stream, *typ, data);
    }
    let mut positions = Vec::new();
    for (name, _) in sheets {
        positions.push(stream.len() + 4);
        let units: Vec<u16> = name.encode_utf16().collect();
        let mut d = vec![0, 0, 0, 0, 0, 0, u8::try_from(units.len()).unwrap(), 1];
        d.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        record(&mut stream, 0x0085, &d);
    }
    record(&mut stream, 0x000A, &[]);
    for ((_, records), at) in sheets.iter().zip(positions) {
        let pos = u32::try_from(stream.len()).unwrap().to_le_bytes();
        stream[at..at + 4].copy_from_slice(&pos);
        record(&mut stream, 0x0809, &bof(0x0010));
        for (typ, data) in records {
            record(&mut stream, *typ, data);
        }
        record(&mut stream, 0x000A, &[]);
    }
    cfb(&[("Workbook", stream)])
}

fn cell_head(row: u16, col: u16) -> Vec<u8> {
    let mut d = Vec::new();
    d.extend(row.to_le_bytes());
    d.extend(col.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d
}

pub fn label(row: u16, col: u16, text: &str) -> (u16, Vec<u8>) {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut d = cell_head(row, col);
    d.extend(u16::try_from(units.len()).unwrap().to_le_bytes());
    d.push(1);
    d.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    (0x0204, d)
}

pub fn number(row: u16, col: u16, value: f64) -> (u16, Vec<u8>) {
    let mut d = cell_head(row, col);
    d.extend(value.to_le_bytes());
    (0x0203, d)
}

/// A `FORMAT` record: format index `ifmt` shows `code`.
pub fn format(ifmt: u16, code: &str) -> Record {
    let units: Vec<u16> = code.encode_utf16().collect();
    let mut d = ifmt.to_le_bytes().to_vec();
    d.extend(u16::try_from(units.len()).unwrap().to_le_bytes());
    d.push(1);
    d.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    (0x041E, d)
}

/// An `XF` record (a cell format) using format index `ifmt`.
pub fn xf(ifmt: u16) -> Record {
    let mut d = vec![0, 0];
    d.extend(ifmt.to_le_bytes());
    d.extend([0; 16]);
    (0x00E0, d)
}

/// A cell record given the cell format `ixfe` (`XF` records count from 0).
pub fn styled((typ, mut data): Record, ixfe: u16) -> Record {
    data[4..6].copy_from_slice(&ixfe.to_le_bytes());
    (typ, data)
}

pub fn xls_ledger(projects: &[Project<'_>]) -> Vec<(u16, Vec<u8>)> {
    let mut records: Vec<_> = (0u16..).zip(LEDGER).map(|(c, l)| label(0, c, l)).collect();
    for (r, p) in (1u16..).zip(projects) {
        records.extend([label(r, 0, p.0), label(r, 1, p.1), label(r, 2, p.2)]);
        records.extend([number(r, 3, p.3), number(r, 4, p.4), number(r, 5, p.5)]);
    }
    records
}

/// `content.xml` body: a table 项目 holding the ledger, then more rows.
pub fn ods_ledger(more_rows: &str) -> String {
    let text = |t: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
        )
    };
    let num =
        |v: f64| format!(r#"<table:table-cell office:value-type="float" office:value="{v}"/>"#);
    let header: String = LEDGER.iter().map(|l| text(l)).collect();
    let row: String = ["曹杨新村更新", "区属", "区建管委"]
        .iter()
        .map(|t| text(t))
        .chain([5_000.0, 1_000.0, 250.0].map(num))
        .collect();
    format!(
        r#"<table:table table:name="项目"><table:table-row>{header}</table:table-row><table:table-row>{row}</table:table-row>{more_rows}</table:table>"#
    )
}

pub fn ods(tables: &str) -> Vec<u8> {
    ods_document(
        &format!("<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"),
        None,
    )
}

const ODS_NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2""#;

/// An `OpenDocument` spreadsheet whose `content.xml` holds `content` (styles and body), and
/// whose `styles.xml` holds `styles` (inside `office:document-styles`) if given.
pub fn ods_document(content: &str, styles: Option<&str>) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS}>{content}</office:document-content>"#
    );
    let styles = styles.map(|s| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ODS_NS}>{s}</office:document-styles>"#
        )
    });
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut parts = vec![
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet".as_slice(),
        ),
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", content.as_bytes()),
    ];
    if let Some(styles) = &styles {
        parts.push(("styles.xml", styles.as_bytes()));
    }
    zip(&parts)
}
