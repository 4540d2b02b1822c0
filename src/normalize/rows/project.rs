//! One project row: fields read, amounts cross-checked, accepted or rejected.

use super::check::RowCheck;
use super::cross::cross_check;
use super::sums::Sums;
use super::{
    Reader,
    types::{ProjectRow, RejectedRow, Source},
};
use crate::domain::{Carry, Category, Formality, Money, Stage, Text};
use crate::ingest::RawRow;
use crate::issue::IssueCode;
use crate::normalize::Ledger;
use crate::normalize::values::{cell_text, parse_span};
use chrono::NaiveDate;

/// The money fields of a project row, in fen.
pub(super) struct Amounts {
    pub(super) total: Option<i64>,
    pub(super) plan: Option<i64>,
    pub(super) ytd: Option<i64>,
    pub(super) cumulative: Option<i64>,
    pub(super) month: Option<i64>,
    pub(super) prior: Option<i64>,
}

/// The dates of a project row.
pub(super) struct Dates {
    pub(super) planned_start: Option<NaiveDate>,
    pub(super) planned_finish: Option<NaiveDate>,
    pub(super) actual_start: Option<NaiveDate>,
}

pub(super) fn project_row(
    r: &Reader<'_, '_>,
    row: &RawRow,
    sums: &mut Sums,
    ledger: &mut Ledger,
) -> bool {
    let (file, unit) = (&r.file, &r.unit);
    let mut ck = RowCheck {
        r,
        row,
        issues: Vec::new(),
        reasons: Vec::new(),
        file,
        unit,
        merged_copies: Vec::new(),
    };
    ck.error_cells();
    let mut extra = Vec::new();
    let name = ck.required_text("name");
    let Enums {
        category,
        kind,
        formal,
        carry,
        stage,
    } = enums(&mut ck, sums);
    let money = amounts(&mut ck, sums);
    sums.plausibility.observe(money.total, money.plan);
    let mut dates = Dates {
        planned_start: ck.date("planned_start", &mut extra),
        planned_finish: ck.date("planned_finish", &mut extra),
        actual_start: ck.date("actual_start", &mut extra),
    };
    span(&mut ck, &mut dates, &mut extra);
    cross_check(&mut ck, &money, &dates);
    extra_columns(r, row, &mut extra);
    let lead_unit = match ck.text("lead_unit").or_else(|| ck.text("builder")) {
        Some(lead) => r.shared(&lead),
        None => unit.clone(),
    };
    let source = r.source(row.index, "name");
    let mut reasons = std::mem::take(&mut ck.reasons);
    if !r.missing.is_empty() {
        reasons.push(format!("缺少必填列：{}", r.missing.join("、")));
    }
    let texts = texts(&mut ck);
    ledger.issues.append(&mut ck.issues);
    let (Some(name), Some(category), Some(total), Some(plan), Some(ytd), true) = (
        name.clone(),
        category,
        money.total,
        money.plan,
        money.ytd,
        reasons.is_empty(),
    ) else {
        reject(r, source, name, reasons, ledger);
        return false;
    };
    let formal = formal.unwrap_or_else(|| category.default_formality());
    let enums = Enums {
        category: Some(category),
        kind,
        formal: Some(formal),
        carry,
        stage,
    };
    let row = Accepted {
        source,
        name,
        lead_unit,
        enums,
        money,
        dates,
        texts,
        extra,
    };
    ledger
        .projects
        .push(accepted(r, row, (total, plan, ytd), category, formal));
    true
}

/// What a counted row was read as.
struct Accepted {
    source: super::Source,
    name: String,
    lead_unit: Text,
    enums: Enums,
    money: Amounts,
    dates: Dates,
    texts: Texts,
    extra: Vec<(String, String)>,
}

fn accepted(
    r: &Reader<'_, '_>,
    a: Accepted,
    (total, plan, ytd): (i64, i64, i64),
    category: Category,
    formal: Formality,
) -> ProjectRow {
    let Accepted {
        source,
        name,
        lead_unit,
        enums,
        money,
        dates,
        texts,
        extra,
    } = a;
    ProjectRow {
        unit: r.unit.clone(),
        source,
        code: texts.code,
        name,
        category,
        kind: enums.kind,
        formal,
        carry: enums.carry,
        stage: enums.stage,
        lead_unit,
        builder: texts.builder,
        support_units: texts.support_units,
        total_investment: Money::from_fen(total),
        annual_plan: Money::from_fen(plan),
        ytd_completed: Money::from_fen(ytd),
        cumulative_completed: money.cumulative.map(Money::from_fen),
        month_completed: money.month.map(Money::from_fen),
        prior_completed: money.prior.map(Money::from_fen),
        planned_start: dates.planned_start,
        planned_finish: dates.planned_finish,
        actual_start: dates.actual_start,
        has_actual_start_column: r.column("actual_start").is_some(),
        progress: texts.progress,
        annual_target: texts.annual_target,
        problems: texts.problems,
        next_steps: texts.next_steps,
        quarter_targets: texts.quarter_targets,
        contact: texts.contact,
        phone: texts.phone,
        extra,
    }
}

/// Lists a row not counted, with its reasons.
pub(super) fn reject(
    r: &Reader<'_, '_>,
    source: Source,
    name: Option<String>,
    mut reasons: Vec<String>,
    ledger: &mut Ledger,
) {
    if reasons.is_empty() {
        reasons.push("必填项缺失".into());
    }
    ledger.rejected.push(RejectedRow {
        unit: r.unit.to_string(),
        source,
        name: name.unwrap_or_default(),
        reasons,
    });
}

