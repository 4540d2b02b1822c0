//! Writes a month (period 2022-03) of realistic unit ledgers at any scale, for benchmarks and
//! load tests:
//!
//! ```text
//! cargo run --release --example generate -- --units 60 --rows 200 --out /tmp/month [--seed 7]
//! ```
//!
//! `--units N` member units each send one file with `--rows M` project rows (N × M in all), in
//! the messy layouts of LEDGER-SPEC section 2, taken in turn: the canonical template with a task
//! sheet and a notes sheet; a title, `填报单位`/`单位：万元`/`截至` row, aliases and period
//! headers, a `合计` row of formulas, note rows and a task sheet by aliases; a two-row header
//! under a merged `投资情况（万元）`, `主责单位` merged down, `小计`/`总计` rows; mixed units
//! (`总投资（亿元）`, `1.2亿`, `3500万元`, `７,350.5`, `—`) and dates in every written form; blank
//! rows, a blank column, hidden rows and a hidden column; CSV in GBK. A few rows carry the
//! mistakes units make (`12..5`, a negative plan, `#REF!`, an unknown category, an empty name)
//! and a few repeat another unit's project. Plus an Office lock file and a WPS file to skip.
//!
//! The output depends only on the arguments: the same seed gives the same bytes. Files with
//! more than 20,000 rows are written in `rust_xlsxwriter`'s constant-memory mode.

use rayon::prelude::*;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

type R<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub units: usize,
    pub rows: usize,
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    pub files: usize,
    pub project_rows: usize,
    pub task_rows: usize,
    pub bytes: u64,
}

/// Changes with what `generate` writes (benchmarks cache generated months by it).
pub const VERSION: &str = "1";

/// Files with more rows than this are written in constant-memory mode.
const CONSTANT_MEMORY_ROWS: usize = 20_000;

// ---------------------------------------------------------------------------------------------
// A small deterministic random source (SplitMix64): no dependency, same stream everywhere.
// ---------------------------------------------------------------------------------------------

struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    #[allow(clippy::cast_precision_loss)]
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
}

// ---------------------------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------------------------

const DISTRICTS: [&str; 16] = [
    "普陀区",
    "静安区",
    "徐汇区",
    "长宁区",
    "杨浦区",
    "虹口区",
    "黄浦区",
    "浦东新区",
    "闵行区",
    "宝山区",
    "嘉定区",
    "金山区",
    "松江区",
    "青浦区",
    "奉贤区",
    "崇明区",
];

const UNITS: [&str; 36] = [
    "区发改委",
    "区建管委",
    "区规划资源局",
    "区商务委",
    "金泽镇",
    "新城公司",
    "区交通委",
    "区卫健委",
    "区教育局",
    "区财政局",
    "区绿化市容局",
    "区房管局",
    "区文化旅游局",
    "区科委",
    "区民政局",
    "区生态环境局",
    "区水务局",
    "区体育局",
    "区国资委",
    "区城运中心",
    "区应急局",
    "区市场监管局",
    "区人社局",
    "区公安分局",
    "桃浦镇",
    "长征镇",
    "真如镇街道",
    "长风新村街道",
    "长寿路街道",
    "曹杨新村街道",
    "甘泉路街道",
    "石泉路街道",
    "宜川路街道",
    "万里街道",
    "江宁路街道",
    "华东公司",
];

const PLACES: [&str; 24] = [
    "桃浦",
    "真如",
    "长风",
    "金泽",
    "曹杨",
    "万里",
    "长征",
    "石泉",
    "宜川",
    "甘泉",
    "武宁",
    "中山北路",
    "江宁路",
    "铜川路",
    "真北路",
    "祁连山南路",
    "金沙江路",
    "怒江北路",
    "西岑",
    "任屯",
    "梅川路",
    "李子园",
    "大渡河路",
    "绥德路",
];

const WORKS: [&str; 30] = [
    "智创城中央绿地",
    "城市副中心商办项目",
    "生态商务区总部大楼",
    "道路改建工程",
    "道路新建工程",
    "综合改造工程",
    "成套改造",
    "雨污混接改造工程",
    "综合管廊工程",
    "地下通道工程",
    "公共租赁住房",
    "动迁安置房",
    "社区文化中心",
    "社区卫生服务中心迁建",
    "九年一贯制学校",
    "配套幼儿园",
    "高级中学新建工程",
    "体育馆改建工程",
    "公共停车库",
    "公交枢纽改建工程",
    "滨水绿地",
    "城中村改造",
    "旧区改造",
    "数据中心",
    "科创中心配套道路",
    "能源中心",
    "为老服务中心",
    "医院门急诊综合楼",
    "文化综合体",
    "商业综合体",
];

const PHASES: [&str; 6] = ["", "（一期）", "（二期）", "二期", "（三期）", "扩建"];

const PROGRESS: [&str; 16] = [
    "主体结构施工",
    "基坑围护施工",
    "桩基施工",
    "施工图审查中",
    "已竣工验收，办理产证",
    "动迁收尾，施工招标",
    "管道施工",
    "内部装修",
    "道路基层施工",
    "方案设计",
    "可研编制",
    "地下室结构完成",
    "幕墙施工",
    "机电安装",
    "收储面积完成过半",
    "居民签约率超九成",
];

const PROBLEMS: [&str; 10] = [
    "电力接入方案待市电力公司确认",
    "燃气管线搬迁未完成",
    "沿线动迁未签约",
    "交通组织方案审批慢",
    "施工图审查排队",
    "渣土外运受限",
    "设计变更，进度款拨付滞后",
    "文物保护方案审批未完成",
    "地块规划指标待批复",
    "个别企业补偿标准未谈妥",
];

const COMPANY: [&str; 5] = [
    "开发建设有限公司",
    "投资有限公司",
    "城市更新有限公司",
    "发展有限公司",
    "建设管理中心",
];

const SURNAMES: [&str; 12] = [
    "王", "陈", "李", "张", "刘", "杨", "赵", "黄", "周", "吴", "徐", "孙",
];
const GIVEN: [&str; 12] = [
    "磊", "静", "娜", "伟", "敏", "强", "芳", "军", "洁", "勇", "艳", "涛",
];

