//! Where the scan's cells stand and which money unit their styles show: columns' default
//! styles, then each valued cell tag's own style or its row's or column's default.

use super::super::styles::Styles;
use super::super::tag::{Tag, number, unescape};
use super::{MAX_COLUMNS, Row, Table};

/// A `table:table-column`: the columns it stands for, and their default cell style's unit.
pub(super) fn column(tag: &Tag, table: &mut Table, styles: &Styles) {
    let repeats = tag
        .attr(b"table:number-columns-repeated")
        .as_deref()
        .and_then(number)
        .unwrap_or(1)
        .clamp(1, MAX_COLUMNS);
    let first = table.next_column;
    let last = first.saturating_add(repeats - 1);
    table.next_column = last.saturating_add(1);
    let unit = tag
        .attr(b"table:default-cell-style-name")
        .and_then(|n| styles.unit(&unescape(&n)));
    if let Some(unit) = unit
        && first < MAX_COLUMNS
    {
        table.columns.push((first, last, unit));
    }
}

/// Records the unit of the cells a valued cell tag stands for (`col`, repeated across and
/// down): its own style's, else its row's default, else its column's.
pub(super) fn note_units(
    tag: &Tag,
    (row, col, repeats): (&Row, u64, u64),
    table: &mut Table,
    styles: &Styles,
    left: &mut usize,
) {
    let unit = match tag.attr(b"table:style-name") {
        Some(n) => styles.unit(&unescape(&n)),
        None => row.default.unwrap_or_else(|| {
            let after = table.columns.partition_point(|c| c.0 <= col);
            let (_, last, unit) = *table.columns.get(after.checked_sub(1)?)?;
            (col <= last).then_some(unit)
        }),
    };
    let Some(unit) = unit else { return };
    // One tag standing for more cells than the file may still hold is a sheet refused as too
    // large later: its units are not worth recording one by one.
    let count = usize::try_from(row.repeats.saturating_mul(repeats)).unwrap_or(usize::MAX);
    if count > *left {
        return;
    }
    let units = &mut table.cost.units;
    for r in row.index..row.index.saturating_add(row.repeats) {
        for c in col..col.saturating_add(repeats) {
            if *left == 0 {
                return;
            }
            if let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) {
                units.insert((r, c), unit);
                *left -= 1;
            }
        }
    }
}
