//! Money sums of the data rows, and the rows checked against them: 合计/小计 rows below or
//! above their rows (`subtotal-mismatch`), heading rows with their `（N个）` and amounts
//! (`section-mismatch`). The open headings also give the rows their context.

use super::{Reader, issue};
use crate::domain::Money;
use crate::ingest::{CellValue, RawRow};
use crate::issue::IssueCode;
use crate::normalize::Ledger;
use crate::normalize::header::is_money;
use crate::normalize::layout::Heading;
use crate::normalize::values::parse_money;
use crate::schema::LedgerKind;
use std::collections::BTreeMap;

/// A heading row and what the rows under it add up to so far.
struct Section {
    heading: Heading,
    row: RawRow,
    rows: u32,
    sums: BTreeMap<String, i64>,
}

/// Money sums of the data rows, per field: since the last 小计, and since the top; the open
/// headings; subtotal rows that stand above their rows, waiting for them.
#[derive(Default)]
pub(super) struct Sums {
    segment: BTreeMap<String, i64>,
    segment_rows: usize,
    all: BTreeMap<String, i64>,
    rows: usize,
    sections: Vec<Section>,
    /// A 小计 above its rows, checked at the next 小计 or the end.
    pending_segment: Option<RawRow>,
    /// A 合计 above all the rows, checked at the end.
    pending_grand: Option<RawRow>,
    /// How plausible the amounts are in their units (3A.3).
    pub(super) plausibility: super::plausible::Plausibility,
    /// The last row read was a 合计/小计 (a `其中` row under it breaks it down, it does not
    /// stand above rows of its own).
    after_subtotal: bool,
}

fn add_to(sums: &mut BTreeMap<String, i64>, field: &str, fen: i64) {
    match sums.get_mut(field) {
        Some(sum) => *sum += fen,
        None => {
            sums.insert(field.to_owned(), fen);
        }
    }
}

impl Sums {
    pub(super) fn add(&mut self, field: &str, fen: i64) {
        add_to(&mut self.segment, field, fen);
        add_to(&mut self.all, field, fen);
        for s in &mut self.sections {
            add_to(&mut s.sums, field, fen);
        }
    }

    /// A data row (counted or not) under the open headings.
    pub(super) fn data_row(&mut self) {
        self.after_subtotal = false;
        self.rows += 1;
        self.segment_rows += 1;
        for s in &mut self.sections {
            s.rows += 1;
        }
    }

    /// The value the open headings give a field, innermost first.
    pub(super) fn context(&self, field: &str) -> Option<(&str, &Heading)> {
        self.sections.iter().rev().find_map(|s| {
            s.heading
                .sets
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, v)| (v.as_str(), &s.heading))
        })
    }

    /// A heading row: closes the headings at its level or deeper, then opens it.
    pub(super) fn open(
        &mut self,
        r: &Reader<'_, '_>,
        heading: Heading,
        row: &RawRow,
        ledger: &mut Ledger,
    ) {
        while self
            .sections
            .last()
            .is_some_and(|s| s.heading.level >= heading.level)
        {
            if let Some(s) = self.sections.pop() {
                close(r, &s, ledger);
            }
        }
        // A heading starts a new run of rows for the 小计 rows.
        if let Some(above) = self.pending_segment.take() {
            compare_amounts(r, &above, &self.segment, Kind::Subtotal(false), ledger);
        }
        self.segment.clear();
        self.segment_rows = 0;
        self.after_subtotal = false;
        self.sections.push(Section {
            heading,
            row: row.clone(),
            rows: 0,
            sums: BTreeMap::new(),
        });
    }

    /// The end of the sheet: every open heading and waiting subtotal is checked.
    pub(super) fn finish(&mut self, r: &Reader<'_, '_>, ledger: &mut Ledger) {
        while let Some(s) = self.sections.pop() {
            close(r, &s, ledger);
        }
        if let Some(row) = self.pending_segment.take() {
            compare_amounts(r, &row, &self.segment, Kind::Subtotal(false), ledger);
        }
        if let Some(row) = self.pending_grand.take() {
            compare_amounts(r, &row, &self.all, Kind::Subtotal(true), ledger);
        }
    }
}

