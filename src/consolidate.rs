//! Counted rows → the month's figures: totals per category, per lead unit and overall (polars),
//! lag flags with their reasons in words (LEDGER-SPEC section 6), the quarter's task list and
//! the submission status of every unit. Pure functions over data; sorted before they leave.

use crate::config::{Config, Thresholds};
use crate::inbox::Inbox;
use crate::issue::Severity;
use crate::normalize::values::Deadline;
use crate::normalize::{FileStatus, ProjectRow, Source};
use crate::period::Period;
use chrono::{Datelike, NaiveDate};
use polars::prelude::*;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// The category order of every table.
pub const CATEGORIES: [&str; 3] = ["市属重大工程", "区属重大工程", "区属重点预备项目"];

/// Lag flags (section 6), in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Flag {
    #[serde(rename = "投资滞后")]
    Investment,
    #[serde(rename = "开工滞后")]
    Start,
    #[serde(rename = "竣工滞后")]
    Finish,
    #[serde(rename = "本月无进展")]
    NoProgress,
    #[serde(rename = "存在卡点")]
    Blocked,
}

impl Flag {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Flag::Investment => "投资滞后",
            Flag::Start => "开工滞后",
            Flag::Finish => "竣工滞后",
            Flag::NoProgress => "本月无进展",
            Flag::Blocked => "存在卡点",
        }
    }

    /// 存在卡点 is a note: it alone does not make a project lagging.
    #[must_use]
    pub fn is_lag(self) -> bool {
        self != Flag::Blocked
    }
}

/// A counted project with its flags.
#[derive(Debug, Clone)]
pub struct Project {
    pub row: ProjectRow,
    /// 本年累计 of the latest earlier period of the same year, when history has it.
    pub prev_ytd: Option<i64>,
    /// 本年累计 / 年度计划; `None` when there is no plan.
    pub completion_rate: Option<f64>,
    pub flags: Vec<Flag>,
    /// One sentence per flag, in the flags' order.
    pub reasons: Vec<String>,
    /// 投资滞后 by more than the severe threshold.
    pub severe: bool,
}

impl Project {
    #[must_use]
    pub fn is_lagging(&self) -> bool {
        self.flags.iter().any(|f| f.is_lag())
    }
}

/// One line of the 汇总 / 分单位 tables; money in fen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    pub label: String,
    pub projects: i64,
    pub formal: i64,
    pub preliminary: i64,
    pub carried: i64,
    pub new: i64,
    pub total_investment: i64,
    pub annual_plan: i64,
    pub ytd_completed: i64,
    /// Sum of last period's 本年累计 over the projects found in history.
    pub prev_ytd: Option<i64>,
    pub lagging: i64,
    pub investment_lag: i64,
    pub start_lag: i64,
    pub finish_lag: i64,
    pub no_progress: i64,
    pub blocked: i64,
}

impl Totals {
    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn completion_rate(&self) -> Option<f64> {
        (self.annual_plan > 0).then(|| self.ytd_completed as f64 / self.annual_plan as f64)
    }
}

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

/// A unit's submission for 报送情况 and 分单位.
#[derive(Debug, Clone)]
pub struct UnitStatus {
    pub unit: String,
    pub in_roster: bool,
    pub files: Vec<String>,
    pub errors: usize,
    pub warnings: usize,
}

impl UnitStatus {
    #[must_use]
    pub fn submitted(&self) -> bool {
        !self.files.is_empty()
    }
}

/// Everything the reports show.
#[derive(Debug, Clone)]
pub struct Consolidated {
    pub period: Period,
    /// 序时进度 at the period's end (0–1).
    pub schedule_progress: f64,
    /// Whether history gave last period's figures, and which period it was.
    pub previous_period: Option<Period>,
    pub projects: Vec<Project>,
    /// The three categories in order, then the total.
    pub by_category: Vec<Totals>,
    pub all: Totals,
    /// Per lead unit, by name.
    pub by_unit: Vec<Totals>,
    /// The quarter's tasks, grouped by 主责部门 (departments by name), then by deadline.
    pub quarter_tasks: Vec<QuarterTask>,
    pub units: Vec<UnitStatus>,
}

impl Consolidated {
    pub fn lagging(&self) -> impl Iterator<Item = &Project> {
        self.projects.iter().filter(|p| p.is_lagging())
    }

    /// 主责部门 of the quarter's task list, in order.
    #[must_use]
    pub fn task_departments(&self) -> Vec<&str> {
        let mut depts: Vec<&str> = self
            .quarter_tasks
            .iter()
            .map(|t| t.lead_dept.as_str())
            .collect();
        depts.dedup();
        depts
    }
}

