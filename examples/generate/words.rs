//! The words of the generated ledgers, and one project as a unit writes it.

use super::Rng;

#[rustfmt::skip]
pub(crate) const DISTRICTS: [&str; 16] = [
    "普陀区", "静安区", "徐汇区", "长宁区", "杨浦区", "虹口区", "黄浦区", "浦东新区",
    "闵行区", "宝山区", "嘉定区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区",
];

#[rustfmt::skip]
pub(crate) const UNITS: [&str; 36] = [
    "区发改委", "区建管委", "区规划资源局", "区商务委", "金泽镇", "新城公司",
    "区交通委", "区卫健委", "区教育局", "区财政局", "区绿化市容局", "区房管局",
    "区文化旅游局", "区科委", "区民政局", "区生态环境局", "区水务局", "区体育局",
    "区国资委", "区城运中心", "区应急局", "区市场监管局", "区人社局", "区公安分局",
    "桃浦镇", "长征镇", "真如镇街道", "长风新村街道", "长寿路街道", "曹杨新村街道",
    "甘泉路街道", "石泉路街道", "宜川路街道", "万里街道", "江宁路街道", "华东公司",
];

#[rustfmt::skip]
pub(crate) const PLACES: [&str; 24] = [
    "桃浦", "真如", "长风", "金泽", "曹杨", "万里", "长征", "石泉",
    "宜川", "甘泉", "武宁", "中山北路", "江宁路", "铜川路", "真北路", "祁连山南路",
    "金沙江路", "怒江北路", "西岑", "任屯", "梅川路", "李子园", "大渡河路", "绥德路",
];

#[rustfmt::skip]
pub(crate) const WORKS: [&str; 30] = [
    "智创城中央绿地", "城市副中心商办项目", "生态商务区总部大楼", "道路改建工程", "道路新建工程",
    "综合改造工程", "成套改造", "雨污混接改造工程", "综合管廊工程", "地下通道工程",
    "公共租赁住房", "动迁安置房", "社区文化中心", "社区卫生服务中心迁建", "九年一贯制学校",
    "配套幼儿园", "高级中学新建工程", "体育馆改建工程", "公共停车库", "公交枢纽改建工程",
    "滨水绿地", "城中村改造", "旧区改造", "数据中心", "科创中心配套道路",
    "能源中心", "为老服务中心", "医院门急诊综合楼", "文化综合体", "商业综合体",
];

pub(crate) const PHASES: [&str; 6] = ["", "（一期）", "（二期）", "二期", "（三期）", "扩建"];

#[rustfmt::skip]
pub(crate) const PROGRESS: [&str; 16] = [
    "主体结构施工", "基坑围护施工", "桩基施工", "施工图审查中", "已竣工验收，办理产证",
    "动迁收尾，施工招标", "管道施工", "内部装修", "道路基层施工", "方案设计",
    "可研编制", "地下室结构完成", "幕墙施工", "机电安装", "收储面积完成过半",
    "居民签约率超九成",
];

#[rustfmt::skip]
pub(crate) const PROBLEMS: [&str; 10] = [
    "电力接入方案待市电力公司确认", "燃气管线搬迁未完成", "沿线动迁未签约",
    "交通组织方案审批慢", "施工图审查排队", "渣土外运受限",
    "设计变更，进度款拨付滞后", "文物保护方案审批未完成", "地块规划指标待批复",
    "个别企业补偿标准未谈妥",
];

#[rustfmt::skip]
pub(crate) const COMPANY: [&str; 5] = [
    "开发建设有限公司", "投资有限公司", "城市更新有限公司", "发展有限公司", "建设管理中心",
];

#[rustfmt::skip]
pub(crate) const SURNAMES: [&str; 12] = [
    "王", "陈", "李", "张", "刘", "杨", "赵", "黄", "周", "吴", "徐", "孙",
];
#[rustfmt::skip]
pub(crate) const GIVEN: [&str; 12] = [
    "磊", "静", "娜", "伟", "敏", "强", "芳", "军", "洁", "勇", "艳", "涛",
];

#[rustfmt::skip]
pub(crate) const TASK_ITEMS: [&str; 10] = [
    "重大项目年度计划编制", "重大项目一季度开工", "土地出让前期准备", "岸线贯通品质提升", "重大项目月度调度",
    "项目用地保障", "校舍安全改造", "老旧小区综合改造", "营商环境优化", "生态环境整治",
];

#[rustfmt::skip]
pub(crate) const DEADLINES: [&str; 12] = [
    "2022年3月底", "一季度", "6月底", "年底", "持续推进", "2022-02-28",
    "第二季度", "3月底", "2022年9月", "下半年", "常态化", "2022.6",
];

pub(crate) const STATUS: [&str; 3] = ["已完成", "推进中", "未启动"];

// ---------------------------------------------------------------------------------------------
// One project as a unit writes it
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cat {
    City,
    District,
    Reserve,
}

/// A date as written: a date cell, or one of the text forms units type.
pub(crate) type Ymd = (u16, u8, u8);

/// A mistake a unit makes in a row.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mistake {
    None,
    BadNumber,
    Negative,
    RefError,
    BadCategory,
    NoName,
}

#[derive(Clone)]
pub(crate) struct Project {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) cat: Cat,
    pub(crate) formal: bool,
    pub(crate) carried: bool,
    pub(crate) stage: usize,
    pub(crate) kind: &'static str,
    pub(crate) lead: String,
    pub(crate) builder: String,
    pub(crate) support: String,
    /// 万元.
    pub(crate) total: f64,
    pub(crate) plan: f64,
    pub(crate) ytd: f64,
    pub(crate) month: Option<f64>,
    pub(crate) cum: Option<f64>,
    pub(crate) start: Ymd,
    pub(crate) finish: Ymd,
    pub(crate) actual: Option<Ymd>,
    pub(crate) progress: String,
    pub(crate) problems: &'static str,
    pub(crate) next: String,
    pub(crate) q: [String; 4],
    pub(crate) contact: String,
    pub(crate) mistake: Mistake,
}

pub(crate) const STAGES: [&str; 3] = ["前期", "在建", "竣工"];
#[rustfmt::skip]
pub(crate) const KINDS: [&str; 4] = [
    "政府投资项目", "社会投资项目", "重点民生项目", "重大产业项目",
];

/// Rounds to one decimal (units write 万元 to at most one or two decimals).
pub(crate) fn tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

pub(crate) fn month_end(y: u16, m: u8) -> u8 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if y.is_multiple_of(4) => 29,
        2 => 28,
        _ => 31,
    }
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub(crate) fn date_between(rng: &mut Rng, from: (u16, u8), months: usize) -> Ymd {
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
pub(crate) fn project(rng: &mut Rng, unit: &str, code: String, leads: &[String]) -> Project {
    let cat = match rng.below(20) {
        0 | 1 => Cat::City,
        2 | 3 => Cat::Reserve,
        _ => Cat::District,
    };
    let formal = cat != Cat::Reserve && !rng.chance(0.03);
    let stage = if formal {
        match rng.below(10) {
            0 => 0,
            1 => 2,
            _ => 1,
        }
    } else {
        0
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
