//! `taizhang check --explain FILE…` (LEDGER-SPEC 3A.10): how each file was understood, in
//! words a clerk reads before trusting a total — the sheet and header rows chosen, each
//! column's field and unit and where the unit came from, the headings found and the context
//! each gave, and which rows were counted, skipped or rejected and why.

use crate::config::Config;
use crate::domain::{Period, column_letters};
use crate::ingest::{self, Content, RawSheet, ReadLimits};
use crate::normalize::header::{Column, Header, UnitSource, find_header};
use crate::normalize::{self, Context, Ledger, RowRole};
use std::fmt::Write;
use std::path::PathBuf;

/// The explanation of every file under the paths.
///
/// # Errors
/// When an input folder cannot be listed.
pub fn explain(
    paths: &[PathBuf],
    config: &Config,
    period: Option<Period>,
) -> Result<String, crate::ingest::ReadError> {
    let mut out = String::new();
    for candidate in ingest::discover(paths)? {
        let sub = ingest::read(&candidate, &ReadLimits::default());
        let sheets: Vec<RawSheet> = match &sub.content {
            Content::Sheets(sheets) => sheets.clone(),
            _ => Vec::new(),
        };
        let early = Context::new(
            config,
            period.unwrap_or(Period {
                year: 2022,
                month: 1,
            }),
        );
        let prepared = normalize::prepare(sub, &early);
        let ctx = Context {
            period: period.or(prepared.stated_period()).unwrap_or(early.period),
            ..early
        };
        let ledger = prepared.finish(&ctx);
        file(&mut out, &ledger, &sheets, &ctx);
    }
    Ok(out)
}

fn file(out: &mut String, ledger: &Ledger, sheets: &[RawSheet], ctx: &Context<'_>) {
    let _ = writeln!(
        out,
        "文件：{}（填报单位：{}）：{}",
        ledger.file,
        ledger.unit,
        ledger.status.label()
    );
    if let Some(reason) = &ledger.reason {
        let _ = writeln!(out, "  {reason}");
    }
    let ctx = &ctx.for_file(&ledger.file);
    for sheet in sheets {
        let layout = ctx.layout(&sheet.name);
        if let Some(l) = layout {
            let _ = writeln!(
                out,
                "  工作表“{}”按 taizhang.toml 第{}行的 [[layout]]（files = \"{}\"）读取",
                sheet.name, l.line, l.files
            );
        }
        match find_header(sheet, ctx.schema, layout) {
            Some(header) => sheet_reading(out, ledger, sheet, &header, ctx),
            None => {
                let _ = writeln!(out, "  工作表“{}”：没有台帐表头，未读取", sheet.name);
            }
        }
    }
    let c = ledger.counts;
    let _ = writeln!(
        out,
        "  合计：读取{}行，计入{}行，不计入{}行，跳过{}行\n",
        c.rows_read, c.accepted, c.rejected, c.skipped
    );
}

fn sheet_reading(
    out: &mut String,
    ledger: &Ledger,
    sheet: &RawSheet,
    header: &Header,
    ctx: &Context<'_>,
) {
    let rows = if header.data_from - header.row > 1 {
        format!("第{}—{}行", header.row + 1, header.data_from)
    } else {
        format!("第{}行", header.row + 1)
    };
    let _ = writeln!(
        out,
        "  工作表“{}”：{}，表头在{}",
        sheet.name,
        header.kind.label(),
        rows
    );
    if let Some(unit_row) = header.unit_row {
        let _ = writeln!(out, "    第{}行是单位行，不作数据", unit_row + 1);
    }
    let (category, note) = normalize::sheet_context(sheet, header, ctx);
    if let Some(c) = category {
        let _ = writeln!(
            out,
            "    “{}”写明了类别：本表未填类别的项目按“{}”计",
            c.from, c.value
        );
    }
    let sheet_unit = note.map_or_else(
        || format!("{}（配置默认）", ctx.input_unit.label()),
        |u| format!("{}（表上方“单位：”）", u.label()),
    );
    let _ = writeln!(out, "    各列：");
    for c in &header.columns {
        column(out, sheet, header, c, ctx, &sheet_unit);
    }
    roles(out, ledger, sheet, header, ctx);
}

