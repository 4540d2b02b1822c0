//! `重大项目推进情况通报_P.docx` (LEDGER-SPEC section 7.7): the monthly bulletin as the Word
//! document the office sends to the leadership, in the 公文 style of `GB/T 9704` (A4 portrait,
//! title in 方正小标宋简体, body in `仿宋_GB2312` 16 pt, `一、` in 黑体, `（一）` in `楷体_GB2312`).
//! Every figure is rounded as the workbook shows it (`bulletin`'s rounding, `Money::rounded_text`),
//! and the file is the same byte for byte on a rerun: its dates are the period's, its ids fixed.

mod parts;

use super::bulletin::{bulletin, rate_tenths, schedule_tenths, tenths};
use crate::config::BulletinConfig;
use crate::consolidate::{Consolidated, Totals};
use crate::domain::{Light, MoneyUnit};
use crate::inbox::Inbox;
use crate::year::YearView;
use docx_rs::{
    AlignmentType, BuildXML as _, DocumentChild, Docx, LineSpacing, PageMargin, Paragraph, Run,
    RunFonts, SpecialIndentType,
};
use parts::{submissions, summary_table};
use std::fmt::Write as _;

/// Why the bulletin could not be written (only a failure of the zip writer in memory).
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("生成推进情况通报失败：{0}")]
    Zip(#[from] docx_rs::DocxError),
    #[error("生成推进情况通报失败：写入线程中止")]
    Aborted,
    #[error("生成推进情况通报失败：正文未能放入文档")]
    Body,
}

const TITLE_FONT: &str = "方正小标宋简体";
const TITLE_FALLBACK: &str = "宋体";
pub(super) const BODY_FONT: &str = "仿宋_GB2312";
const HEADING_FONT: &str = "黑体";
const SUBHEADING_FONT: &str = "楷体_GB2312";
/// Half-points: 二号 22 pt for the title, 三号 16 pt for the body.
const TITLE_SIZE: usize = 44;
const BODY_SIZE: usize = 32;
/// Fixed 28.95 pt lines (GB/T 9704: 22 lines a page), in twips.
const LINE: i32 = 579;
/// Two characters of 16 pt, in twips.
const INDENT: i32 = 640;

pub(super) fn fonts(face: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(face)
        .ascii(face)
        .hi_ansi(face)
        .cs(face)
}

fn run(text: &str, face: &str) -> Run {
    Run::new().add_text(text).fonts(fonts(face)).size(BODY_SIZE)
}

fn lines(p: Paragraph) -> Paragraph {
    p.line_spacing(
        LineSpacing::new()
            .line(LINE)
            .line_rule(docx_rs::LineSpacingType::Exact),
    )
}

/// A body paragraph, first line indented two characters.
fn body(text: &str) -> Paragraph {
    lines(
        Paragraph::new()
            .add_run(run(text, BODY_FONT))
            .align(AlignmentType::Left)
            .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None),
    )
}

/// `（一）…。` in 楷体, then the rest of the paragraph in 仿宋.
fn sub(head: &str, rest: &str) -> Paragraph {
    lines(
        Paragraph::new()
            .add_run(run(head, SUBHEADING_FONT))
            .add_run(run(rest, BODY_FONT))
            .align(AlignmentType::Left)
            .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None),
    )
}

fn heading(text: &str) -> Paragraph {
    lines(Paragraph::new().add_run(run(text, HEADING_FONT)).indent(
        None,
        Some(SpecialIndentType::FirstLine(INDENT)),
        None,
        None,
    ))
}

fn centred(text: &str, face: &str, size: usize) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(text).fonts(fonts(face)).size(size))
        .align(AlignmentType::Center)
}

fn right(text: &str) -> Paragraph {
    lines(
        Paragraph::new()
            .add_run(run(text, BODY_FONT))
            .align(AlignmentType::Right)
            .indent(None, None, Some(INDENT * 2), None),
    )
}

/// `一、二、…` from 0.
const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn numeral(i: usize) -> &'static str {
    NUMERALS.get(i).copied().unwrap_or("十")
}

/// The bulletin's bytes.
///
/// # Errors
/// Only if the zip writer fails in memory.
pub fn bulletin_docx(
    c: &Consolidated,
    inbox: &Inbox,
    y: &YearView,
    config: &BulletinConfig,
    unit: MoneyUnit,
) -> Result<Vec<u8>, DocxError> {
    // docx-rs numbers paragraphs from a counter of the thread: a thread of its own starts it
    // at 1, so the same month gives the same ids, and the same bytes.
    std::thread::scope(|scope| {
        scope
            .spawn(|| build(c, inbox, y, config, unit))
            .join()
            .unwrap_or(Err(DocxError::Aborted))
    })
}