const TASK_ITEMS: [&str; 10] = [
    "重大项目年度计划编制",
    "重大项目一季度开工",
    "土地出让前期准备",
    "岸线贯通品质提升",
    "重大项目月度调度",
    "项目用地保障",
    "校舍安全改造",
    "老旧小区综合改造",
    "营商环境优化",
    "生态环境整治",
];

const DEADLINES: [&str; 12] = [
    "2022年3月底",
    "一季度",
    "6月底",
    "年底",
    "持续推进",
    "2022-02-28",
    "第二季度",
    "3月底",
    "2022年9月",
    "下半年",
    "常态化",
    "2022.6",
];

const STATUS: [&str; 3] = ["已完成", "推进中", "未启动"];

// ---------------------------------------------------------------------------------------------
// One project as a unit writes it
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cat {
    City,
    District,
    Reserve,
}

/// A date as written: a date cell, or one of the text forms units type.
type Ymd = (u16, u8, u8);

/// A mistake a unit makes in a row.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mistake {
    None,
    BadNumber,
    Negative,
    RefError,
    BadCategory,
    NoName,
}

#[derive(Clone)]
struct Project {
    code: String,
    name: String,
    cat: Cat,
    formal: bool,
    carried: bool,
    stage: usize,
    kind: &'static str,
    lead: String,
    builder: String,
    support: String,
    /// 万元.
    total: f64,
    plan: f64,
    ytd: f64,
    month: Option<f64>,
    cum: Option<f64>,
    start: Ymd,
    finish: Ymd,
    actual: Option<Ymd>,
    progress: String,
    problems: &'static str,
    next: String,
    q: [String; 4],
    contact: String,
    mistake: Mistake,
}

const STAGES: [&str; 3] = ["前期", "在建", "竣工"];
const KINDS: [&str; 4] = [
    "政府投资项目",
    "社会投资项目",
    "重点民生项目",
    "重大产业项目",
];

/// Rounds to one decimal (units write 万元 to at most one or two decimals).
fn tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn month_end(y: u16, m: u8) -> u8 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if y % 4 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn date_between(rng: &mut Rng, from: (u16, u8), months: usize) -> Ymd {
    let k = rng.below(months);
    let m0 = usize::from(from.1) - 1 + k;
    let y = from.0 + (m0 / 12) as u16;
    let m = (m0 % 12) as u8 + 1;
    let d = if rng.chance(0.6) {
        month_end(y, m)
    } else {
        1 + rng.below(28) as u8
    };
    (y, m, d)
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn project(rng: &mut Rng, unit: &str, code: String, leads: &[String]) -> Project {
    let cat = match rng.below(20) {
        0 | 1 => Cat::City,
        2 | 3 => Cat::Reserve,
        _ => Cat::District,
    };
    let formal = cat != Cat::Reserve && !rng.chance(0.03);
    let stage = if !formal {
        0
    } else {
        match rng.below(10) {
            0 => 0,
            1 => 2,
            _ => 1,
        }
    };
    let carried = formal && rng.chance(0.7);
    let name = format!(
        "{}{}{}",
        rng.pick(&PLACES),
        rng.pick(&WORKS),
        rng.pick(&PHASES)
    );
    let total = (1000.0 * 10f64.powf(rng.range(0.0, 2.6)) / 10.0).round() * 10.0;
    let plan = if formal {
        (total * rng.range(0.05, 0.35) / 10.0).round() * 10.0
    } else {
        (total * rng.range(0.005, 0.04) / 10.0).round() * 10.0
    };
    let ytd = match stage {
        0 if !formal => 0.0,
        0 => tenth(plan * rng.range(0.0, 0.35)),
        2 => plan,
        _ => tenth(plan * rng.range(0.12, 0.45)),
    };
    let month = match stage {
        1 if rng.chance(0.05) => Some(0.0),
        1 | 2 => Some(tenth(ytd * rng.range(0.2, 0.45))),
        _ => Some(0.0),
    };
    let (start, finish) = match stage {
        0 => {
            let start = date_between(rng, (2022, 3), 12);
            (start, date_between(rng, (start.0 + 1, start.1), 30))
        }
        1 => (
            date_between(rng, (2019, 6), 33),
            date_between(rng, (2022, 6), 42),
        ),
        _ => (
            date_between(rng, (2019, 1), 24),
            date_between(rng, (2021, 10), 6),
        ),
    };
    let actual = (stage > 0).then(|| (start.0, start.1, 1 + rng.below(28) as u8));
    let lead = if leads.is_empty() || rng.chance(0.85) {
        unit.to_owned()
    } else {
        rng.pick(leads)
    };
    let step = |rng: &mut Rng| format!("{}{}", rng.pick(&PROGRESS), rng.pick(&["", "完成", "中"]));
    let mut p = Project {
        code,
        name,
        cat,
        formal,
        carried,
        stage,
        kind: rng.pick(&KINDS),
        lead,
        builder: format!("上海{}{}", rng.pick(&PLACES), rng.pick(&COMPANY)),
        support: format!("{}、{}", rng.pick(&UNITS), rng.pick(&UNITS)),
        total,
        plan,
        ytd,
        month,
        cum: (stage > 0).then(|| tenth(total * rng.range(0.1, 0.8)).max(ytd)),
        start,
        finish,
        actual,
        progress: step(rng),
        problems: if rng.chance(0.2) {
            rng.pick(&PROBLEMS)
        } else {
            ""
        },
        next: step(rng),
        q: [step(rng), step(rng), step(rng), step(rng)],
        contact: format!(
            "{}{} 5256{:04}",
            rng.pick(&SURNAMES),
            rng.pick(&GIVEN),
            rng.below(10_000)
        ),
        mistake: Mistake::None,
    };
    if rng.chance(0.004) {
        p.mistake = rng.pick(&[
            Mistake::BadNumber,
            Mistake::Negative,
            Mistake::RefError,
            Mistake::BadCategory,
            Mistake::NoName,
        ]);
    }
    p
}

// ---------------------------------------------------------------------------------------------
// Columns and cells
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum C {
    Seq,
    Code,
    Name,
    Cat,
    Kind,
    Formal,
    Carry,
    Stage,
    Lead,
    Builder,
    Support,
    Total,
    Plan,
    Ytd,
    Cum,
    Month,
    Start,
    Finish,
    Actual,
    Progress,
    Problems,
    Next,
    Q1,
    Q2,
    Q3,
    Q4,
    Contact,
    Gap,
}

/// How a layout spells the enum values.
#[derive(Clone, Copy)]
struct Spelling {
    short: bool,
}

impl Spelling {
    fn cat(self, p: &Project, rng: &mut Rng) -> &'static str {
        if p.mistake == Mistake::BadCategory {
            return "市区共建";
        }
        match (p.cat, self.short) {
            (Cat::City, false) => "市属重大工程",
            (Cat::District, false) => "区属重大工程",
            (Cat::Reserve, false) => "区属重点预备项目",
            (Cat::City, true) => rng.pick(&["市属", "市重大", "市级重大", "市属重大工程"]),
            (Cat::District, true) => rng.pick(&["区属", "区属重大工程", "区重大"]),
            (Cat::Reserve, true) => rng.pick(&["区属预备", "区属重点预备项目"]),
        }
    }

    fn formal(self, p: &Project) -> &'static str {
        match (p.formal, self.short) {
            (true, false) => "正式项目",
            (false, false) => "预备项目",
            (true, true) => "正式",
            (false, true) => "预备",
        }
    }

    fn carry(self, p: &Project, rng: &mut Rng) -> &'static str {
        match (p.carried, self.short) {
            (true, false) => "结转",
            (false, false) => "新增",
            (true, true) => rng.pick(&["结转", "续建"]),
            (false, true) => rng.pick(&["新增", "新开"]),
        }
    }
}

