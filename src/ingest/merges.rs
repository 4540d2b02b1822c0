//! Where a sheet's merged ranges lie, row by row, so that asking whether a cell is merged
//! costs a binary search, not a pass over every merge: a hostile sheet with twenty thousand
//! merges and rows sixteen thousand cells wide would otherwise take minutes.

use super::{Merge, RawRow};

/// Spans indexed before the remaining merges are dropped (and reported) instead.
const MAX_SPANS: usize = 4_000_000;

/// For each row holding cells, the column spans of the merges covering it.
#[derive(Clone, Default, PartialEq)]
pub(super) struct MergeIndex {
    /// The numbers of rows and merges it was built for: a sheet changed since is scanned.
    shape: Option<(usize, usize)>,
    /// (row, first column, last column, merge), sorted, non-overlapping within a row.
    spans: Vec<(u32, u32, u32, u32)>,
}

impl std::fmt::Debug for MergeIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MergeIndex({} spans)", self.spans.len())
    }
}

impl MergeIndex {
    /// Indexes the merges over the rows; gives back the merges it could not index (past the
    /// budget), which the caller drops.
    pub fn build(rows: &[RawRow], merges: &[Merge]) -> (Self, Vec<usize>) {
        let mut spans = Vec::new();
        let mut dropped = Vec::new();
        for (i, m) in merges.iter().enumerate() {
            let from = rows.partition_point(|r| r.index < m.first_row);
            let covered = rows[from..]
                .iter()
                .take_while(|r| r.index <= m.last_row)
                .count();
            if spans.len() + covered > MAX_SPANS {
                dropped.push(i);
                continue;
            }
            let Ok(merge) = u32::try_from(i - dropped.len()) else {
                dropped.push(i);
                continue;
            };
            spans.extend(
                rows[from..from + covered]
                    .iter()
                    .map(|r| (r.index, m.first_col, m.last_col, merge)),
            );
        }
        spans.sort_unstable();
        // Overlapping merges (Excel never writes them): the span further left keeps the cells.
        spans.dedup_by(|next, kept| next.0 == kept.0 && next.1 <= kept.2);
        let index = MergeIndex {
            shape: Some((rows.len(), merges.len() - dropped.len())),
            spans,
        };
        (index, dropped)
    }

    /// The merge covering a cell, when the index can tell: `None` for a sheet changed since
    /// it was built, or a row without cells (the caller then scans).
    #[allow(clippy::option_option)] // "cannot tell" and "no merge" are both answers here
    pub fn lookup<'a>(
        &self,
        rows: &[RawRow],
        merges: &'a [Merge],
        row: u32,
        col: u32,
    ) -> Option<Option<&'a Merge>> {
        if self.shape != Some((rows.len(), merges.len())) {
            return None;
        }
        rows.binary_search_by_key(&row, |r| r.index).ok()?;
        let after = self.spans.partition_point(|s| (s.0, s.1) <= (row, col));
        let found = after
            .checked_sub(1)
            .map(|i| self.spans[i])
            .filter(|s| s.0 == row && s.2 >= col)
            .and_then(|s| merges.get(s.3 as usize));
        Some(found)
    }
}
