//! What leaves the program: the machine-readable summaries (`run.json`, `check --json`).

use crate::inbox::Inbox;
use crate::normalize::FileStatus;
use serde::Serialize;

/// One file of the inbox, as run.json lists it.
#[derive(Debug, Clone, Serialize)]
pub struct FileEntry {
    pub path: String,
    pub unit: String,
    pub status: FileStatus,
    pub rows_read: usize,
    pub accepted: usize,
    pub rejected: usize,
    pub skipped: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl FileEntry {
    #[must_use]
    pub fn all(inbox: &Inbox) -> Vec<FileEntry> {
        inbox
            .ledgers
            .iter()
            .map(|l| FileEntry {
                path: l.file.clone(),
                unit: l.unit.clone(),
                status: l.status,
                rows_read: l.counts.rows_read,
                accepted: l.counts.accepted,
                rejected: l.counts.rejected,
                skipped: l.counts.skipped,
                reason: l.reason.clone(),
            })
            .collect()
    }
}