struct Fmts {
    head: Format,
    title: Format,
    text: Format,
    money: Format,
    date: Format,
    bold: Format,
}

impl Fmts {
    fn new(date_format: &str) -> Fmts {
        let border = Format::new().set_border(FormatBorder::Thin);
        Fmts {
            head: border
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(0x00DD_EBF7),
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            text: border.clone().set_text_wrap(),
            money: border.clone().set_num_format("#,##0.00"),
            date: border.clone().set_num_format(date_format),
            bold: border.set_bold(),
        }
    }
}

/// How money and dates are written by a layout.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    /// Numbers and date cells.
    Plain,
    /// Dates as text `2020.12`.
    DotMonths,
    /// 总投资 in 亿元, text amounts with units, separators and full-width digits, blank marks,
    /// dates in every written form.
    Messy,
}

fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn thousands(v: f64) -> String {
    let s = format!("{v}");
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    f: &'a Fmts,
    style: Style,
}

impl Sheet<'_> {
    fn text(&mut self, r: u32, c: u16, s: &str) -> Result<(), XlsxError> {
        if s.is_empty() {
            self.ws.write_blank(r, c, &self.f.text)?;
        } else {
            self.ws.write_string_with_format(r, c, s, &self.f.text)?;
        }
        Ok(())
    }

    /// A money cell in 万元 (`in_yi`: the column is in 亿元).
    fn money(
        &mut self,
        rng: &mut Rng,
        r: u32,
        c: u16,
        wan: Option<f64>,
        in_yi: bool,
    ) -> Result<(), XlsxError> {
        let Some(v) = wan else {
            return self.text(r, c, "");
        };
        if self.style == Style::Messy {
            let roll = rng.below(12);
            let text = match roll {
                0 if v >= 10_000.0 => Some(format!("{}亿", v / 10_000.0)),
                1 => Some(format!("{v}万")),
                2 if !in_yi => Some(format!("{v}万元")),
                3 | 4 if !in_yi => Some(thousands(v)),
                5 if !in_yi => Some(fullwidth(&format!("{v}"))),
                _ => None,
            };
            if let Some(t) = text {
                return self.text(r, c, &t);
            }
        }
        let shown = if in_yi { v / 10_000.0 } else { v };
        self.ws
            .write_number_with_format(r, c, shown, &self.f.money)?;
        Ok(())
    }

    fn date(&mut self, rng: &mut Rng, r: u32, c: u16, d: Option<Ymd>) -> Result<(), XlsxError> {
        let Some((y, m, day)) = d else {
            return self.text(r, c, "");
        };
        let text = match self.style {
            Style::Plain => None,
            Style::DotMonths => Some(format!("{y}.{m:02}")),
            Style::Messy => match rng.below(7) {
                0 => Some(format!("{y}/{m}/{day}")),
                1 => Some(format!("{y}.{m}")),
                2 => Some(format!("{y}年{m}月")),
                3 => Some(format!("{y}年{m}月底")),
                4 => Some(format!("{y}-{m:02}-{day:02}")),
                _ => None,
            },
        };
        match text {
            Some(t) => self.text(r, c, &t),
            None => {
                let dt = ExcelDateTime::from_ymd(y, m, day)?;
                self.ws.write_datetime_with_format(r, c, dt, &self.f.date)?;
                Ok(())
            }
        }
    }

    /// Writes one project row; `skip` is a column left to a merge.
    #[allow(clippy::too_many_arguments)]
    fn project(
        &mut self,
        rng: &mut Rng,
        r: u32,
        cols: &[(&str, C)],
        p: &Project,
        seq: usize,
        spell: Spelling,
        total_in_yi: bool,
        skip: Option<C>,
    ) -> Result<(), XlsxError> {
        for (i, (_, c)) in cols.iter().enumerate() {
            let i = u16::try_from(i).unwrap_or(0);
            if Some(*c) == skip {
                continue;
            }
            let q = |n: usize| p.q[n].as_str();
            match c {
                C::Gap => {}
                #[allow(clippy::cast_precision_loss)]
                C::Seq => {
                    self.ws
                        .write_number_with_format(r, i, seq as f64, &self.f.text)?;
                }
                C::Code => self.text(r, i, &p.code)?,
                C::Name => {
                    let name = if p.mistake == Mistake::NoName {
                        ""
                    } else {
                        p.name.as_str()
                    };
                    self.text(r, i, name)?;
                }
                C::Cat => {
                    let s = spell.cat(p, rng);
                    self.text(r, i, s)?;
                }
                C::Kind => self.text(r, i, p.kind)?,
                C::Formal => self.text(r, i, spell.formal(p))?,
                C::Carry => {
                    let s = spell.carry(p, rng);
                    self.text(r, i, s)?;
                }
                C::Stage => self.text(r, i, STAGES[p.stage])?,
                C::Lead => self.text(r, i, &p.lead)?,
                C::Builder => self.text(r, i, &p.builder)?,
                C::Support => self.text(r, i, &p.support)?,
                C::Total => self.money(rng, r, i, Some(p.total), total_in_yi)?,
                C::Plan if p.mistake == Mistake::Negative => {
                    self.ws
                        .write_number_with_format(r, i, -p.plan, &self.f.money)?;
                }
                C::Plan => self.money(rng, r, i, Some(p.plan), false)?,
                C::Ytd if p.mistake == Mistake::BadNumber => self.text(r, i, "12..5")?,
                C::Ytd if p.mistake == Mistake::RefError => {
                    let formula = Formula::new("=#REF!").set_result("#REF!");
                    self.ws
                        .write_formula_with_format(r, i, formula, &self.f.money)?;
                }
                C::Ytd => self.money(rng, r, i, Some(p.ytd), false)?,
                C::Cum => self.money(rng, r, i, p.cum, false)?,
                C::Month => self.money(rng, r, i, p.month, false)?,
                C::Start => self.date(rng, r, i, Some(p.start))?,
                C::Finish => self.date(rng, r, i, Some(p.finish))?,
                C::Actual => self.date(rng, r, i, p.actual)?,
                C::Progress => self.text(r, i, &p.progress)?,
                C::Problems => self.text(r, i, p.problems)?,
                C::Next => self.text(r, i, &p.next)?,
                C::Q1 => self.text(r, i, q(0))?,
                C::Q2 => self.text(r, i, q(1))?,
                C::Q3 => self.text(r, i, q(2))?,
                C::Q4 => self.text(r, i, q(3))?,
                C::Contact => self.text(r, i, &p.contact)?,
            }
        }
        Ok(())
    }

    fn header(&mut self, r: u32, cols: &[(&str, C)]) -> Result<(), XlsxError> {
        for (i, (label, c)) in cols.iter().enumerate() {
            if *c != C::Gap {
                let i = u16::try_from(i).unwrap_or(0);
                self.ws
                    .write_string_with_format(r, i, *label, &self.f.head)?;
            }
        }
        Ok(())
    }

    fn widths(&mut self, cols: &[(&str, C)]) -> Result<(), XlsxError> {
        for (i, (_, c)) in cols.iter().enumerate() {
            let w = match c {
                C::Gap => 3.0,
                C::Seq => 6.0,
                C::Name => 40.0,
                C::Progress | C::Problems | C::Next | C::Builder | C::Support => 26.0,
                C::Cat | C::Q1 | C::Q2 | C::Q3 | C::Q4 => 17.0,
                C::Total | C::Plan | C::Ytd | C::Cum | C::Month | C::Code => 14.0,
                _ => 11.0,
            };
            self.ws.set_column_width(u16::try_from(i).unwrap_or(0), w)?;
        }
        Ok(())
    }
}