fn build(
    c: &Consolidated,
    inbox: &Inbox,
    y: &YearView,
    config: &BulletinConfig,
    unit: MoneyUnit,
) -> Result<Vec<u8>, DocxError> {
    let period = c.period;
    let issue = if config.issue.trim().is_empty() {
        format!("第{}期", period.month)
    } else {
        config.issue.clone()
    };
    let date = if config.date.trim().is_empty() {
        super::super::consolidate::date_words(period.end())
    } else {
        config.date.clone()
    };
    let stamp = format!("{}T00:00:00Z", period.end());
    let mut doc = Docx::new()
        .page_size(11906, 16838)
        .page_margin(PageMargin {
            top: 2098,
            left: 1588,
            bottom: 1984,
            right: 1474,
            header: 851,
            footer: 992,
            gutter: 0,
        })
        .default_fonts(fonts(BODY_FONT))
        .default_size(BODY_SIZE)
        .created_at(&stamp)
        .updated_at(&stamp)
        .add_paragraph(
            Paragraph::new()
                .add_run(
                    Run::new()
                        .add_text("重大项目推进情况通报")
                        .fonts(fonts(TITLE_FONT).hint("eastAsia").cs(TITLE_FALLBACK))
                        .size(TITLE_SIZE)
                        .bold(),
                )
                .align(AlignmentType::Center),
        )
        .add_paragraph(centred(&issue, SUBHEADING_FONT, BODY_SIZE))
        .add_paragraph(centred(
            &format!("{}　　{}", config.office, date),
            BODY_FONT,
            BODY_SIZE,
        ))
        .add_paragraph(Paragraph::new());
    // The body can run to a hundred thousand paragraphs in a large month, and docx-rs holds
    // kilobytes for each: each is made and turned into its XML in turn, in the order the ids
    // are counted, and the XML goes where a stand-in paragraph made last stands in the tree.
    let body_at = doc.document.children.len();
    let mut body_xml = Vec::new();
    for part in parts(c, inbox, y, unit) {
        body_xml.extend_from_slice(&part.paragraph().build());
    }
    doc = signature_and_table(doc, c, &config.office, &date, unit);
    pack_with_body(doc, body_at, body_xml)
}

/// The signature under the body, then the 附表 on a page of its own.
fn signature_and_table(
    doc: Docx,
    c: &Consolidated,
    office: &str,
    date: &str,
    unit: MoneyUnit,
) -> Docx {
    doc.add_paragraph(Paragraph::new())
        .add_paragraph(right(office))
        .add_paragraph(right(date))
        .add_paragraph(
            heading(&format!(
                "附表：{}年{}月重大项目推进情况汇总",
                c.period.year, c.period.month
            ))
            .indent(None, None, None, None)
            .page_break_before(true),
        )
        .add_paragraph(lines(
            Paragraph::new()
                .add_run(run(&format!("单位：{}", unit.label()), BODY_FONT).size(24))
                .align(AlignmentType::Right),
        ))
        .add_table(summary_table(c, unit))
}

/// The document's bytes, with `body_xml` as its children from `at` on.
fn pack_with_body(mut doc: Docx, at: usize, body_xml: Vec<u8>) -> Result<Vec<u8>, DocxError> {
    let stand_in = Paragraph::new().add_run(Run::new().add_text(STAND_IN));
    let stand_in_xml = stand_in.build();
    doc.document
        .children
        .insert(at, DocumentChild::Paragraph(Box::new(stand_in)));
    let mut xml = doc.build();
    let start = xml
        .document
        .windows(stand_in_xml.len())
        .position(|w| w == stand_in_xml.as_slice())
        .ok_or(DocxError::Body)?;
    xml.document
        .splice(start..start + stand_in_xml.len(), body_xml);
    let mut bytes = std::io::Cursor::new(Vec::new());
    xml.pack(&mut bytes).map_err(|e| DocxError::Zip(e.into()))?;
    Ok(bytes.into_inner())
}

/// Text that no paragraph of the bulletin holds: where the body goes.
const STAND_IN: &str = "taizhang: the body of the bulletin";

