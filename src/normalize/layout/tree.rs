//! Header trees (LEDGER-SPEC 3A.2): a child header read together with its parents. A parent
//! naming a plan, an actual, a period or the years before qualifies its children:
//! `2022年计划 › 投资` is the annual plan, `1-3月完成情况 › 投资` the year to date,
//! `1-3月完成情况 › 形象进度` the progress, the plan's `形象进度` the annual target.

/// What a parent header says its children are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    /// 计划, 目标: the year's plan.
    Plan,
    /// 1-3月完成, 本年累计, 实际: the year to date.
    YearToDate,
    /// 3月完成, 本月, 当月: the period's month.
    Month,
    /// 截至上年底, 以前年度: before this year.
    Prior,
    /// 开工累计, 自开工: since the start of works.
    SinceStart,
}

/// Words of a parent (or child) header that qualify, checked in this order.
const PRIOR: [&str; 4] = ["截至上年底", "截止上年底", "以前年度", "上年底"];
const SINCE_START: [&str; 3] = ["开工累计", "自开工", "开工以来"];
const PLAN: [&str; 2] = ["计划", "目标"];
const MONTH: [&str; 2] = ["本月", "当月"];
const ACTUAL: [&str; 4] = ["完成", "实际", "累计", "进展"];
/// A child that is only an amount or only the progress, named by its parent.
const MONEY_WORDS: [&str; 3] = ["投资", "金额", "资金"];
const BARE_CHILDREN: [&str; 5] = ["计划", "完成", "实际", "实际完成", "完成情况"];

/// The qualifier a (normalised) header text states.
#[must_use]
pub fn qualifier(text: &str) -> Option<Qualifier> {
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if has(&PRIOR) {
        return Some(Qualifier::Prior);
    }
    if has(&SINCE_START) {
        return Some(Qualifier::SinceStart);
    }
    if has(&PLAN) {
        return Some(Qualifier::Plan);
    }
    if has(&MONTH) {
        return Some(Qualifier::Month);
    }
    if has(&ACTUAL) {
        // `1-3月` or none is the year to date; a single month (`3月完成`) is the month.
        return Some(if single_month(text) {
            Qualifier::Month
        } else {
            Qualifier::YearToDate
        });
    }
    None
}

/// `3月完成` names one month; `1-3月`, `2022年` or no month the year so far.
fn single_month(text: &str) -> bool {
    let Some(at) = text.find('月') else {
        return false;
    };
    let before = &text[..at];
    let digits = before.bytes().rev().take_while(u8::is_ascii_digit).count();
    digits > 0 && !before[..before.len() - digits].ends_with(['-', '~', '—', '至', '到'])
}

/// The field a child header means under its parents (both normalised), when the parents
/// decide it: an amount (`投资`, `计划`, `完成`) or the progress (`形象进度`). `child_field` is
/// what the child alone matches.
#[must_use]
pub fn qualified_field(
    parents: &str,
    child: &str,
    child_field: Option<&str>,
) -> Option<&'static str> {
    let q = qualifier(parents);
    match child_field {
        Some("progress") => {
            return match q {
                Some(Qualifier::Plan) => Some("annual_target"),
                _ => None,
            };
        }
        Some(_) => return None,
        None => {}
    }
    let money = MONEY_WORDS.iter().any(|w| child.contains(w)) || BARE_CHILDREN.contains(&child);
    if !money {
        return None;
    }
    // A bare `计划`/`完成` child qualifies itself; a parent's qualifier comes first otherwise.
    let q = match (q, qualifier(child)) {
        (_, Some(c)) if BARE_CHILDREN.contains(&child) => Some(c),
        (Some(p), _) => Some(p),
        (None, c) => c,
    };
    Some(match q? {
        Qualifier::Plan => "annual_plan",
        Qualifier::YearToDate => "ytd_completed",
        Qualifier::Month => "month_completed",
        Qualifier::Prior => "prior_completed",
        Qualifier::SinceStart => "cumulative_completed",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_qualify_children() {
        assert_eq!(
            qualified_field("2022年计划", "投资", None),
            Some("annual_plan")
        );
        assert_eq!(
            qualified_field("1-3月完成情况", "投资", None),
            Some("ytd_completed")
        );
        assert_eq!(
            qualified_field("3月完成", "投资", None),
            Some("month_completed")
        );
        assert_eq!(
            qualified_field("本月", "完成投资", None),
            Some("month_completed")
        );
        assert_eq!(
            qualified_field("截至上年底", "累计完成投资", None),
            Some("prior_completed")
        );
        assert_eq!(
            qualified_field("2022年投资", "计划", None),
            Some("annual_plan")
        );
        assert_eq!(
            qualified_field("2022年投资", "完成", None),
            Some("ytd_completed")
        );
        assert_eq!(
            qualified_field("2022年计划", "形象进度", Some("progress")),
            Some("annual_target")
        );
        assert_eq!(
            qualified_field("1-3月完成情况", "形象进度", Some("progress")),
            None
        );
        assert_eq!(
            qualified_field("投资情况", "总投资", Some("total_investment")),
            None
        );
        assert_eq!(qualified_field("基本情况", "投资", None), None);
    }
}