fn col_of(cols: &[(&str, C)], c: C) -> u16 {
    cols.iter()
        .position(|x| x.1 == c)
        .and_then(|i| u16::try_from(i).ok())
        .unwrap_or(0)
}

fn cell(r: u32, c: u16) -> String {
    rust_xlsxwriter::utility::row_col_to_cell(r, c)
}

/// `=SUM(H5:H204)` with its cached value.
fn sum_formula(col: u16, first: u32, last: u32, total: f64) -> Formula {
    Formula::new(format!("=SUM({}:{})", cell(first, col), cell(last, col)))
        .set_result(format!("{}", (total * 100.0).round() / 100.0))
}

/// What a 合计 formula adds up of 总投资, 年度计划, 本年累计, 本月: the cells the reader can
/// take as amounts (a negative amount or `12..5` it cannot).
fn summed(p: &Project, money: [Option<f64>; 4]) -> [Option<f64>; 4] {
    let [total, plan, ytd, month] = money;
    match p.mistake {
        Mistake::Negative => [total, None, ytd, month],
        Mistake::BadNumber | Mistake::RefError => [total, plan, None, month],
        _ => [total, plan, ytd, month],
    }
}

fn workbook(author: &str) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2022, 4, 2)?;
    let props = DocProperties::new()
        .set_author(author)
        .set_company(author)
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    Ok(wb)
}

fn add_sheet<'a>(
    wb: &'a mut Workbook,
    name: &str,
    rows: usize,
) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = if rows > CONSTANT_MEMORY_ROWS {
        wb.add_worksheet_with_constant_memory()?
    } else {
        wb.add_worksheet()
    };
    ws.set_name(name)
}

fn canonical_cols() -> Vec<(&'static str, C)> {
    vec![
        ("项目编号", C::Code),
        ("项目名称", C::Name),
        ("项目类别", C::Cat),
        ("项目类型", C::Kind),
        ("项目性质", C::Formal),
        ("结转/新增", C::Carry),
        ("建设阶段", C::Stage),
        ("主责单位", C::Lead),
        ("建设单位", C::Builder),
        ("配合单位", C::Support),
        ("总投资（万元）", C::Total),
        ("年度计划投资（万元）", C::Plan),
        ("本年累计完成投资（万元）", C::Ytd),
        ("开工累计完成投资（万元）", C::Cum),
        ("本月完成投资（万元）", C::Month),
        ("计划开工时间", C::Start),
        ("计划竣工时间", C::Finish),
        ("实际开工时间", C::Actual),
        ("形象进度", C::Progress),
        ("存在问题", C::Problems),
        ("下一步计划", C::Next),
        ("一季度目标", C::Q1),
        ("二季度目标", C::Q2),
        ("三季度目标", C::Q3),
        ("四季度目标", C::Q4),
        ("联系人", C::Contact),
    ]
}

const TASK_HEAD: [&str; 8] = [
    "重点工作事项",
    "具体任务目标",
    "主责部门",
    "配合部门",
    "相关协调推动组",
    "工作完成时限",
    "完成情况",
    "进展情况",
];

const TASK_ALIASES: [&str; 8] = [
    "重点工作事项",
    "具体任务目标",
    "牵头部门",
    "配合单位",
    "协调推动组",
    "完成时限",
    "进展状态",
    "备注",
];