fn column(
    out: &mut String,
    sheet: &RawSheet,
    header: &Header,
    c: &Column,
    ctx: &Context<'_>,
    sheet_unit: &str,
) {
    let kind = header.kind;
    let letter = column_letters(c.col);
    let name = if c.parents.is_empty() {
        c.header.clone()
    } else {
        format!("{} › {}", c.parents.join(" › "), c.header)
    };
    let Some(field) = c.field.as_deref() else {
        let what = if c.ignored {
            "不读取"
        } else {
            "不是标准列，作为附加信息保留"
        };
        let _ = writeln!(out, "      {letter}列“{name}”：{what}");
        return;
    };
    if let Some(first) = c.duplicate_of {
        let _ = writeln!(
            out,
            "      {letter}列“{name}”：与{}列重复，未使用",
            column_letters(first)
        );
        return;
    }
    let label = ctx
        .schema
        .field(kind, field)
        .map_or(field, |f| f.label.as_str());
    let unit = if normalize::header::is_money(ctx.schema, kind, field) {
        match (c.unit, c.unit_from) {
            (Some(u), UnitSource::Header) => format!("，单位{}（表头）", u.label()),
            (Some(u), UnitSource::ParentHeader) => format!("，单位{}（上级表头）", u.label()),
            (Some(u), UnitSource::UnitRow) => format!("，单位{}（表头下的单位行）", u.label()),
            (Some(u), UnitSource::Configured) => {
                format!("，单位{}（taizhang.toml 的 [[layout]]）", u.label())
            }
            _ => format!("，单位{sheet_unit}"),
        }
    } else {
        String::new()
    };
    let given = if c.field_configured {
        "（按 taizhang.toml 的 [[layout]]）"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "      {letter}列“{name}” → {label}{given}{unit}{}",
        formatted_units(sheet, header, c)
    );
}

/// The data cells of a column whose number format shows a unit (3A.3): `；其中12格的数字格式
///显示“亿元”，按亿元计`.
fn formatted_units(sheet: &RawSheet, header: &Header, c: &Column) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for ((row, col), unit) in &sheet.number_units {
        if *col == c.col && *row >= header.data_from {
            *counts.entry(unit.label()).or_default() += 1;
        }
    }
    if counts.is_empty() {
        return String::new();
    }
    let shown: Vec<String> = counts
        .iter()
        .map(|(unit, n)| format!("{n}格的数字格式显示“{unit}”"))
        .collect();
    if c.unit_from == UnitSource::Configured {
        format!("；其中{}，仍按配置的单位计", shown.join("、"))
    } else {
        let units: Vec<&str> = counts.keys().copied().collect();
        format!("；其中{}，这些格按{}计", shown.join("、"), units.join("、"))
    }
}

fn roles(out: &mut String, ledger: &Ledger, sheet: &RawSheet, header: &Header, ctx: &Context<'_>) {
    let _ = writeln!(out, "    各行：");
    let name_of = |row: u32| {
        ledger
            .projects
            .iter()
            .map(|p| (&p.source, p.name.as_str()))
            .chain(ledger.tasks.iter().map(|t| (&t.source, t.item.as_str())))
            .find(|(s, _)| s.row == row && s.sheet.as_ref() == sheet.name)
            .map(|(_, n)| n.to_owned())
    };
    for (row, role) in normalize::row_roles(sheet, header, ctx) {
        let n = row + 1;
        let line = match role {
            RowRole::Blank => continue,
            RowRole::Note => format!("第{n}行：说明或签名行，跳过"),
            RowRole::Subtotal => format!("第{n}行：合计/小计行，跳过（用于核对）"),
            RowRole::Package => {
                format!("第{n}行：打包项目，其子项各自计入，本行作为子项小计核对，不重复计入")
            }
            RowRole::SubItem(p) => {
                format!("第{n}行：第{}行打包项目的子项（无金额），不单独计入", p + 1)
            }
            RowRole::Heading(h) => {
                let sets: Vec<String> = h
                    .sets
                    .iter()
                    .map(|(f, v)| {
                        let label = ctx
                            .schema
                            .field(header.kind, f)
                            .map_or(*f, |f| f.label.as_str());
                        format!("{label}＝{v}")
                    })
                    .collect();
                let gives = if sets.is_empty() {
                    "不含类别等信息".to_owned()
                } else {
                    format!("其下各行{}", sets.join("，"))
                };
                format!("第{n}行：分类标题“{}”，{gives}；不计为项目", h.text)
            }
            RowRole::Data => {
                if let Some(name) = name_of(row) {
                    format!("第{n}行：计入“{name}”")
                } else {
                    let reasons = ledger
                        .rejected
                        .iter()
                        .find(|r| r.source.row == row && r.source.sheet.as_ref() == sheet.name)
                        .map_or_else(|| "重复或已另计".to_owned(), |r| r.reasons.join("；"));
                    format!("第{n}行：不计入：{reasons}")
                }
            }
        };
        let _ = writeln!(out, "      {line}");
    }
}