/// The optional texts of a project row, held as `Box<str>`: a million rows hold thirteen of
/// them each.
struct Texts {
    code: Option<Box<str>>,
    builder: Option<Box<str>>,
    support_units: Option<Box<str>>,
    progress: Option<Box<str>>,
    annual_target: Option<Box<str>>,
    problems: Option<Box<str>>,
    next_steps: Option<Box<str>>,
    quarter_targets: [Option<Box<str>>; 4],
    contact: Option<Box<str>>,
    phone: Option<Box<str>>,
}

fn texts(ck: &mut RowCheck<'_, '_, '_>) -> Texts {
    let mut boxed = |field: &str| ck.text(field).map(String::into_boxed_str);
    Texts {
        code: boxed("code"),
        builder: boxed("builder"),
        support_units: boxed("support_units"),
        progress: boxed("progress"),
        annual_target: boxed("annual_target"),
        problems: boxed("problems"),
        next_steps: boxed("next_steps"),
        quarter_targets: [boxed("q1"), boxed("q2"), boxed("q3"), boxed("q4")],
        contact: boxed("contact"),
        phone: boxed("phone"),
    }
}

/// The enum fields of a project row.
struct Enums {
    category: Option<Category>,
    kind: Option<Text>,
    formal: Option<Formality>,
    carry: Option<Carry>,
    stage: Option<Stage>,
}

fn as_pair(c: Option<&(String, String)>) -> Option<(&str, &str)> {
    c.map(|(v, f)| (v.as_str(), f.as_str()))
}

/// The enum fields, each from its column or else from the headings above (the category also
/// from the sheet's name or title).
fn enums(ck: &mut RowCheck<'_, '_, '_>, sums: &Sums) -> Enums {
    let r = ck.r;
    let context = |field: &str| {
        sums.context(field)
            .map(|(v, h)| (v.to_owned(), h.text.clone()))
    };
    // A sheet name or title (`2022年区重大项目推进台帐`) often names the office's programme
    // rather than each row's category: it fills a blank category, never contradicts one.
    let category_context = context("category").or_else(|| {
        r.sheet_category
            .as_ref()
            .filter(|_| ck.text("category").is_none())
            .map(|s| (s.value.clone(), s.from.clone()))
    });
    let category =
        ck.vocabulary_in_context::<Category>("category", true, as_pair(category_context.as_ref()));
    if category_context.is_none() && r.column("category").is_none() && r.missing.is_empty() {
        let msg = "本行没有项目类别：本表没有“项目类别”列，本行上方也没有写明类别的分类标题行（如“一、市属重大工程”）";
        let col = r.column("name").map_or(0, |c| c.col);
        ck.push(IssueCode::BlankRequired, col, String::new(), msg.to_owned());
    }
    let (kind, formal, carry, stage) = (
        context("kind"),
        context("formal"),
        context("carry"),
        context("stage"),
    );
    Enums {
        category,
        kind: ck.in_context("kind", "kind", false, as_pair(kind.as_ref())),
        formal: ck.vocabulary_in_context("formal", false, as_pair(formal.as_ref())),
        carry: ck.vocabulary_in_context("carry", false, as_pair(carry.as_ref())),
        stage: ck.vocabulary_in_context("stage", false, as_pair(stage.as_ref())),
    }
}

/// Reads the money fields and adds them to the sums for the subtotals.
fn amounts(ck: &mut RowCheck<'_, '_, '_>, sums: &mut Sums) -> Amounts {
    let months = super::months::read(ck);
    let has_ytd = ck.r.column("ytd_completed").is_some();
    let has_month = ck.r.column("month_completed").is_some();
    let read = |ck: &mut RowCheck<'_, '_, '_>, sums: &mut Sums, field: &str, required: bool| {
        let fen = ck.money(field, required);
        if let Some(fen) = fen {
            sums.add(field, fen);
        }
        fen
    };
    let total = read(ck, sums, "total_investment", true);
    let plan = read(ck, sums, "annual_plan", true);
    let mut ytd = read(ck, sums, "ytd_completed", true);
    let mut month = read(ck, sums, "month_completed", false);
    if let Some(m) = &months {
        match ytd {
            Some(y) => super::months::cross_check(ck, y, m),
            None if !has_ytd => {
                ytd = Some(m.ytd);
                sums.add("ytd_completed", m.ytd);
            }
            None => {}
        }
        if !has_month && let Some(fen) = m.month {
            month = Some(fen);
            sums.add("month_completed", fen);
        }
    }
    Amounts {
        total,
        plan,
        ytd,
        cumulative: read(ck, sums, "cumulative_completed", false),
        month,
        prior: read(ck, sums, "prior_completed", false),
    }
}

/// A 建设起止年限 cell gives the planned start and finish the row has no column for (3A.5).
fn span(ck: &mut RowCheck<'_, '_, '_>, dates: &mut Dates, extra: &mut Vec<(String, String)>) {
    let Some(text) = ck.text("construction_span") else {
        return;
    };
    if let Some((start, finish)) = parse_span(&text) {
        dates.planned_start = dates.planned_start.or(Some(start));
        dates.planned_finish = dates.planned_finish.or(Some(finish));
        return;
    }
    let col = ck.r.column("construction_span").map_or(0, |c| c.col);
    let label = ck.label("construction_span");
    let msg = format!(
        "“{label}”的值“{text}”无法识别为起止年份（按原文保留），请写成 2021-2024 或 2022.3-2024.12"
    );
    ck.push(IssueCode::BadDate, col, text.clone(), msg);
    extra.push((label, text));
}

/// Columns that map to no field, kept as written.
fn extra_columns(r: &Reader<'_, '_>, row: &RawRow, extra: &mut Vec<(String, String)>) {
    for c in &r.header.columns {
        if c.field.is_none()
            && !c.ignored
            && let Some(v) = cell_text(row.get(c.col))
        {
            extra.push((c.header.clone(), v));
        }
    }
}