/// Consolidates a checked inbox. `previous` is last period's 本年累计 by project key.
///
/// # Errors
/// Only if polars fails on frames it built itself.
pub fn consolidate(
    inbox: &Inbox,
    config: &Config,
    previous: Option<(Period, &BTreeMap<String, i64>)>,
) -> PolarsResult<Consolidated> {
    consolidate_rows(inbox.projects.clone(), inbox, config, previous)
}

/// [`consolidate`] with the counted rows given by value, taken out of the inbox
/// (`inbox.projects` is not read): the month's rows are moved, not copied.
///
/// # Errors
/// Only if polars fails on frames it built itself.
pub fn consolidate_rows(
    rows: Vec<ProjectRow>,
    inbox: &Inbox,
    config: &Config,
    previous: Option<(Period, &BTreeMap<String, i64>)>,
) -> PolarsResult<Consolidated> {
    let period = inbox.period;
    let schedule_progress = config.schedule[(period.month - 1) as usize];
    let flag = |row: ProjectRow| {
        let prev_ytd =
            previous.and_then(|(_, map)| map.get(&crate::validate::project_key(&row)).copied());
        flag_project(row, prev_ytd, period, schedule_progress, &config.thresholds)
    };
    let projects = map_in_chunks(rows, flag);
    let frame = project_frame(&projects)?;
    let with_history = previous.is_some();
    let mut by_category = group_totals(&frame, "category", with_history)?;
    by_category = CATEGORIES
        .iter()
        .map(|c| {
            by_category
                .iter()
                .find(|t| t.label == *c)
                .cloned()
                .unwrap_or_else(|| Totals {
                    label: (*c).to_owned(),
                    prev_ytd: with_history.then_some(0),
                    ..Totals::default()
                })
        })
        .collect();
    let mut all = overall_totals(&frame, with_history)?;
    all.label = "合计".to_owned();
    let by_unit = group_totals(&frame, "lead_unit", with_history)?;
    Ok(Consolidated {
        period,
        schedule_progress,
        previous_period: previous.map(|(p, _)| p),
        quarter_tasks: quarter_tasks(inbox, &projects),
        units: unit_status(inbox, config),
        projects,
        by_category,
        all,
        by_unit,
    })
}

/// `rows.into_par_iter().map(f).collect()`, with the rows taken from the end a chunk at a
/// time and their room given back as the results grow: a million rows are not held twice.
fn map_in_chunks<T: Send, U: Send>(mut rows: Vec<T>, f: impl Fn(T) -> U + Sync) -> Vec<U> {
    const CHUNK: usize = 1 << 15;
    let mut out: Vec<U> = Vec::with_capacity(rows.len());
    while !rows.is_empty() {
        let tail = rows.split_off(rows.len().saturating_sub(CHUNK));
        rows.shrink_to_fit();
        let mapped: Vec<U> = tail.into_par_iter().map(&f).collect();
        out.extend(mapped.into_iter().rev());
    }
    out.reverse();
    out
}

#[allow(clippy::cast_precision_loss)]
fn flag_project(
    row: ProjectRow,
    prev_ytd: Option<i64>,
    period: Period,
    progress: f64,
    t: &Thresholds,
) -> Project {
    let end = period.end();
    let completion_rate =
        (row.annual_plan > 0).then(|| row.ytd_completed as f64 / row.annual_plan as f64);
    let mut flags = Vec::new();
    let mut reasons = Vec::new();
    let mut severe = false;
    let yi = |fen: i64| fen as f64 / 1e10;
    if let (Some(rate), true) = (completion_rate, row.formal == "正式项目") {
        let gap = (progress - rate) * 100.0;
        if gap > t.investment_lag_points {
            severe = gap > t.investment_severe_points;
            flags.push(Flag::Investment);
            reasons.push(format!(
                "本年累计完成{:.2}亿元，占年度计划{:.1}%，低于序时进度{:.1}%达{:.1}个百分点{}",
                yi(row.ytd_completed),
                rate * 100.0,
                progress * 100.0,
                gap,
                if severe { "（严重滞后）" } else { "" }
            ));
        }
    }
    if let Some(start) = row.planned_start.filter(|d| *d <= end) {
        let not_started = match row.stage.as_deref() {
            Some(stage) => stage == "前期",
            None => row.has_actual_start_column && row.actual_start.is_none(),
        };
        if not_started {
            flags.push(Flag::Start);
            reasons.push(format!(
                "计划{}开工，截至{}仍未开工",
                date_words(start),
                date_words(end)
            ));
        }
    }
    if let (Some(finish), Some(stage)) = (
        row.planned_finish.filter(|d| *d <= end),
        row.stage.as_deref(),
    ) && stage != "竣工"
    {
        flags.push(Flag::Finish);
        reasons.push(format!(
            "计划{}竣工，目前仍处于{}阶段",
            date_words(finish),
            stage
        ));
    }
    let explicit_zero = row.stage.as_deref() == Some("在建") && row.month_completed == Some(0);
    let unchanged =
        prev_ytd.is_some_and(|p| p == row.ytd_completed) && row.stage.as_deref() != Some("竣工");
    if explicit_zero || unchanged {
        flags.push(Flag::NoProgress);
        reasons.push(if explicit_zero {
            "在建项目本月完成投资为0".to_owned()
        } else {
            format!(
                "本年累计完成投资与上期持平（{:.2}亿元），本月无新增",
                yi(row.ytd_completed)
            )
        });
    }
    if let Some(problem) = &row.problems {
        flags.push(Flag::Blocked);
        reasons.push(format!("存在问题：{problem}"));
    }
    Project {
        row,
        prev_ytd,
        completion_rate,
        flags,
        reasons,
        severe,
    }
}