/// A paragraph of the body, as its words: the paragraph itself is made only when written.
enum Part {
    Heading(&'static str),
    Body(String),
    /// `（一）…。` in 楷体, then the rest.
    Sub(String, String),
}

impl Part {
    fn paragraph(&self) -> Paragraph {
        match self {
            Part::Heading(text) => heading(text),
            Part::Body(text) => body(text),
            Part::Sub(head, rest) => sub(head, rest),
        }
    }
}

/// 一、总体情况 to 五、报送情况.
fn parts(c: &Consolidated, inbox: &Inbox, y: &YearView, unit: MoneyUnit) -> Vec<Part> {
    let mut out = vec![Part::Heading("一、总体情况"), Part::Body(bulletin(c, unit))];
    out.push(Part::Heading("二、分类推进情况"));
    for (i, t) in c.by_category.iter().enumerate() {
        out.push(Part::Sub(
            format!("（{}）{}。", numeral(i), t.label),
            category_words(t, c.schedule_progress, unit),
        ));
    }
    out.push(Part::Heading("三、滞后项目情况"));
    out.extend(lagging(c, y));
    out.push(Part::Heading("四、存在问题及协调建议"));
    out.extend(ladder(c, y));
    out.push(Part::Heading("五、报送情况"));
    out.push(Part::Body(submissions(c, inbox, y)));
    out
}

/// `共11个项目，年度计划投资12.34亿元，本年累计完成3.21亿元，占年度计划的26.0%，低于序时进度…；滞后项目2个。`
fn category_words(t: &Totals, schedule: f64, unit: MoneyUnit) -> String {
    let u = unit.label();
    if t.projects == 0 {
        return "本期无项目。".to_owned();
    }
    let mut s = format!(
        "共{}个项目，年度计划投资{}{u}，本年累计完成{}{u}",
        t.projects,
        t.annual_plan.rounded_text(unit),
        t.ytd_completed.rounded_text(unit)
    );
    if let Some(rate) = rate_tenths(t) {
        let gap = rate - schedule_tenths(schedule);
        let _ = write!(s, "，占年度计划的{}%", tenths(rate));
        let _ = match gap.signum() {
            -1 => write!(s, "，低于序时进度{}个百分点", tenths(-gap)),
            1 => write!(s, "，高于序时进度{}个百分点", tenths(gap)),
            _ => write!(s, "，与序时进度持平"),
        };
    }
    if t.lagging > 0 {
        let _ = write!(s, "；滞后项目{}个。", t.lagging);
    } else {
        s.push_str("；无滞后项目。");
    }
    s
}

/// Counts by flag and colour, then the red projects by name with their unit and reason.
fn lagging(c: &Consolidated, y: &YearView) -> Vec<Part> {
    let a = &c.all;
    let [red, yellow, green] = y.counts();
    let flags: Vec<String> = [
        ("投资滞后", a.investment_lag),
        ("开工滞后", a.start_lag),
        ("竣工滞后", a.finish_lag),
        ("本月无进展", a.no_progress),
    ]
    .iter()
    .filter(|(_, n)| *n > 0)
    .map(|(l, n)| format!("{l}{n}个"))
    .collect();
    let mut s = if a.lagging == 0 {
        "本期无滞后项目".to_owned()
    } else if flags.is_empty() {
        format!("本期滞后项目{}个", a.lagging)
    } else {
        format!("本期滞后项目{}个，其中{}", a.lagging, flags.join("、"))
    };
    let _ = write!(
        s,
        "。按红黄绿灯预警，{}灯项目{red}个、{}灯项目{yellow}个、{}灯项目{green}个。",
        y.label(Light::Red),
        y.label(Light::Yellow),
        y.label(Light::Green)
    );
    let mut out = vec![Part::Body(s)];
    let reds: Vec<String> = c
        .projects
        .iter()
        .zip(&y.projects)
        .filter(|(_, py)| py.light == Light::Red)
        .enumerate()
        .map(|(i, (p, py))| {
            let reasons: Vec<&str> = py.setting().map(|c| c.reason.as_str()).collect();
            format!(
                "{}. {}（{}）：{}。",
                i + 1,
                p.row.name,
                p.row.lead_unit,
                reasons.join("；")
            )
        })
        .collect();
    if !reds.is_empty() {
        out.push(Part::Sub(
            format!("（一）{}灯项目。", y.label(Light::Red)),
            String::new(),
        ));
        out.extend(reds.into_iter().map(Part::Body));
    }
    out
}

/// The ladder, highest level first: one （一） per level, its projects under it.
fn ladder(c: &Consolidated, y: &YearView) -> Vec<Part> {
    if y.problems.is_empty() {
        return vec![Part::Body("本期各项目未报存在问题。".to_owned())];
    }
    let mut out = Vec::new();
    if y.problems.iter().any(|p| p.incomplete) {
        out.push(Part::Body(
            "（本年此前部分月份无汇总记录，持续月数自有记录的月份起计，实际可能更久。）".to_owned(),
        ));
    }
    let mut levels: Vec<usize> = y.problems.iter().map(|p| p.level).collect();
    levels.dedup();
    for (n, level) in levels.iter().enumerate() {
        let items: Vec<_> = y.problems.iter().filter(|p| p.level == *level).collect();
        let label = items.first().map_or("", |p| p.level_label.as_str());
        out.push(Part::Sub(
            format!("（{}）{}（{}个）。", numeral(n), label, items.len()),
            String::new(),
        ));
        for (i, pr) in items.iter().enumerate() {
            let Some(p) = c.projects.get(pr.project) else {
                continue;
            };
            let since = if pr.incomplete {
                format!(
                    "自{}年{}月起已持续{}个月",
                    pr.first_seen.year, pr.first_seen.month, pr.months
                )
            } else {
                format!(
                    "{}年{}月首次报送，已持续{}个月",
                    pr.first_seen.year, pr.first_seen.month, pr.months
                )
            };
            out.push(Part::Body(format!(
                "{}. {}（{}）：{}。{since}。",
                i + 1,
                p.row.name,
                p.row.lead_unit,
                pr.problem.trim_end_matches('。'),
            )));
        }
    }
    out
}