/// What a checked row is, for its message.
#[derive(Clone, Copy)]
pub(super) enum Kind {
    Subtotal(bool),
    Heading,
}

/// A heading's count and amounts against its rows.
fn close(r: &Reader<'_, '_>, s: &Section, ledger: &mut Ledger) {
    let col = r
        .column("name")
        .map_or_else(|| s.row.cells.first().map_or(0, |(c, _)| *c), |c| c.col);
    if let Some(n) = s.heading.count
        && n != s.rows
    {
        let msg = format!(
            "分类标题“{}”写明{}个项目，而其下实有{}行项目，请核实",
            s.heading.text, n, s.rows
        );
        let i = issue(r, ledger, IssueCode::SectionMismatch, s.row.index, col, msg)
            .value(s.heading.text.clone());
        ledger.issues.push(i);
    }
    compare_amounts(r, &s.row, &s.sums, Kind::Heading, ledger);
}

/// 0.005 亿元 in fen.
const SUBTOTAL_TOLERANCE_FEN: i64 = 50_000_000;

pub(super) fn check_subtotal(
    r: &Reader<'_, '_>,
    row: &RawRow,
    grand: bool,
    sums: &mut Sums,
    ledger: &mut Ledger,
) {
    let after_subtotal = std::mem::replace(&mut sums.after_subtotal, true);
    if r.header.kind == LedgerKind::Project {
        if grand && sums.rows == 0 && !after_subtotal {
            // A 合计 above the data covers the rows below it.
            sums.pending_grand = Some(row.clone());
            return;
        }
        if !grand && let Some(above) = sums.pending_segment.take() {
            compare_amounts(r, &above, &sums.segment, Kind::Subtotal(false), ledger);
            sums.segment.clear();
            sums.segment_rows = 0;
        }
        if !grand && sums.segment_rows == 0 && !after_subtotal {
            sums.pending_segment = Some(row.clone());
            return;
        }
        let computed = if grand { &sums.all } else { &sums.segment };
        compare_amounts(r, row, computed, Kind::Subtotal(grand), ledger);
    }
    if !grand {
        sums.segment.clear();
        sums.segment_rows = 0;
    }
}

pub(super) fn compare_amounts(
    r: &Reader<'_, '_>,
    row: &RawRow,
    computed: &BTreeMap<String, i64>,
    kind: Kind,
    ledger: &mut Ledger,
) {
    for c in &r.header.columns {
        let Some(field) = c
            .field
            .as_deref()
            .filter(|f| c.duplicate_of.is_none() && is_money(r.ctx.schema, r.header.kind, f))
        else {
            continue;
        };
        let Ok(Some(stated)) = parse_money(row.get(c.col), r.unit_at(row.index, c)) else {
            continue;
        };
        let computed = computed.get(field).copied().unwrap_or(0);
        if (stated - computed).abs() <= SUBTOTAL_TOLERANCE_FEN {
            continue;
        }
        let label = r
            .ctx
            .schema
            .field(r.header.kind, field)
            .map_or(field, |f| f.label.as_str());
        let (what, code) = match kind {
            Kind::Subtotal(true) => ("合计", IssueCode::SubtotalMismatch),
            Kind::Subtotal(false) => ("小计", IssueCode::SubtotalMismatch),
            Kind::Heading => ("分类标题", IssueCode::SectionMismatch),
        };
        let msg = format!(
            "{}行的“{}”为{:.4}亿元，而其所含各行相加为{:.4}亿元，相差{:.4}亿元",
            what,
            label,
            Money::from_fen(stated).yi(),
            Money::from_fen(computed).yi(),
            Money::from_fen(stated - computed).yi()
        );
        let i = issue(r, ledger, code, row.index, c.col, msg)
            .value(row.get(c.col).map(CellValue::display).unwrap_or_default());
        ledger.issues.push(i);
    }
}
