//! The quarter's task list (季度工作任务单): the tasks due in the quarter, still open from
//! before, ongoing or with an unreadable deadline, and the projects' targets for the quarter.

use super::{Project, date_words};
use crate::domain::TaskStatus;
use crate::inbox::Inbox;
use crate::normalize::values::Deadline;
use crate::normalize::{Source, TaskRow};
use chrono::NaiveDate;
use rayon::prelude::*;

/// A line of the quarterly task sheet: a task, or a project's quarterly target.
#[derive(Debug, Clone)]
pub struct QuarterTask {
    pub item: String,
    pub target: String,
    pub lead_dept: String,
    pub support_depts: String,
    pub group: String,
    /// 工作完成时限 as shown: the date, `持续推进`, or the text when it could not be read.
    pub deadline_text: String,
    pub deadline: Option<NaiveDate>,
    pub ongoing: bool,
    pub status: String,
    pub overdue: bool,
    pub remarks: String,
    /// `任务` or `项目节点`.
    pub kind: &'static str,
    pub source: Source,
}

/// The period's quarter: its first and last day, and the period's end.
#[derive(Clone, Copy)]
struct Quarter {
    number: u32,
    start: NaiveDate,
    end: NaiveDate,
    period_end: NaiveDate,
}

/// The tasks of the period's quarter: due in it, still open from before, or ongoing; and the
/// projects' targets for the quarter.
pub(super) fn quarter_tasks(inbox: &Inbox, projects: &[Project]) -> Vec<QuarterTask> {
    let period = inbox.period;
    let number = period.quarter();
    let quarter = Quarter {
        number,
        start: NaiveDate::from_ymd_opt(period.year, (number - 1) * 3 + 1, 1)
            .unwrap_or(NaiveDate::MIN),
        end: crate::domain::month_end(period.year, number * 3).unwrap_or(NaiveDate::MAX),
        period_end: period.end(),
    };
    let mut tasks: Vec<QuarterTask> = inbox
        .tasks
        .iter()
        .filter_map(|t| task_line(t, quarter))
        .collect();
    // A large month has a quarterly target on most of its million projects.
    tasks.par_extend(projects.par_iter().filter_map(|p| target_line(p, quarter)));
    tasks.par_sort_by(|a, b| {
        (
            &a.lead_dept,
            a.ongoing,
            a.deadline,
            &a.source.file,
            a.source.row,
        )
            .cmp(&(
                &b.lead_dept,
                b.ongoing,
                b.deadline,
                &b.source.file,
                b.source.row,
            ))
    });
    tasks
}

/// A task's line, when it belongs on the quarter's sheet.
fn task_line(t: &TaskRow, q: Quarter) -> Option<QuarterTask> {
    let done = t.status == Some(TaskStatus::Done);
    let (deadline, ongoing, shown) = match &t.deadline {
        Deadline::Date(d) => (Some(*d), false, date_words(*d)),
        Deadline::Ongoing => (
            None,
            true,
            if t.deadline_text.is_empty() {
                "持续推进".into()
            } else {
                t.deadline_text.clone()
            },
        ),
        Deadline::Unknown(text) => (None, false, text.clone()),
    };
    let in_quarter = deadline.is_some_and(|d| d >= q.start && d <= q.end);
    let open_from_before = deadline.is_some_and(|d| d < q.start) && !done;
    let unknown = matches!(t.deadline, Deadline::Unknown(_));
    if !(in_quarter || open_from_before || ongoing || unknown) {
        return None;
    }
    Some(QuarterTask {
        item: t.item.clone(),
        target: t.target.clone(),
        lead_dept: t.lead_dept.clone(),
        support_depts: t.support_depts.clone().unwrap_or_default(),
        group: t.group.clone().unwrap_or_default(),
        deadline_text: shown,
        deadline,
        ongoing,
        status: t.status.map(|s| s.label().to_owned()).unwrap_or_default(),
        overdue: deadline.is_some_and(|d| d <= q.period_end) && !done,
        remarks: t.remarks.clone().unwrap_or_default(),
        kind: "任务",
        source: t.source.clone(),
    })
}

/// A project's target for the quarter, as a line due at the quarter's end.
fn target_line(p: &Project, q: Quarter) -> Option<QuarterTask> {
    let target = p.row.quarter_targets[(q.number - 1) as usize].as_ref()?;
    Some(QuarterTask {
        item: p.row.name.clone(),
        target: target.to_string(),
        lead_dept: p.row.lead_unit.to_string(),
        support_depts: p
            .row
            .support_units
            .as_deref()
            .unwrap_or_default()
            .to_owned(),
        group: "重大项目推进组".to_owned(),
        deadline_text: date_words(q.end),
        deadline: Some(q.end),
        ongoing: false,
        status: String::new(),
        overdue: false,
        remarks: p.row.progress.as_deref().unwrap_or_default().to_owned(),
        kind: "项目节点",
        source: p.row.source.clone(),
    })
}
