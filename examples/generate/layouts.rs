//! The layouts of LEDGER-SPEC section 2, one function a layout, each writing one unit's file.

use super::cells::{
    C, Fmts, Sheet, Spelling, Style, TASK_ALIASES, TASK_HEAD, add_sheet, canonical_cols, cell,
    col_of, sum_formula, summed, workbook, write_tasks,
};
use super::words::{Mistake, Project, STAGES, Ymd};
use super::{R, Rng};
use rust_xlsxwriter::Formula;
use std::path::Path;

pub(crate) struct Unit<'a> {
    pub(crate) index: usize,
    pub(crate) name: &'a str,
    pub(crate) projects: Vec<Project>,
    pub(crate) dir: &'a Path,
}

/// Rows written: (projects, tasks).
pub(crate) type Rows = (usize, usize);

/// The template layout: canonical headers in row 1, a task sheet and a notes sheet.
pub(crate) fn canonical(u: &Unit<'_>, rng: &mut Rng) -> R<Rows> {
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
pub(crate) fn titled(u: &Unit<'_>, rng: &mut Rng) -> R<Rows> {
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
    let file = if u.index.is_multiple_of(2) {
        format!("{}2022年3月台帐.xlsx", u.name)
    } else {
        format!("{}_重大项目推进情况.xlsx", u.name)
    };
    wb.save(u.dir.join(file))?;
    Ok((u.projects.len(), tasks))
}

/// Two-row header under a merged 投资情况（万元）, projects grouped by category with 小计 rows
/// and a 总计, 主责单位 merged down over runs of one unit, dates as `2020.12`.
pub(crate) fn grouped(u: &Unit<'_>, rng: &mut Rng) -> R<Rows> {
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
pub(crate) fn messy(u: &Unit<'_>, rng: &mut Rng) -> R<Rows> {
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
pub(crate) fn hidden(u: &Unit<'_>, rng: &mut Rng) -> R<Rows> {
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
pub(crate) fn csv_gbk(u: &Unit<'_>, rng: &mut Rng) -> R<Rows> {
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

pub(crate) type Layout = fn(&Unit<'_>, &mut Rng) -> R<Rows>;

/// The layouts in turn, unit by unit; the clean template a little more often, as in practice.
pub(crate) const LAYOUTS: [Layout; 7] = [
    canonical, titled, grouped, messy, hidden, canonical, csv_gbk,
];
