//! Columns, formats and cells: how each layout writes a project row.

use super::words::{
    Cat, DEADLINES, Mistake, PLACES, PROGRESS, Project, STAGES, STATUS, TASK_ITEMS, UNITS, Ymd,
};
use super::{CONSTANT_MEMORY_ROWS, Rng};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum C {
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
pub(crate) struct Spelling {
    pub(crate) short: bool,
}

impl Spelling {
    pub(crate) fn cat(self, p: &Project, rng: &mut Rng) -> &'static str {
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

    pub(crate) fn formal(self, p: &Project) -> &'static str {
        match (p.formal, self.short) {
            (true, false) => "正式项目",
            (false, false) => "预备项目",
            (true, true) => "正式",
            (false, true) => "预备",
        }
    }

    pub(crate) fn carry(self, p: &Project, rng: &mut Rng) -> &'static str {
        match (p.carried, self.short) {
            (true, false) => "结转",
            (false, false) => "新增",
            (true, true) => rng.pick(&["结转", "续建"]),
            (false, true) => rng.pick(&["新增", "新开"]),
        }
    }
}

pub(crate) struct Fmts {
    pub(crate) head: Format,
    pub(crate) title: Format,
    pub(crate) text: Format,
    pub(crate) money: Format,
    pub(crate) date: Format,
    pub(crate) bold: Format,
}

impl Fmts {
    pub(crate) fn new(date_format: &str) -> Fmts {
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
pub(crate) enum Style {
    /// Numbers and date cells.
    Plain,
    /// Dates as text `2020.12`.
    DotMonths,
    /// 总投资 in 亿元, text amounts with units, separators and full-width digits, blank marks,
    /// dates in every written form.
    Messy,
}

pub(crate) fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c),
            _ => c,
        })
        .collect()
}

pub(crate) fn thousands(v: f64) -> String {
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

pub(crate) struct Sheet<'a> {
    pub(crate) ws: &'a mut Worksheet,
    pub(crate) f: &'a Fmts,
    pub(crate) style: Style,
}

impl Sheet<'_> {
    pub(crate) fn text(&mut self, r: u32, c: u16, s: &str) -> Result<(), XlsxError> {
        if s.is_empty() {
            self.ws.write_blank(r, c, &self.f.text)?;
        } else {
            self.ws.write_string_with_format(r, c, s, &self.f.text)?;
        }
        Ok(())
    }

    /// A money cell in 万元 (`in_yi`: the column is in 亿元).
    pub(crate) fn money(
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

    pub(crate) fn date(
        &mut self,
        rng: &mut Rng,
        r: u32,
        c: u16,
        d: Option<Ymd>,
    ) -> Result<(), XlsxError> {
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
        if let Some(t) = text {
            self.text(r, c, &t)
        } else {
            let dt = ExcelDateTime::from_ymd(y, m, day)?;
            self.ws.write_datetime_with_format(r, c, dt, &self.f.date)?;
            Ok(())
        }
    }

    /// Writes one project row; `skip` is a column left to a merge.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn project(
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

    pub(crate) fn header(&mut self, r: u32, cols: &[(&str, C)]) -> Result<(), XlsxError> {
        for (i, (label, c)) in cols.iter().enumerate() {
            if *c != C::Gap {
                let i = u16::try_from(i).unwrap_or(0);
                self.ws
                    .write_string_with_format(r, i, *label, &self.f.head)?;
            }
        }
        Ok(())
    }

    pub(crate) fn widths(&mut self, cols: &[(&str, C)]) -> Result<(), XlsxError> {
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

pub(crate) fn col_of(cols: &[(&str, C)], c: C) -> u16 {
    cols.iter()
        .position(|x| x.1 == c)
        .and_then(|i| u16::try_from(i).ok())
        .unwrap_or(0)
}

pub(crate) fn cell(r: u32, c: u16) -> String {
    rust_xlsxwriter::utility::row_col_to_cell(r, c)
}

/// `=SUM(H5:H204)` with its cached value.
pub(crate) fn sum_formula(col: u16, first: u32, last: u32, total: f64) -> Formula {
    Formula::new(format!("=SUM({}:{})", cell(first, col), cell(last, col)))
        .set_result(format!("{}", (total * 100.0).round() / 100.0))
}

/// What a 合计 formula adds up of 总投资, 年度计划, 本年累计, 本月: the cells the reader can
/// take as amounts (a negative amount or `12..5` it cannot).
pub(crate) fn summed(p: &Project, money: [Option<f64>; 4]) -> [Option<f64>; 4] {
    let [total, plan, ytd, month] = money;
    match p.mistake {
        Mistake::Negative => [total, None, ytd, month],
        Mistake::BadNumber | Mistake::RefError => [total, plan, None, month],
        _ => [total, plan, ytd, month],
    }
}

pub(crate) fn workbook(author: &str) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2022, 4, 2)?;
    let props = DocProperties::new()
        .set_author(author)
        .set_company(author)
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    Ok(wb)
}

pub(crate) fn add_sheet<'a>(
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

pub(crate) fn canonical_cols() -> Vec<(&'static str, C)> {
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

#[rustfmt::skip]
pub(crate) const TASK_HEAD: [&str; 8] = [
    "重点工作事项", "具体任务目标", "主责部门", "配合部门",
    "相关协调推动组", "工作完成时限", "完成情况", "进展情况",
];

#[rustfmt::skip]
pub(crate) const TASK_ALIASES: [&str; 8] = [
    "重点工作事项", "具体任务目标", "牵头部门", "配合单位",
    "协调推动组", "完成时限", "进展状态", "备注",
];

/// A task sheet of `n` tasks; returns the rows written.
pub(crate) fn write_tasks(
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
