//! What each row under a header is taken for, and the context the sheet gives, for
//! `check --explain` (the reading itself is in the sibling rooms).

use super::classify::{RowKind, classify};
use super::packages;
use crate::domain::MoneyUnit;
use crate::ingest::RawSheet;
use crate::normalize::header::{Header, unit_note_above};
use crate::normalize::{Context, layout};
use crate::schema::LedgerKind;

/// What each row under the header is taken for, for `check --explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowRole {
    Data,
    Blank,
    Note,
    Subtotal,
    Heading(layout::Heading),
    /// A package row whose sub-items are the projects (checked as their subtotal).
    Package,
    /// A sub-item of a package that is itself the project (the zero-based package row).
    SubItem(u32),
}

/// Each row under the header and its role, in order (the unit row is not among them).
#[must_use]
pub fn row_roles(sheet: &RawSheet, header: &Header, ctx: &Context<'_>) -> Vec<(u32, RowRole)> {
    let unit = unit_note_above(sheet, header.row).unwrap_or(ctx.input_unit);
    let parts = packages::parts(sheet, header, ctx.schema, unit);
    sheet
        .rows
        .iter()
        .filter(|r| r.index >= header.data_from)
        .map(|row| {
            let role = match classify(row, header) {
                RowKind::Blank => match header.kind {
                    LedgerKind::Project => layout::heading(row, header, ctx.schema)
                        .map_or(RowRole::Blank, RowRole::Heading),
                    LedgerKind::Task => RowRole::Blank,
                },
                RowKind::Note => RowRole::Note,
                RowKind::Subtotal { .. } => RowRole::Subtotal,
                RowKind::Data => match (header.kind, parts.get(&row.index)) {
                    (LedgerKind::Task, _) => RowRole::Data,
                    (_, Some(packages::Part::Total(_))) => RowRole::Package,
                    (_, Some(packages::Part::Item { package })) => RowRole::SubItem(*package),
                    (_, None) => layout::heading(row, header, ctx.schema)
                        .map_or(RowRole::Data, RowRole::Heading),
                },
            };
            (row.index, role)
        })
        .collect()
}

/// The sheet's category from its name or title, and its money unit from a `单位：` cell
/// (`None`: the config default), as row reading takes them.
#[must_use]
pub fn sheet_context(
    sheet: &RawSheet,
    header: &Header,
    ctx: &Context<'_>,
) -> (Option<layout::SheetCategory>, Option<MoneyUnit>) {
    (
        (header.kind == LedgerKind::Project)
            .then(|| layout::sheet_category(sheet, header.row, ctx))
            .flatten(),
        unit_note_above(sheet, header.row),
    )
}