/// `2022年3月31日`
#[must_use]
pub fn date_words(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn project_frame(projects: &[Project]) -> PolarsResult<DataFrame> {
    let has = |f: Flag| -> Vec<bool> { projects.iter().map(|p| p.flags.contains(&f)).collect() };
    df!(
        "category" => projects.iter().map(|p| p.row.category.as_str()).collect::<Vec<_>>(),
        "lead_unit" => projects.iter().map(|p| p.row.lead_unit.as_str()).collect::<Vec<_>>(),
        "formal" => projects.iter().map(|p| p.row.formal == "正式项目").collect::<Vec<_>>(),
        "preliminary" => projects.iter().map(|p| p.row.formal == "预备项目").collect::<Vec<_>>(),
        "carried" => projects.iter().map(|p| p.row.carry.as_deref() == Some("结转")).collect::<Vec<_>>(),
        "new" => projects.iter().map(|p| p.row.carry.as_deref() == Some("新增")).collect::<Vec<_>>(),
        "total_investment" => projects.iter().map(|p| p.row.total_investment).collect::<Vec<_>>(),
        "annual_plan" => projects.iter().map(|p| p.row.annual_plan).collect::<Vec<_>>(),
        "ytd_completed" => projects.iter().map(|p| p.row.ytd_completed).collect::<Vec<_>>(),
        "prev_ytd" => projects.iter().map(|p| p.prev_ytd.unwrap_or(0)).collect::<Vec<_>>(),
        "lagging" => projects.iter().map(Project::is_lagging).collect::<Vec<_>>(),
        "investment_lag" => has(Flag::Investment),
        "start_lag" => has(Flag::Start),
        "finish_lag" => has(Flag::Finish),
        "no_progress" => has(Flag::NoProgress),
        "blocked" => has(Flag::Blocked),
    )
}

const SUMMED: [&str; 15] = [
    "formal",
    "preliminary",
    "carried",
    "new",
    "total_investment",
    "annual_plan",
    "ytd_completed",
    "prev_ytd",
    "lagging",
    "investment_lag",
    "start_lag",
    "finish_lag",
    "no_progress",
    "blocked",
    "projects",
];

fn aggregations() -> Vec<Expr> {
    let mut exprs: Vec<Expr> = SUMMED[..14]
        .iter()
        .map(|c| col(*c).cast(DataType::Int64).sum().alias(*c))
        .collect();
    exprs.push(len().cast(DataType::Int64).alias("projects"));
    exprs
}

fn group_totals(frame: &DataFrame, key: &str, with_history: bool) -> PolarsResult<Vec<Totals>> {
    // Group order is not stable in polars: sort by the key before reading the rows.
    let grouped = frame
        .clone()
        .lazy()
        .group_by([col(key)])
        .agg(aggregations())
        .sort([key], SortMultipleOptions::default())
        .collect()?;
    let labels: Vec<String> = grouped
        .column(key)?
        .str()?
        .iter()
        .map(|s| s.unwrap_or_default().to_owned())
        .collect();
    totals_rows(&grouped, labels, with_history)
}

fn overall_totals(frame: &DataFrame, with_history: bool) -> PolarsResult<Totals> {
    let summed = frame.clone().lazy().select(aggregations()).collect()?;
    Ok(totals_rows(&summed, vec![String::new()], with_history)?
        .pop()
        .unwrap_or_default())
}

fn totals_rows(
    frame: &DataFrame,
    labels: Vec<String>,
    with_history: bool,
) -> PolarsResult<Vec<Totals>> {
    let column = |name: &str| -> PolarsResult<Vec<i64>> {
        Ok(frame
            .column(name)?
            .i64()?
            .iter()
            .map(|v| v.unwrap_or(0))
            .collect())
    };
    let c: BTreeMap<&str, Vec<i64>> = SUMMED
        .iter()
        .map(|n| Ok((*n, column(n)?)))
        .collect::<PolarsResult<_>>()?;
    Ok(labels
        .into_iter()
        .enumerate()
        .map(|(i, label)| Totals {
            label,
            projects: c["projects"][i],
            formal: c["formal"][i],
            preliminary: c["preliminary"][i],
            carried: c["carried"][i],
            new: c["new"][i],
            total_investment: c["total_investment"][i],
            annual_plan: c["annual_plan"][i],
            ytd_completed: c["ytd_completed"][i],
            prev_ytd: with_history.then(|| c["prev_ytd"][i]),
            lagging: c["lagging"][i],
            investment_lag: c["investment_lag"][i],
            start_lag: c["start_lag"][i],
            finish_lag: c["finish_lag"][i],
            no_progress: c["no_progress"][i],
            blocked: c["blocked"][i],
        })
        .collect())
}

/// The tasks of the period's quarter: due in it, still open from before, or ongoing; and the
/// projects' targets for the quarter.
fn quarter_tasks(inbox: &Inbox, projects: &[Project]) -> Vec<QuarterTask> {
    let period = inbox.period;
    let q = period.quarter();
    let q_start =
        NaiveDate::from_ymd_opt(period.year, (q - 1) * 3 + 1, 1).unwrap_or(NaiveDate::MIN);
    let q_end = crate::period::month_end(period.year, q * 3).unwrap_or(NaiveDate::MAX);
    let end = period.end();
    let mut tasks = Vec::new();
    for t in &inbox.tasks {
        let done = t.status.as_deref() == Some("已完成");
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
        let in_quarter = deadline.is_some_and(|d| d >= q_start && d <= q_end);
        let open_from_before = deadline.is_some_and(|d| d < q_start) && !done;
        let unknown = matches!(t.deadline, Deadline::Unknown(_));
        if !(in_quarter || open_from_before || ongoing || unknown) {
            continue;
        }
        tasks.push(QuarterTask {
            item: t.item.clone(),
            target: t.target.clone(),
            lead_dept: t.lead_dept.clone(),
            support_depts: t.support_depts.clone().unwrap_or_default(),
            group: t.group.clone().unwrap_or_default(),
            deadline_text: shown,
            deadline,
            ongoing,
            status: t.status.clone().unwrap_or_default(),
            overdue: deadline.is_some_and(|d| d <= end) && !done,
            remarks: t.remarks.clone().unwrap_or_default(),
            kind: "任务",
            source: t.source.clone(),
        });
    }
    for p in projects {
        let Some(target) = &p.row.quarter_targets[(q - 1) as usize] else {
            continue;
        };
        tasks.push(QuarterTask {
            item: p.row.name.clone(),
            target: target.to_string(),
            lead_dept: p.row.lead_unit.to_string(),
            support_depts: p
                .row
                .support_units
                .as_deref()
                .unwrap_or_default()
                .to_owned(),
            group: "重大项目推进".to_owned(),
            deadline_text: date_words(q_end),
            deadline: Some(q_end),
            ongoing: false,
            status: String::new(),
            overdue: false,
            remarks: p.row.progress.as_deref().unwrap_or_default().to_owned(),
            kind: "项目节点",
            source: p.row.source.clone(),
        });
    }
    tasks.sort_by(|a, b| {
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

/// Every roster unit (or, with no roster, every unit that sent a file) and what it sent.
fn unit_status(inbox: &Inbox, config: &Config) -> Vec<UnitStatus> {
    let mut units: BTreeMap<String, UnitStatus> = BTreeMap::new();
    let severities = inbox.severities_by_file();
    let mut order: Vec<String> = config.roster.iter().map(|u| u.name.clone()).collect();
    for u in &config.roster {
        units.insert(
            u.name.clone(),
            UnitStatus {
                unit: u.name.clone(),
                in_roster: true,
                files: Vec::new(),
                errors: 0,
                warnings: 0,
            },
        );
    }
    for l in inbox
        .ledgers
        .iter()
        .filter(|l| l.status != FileStatus::Skipped)
    {
        let entry = units.entry(l.unit.clone()).or_insert_with(|| {
            order.push(l.unit.clone());
            UnitStatus {
                unit: l.unit.clone(),
                in_roster: config.roster.is_empty(),
                files: Vec::new(),
                errors: 0,
                warnings: 0,
            }
        });
        entry.files.push(l.file.clone());
        if let Some(counts) = severities.get(l.file.as_str()) {
            entry.errors += counts[Severity::Error as usize];
            entry.warnings += counts[Severity::Warning as usize];
        }
    }
    order.iter().filter_map(|u| units.remove(u)).collect()
}