/// A task sheet of `n` tasks; returns the rows written.
fn write_tasks(
    wb: &mut Workbook,
    rng: &mut Rng,
    name: &str,
    head: &[&str; 8],
    n: usize,
    unit: &str,
    f: &Fmts,
) -> Result<usize, XlsxError> {
    let ws = wb.add_worksheet().set_name(name)?;
    for (i, h) in (0u16..).zip(head) {
        ws.write_string_with_format(0, i, *h, &f.head)?;
    }
    for r in 1..=n {
        let item = rng.pick(&TASK_ITEMS);
        let row = [
            format!("{}{}", rng.pick(&PLACES), item),
            format!("完成{}{}", rng.pick(&PLACES), rng.pick(&PROGRESS)),
            if rng.chance(0.7) {
                unit.to_owned()
            } else {
                rng.pick(&UNITS).to_owned()
            },
            format!("{}、{}", rng.pick(&UNITS), rng.pick(&UNITS)),
            rng.pick(&["综合协调组", "重大项目推进组", "土地保障组", "民生保障组"])
                .to_owned(),
            rng.pick(&DEADLINES).to_owned(),
            rng.pick(&STATUS).to_owned(),
            rng.pick(&PROGRESS).to_owned(),
        ];
        let r = u32::try_from(r).unwrap_or(0);
        for (i, v) in (0u16..).zip(&row) {
            ws.write_string_with_format(r, i, v, &f.text)?;
        }
    }
    for (i, w) in (0u16..).zip([24.0, 40.0, 14.0, 24.0, 16.0, 14.0, 10.0, 36.0]) {
        ws.set_column_width(i, w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(n)
}

// ---------------------------------------------------------------------------------------------
// Layouts
// ---------------------------------------------------------------------------------------------

struct Unit<'a> {
    index: usize,
    name: &'a str,
    projects: Vec<Project>,
    dir: &'a Path,
}

/// Rows written: (projects, tasks).
type Rows = (usize, usize);

/// The template layout: canonical headers in row 1, a task sheet and a notes sheet.
fn canonical(u: &Unit<'_>, rng: &mut Rng) -> R<Rows> {
    let f = Fmts::new("yyyy-mm-dd");
    let mut wb = workbook(u.name)?;
    let cols = canonical_cols();
    let ws = add_sheet(&mut wb, "重大项目", u.projects.len())?;
    let mut s = Sheet {
        ws,
        f: &f,
        style: Style::Plain,
    };
    s.widths(&cols)?;
    s.ws.set_freeze_panes(1, 2)?;
    s.header(0, &cols)?;
    let spell = Spelling { short: false };
    for (i, p) in u.projects.iter().enumerate() {
        let r = u32::try_from(i + 1)?;
        s.project(rng, r, &cols, p, i + 1, spell, false, None)?;
    }
    let n = 8 + rng.below(12);
    let tasks = write_tasks(&mut wb, rng, "工作任务清单", &TASK_HEAD, n, u.name, &f)?;
    let ws = wb.add_worksheet().set_name("填表说明")?;
    for (i, n) in [
        "填表说明",
        "1. 本台帐每月5日前报区重大项目推进办，文件名为单位名称。",
        "2. 金额单位统一为万元，只填数字，不要带单位。",
        "3. 本年累计完成投资为1月1日至本月底累计数，只增不减。",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(u32::try_from(i)?, 0, *n)?;
    }
    ws.set_column_width(0, 70.0)?;
    wb.save(u.dir.join(format!("{}.xlsx", u.name)))?;
    Ok((u.projects.len(), tasks))
}

/// Title, 填报单位/单位/截至 row, header in row 4 by aliases and period, a 合计 row of formulas,
/// notes, and a task sheet by aliases.
fn titled(u: &Unit<'_>, rng: &mut Rng) -> R<Rows> {
    let f = Fmts::new("yyyy\"年\"m\"月\"d\"日\"");
    let mut wb = workbook(u.name)?;
    let cols: Vec<(&str, C)> = vec![
        ("序号", C::Seq),
        ("项目代码", C::Code),
        ("工程名称", C::Name),
        ("项目分类", C::Cat),
        ("正式/预备", C::Formal),
        ("新开/结转", C::Carry),
        ("责任单位", C::Lead),
        ("项目总投资", C::Total),
        ("2022年计划投资", C::Plan),
        ("1-3月完成投资", C::Ytd),
        ("3月完成投资", C::Month),
        ("计划开工", C::Start),
        ("计划竣工", C::Finish),
        ("建设阶段", C::Stage),
        ("工程进展", C::Progress),
        ("存在问题", C::Problems),
    ];
    let last = u16::try_from(cols.len() - 1)?;
    let ws = add_sheet(&mut wb, "3月推进情况", u.projects.len())?;
    let mut s = Sheet {
        ws,
        f: &f,
        style: Style::Plain,
    };
    s.widths(&cols)?;
    s.ws.set_freeze_panes(4, 3)?;
    s.ws.merge_range(0, 0, 0, last, "2022年3月重大项目推进情况表", &f.title)?;
    s.ws.set_row_height(0, 30)?;
    s.ws.write_string(1, 0, format!("填报单位：{}", u.name))?;
    s.ws.write_string(1, 7, "单位：万元")?;
    s.ws.write_string(1, last - 1, "截至2022年3月31日")?;
    s.header(3, &cols)?;
    let spell = Spelling { short: true };
    let mut sums = [0.0f64; 4];
    for (i, p) in u.projects.iter().enumerate() {
        let r = 4 + u32::try_from(i)?;
        for (k, v) in summed(p, [Some(p.total), Some(p.plan), Some(p.ytd), p.month])
            .iter()
            .enumerate()
        {
            sums[k] += v.unwrap_or(0.0);
        }
        s.project(rng, r, &cols, p, i + 1, spell, false, None)?;
    }
    let first = 4;
    let tr = first + u32::try_from(u.projects.len())?;
    s.ws.merge_range(tr, 0, tr, 6, "合计", &f.bold)?;
    for (k, col) in [7u16, 8, 9, 10].iter().enumerate() {
        let formula = sum_formula(*col, first, tr - 1, sums[k]);
        s.ws.write_formula_with_format(tr, *col, formula, &f.money)?;
    }
    for col in 11..=last {
        s.ws.write_blank(tr, col, &f.text)?;
    }
    s.ws.write_string(tr + 2, 0, "注：本表金额单位为万元。")?;
    s.ws.write_string(tr + 3, 0, "填报人：张三    审核人：李四")?;
    s.ws.write_string(tr + 4, 0, "填表日期：2022年4月2日")?;
    let n = 2 + rng.below(6);
    let tasks = write_tasks(&mut wb, rng, "季度任务", &TASK_ALIASES, n, u.name, &f)?;
    let file = if u.index % 2 == 0 {
        format!("{}2022年3月台帐.xlsx", u.name)
    } else {
        format!("{}_重大项目推进情况.xlsx", u.name)
    };
    wb.save(u.dir.join(file))?;
    Ok((u.projects.len(), tasks))
}

/// Two-row header under a merged 投资情况（万元）, projects grouped by category with 小计 rows
/// and a 总计, 主责单位 merged down over runs of one unit, dates as `2020.12`.
fn grouped(u: &Unit<'_>, rng: &mut Rng) -> R<Rows> {
    let f = Fmts::new("yyyy-mm-dd");
    let mut wb = workbook(u.name)?;
    let cols: Vec<(&str, C)> = vec![
        ("序号", C::Seq),
        ("项目编号", C::Code),
        ("项目名称", C::Name),
        ("项目类别", C::Cat),
        ("项目性质", C::Formal),
        ("结转/新增", C::Carry),
        ("主责单位", C::Lead),
        ("总投资", C::Total),
        ("年度计划投资", C::Plan),
        ("本年累计完成投资", C::Ytd),
        ("建设阶段", C::Stage),
        ("计划开工时间", C::Start),
        ("计划竣工时间", C::Finish),
        ("形象进度", C::Progress),
        ("存在问题", C::Problems),
    ];
    let last = u16::try_from(cols.len() - 1)?;
    let money_cols = [7u16, 8, 9];
    let lead_col = col_of(&cols, C::Lead);
    let ws = add_sheet(&mut wb, "重大项目台帐", u.projects.len())?;
    let mut s = Sheet {
        ws,
        f: &f,
        style: Style::DotMonths,
    };
    s.widths(&cols)?;
    s.ws.set_freeze_panes(4, 3)?;
    s.ws.merge_range(
        0,
        0,
        0,
        last,
        &format!("2022年重大项目推进台帐（{}）", u.name),
        &f.title,
    )?;
    s.ws.write_string(1, last, "截至2022年3月31日")?;
    for (i, (label, _)) in (0u16..).zip(&cols) {
        if !money_cols.contains(&i) {
            s.ws.merge_range(2, i, 3, i, label, &f.head)?;
        }
    }
    s.ws.merge_range(2, 7, 2, 9, "投资情况（万元）", &f.head)?;
    for i in money_cols {
        s.ws.write_string_with_format(3, i, cols[usize::from(i)].0, &f.head)?;
    }
    let spell = Spelling { short: true };
    let mut r = 4u32;
    let mut seq = 0;
    let mut subtotal_rows = Vec::new();
    let mut grand = [0.0f64; 3];
    for (g, gname) in ["市属重大工程", "区属重大工程", "区属重点预备项目"]
        .iter()
        .enumerate()
    {
        let members: Vec<&Project> = u.projects.iter().filter(|p| p.cat as usize == g).collect();
        let first = r;
        let mut sums = [0.0f64; 3];
        let mut i = 0;
        while i < members.len() {
            // A run of one lead unit: its name written once, merged down.
            let mut j = i;
            while j + 1 < members.len() && members[j + 1].lead == members[i].lead && j - i < 4 {
                j += 1;
            }
            // Merged first: in constant-memory mode a row cannot be written once left.
            let end = r + u32::try_from(j - i)?;
            if j > i {
                s.ws.merge_range(r, lead_col, end, lead_col, &members[i].lead, &f.text)?;
            } else {
                s.text(r, lead_col, &members[i].lead)?;
            }
            for (k, p) in members[i..=j].iter().enumerate() {
                seq += 1;
                let [t, pl, y, _] = summed(p, [Some(p.total), Some(p.plan), Some(p.ytd), None]);
                for (n, v) in [t, pl, y].iter().enumerate() {
                    sums[n] += v.unwrap_or(0.0);
                }
                let row = r + u32::try_from(k)?;
                s.project(rng, row, &cols, p, seq, spell, false, Some(C::Lead))?;
            }
            r = end + 1;
            i = j + 1;
        }
        s.ws.write_blank(r, 0, &f.bold)?;
        s.ws.write_blank(r, 1, &f.bold)?;
        s.ws.write_string_with_format(r, 2, "小计", &f.bold)?;
        s.ws.write_string_with_format(r, 3, *gname, &f.bold)?;
        for (k, col) in money_cols.iter().enumerate() {
            let formula = if r > first {
                sum_formula(*col, first, r - 1, sums[k])
            } else {
                Formula::new("=0").set_result("0")
            };
            s.ws.write_formula_with_format(r, *col, formula, &f.money)?;
            grand[k] += sums[k];
        }
        subtotal_rows.push(r);
        r += 1;
    }
    s.ws.write_string_with_format(r, 2, "总计", &f.bold)?;
    for (k, col) in money_cols.iter().enumerate() {
        let refs: Vec<String> = subtotal_rows.iter().map(|sr| cell(*sr, *col)).collect();
        let formula = Formula::new(format!("=SUM({})", refs.join(",")))
            .set_result(format!("{}", (grand[k] * 100.0).round() / 100.0));
        s.ws.write_formula_with_format(r, *col, formula, &f.money)?;
    }
    wb.save(u.dir.join(format!("{}.xlsx", u.name)))?;
    Ok((u.projects.len(), 0))
}

/// 总投资 in 亿元, amounts typed with units, separators and full-width digits, blank marks,
/// dates in every form; a title row over the header.
fn messy(u: &Unit<'_>, rng: &mut Rng) -> R<Rows> {
    let f = Fmts::new("yyyy/m/d");
    let mut wb = workbook(u.name)?;
    let cols: Vec<(&str, C)> = vec![
        ("项目编号", C::Code),
        ("项目名称", C::Name),
        ("项目类别", C::Cat),
        ("项目类型", C::Kind),
        ("项目性质", C::Formal),
        ("结转/新增", C::Carry),
        ("建设阶段", C::Stage),
        ("主责单位", C::Lead),
        ("总投资（亿元）", C::Total),
        ("年度计划投资（万元）", C::Plan),
        ("本年累计完成投资（万元）", C::Ytd),
        ("本月完成投资（万元）", C::Month),
        ("开工累计完成投资（万元）", C::Cum),
        ("计划开工时间", C::Start),
        ("计划竣工时间", C::Finish),
        ("实际开工时间", C::Actual),
        ("形象进度", C::Progress),
        ("存在问题", C::Problems),
    ];
    let ws = add_sheet(&mut wb, "Sheet1", u.projects.len())?;
    let mut s = Sheet {
        ws,
        f: &f,
        style: Style::Messy,
    };
    s.widths(&cols)?;
    s.ws.merge_range(
        0,
        0,
        0,
        u16::try_from(cols.len() - 1)?,
        &format!("{}2022年重大项目推进情况（截至2022年3月底）", u.name),
        &f.title,
    )?;
    s.header(1, &cols)?;
    let spell = Spelling { short: true };
    let month_col = col_of(&cols, C::Month);
    for (i, p) in u.projects.iter().enumerate() {
        let r = 2 + u32::try_from(i)?;
        let mut p = p.clone();
        // A missing 本月 written as a mark, not a zero.
        let mark = p.month == Some(0.0) && p.stage == 0 && rng.chance(0.5);
        if mark {
            p.month = None;
        }
        s.project(rng, r, &cols, &p, i + 1, spell, true, None)?;
        if mark {
            s.text(r, month_col, rng.pick(&["—", "/", "无"]))?;
        }
    }
    wb.save(u.dir.join(format!("{}.xlsx", u.name)))?;
    Ok((u.projects.len(), 0))
}

/// Title, `单位：万元`, header in row 3 with 序号, a blank column, blank rows between the data,
/// hidden rows, and the 年度计划投资 column hidden.
fn hidden(u: &Unit<'_>, rng: &mut Rng) -> R<Rows> {
    let f = Fmts::new("yyyy-mm-dd");
    let mut wb = workbook(u.name)?;
    let cols: Vec<(&str, C)> = vec![
        ("序号", C::Seq),
        ("项目编号", C::Code),
        ("项目名称", C::Name),
        ("", C::Gap),
        ("项目类别", C::Cat),
        ("性质", C::Formal),
        ("结转/新增", C::Carry),
        ("建设阶段", C::Stage),
        ("主责单位", C::Lead),
        ("总投资", C::Total),
        ("年度计划投资", C::Plan),
        ("本年累计完成投资", C::Ytd),
        ("本月完成投资", C::Month),
        ("计划开工时间", C::Start),
        ("计划竣工时间", C::Finish),
        ("形象进度", C::Progress),
        ("存在问题", C::Problems),
    ];
    let ws = add_sheet(&mut wb, "重大项目", u.projects.len())?;
    let mut s = Sheet {
        ws,
        f: &f,
        style: Style::Plain,
    };
    s.widths(&cols)?;
    s.ws.set_column_hidden(col_of(&cols, C::Plan))?;
    s.ws.merge_range(
        0,
        0,
        0,
        u16::try_from(cols.len() - 1)?,
        &format!("{}2022年重大项目推进情况表", u.name),
        &f.title,
    )?;
    s.ws.write_string(1, 0, "单位：万元")?;
    s.header(2, &cols)?;
    let spell = Spelling { short: true };
    let mut r = 3u32;
    for (i, p) in u.projects.iter().enumerate() {
        if i % 10 == 3 {
            s.ws.set_row_hidden(r)?;
        }
        s.project(rng, r, &cols, p, i + 1, spell, false, None)?;
        r += 1;
        if rng.chance(0.08) {
            r += 1 + u32::try_from(rng.below(2))?;
        }
    }
    wb.save(u.dir.join(format!("{}.xlsx", u.name)))?;
    Ok((u.projects.len(), 0))
}

/// CSV in GBK with CRLF line ends, as Chinese Excel saves it.
fn csv_gbk(u: &Unit<'_>, rng: &mut Rng) -> R<Rows> {
    let cols: Vec<(&str, C)> = vec![
        ("项目编号", C::Code),
        ("项目名称", C::Name),
        ("项目类别", C::Cat),
        ("项目性质", C::Formal),
        ("结转/新增", C::Carry),
        ("建设阶段", C::Stage),
        ("主责单位", C::Lead),
        ("建设单位", C::Builder),
        ("总投资（万元）", C::Total),
        ("年度计划投资（万元）", C::Plan),
        ("本年累计完成投资（万元）", C::Ytd),
        ("本月完成投资（万元）", C::Month),
        ("计划开工时间", C::Start),
        ("计划竣工时间", C::Finish),
        ("形象进度", C::Progress),
        ("存在问题", C::Problems),
    ];
    let field = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    };
    let spell = Spelling { short: true };
    let mut out = String::new();
    let head: Vec<String> = cols.iter().map(|c| field(c.0)).collect();
    out.push_str(&head.join(","));
    out.push_str("\r\n");
    let money = |v: f64| format!("{v}");
    let date = |(y, m, d): Ymd, slash: bool| {
        if slash {
            format!("{y}/{m}/{d}")
        } else {
            format!("{y}-{m:02}-{d:02}")
        }
    };
    for p in &u.projects {
        let slash = rng.chance(0.3);
        let cells: Vec<String> = cols
            .iter()
            .map(|(_, k)| match k {
                C::Code => p.code.clone(),
                C::Name if p.mistake == Mistake::NoName => String::new(),
                C::Name => p.name.clone(),
                C::Cat => spell.cat(p, rng).to_owned(),
                C::Formal => spell.formal(p).to_owned(),
                C::Carry => spell.carry(p, rng).to_owned(),
                C::Stage => rng
                    .pick(match p.stage {
                        2 => &["竣工", "已竣工", "完工"][..],
                        s => &STAGES[s..=s],
                    })
                    .to_owned(),
                C::Lead => p.lead.clone(),
                C::Builder => p.builder.clone(),
                C::Total => money(p.total),
                C::Plan if p.mistake == Mistake::Negative => money(-p.plan),
                C::Plan => money(p.plan),
                C::Ytd if matches!(p.mistake, Mistake::BadNumber | Mistake::RefError) => {
                    "12..5".to_owned()
                }
                C::Ytd => money(p.ytd),
                C::Month => p.month.map(money).unwrap_or_default(),
                C::Start => date(p.start, slash),
                C::Finish => date(p.finish, slash),
                C::Progress => p.progress.clone(),
                C::Problems => p.problems.to_owned(),
                _ => String::new(),
            })
            .map(|s| field(&s))
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&out);
    let path = u.dir.join(format!("{}.csv", u.name));
    if unmappable {
        // Not representable in GBK: saved as UTF-8 with a BOM instead, as Excel offers.
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(out.as_bytes());
        std::fs::write(path, b)?;
    } else {
        std::fs::write(path, &bytes)?;
    }
    Ok((u.projects.len(), 0))
}

