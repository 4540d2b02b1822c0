//! The light of a project (section 6A): the worst of its components 投资, 开工, 竣工, 进展 and
//! 持续滞后, each with its reason in words; then its streak and its changes.

use super::ProjectYear;
use super::rows::{History, changes};
use crate::config::Config;
use crate::consolidate::{Flag, Project};
use crate::domain::{Formality, Light, Money, Period, Ratio};
use chrono::{Datelike, NaiveDate};

/// The components of a light, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ComponentKind {
    Investment,
    Start,
    Finish,
    Progress,
    Persistent,
}

impl ComponentKind {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            ComponentKind::Investment => "投资",
            ComponentKind::Start => "开工",
            ComponentKind::Finish => "竣工",
            ComponentKind::Progress => "进展",
            ComponentKind::Persistent => "持续滞后",
        }
    }
}

/// One component that is not green.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    pub kind: ComponentKind,
    pub light: Light,
    /// `开工：应开工3个月未开工`
    pub reason: String,
}

/// m = months overdue, 1 when the date falls in the period's own month.
#[must_use]
pub fn months_overdue(period: Period, due: NaiveDate) -> i64 {
    let p = i64::from(period.year) * 12 + i64::from(period.month);
    let d = i64::from(due.year()) * 12 + i64::from(due.month());
    p - d + 1
}

pub(super) fn project_year(
    p: &Project,
    period: Period,
    config: &Config,
    history: &History,
) -> ProjectYear {
    let key = p.row.key();
    let y = &config.year;
    let mut components = Vec::new();
    if let Some(c) = investment(p, config.schedule[(period.month - 1) as usize], config) {
        components.push(c);
    }
    let overdue = |kind, date: Option<NaiveDate>, red_from: u32, verb: &str| {
        let m = months_overdue(period, date?).max(1);
        let light = if m >= i64::from(red_from) {
            Light::Red
        } else {
            Light::Yellow
        };
        Some(Component {
            kind,
            light,
            reason: format!("{}：应{verb}{m}个月未{verb}", ComponentKind::label(kind)),
        })
    };
    if p.flags.contains(&Flag::Start) {
        components.extend(overdue(
            ComponentKind::Start,
            p.row.planned_start,
            y.start_red_months,
            "开工",
        ));
    }
    if p.flags.contains(&Flag::Finish) {
        components.extend(overdue(
            ComponentKind::Finish,
            p.row.planned_finish,
            y.finish_red_months,
            "竣工",
        ));
    }
    let no_progress = history.run(&key, p.flags.contains(&Flag::NoProgress), |r| r.no_progress);
    if no_progress.months > 0 {
        let red = no_progress.months >= y.no_progress_red_months;
        components.push(Component {
            kind: ComponentKind::Progress,
            light: if red { Light::Red } else { Light::Yellow },
            reason: if red {
                format!("进展：连续{}个月无进展", no_progress.months)
            } else {
                "进展：本月无进展".to_owned()
            },
        });
    }
    let streak = history.run(&key, p.is_lagging(), |r| r.lagging);
    if streak.months >= y.lagging_red_months.max(1) {
        components.push(Component {
            kind: ComponentKind::Persistent,
            light: Light::Red,
            reason: format!("持续滞后：连续{}个月滞后", streak.months),
        });
    }
    components.sort_by(|a, b| b.light.cmp(&a.light).then(a.kind.cmp(&b.kind)));
    let light = components
        .iter()
        .map(|c| c.light)
        .max()
        .unwrap_or(Light::Green);
    ProjectYear {
        light,
        changes: changes(history, &key, p.is_lagging(), light),
        components,
        streak: streak.months,
        streak_incomplete: streak.incomplete,
    }
}

/// 投资: gap = 序时进度 − 完成率 in points, exactly; green up to the lag threshold.
fn investment(p: &Project, schedule: Ratio, config: &Config) -> Option<Component> {
    let row = &p.row;
    if row.formal != Formality::Formal || row.annual_plan <= Money::ZERO {
        return None;
    }
    let rate = Ratio::new(row.ytd_completed.fen().into(), row.annual_plan.fen().into())?;
    let gap = schedule.minus(rate).times(Ratio::whole(100));
    let t = &config.thresholds;
    let light = if gap > Ratio::from_decimal(t.investment_severe_points) {
        Light::Red
    } else if gap > Ratio::from_decimal(t.investment_lag_points) {
        Light::Yellow
    } else {
        return None;
    };
    let tenths = gap.tenths();
    Some(Component {
        kind: ComponentKind::Investment,
        light,
        reason: format!(
            "投资：低于序时进度{}.{}个百分点{}",
            tenths / 10,
            tenths % 10,
            if light == Light::Red {
                "（严重滞后）"
            } else {
                ""
            }
        ),
    })
}
