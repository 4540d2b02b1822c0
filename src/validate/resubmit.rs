//! Resubmissions: a unit that sent more than one file with the same projects sent versions of
//! one ledger. The newest (by modified time; on a tie the later name) is counted whole; the
//! others are set aside whole, named in a `resubmitted` warning that says which file counted.
//! Two files of one unit with different projects are two parts of its ledger: both count.

use crate::domain::ProjectKey;
use crate::issue::{Issue, IssueCode};
use crate::normalize::{FileStatus, Ledger, ProjectRow};
use std::collections::{BTreeMap, BTreeSet};

/// Sets aside the older versions: their rows leave `projects` and their ledgers (tasks,
/// rejected rows and issues too), and every row of theirs counts as skipped. Returns the
/// warnings, one per set of versions.
pub fn set_aside_resubmissions(
    ledgers: &mut [Ledger],
    projects: &mut Vec<ProjectRow>,
    issues: &mut Vec<Issue>,
) {
    let mut keys: BTreeMap<&str, BTreeSet<ProjectKey>> = BTreeMap::new();
    for p in projects.iter() {
        keys.entry(p.source.file.as_str())
            .or_default()
            .insert(p.key());
    }
    let versions = version_sets(ledgers, &keys);
    drop(keys);
    let mut aside: BTreeSet<String> = BTreeSet::new();
    let mut warnings = Vec::new();
    for set in versions {
        let newest = *set
            .iter()
            .max_by_key(|&&i| (ledgers[i].modified, &ledgers[i].file))
            .unwrap_or(&set[0]);
        let counted = ledgers[newest].file.clone();
        let names: Vec<String> = set
            .iter()
            .map(|&i| format!("《{}》", ledgers[i].file))
            .collect();
        for &i in set.iter().filter(|&&i| i != newest) {
            aside.insert(ledgers[i].file.clone());
            set_aside(&mut ledgers[i], &counted);
        }
        let unit = ledgers[newest].unit.clone();
        warnings.push(
            Issue::new(
                IssueCode::Resubmitted,
                &counted,
                format!(
                    "{unit}报送了{}个内容相同的文件（{}），按修改时间最新的《{counted}》计入，其余文件未计入",
                    set.len(),
                    names.join("、")
                ),
            )
            .unit(&unit)
            .value(names.join("、")),
        );
    }
    if aside.is_empty() {
        return;
    }
    projects.retain(|p| !aside.contains(p.source.file.as_str()));
    issues.retain(|i| !aside.contains(&i.file));
    issues.extend(warnings);
}

/// Groups of a unit's read files that share a project, each in file order (a file joins a
/// group when it shares a project with any file of it).
fn version_sets(
    ledgers: &[Ledger],
    keys: &BTreeMap<&str, BTreeSet<ProjectKey>>,
) -> Vec<Vec<usize>> {
    let mut by_unit: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, l) in ledgers.iter().enumerate() {
        if l.status == FileStatus::Read && keys.contains_key(l.file.as_str()) {
            by_unit.entry(l.unit.as_str()).or_default().push(i);
        }
    }
    let mut sets = Vec::new();
    for files in by_unit.into_values().filter(|f| f.len() > 1) {
        let mut groups: Vec<(Vec<usize>, BTreeSet<&ProjectKey>)> = Vec::new();
        for i in files {
            let mine: BTreeSet<&ProjectKey> = keys[ledgers[i].file.as_str()].iter().collect();
            let (joined, rest): (Vec<_>, Vec<_>) =
                groups.into_iter().partition(|(_, k)| !k.is_disjoint(&mine));
            let mut group = (vec![i], mine);
            for (members, k) in joined {
                group.0.extend(members);
                group.1.extend(k);
            }
            group.0.sort_unstable();
            groups = rest;
            groups.push(group);
        }
        sets.extend(groups.into_iter().map(|(m, _)| m).filter(|m| m.len() > 1));
    }
    sets
}

/// Every row of a superseded file now counts as skipped, and the file says which one counted.
fn set_aside(ledger: &mut Ledger, counted: &str) {
    let c = &mut ledger.counts;
    c.skipped += c.accepted + c.rejected;
    c.accepted = 0;
    c.rejected = 0;
    for sheet in &mut ledger.sheets {
        let c = &mut sheet.counts;
        c.skipped += c.accepted + c.rejected;
        c.accepted = 0;
        c.rejected = 0;
    }
    ledger.tasks.clear();
    ledger.rejected.clear();
    ledger.reason = Some(format!("本单位另报有更新的《{counted}》，本文件未计入"));
}