type Layout = fn(&Unit<'_>, &mut Rng) -> R<Rows>;

/// The layouts in turn, unit by unit; the clean template a little more often, as in practice.
const LAYOUTS: [Layout; 7] = [
    canonical, titled, grouped, messy, hidden, canonical, csv_gbk,
];

// ---------------------------------------------------------------------------------------------
// The month
// ---------------------------------------------------------------------------------------------

/// The name of unit `i`: the district's own units first, then those of other districts.
fn unit_name(i: usize) -> String {
    let base = UNITS[i % UNITS.len()];
    match i / UNITS.len() {
        0 => base.to_owned(),
        k if k < DISTRICTS.len() => {
            format!("{}{}", DISTRICTS[k], base.trim_start_matches('区'))
        }
        k => format!(
            "{}{}{}",
            DISTRICTS[k % DISTRICTS.len()],
            base.trim_start_matches('区'),
            k / DISTRICTS.len() + 1
        ),
    }
}

/// Writes the month into `dir` (created if needed).
///
/// # Errors
/// When a file cannot be written.
pub fn generate(dir: &Path, spec: Spec) -> R<Written> {
    std::fs::create_dir_all(dir)?;
    let names: Vec<String> = (0..spec.units).map(unit_name).collect();
    // Each unit's projects, drawn from its own stream: the same whatever the thread timing.
    let mut units: Vec<Vec<Project>> = names
        .par_iter()
        .enumerate()
        .map(|(i, name)| {
            let mut rng = Rng::new(spec.seed, 2 * i as u64);
            let neighbours: Vec<String> = (1..4)
                .map(|k| names[(i + k) % names.len()].clone())
                .filter(|n| n != name)
                .collect();
            (0..spec.rows)
                .map(|j| {
                    let code = format!("XM-2022-{:04}-{:05}", i + 1, j + 1);
                    project(&mut rng, name, code, &neighbours)
                })
                .collect()
        })
        .collect();
    // A few projects reported again by another unit (its lead unit stays the first one's).
    let mut rng = Rng::new(spec.seed, u64::MAX);
    for i in 1..units.len() {
        for j in 0..units[i].len() {
            if rng.chance(0.002) {
                let from = &units[i - 1];
                let Some(original) = from.get(rng.below(from.len())).cloned() else {
                    continue;
                };
                if original.mistake == Mistake::None {
                    let mut again = original;
                    again.ytd = tenth(again.ytd * 0.97);
                    units[i][j] = again;
                }
            }
        }
    }
    let written: Vec<R<Rows>> = units
        .into_par_iter()
        .enumerate()
        .map(|(i, projects)| {
            let mut rng = Rng::new(spec.seed, 2 * i as u64 + 1);
            let unit = Unit {
                index: i,
                name: &names[i],
                projects,
                dir,
            };
            LAYOUTS[i % LAYOUTS.len()](&unit, &mut rng)
        })
        .collect();
    let mut total = Written::default();
    for w in written {
        let (p, t) = w?;
        total.project_rows += p;
        total.task_rows += t;
    }
    if spec.units >= 10 {
        // An Office owner file and a WPS workbook: skipped and reported, never read.
        let mut lock = vec![5u8];
        lock.extend_from_slice(b"zhang");
        lock.resize(54, b' ');
        std::fs::write(dir.join(format!("~${}.xlsx", names[1])), &lock)?;
        let mut et = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        et.resize(64, 0);
        std::fs::write(dir.join("区防汛办.et"), &et)?;
    }
    for entry in std::fs::read_dir(dir)? {
        let meta = entry?.metadata()?;
        if meta.is_file() {
            total.files += 1;
            total.bytes += meta.len();
        }
    }
    Ok(total)
}

fn usage() -> String {
    "usage: generate --units N --rows M --out DIR [--seed S]".to_owned()
}

fn parse_args() -> Result<(Spec, PathBuf), String> {
    let mut spec = Spec {
        units: 60,
        rows: 200,
        seed: 1,
    };
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value\n{}", usage()))
        };
        let number = |v: String| v.parse::<u64>().map_err(|_| format!("not a number: {v}"));
        match flag.as_str() {
            "--units" => {
                spec.units = usize::try_from(number(value()?)?).map_err(|e| e.to_string())?
            }
            "--rows" => {
                spec.rows = usize::try_from(number(value()?)?).map_err(|e| e.to_string())?
            }
            "--seed" => spec.seed = number(value()?)?,
            "--out" => out = Some(PathBuf::from(value()?)),
            "-h" | "--help" => return Err(usage()),
            other => return Err(format!("unknown argument {other}\n{}", usage())),
        }
    }
    if spec.units == 0 {
        return Err("--units must be at least 1".into());
    }
    Ok((spec, out.ok_or_else(usage)?))
}

fn main() {
    let (spec, out) = match parse_args() {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let started = std::time::Instant::now();
    match generate(&out, spec) {
        Ok(w) => {
            let mut line = String::new();
            let _ = write!(
                line,
                "wrote {} files ({:.1} MB) into {}: {} units × {} rows = {} project rows, {} task rows, in {:.1}s",
                w.files,
                w.bytes as f64 / 1e6,
                out.display(),
                spec.units,
                spec.rows,
                w.project_rows,
                w.task_rows,
                started.elapsed().as_secs_f64()
            );
            println!("{line}");
        }
        Err(e) => {
            eprintln!("generate: {e}");
            std::process::exit(1);
        }
    }
}
