//! Writes one realistic month (period 2022-03, 截至2022年3月31日) of unit ledgers (工作台帐)
//! for a Shanghai district key-projects office into a folder:
//!
//! ```text
//! cargo run --example make_samples -- samples
//! ```
//!
//! Every file exercises a different layout of LEDGER-SPEC section 2. The data below is kept as
//! plain tables so that a reviewer can add up the totals by hand; the program also computes the
//! expected figures from these tables and writes them, with the file list, to `README.md` in the
//! output folder. The output is deterministic: the same bytes on every run.
//!
//! Money in the tables is in 万元 unless a file's column says otherwise (区商务委's 总投资 column
//! is in 亿元). `T("1.2亿", 12000.0)` is text typed by the unit together with the value it means
//! in 万元.

// Fixture data: amounts are written as the ledgers write them, cell builders keep their short
// row/column names, and a sheet's layout reads best as one function.
#![allow(
    clippy::unreadable_literal,
    clippy::many_single_char_names,
    clippy::too_many_lines,
    clippy::match_same_arms,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss
)]

use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

type R<T> = Result<T, Box<dyn std::error::Error>>;

/// The period end all these ledgers report on.
const PERIOD_END: (i32, u32, u32) = (2022, 3, 31);
/// 序时进度 for March: 3/12.
const SCHEDULE: f64 = 0.25;

// ---------------------------------------------------------------------------------------------
// Cell values
// ---------------------------------------------------------------------------------------------

/// A money cell.
#[derive(Clone, Copy, Debug)]
enum M {
    /// A number cell, in the column's unit (万元, or 亿元 in 区商务委's 总投资 column).
    N(f64),
    /// Text as the unit typed it, and the value it means in 万元.
    T(&'static str, f64),
    /// Empty: "" (no cell) or an empty marker typed by the unit ("—", "/", "无").
    E(&'static str),
    /// Text that is not a number (an error the reader must report).
    Bad(&'static str),
    /// A formula whose cached value is this Excel error.
    Err(&'static str),
}
use M::{Bad, E, Err, N, T};

/// A date cell.
#[derive(Clone, Copy, Debug)]
enum D {
    /// No cell.
    No,
    /// A real Excel date (ISO `yyyy-mm-dd` here), written as a date cell.
    Dt(&'static str),
    /// Text as the unit typed it (`2022.3`, `2022年3月底`, `2022/3/15` …).
    Tx(&'static str),
}
use D::{Dt, No, Tx};

/// code, name, category, 性质, 结转/新增, stage, 主责单位,
/// 总投资, 年度计划, 本年累计完成, 本月完成, 计划开工, 计划竣工, 形象进度, 存在问题
type Core = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    M,
    M,
    M,
    M,
    D,
    D,
    &'static str,
    &'static str,
);

#[derive(Clone, Debug)]
struct Proj {
    code: &'static str,
    name: &'static str,
    cat: &'static str,
    formal: &'static str,
    carry: &'static str,
    stage: &'static str,
    lead: &'static str,
    total: M,
    plan: M,
    ytd: M,
    month: M,
    start: D,
    finish: D,
    progress: &'static str,
    problems: &'static str,
    // extras, filled by the files that have these columns
    kind: &'static str,
    builder: &'static str,
    support: &'static str,
    cum: M,
    actual: D,
    next: &'static str,
    q: [&'static str; 4],
    contact: &'static str,
}

fn proj(c: &Core) -> Proj {
    Proj {
        code: c.0,
        name: c.1,
        cat: c.2,
        formal: c.3,
        carry: c.4,
        stage: c.5,
        lead: c.6,
        total: c.7,
        plan: c.8,
        ytd: c.9,
        month: c.10,
        start: c.11,
        finish: c.12,
        progress: c.13,
        problems: c.14,
        kind: "",
        builder: "",
        support: "",
        cum: E(""),
        actual: No,
        next: "",
        q: ["", "", "", ""],
        contact: "",
    }
}

// ---------------------------------------------------------------------------------------------
// The data, one table per unit file. Money in 万元 unless stated.
// ---------------------------------------------------------------------------------------------

// 1. 区发改委.xlsx — canonical layout.
#[rustfmt::skip]
const FGW: &[Core] = &[
//   编号          项目名称                              类别              性质       结转/新增 阶段    主责单位     总投资         年度计划      本年累计      本月         计划开工            计划竣工            形象进度                               存在问题
    ("PT-2022-001", "桃浦智创城中央绿地二期",             "市属重大工程",     "正式项目", "结转", "在建", "区发改委", N(185000.0), N(32000.0), N(8200.0),  N(3100.0), Dt("2020-06-30"), Dt("2023-06-30"), "南块绿化种植完成60%，北块地形塑造",   ""),
    ("PT-2022-002", "真如城市副中心D3-2地块商办项目",     "市属重大工程",     "正式项目", "结转", "在建", "区发改委", N(426000.0), N(58000.0), N(15600.0), N(5200.0), Dt("2019-12-31"), Dt("2024-12-31"), "主体结构施工至18层",                   ""),
    ("PT-2022-003", "真如城市副中心B1-4地块文化综合体",   "市属重大工程",     "预备项目", "新增", "前期", "区发改委", N(168000.0), N(5000.0),  N(0.0),     N(0.0),    Dt("2022-09-30"), Dt("2025-12-31"), "建筑方案国际征集中",                   "地块规划指标待市规划资源局批复"),
    ("PT-2022-004", "长风生态商务区6B/7C地块商办项目",    "区属重大工程",     "正式项目", "结转", "在建", "区发改委", N(245000.0), N(36000.0), N(9800.0),  N(3300.0), Dt("2020-09-30"), Dt("2023-12-31"), "地下室结构完成，塔楼施工至9层",        ""),
    ("PT-2022-005", "桃浦科技智慧城数据中心",             "区属重大工程",     "正式项目", "新增", "前期", "区发改委", N(86000.0),  N(12000.0), N(2000.0),  N(600.0),  Dt("2022-06-30"), Dt("2024-06-30"), "施工图审查中",                         "电力接入方案待市电力公司确认"),
    ("PT-2022-006", "普陀区智慧城市运营中心",             "区属重大工程",     "正式项目", "结转", "在建", "区发改委", N(18600.0),  N(6200.0),  N(1650.0),  N(520.0),  Dt("2021-05-31"), Dt("2022-12-31"), "机房装修及系统集成",                   ""),
    ("PT-2022-007", "武宁科技园二期",                     "区属重大工程",     "正式项目", "结转", "竣工", "区发改委", N(52000.0),  N(3000.0),  N(2100.0),  N(400.0),  Dt("2019-10-31"), Dt("2022-03-31"), "已竣工验收，办理产证",                 ""),
    ("PT-2022-008", "桃浦智创城603街坊公共租赁住房",      "区属重点预备项目", "预备项目", "新增", "前期", "区发改委", N(64000.0),  N(2000.0),  N(0.0),     N(0.0),    Dt("2022-12-31"), Dt("2025-06-30"), "用地预审中",                           ""),
];

/// 区发改委 extras: 项目类型, 建设单位, 配合单位, 开工累计完成, 实际开工, 下一步计划, 一至四季度目标, 联系人
type FgwExtra = (
    &'static str,
    &'static str,
    &'static str,
    M,
    D,
    &'static str,
    [&'static str; 4],
    &'static str,
);
#[rustfmt::skip]
const FGW_EXTRA: &[FgwExtra] = &[
    ("政府投资项目", "上海桃浦智创城开发建设有限公司", "区绿化市容局、桃浦镇",   N(121500.0), Dt("2020-07-15"), "完成北块地形塑造",     ["南块种植完成60%", "南块完工", "北块种植完成", "整体开放"],   "王磊 52564588"),
    ("社会投资项目", "上海真如城市副中心开发有限公司", "区规划资源局、真如镇街道", N(238000.0), Dt("2020-03-18"), "结构施工至24层",       ["结构至18层", "结构封顶", "幕墙施工", "机电安装"],          "陈静 52564589"),
    ("政府投资项目", "区文化旅游局",                   "区规划资源局",             E(""),       No,               "完成方案评审",         ["方案征集启动", "方案评审", "土地出让", "开工准备"],         "陈静 52564589"),
    ("社会投资项目", "上海长风新城投资有限公司",       "长风新村街道",             N(98600.0),  Dt("2020-10-20"), "塔楼施工至14层",       ["塔楼至9层", "塔楼至20层", "结构封顶", "幕墙施工"],          "王磊 52564588"),
    ("重大产业项目", "上海桃浦科技智慧城发展有限公司", "桃浦镇、区科委",           N(2000.0),   No,               "取得施工许可证",       ["施工图审查", "开工", "桩基完成", "地下结构"],              "李娜 52564590"),
    ("政府投资项目", "区大数据中心",                   "区财政局",                 N(12300.0),  Dt("2021-06-10"), "系统联调",             ["装修完成", "系统联调", "试运行", "竣工验收"],              "李娜 52564590"),
    ("社会投资项目", "上海武宁科技园发展有限公司",     "长寿路街道",               N(51600.0),  Dt("2019-11-12"), "办理不动产登记",       ["竣工验收", "产证办理", "", ""],                            "王磊 52564588"),
    ("政府投资项目", "区房管局",                       "区规划资源局、桃浦镇",     E(""),       No,               "完成用地预审",         ["用地预审", "可研批复", "初步设计", "开工准备"],            "李娜 52564590"),
];

/// 区发改委 工作任务清单: 重点工作事项, 具体任务目标, 主责部门, 配合部门, 相关协调推动组, 工作完成时限, 完成情况, 进展情况
#[rustfmt::skip]
const FGW_TASKS: &[[&str; 8]] = &[
    ["重大项目年度计划编制", "印发《普陀区2022年重大工程建设计划》",   "区发改委",     "区财政局、区建管委",   "综合协调组",     "2022年3月底", "推进中", "已完成征求意见，待区政府常务会审议"],
    ["重大项目一季度开工",   "推动3个新开工项目完成施工许可等开工手续", "区建管委",     "区规划资源局",         "重大项目推进组", "一季度",      "已完成", "3个项目施工许可已办结"],
    ["真如城市副中心土地出让", "完成B1-4地块土地出让前期准备",         "区规划资源局", "区发改委、真如镇街道", "土地保障组",     "6月底",       "推进中", "规划调整方案已报市规划资源局"],
    ["苏州河岸线贯通品质提升", "完成普陀段岸线品质提升工程施工招标",   "区建管委",     "区绿化市容局、沿线街镇", "重大项目推进组", "年底",      "未启动", "施工图设计中"],
    ["重大项目月度调度",     "每月5日前汇总各单位台帐并通报",         "区发改委",     "各成员单位",           "综合协调组",     "持续推进",    "推进中", "已完成1—2月通报"],
    ["桃浦智创城项目用地保障", "完成603街坊项目用地预审",             "区规划资源局", "桃浦镇、区发改委",     "土地保障组",     "2022-02-28",  "推进中", "预审材料补正中"],
];

/// 区发改委 填表说明 (plain notes, not a ledger).
const FGW_NOTES: &[&str] = &[
    "填表说明",
    "1. 本台帐每月5日前报区重大项目推进办，文件名为单位名称。",
    "2. 金额单位统一为万元，只填数字，不要带单位。",
    "3. 类别请从下拉列表中选择，不要自行增加。",
    "4. 本年累计完成投资为1月1日至本月底累计数，只增不减。",
    "5. 有问题请联系区发改委投资科，电话52564588。",
];

// 2. 区建管委.xlsx — title, 填报单位/单位/截至 row, header on row 4 with aliases, 合计 row, notes.
#[rustfmt::skip]
const JGW: &[Core] = &[
//   编号          工程名称                                 项目分类           正式/预备 新开/结转 阶段    责任单位     项目总投资    2022年计划    1-3月完成     3月完成     计划开工            计划竣工            工程进展                         存在问题
    ("PT-2022-009", "苏州河岸线贯通（普陀段）品质提升工程", "市属",             "正式", "续建", "在建", "区建管委", N(98000.0),  N(21000.0), N(5300.0),  N(1900.0), Dt("2020-03-31"), Dt("2022-12-31"), "中远两湾城段景观提升施工",       ""),
    ("PT-2022-010", "真北路（金沙江路—铜川路）道路改建工程", "区属重大工程",     "正式", "结转", "在建", "区建管委", N(36500.0),  N(9800.0),  N(2600.0),  N(900.0),  Dt("2021-04-30"), Dt("2023-06-30"), "东侧半幅路基施工",               ""),
    ("PT-2022-011", "祁连山南路（真北路—金沙江路）新建工程", "区属",             "正式", "新开", "前期", "区建管委", N(28000.0),  N(6000.0),  N(1200.0),  N(300.0),  Dt("2022-05-31"), Dt("2024-05-31"), "动迁收尾，施工招标",             "沿线2户动迁未签约"),
    ("PT-2022-012", "新村路（真华路—沪太路）综合改造工程",   "区属重大工程",     "正式", "结转", "在建", "区建管委", N(15200.0),  N(5100.0),  N(1280.0),  N(430.0),  Dt("2021-03-31"), Dt("2022-03-31"), "主线完成，附属设施扫尾",         ""),
    ("PT-2022-013", "曹杨新村成套改造（一期）",               "区属重大工程",     "正式", "结转", "在建", "区建管委", N(162000.0), N(42000.0), N(10800.0), N(3600.0), Dt("2020-11-30"), Dt("2023-10-31"), "12栋住宅主体结构施工",           ""),
    ("PT-2022-014", "怒江北路雨污混接改造工程",               "区属重大工程",     "正式", "新开", "在建", "区建管委", N(8600.0),   N(4300.0),  N(600.0),   N(350.0),  Dt("2022-01-15"), Dt("2022-10-31"), "管道施工完成15%",                "交通组织方案审批慢"),
    ("PT-2022-015", "桃浦智创城S6号路道路配套工程",           "区属",             "正式", "续建", "在建", "区建管委", N(22400.0),  N(7600.0),  N(1900.0),  N(0.0),    Dt("2021-06-30"), Dt("2023-06-30"), "停工待管线搬迁",                 "燃气管线搬迁未完成"),
    ("PT-2022-016", "长寿路桥大修工程",                       "区属重大工程",     "正式", "续建", "竣工", "区建管委", N(12800.0),  N(1500.0),  N(1500.0),  N(200.0),  Dt("2021-03-31"), Dt("2022-02-28"), "已完工，办理竣工备案",           ""),
    ("PT-2022-017", "中山北路综合管廊工程",                   "区属预备",         "预备", "新开", "前期", "区建管委", N(56000.0),  N(1500.0),  N(0.0),     N(0.0),    Dt("2022-11-30"), Dt("2025-12-31"), "工程可行性研究报告编制中",       ""),
];

// 3. 区规划资源局.xlsx — two-row header, 主责单位 merged down, 小计 per category, 总计.
//    No 本月完成 column in this file (the 本月 column below is empty).
#[rustfmt::skip]
const GHZY: &[Core] = &[
//   编号          项目名称                               项目类别            性质    结转/新增 阶段    主责单位         总投资         年度计划      本年累计      本月    计划开工         计划竣工         形象进度                存在问题
    ("PT-2022-018", "桃浦智创城城市更新单元（一期）土地收储", "市重大",           "正式", "结转", "在建", "区规划资源局", N(320000.0), N(60000.0), N(16500.0), E(""), Tx("2020.12"), Tx("2024.12"), "收储面积完成65%",      ""),
    ("PT-2022-019", "真如城市副中心C4地块土地收储",         "市属重大工程",     "正式", "续建", "在建", "区规划资源局", N(210000.0), N(45000.0), N(9000.0),  E(""), Tx("2021.06"), Tx("2023.12"), "居民签约率92%",        "个别企业补偿标准未谈妥"),
    ("PT-2022-020", "长征镇城中村改造（一期）",             "区属重大工程",     "正式", "结转", "在建", "长征镇",       N(138000.0), N(26000.0), N(7100.0),  E(""), Tx("2020.09"), Tx("2024.06"), "安置房主体结构施工",   ""),
    ("PT-2022-021", "长征镇大洋村动迁安置房",               "区属",             "正式", "新增", "前期", "长征镇",       N(74000.0),  N(9000.0),  N(1600.0),  E(""), Tx("2022.08"), Tx("2025.06"), "土地征收公告已发布",   ""),
    ("PT-2022-022", "长征镇梅川路社区文化中心",             "区属重大工程",     "正式", "结转", "在建", "长征镇",       N(9600.0),   N(3200.0),  N(860.0),   E(""), Tx("2021.07"), Tx("2022.12"), "内部装修",             ""),
    ("PT-2022-023", "桃浦镇李子园地块旧区改造",             "区属重大工程",     "正式", "结转", "在建", "桃浦镇",       N(115000.0), N(21000.0), N(5400.0),  E(""), Tx("2020.05"), Tx("2023.12"), "拆除完成，场地平整",   ""),
    ("PT-2022-024", "桃浦镇社区综合为老服务中心",           "区属重大工程",     "正式", "新增", "在建", "桃浦镇",       N(6800.0),   N(4200.0),  N(900.0),   E(""), Tx("2022.01"), Tx("2022.12"), "主体结构施工",         ""),
    ("PT-2022-025", "万里城B-3地块公共绿地",                "区属重点预备项目", "预备", "新增", "前期", "区规划资源局", N(42000.0),  N(1000.0),  N(0.0),     E(""), Tx("2022.12"), Tx("2024.06"), "规划方案编制",         ""),
];

// 4. 区商务委.xlsx — 总投资 in 亿元 (N(..) below is 亿元 in that column only), text with units,
//    full-width digits, thousands separators, "—" "/" "无" blanks, dates as dates and as text.
#[rustfmt::skip]
const SWW: &[Core] = &[
//   编号          项目名称                          类别                性质    结转/新增 阶段    主责单位     总投资(亿元!)           年度计划(万元)              本年累计(万元)               本月(万元)  计划开工              计划竣工              形象进度                存在问题
    ("PT-2022-026", "长风生态商务区中海环宇城二期",   "区属重大工程",     "正式", "结转", "在建", "区商务委", N(12.5),                N(28000.0),                 T("7,350.5", 7350.5),        N(2450.0),  Dt("2020-12-20"),     Tx("2023/12/31"),     "商业裙房结构封顶",     "无"),
    ("PT-2022-027", "月星环球港二期扩建",             "区属",             "正式", "续建", "在建", "区商务委", T("1.2亿", 12000.0),    T("3500万", 3500.0),        N(980.0),                    E("—"),     Tx("2021.9"),         Tx("2023.6"),         "钢结构吊装",           "无"),
    ("PT-2022-028", "真如副中心环宇荟商业综合体",     "市属重大工程",     "正式", "结转", "在建", "区商务委", N(38.6),                T("１２３４０", 12340.0),   N(3300.0),                   N(1100.0),  Tx("2019年6月"),      Tx("2024年6月"),      "主体结构施工至12层",   ""),
    ("PT-2022-029", "桃浦智创城国际企业总部园",       "区属重大工程",     "正式", "新增", "前期", "区商务委", N(9.8),                 T("3500万元", 3500.0),      N(600.0),                    E("/"),     Tx("2022年6月"),      Tx("2024年12月"),     "完成土地出让",         "施工图审查排队"),
    ("PT-2022-030", "长风跨国公司地区总部大楼",       "区属",             "正式", "结转", "在建", "区商务委", N(15.2),                T("6,800", 6800.0),         T("1,234.5", 1234.5),        N(420.0),   Tx("2022/3/15"),      Tx("2024.6"),         "桩基施工",             "无"),
    ("PT-2022-031", "武宁路商圈更新改造",             "区属重点预备项目", "预备", "新增", "前期", "区商务委", N(2.6),                 N(800.0),                   N(0.0),                      N(0.0),     Tx("2022年3月底"),    Tx("2023年12月"),     "业主方案比选",         "产权单位意见不一"),
    ("PT-2022-032", "中以（上海）创新园二期",         "区属重大工程",     "正式", "结转", "在建", "区商务委", N(6.45),                N(15000.0),                 N(3650.0),                   N(1200.0),  Dt("2021-03-01"),     Dt("2023-12-31"),     "地上结构施工至6层",    ""),
];

/// 区商务委 extras: 项目类型, 开工累计完成(万元), 实际开工
#[rustfmt::skip]
const SWW_EXTRA: &[(&str, M, D)] = &[
    ("社会投资项目", N(61200.0),          Dt("2021-01-08")),
    ("社会投资项目", T("4,200", 4200.0),  Tx("2021/10/12")),
    ("社会投资项目", N(152000.0),         Dt("2019-07-02")),
    ("重大产业项目", E("无"),             No),
    ("社会投资项目", N(1234.5),           Tx("2022.3")),
    ("社会投资项目", E(""),               No),
    ("重大产业项目", N(24800.0),          Dt("2021-03-20")),
];

// 5. 金泽镇.xlsx — title, 单位：万元, header on row 3; blank rows and a blank column; the
//    年度计划投资 column is hidden and rows of PT-2022-034 and PT-2022-036 are hidden.
#[rustfmt::skip]
const JZZ: &[Core] = &[
//   编号          项目名称                          类别                性质    结转/新增 阶段    主责单位   总投资         年度计划      本年累计     本月         计划开工            计划竣工            形象进度                 存在问题
    ("PT-2022-033", "西岑科创中心配套道路工程",       "区属重大工程",     "正式", "结转", "在建", "金泽镇", N(48000.0),  N(12000.0), N(3100.0), N(1050.0), Tx("2021.10"),     Tx("2023.12"),     "道路基层施工",          ""),
    ("PT-2022-034", "金溪路改建工程",                 "区属",             "正式", "新增", "在建", "金泽镇", N(9200.0),   N(4600.0),  N(1150.0), N(400.0),  Dt("2022-01-20"), Dt("2022-11-30"), "管线迁改",              ""),
    ("PT-2022-035", "金泽古镇保护提升（二期）",       "区属重大工程",     "正式", "结转", "在建", "金泽镇", N(26500.0),  N(7000.0),  N(980.0),  N(300.0),  Tx("2021.05"),     Tx("2023.06"),     "沿河立面整治",          "文物保护方案审批未完成"),
    ("PT-2022-036", "水乡客厅蓝环生态工程（金泽段）", "市级重大",         "正式", "结转", "在建", "金泽镇", N(135000.0), N(30000.0), N(8100.0), N(2700.0), Tx("2021.03"),     Tx("2024.12"),     "河道疏浚及驳岸施工",    ""),
    ("PT-2022-037", "金泽镇社区卫生服务中心迁建",     "区属重大工程",     "正式", "新增", "前期", "金泽镇", N(15800.0),  N(3000.0),  N(500.0),  N(150.0),  Dt("2022-06-30"), Dt("2024-06-30"), "初步设计批复",          ""),
    ("PT-2022-038", "任屯村乡村振兴示范村",           "区属重点预备项目", "预备", "新增", "前期", "金泽镇", N(7600.0),   N(600.0),   N(0.0),    E(""),     Tx("2022.10"),     Tx("2023.10"),     "村庄规划编制",          ""),
];

// 6. 新城公司.csv — GBK-encoded CSV.
#[rustfmt::skip]
const XCGS: &[Core] = &[
//   编号          项目名称                          类别                性质    结转/新增 阶段      主责单位     总投资         年度计划      本年累计     本月         计划开工           计划竣工           形象进度                  存在问题
    ("PT-2022-039", "桃浦智创城科技绿洲商办项目",     "区属重大工程",     "正式", "结转", "在建",   "新城公司", N(182000.0), N(28000.0), N(7200.0), N(2500.0), Tx("2020-08-31"), Tx("2023-12-31"), "塔楼结构施工至15层",      ""),
    ("PT-2022-040", "桃浦智创城608街坊租赁住房",      "区属重大工程",     "正式", "新增", "在建",   "新城公司", N(76000.0),  N(15000.0), N(2100.0), N(800.0),  Tx("2022/1/10"),  Tx("2024/6/30"),  "基坑围护施工",            "渣土外运受限"),
    ("PT-2022-041", "桃浦西路地下通道工程",           "市属重大工程",     "正式", "续建", "在建",   "新城公司", N(94000.0),  N(18000.0), N(4700.0), N(1600.0), Tx("2021-02-28"), Tx("2023-06-30"), "主体结构完成40%",         ""),
    ("PT-2022-042", "真如港滨水绿地",                 "区属",             "正式", "结转", "已竣工", "新城公司", N(24000.0),  N(1200.0),  N(1200.0), N(0.0),    Tx("2020-10-31"), Tx("2021-12-31"), "已竣工，尾款结算",        ""),
    ("PT-2022-043", "桃浦智创城能源中心（二期）",     "区属重大工程",     "正式", "新开", "前期",   "新城公司", N(31000.0),  N(5000.0),  N(800.0),  N(200.0),  Tx("2022-07-31"), Tx("2024-07-31"), "完成可研批复",            ""),
    ("PT-2022-044", "桃浦智创城南块配套学校",         "区属预备",         "预备", "新增", "前期",   "新城公司", N(28000.0),  N(800.0),   N(0.0),    N(0.0),    Tx("2023-03-31"), Tx("2025-08-31"), "方案设计",                ""),
];

// 7. 区交通委.xlsx — deliberate errors. Rows 046–050 must be rejected; 051 (年度计划 > 总投资)
//    and 052 (计划竣工 before 计划开工) are warnings and counted; the last row repeats
//    PT-2022-010 of 区建管委 (主责单位 区建管委), so 区建管委's row is the one counted.
#[rustfmt::skip]
const JTW: &[Core] = &[
//   编号          项目名称                          类别            性质    结转/新增 阶段    主责单位     总投资        年度计划      本年累计          本月        计划开工            计划竣工            形象进度                 存在问题
    ("PT-2022-045", "轨道交通15号线普陀段道路恢复工程", "市属重大工程", "正式", "结转", "在建", "区交通委", N(42000.0), N(8000.0),  N(2100.0),        N(700.0),  Dt("2021-07-01"), Dt("2022-12-31"), "道路翻交第三阶段",      ""),
    ("PT-2022-046", "铜川路公交枢纽改建工程",         "区属重大工程", "正式", "结转", "在建", "区交通委", N(18000.0), N(5000.0),  Bad("12..5"),     N(400.0),  Dt("2021-09-30"), Dt("2023-03-31"), "站房主体施工",          ""),
    ("PT-2022-047", "武威东路公共停车场",             "区属重大工程", "正式", "新增", "在建", "区交通委", N(6400.0),  N(-3000.0), N(800.0),         N(300.0),  Dt("2022-01-10"), Dt("2022-12-31"), "基础施工",              ""),
    ("PT-2022-048", "梅川路慢行交通改造",             "区属重大工程", "正式", "新增", "在建", "区交通委", N(5600.0),  N(2400.0),  Err("#REF!"),     N(200.0),  Dt("2022-02-15"), Dt("2022-09-30"), "人行道改造",            ""),
    ("PT-2022-049", "曹安公路（普陀段）改建工程",     "市区共建",     "正式", "结转", "在建", "区交通委", N(88000.0), N(15000.0), N(3800.0),        N(1300.0), Dt("2020-12-31"), Dt("2023-12-31"), "桥梁下部结构施工",      ""),
    ("PT-2022-050", "",                               "区属重大工程", "正式", "新增", "前期", "区交通委", N(3200.0),  N(1000.0),  N(260.0),         N(80.0),   Dt("2022-06-30"), Dt("2022-12-31"), "交通信号智能化改造设计", ""),
    ("PT-2022-051", "中环线普陀段交通组织优化",       "区属",         "正式", "新增", "在建", "区交通委", N(6500.0),  N(9800.0),  N(2600.0),        N(900.0),  Dt("2022-01-05"), Dt("2022-12-31"), "标志标线施工",          ""),
    ("PT-2022-052", "桃浦地区公共停车库",             "区属重大工程", "正式", "新增", "前期", "区交通委", N(12500.0), N(2000.0),  N(400.0),         N(100.0),  Dt("2022-09-30"), Dt("2022-06-30"), "可研编制",              ""),
    ("PT-2022-010", "真北路（金沙江路—铜川路）道路改建工程", "区属重大工程", "正式", "结转", "在建", "区建管委", N(36500.0), N(9800.0), N(2500.0), N(850.0), Dt("2021-04-30"), Dt("2023-06-30"), "交通组织配合",          ""),
];
/// 区交通委 配合单位 column (by row of JTW).
#[rustfmt::skip]
const JTW_SUPPORT: &[&str] = &["", "", "", "区建管委", "", "", "区公安分局交警支队", "", "区交通委"];

// 8. 区卫健委.xlsx — 项目代码 / 类别 / 性质 / 结转/新增 headers; 开工滞后, 本月无进展, 投资滞后.
#[rustfmt::skip]
const WJW: &[Core] = &[
//   代码          项目名称                                  类别                性质    结转/新增 阶段    主责单位     总投资         年度计划      本年累计     本月         计划开工            计划竣工            形象进度                   存在问题
    ("PT-2022-053", "普陀区中心医院门急诊综合楼改扩建工程",   "区属重大工程",     "正式", "结转", "在建", "区卫健委", N(68000.0),  N(15000.0), N(3900.0), N(1300.0), Dt("2021-01-15"), Dt("2023-12-31"), "主体结构施工至8层",        ""),
    ("PT-2022-054", "普陀区人民医院医技楼新建工程",           "区属",             "正式", "新增", "前期", "区卫健委", N(45000.0),  N(8000.0),  N(1300.0), N(400.0),  Tx("2022.2"),     Tx("2024.12"),     "施工许可证待办理",         "节能评估未批复，未能按期开工"),
    ("PT-2022-055", "利群医院改扩建工程（二期）",             "区属重大工程",     "正式", "结转", "在建", "区卫健委", N(23500.0),  N(6000.0),  N(1350.0), N(0.0),    Dt("2021-06-30"), Dt("2023-06-30"), "疫情防控停工",             "施工人员无法进场"),
    ("PT-2022-056", "同济医院科研综合楼",                     "市属重大工程",     "正式", "结转", "在建", "区卫健委", N(126000.0), N(24000.0), N(1000.0), N(320.0),  Dt("2021-09-30"), Dt("2024-12-31"), "基坑开挖",                 "设计变更，进度款拨付滞后"),
    ("PT-2022-057", "普陀区妇婴保健院迁建工程",               "区属重点预备项目", "预备", "新增", "前期", "区卫健委", N(38000.0),  N(1500.0),  N(0.0),    N(0.0),    Dt("2022-10-31"), Dt("2025-06-30"), "选址论证",                 ""),
    ("PT-2022-058", "社区卫生服务中心标准化建设（石泉、宜川）", "区属重大工程",   "正式", "续建", "在建", "区卫健委", N(8400.0),   N(3600.0),  N(960.0),  N(320.0),  Dt("2021-10-31"), Dt("2022-10-31"), "室内装修",                 ""),
];
/// 区卫健委 extras: 建设单位, 实际开工
#[rustfmt::skip]
const WJW_EXTRA: &[(&str, D)] = &[
    ("普陀区中心医院",     Dt("2021-02-01")),
    ("普陀区人民医院",     No),
    ("上海市普陀区利群医院", Dt("2021-07-12")),
    ("同济大学附属同济医院", Dt("2021-10-18")),
    ("区卫健委",           No),
    ("区卫健委",           Dt("2021-11-08")),
];

// 9. 区教育局.xlsx — project sheet 重大项目 with period headers, task sheet 季度任务.
#[rustfmt::skip]
const JYJ: &[Core] = &[
//   编号          项目名称                        类别                性质    结转/新增 阶段    主责单位     总投资        年度计划      本年累计     本月        计划开工            计划竣工            形象进度              存在问题
    ("PT-2022-059", "曹杨二中改扩建工程",           "区属重大工程",     "正式", "结转", "在建", "区教育局", N(32000.0), N(9000.0),  N(2300.0), N(780.0),  Dt("2021-03-15"), Dt("2023-08-31"), "教学楼结构封顶",     ""),
    ("PT-2022-060", "晋元高级中学附属学校新建工程", "区属重大工程",     "正式", "新增", "在建", "区教育局", N(26000.0), N(8000.0),  N(1700.0), N(650.0),  Dt("2022-01-20"), Dt("2024-08-31"), "桩基施工完成80%",    ""),
    ("PT-2022-061", "宜川中学体育馆改建工程",       "区属",             "正式", "结转", "竣工", "区教育局", N(7800.0),  N(900.0),   N(900.0),  N(150.0),  Dt("2021-05-31"), Dt("2022-03-31"), "已竣工验收",         ""),
    ("PT-2022-062", "桃浦智创城九年一贯制学校",     "区属重大工程",     "正式", "结转", "在建", "区教育局", N(41000.0), N(12000.0), N(3000.0), N(1000.0), Dt("2021-08-31"), Dt("2023-08-31"), "主体结构施工",       ""),
    ("PT-2022-063", "真如副中心配套幼儿园（2所）",  "区属重大工程",     "正式", "新增", "前期", "区教育局", N(9600.0),  N(3000.0),  N(520.0),  N(180.0),  Dt("2022-05-31"), Dt("2023-08-31"), "施工招标",           ""),
    ("PT-2022-064", "长风新建高级中学",             "区属重点预备项目", "预备", "新增", "前期", "区教育局", N(52000.0), N(1000.0),  N(0.0),    N(0.0),    Dt("2022-12-31"), Dt("2025-08-31"), "项目建议书编制",     ""),
    ("PT-2022-065", "中小学校舍安全改造（2022年）", "区属重大工程",     "正式", "新增", "在建", "区教育局", N(5200.0),  N(5200.0),  N(900.0),  N(600.0),  Dt("2022-02-20"), Dt("2022-08-31"), "寒假期间完成3所",    ""),
];

/// 区教育局 季度任务 (headers use aliases: 牵头部门, 配合单位, 协调推动组, 完成时限, 进展状态, 备注).
#[rustfmt::skip]
const JYJ_TASKS: &[[&str; 8]] = &[
    ["中小学校舍安全改造",         "完成暑期3所学校施工方案及招标", "区教育局", "区建管委、区财政局", "民生保障组",     "3月底",     "已完成", "招标公告已发布"],
    ["晋元高级中学附属学校新建",   "完成主体结构出正负零",         "区教育局", "区建管委",           "重大项目推进组", "第二季度",  "推进中", "桩基施工完成80%"],
];

// ---------------------------------------------------------------------------------------------
// Layout: which field a column holds
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
    /// A blank column between columns.
    Gap,
}

/// One data row as written, for the expected figures and the expected issues.
struct Rec {
    file: &'static str,
    submitter: &'static str,
    sheet: &'static str,
    row: u32,
    cols: Vec<(C, u16)>,
    p: Proj,
    /// The 总投资 column is in 亿元 (N values are 亿元).
    total_in_yi: bool,
    hidden: bool,
}

impl Rec {
    fn cell(&self, c: C) -> String {
        let col = self.cols.iter().find(|(k, _)| *k == c).map_or(0, |x| x.1);
        row_col_to_cell(self.row, col)
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
                .set_background_color(0xDDEBF7),
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

fn workbook(author: &str) -> Workbook {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2022, 4, 2).unwrap();
    let props = DocProperties::new()
        .set_author(author)
        .set_company(author)
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    wb
}

fn write_money(ws: &mut Worksheet, r: u32, c: u16, m: M, f: &Fmts) -> R<()> {
    match m {
        N(v) => {
            ws.write_number_with_format(r, c, v, &f.money)?;
        }
        T(s, _) | Bad(s) => {
            ws.write_string_with_format(r, c, s, &f.text)?;
        }
        E("") => {
            ws.write_blank(r, c, &f.text)?;
        }
        E(s) => {
            ws.write_string_with_format(r, c, s, &f.text)?;
        }
        Err(e) => {
            let formula = Formula::new(format!("={e}")).set_result(e);
            ws.write_formula_with_format(r, c, formula, &f.money)?;
        }
    }
    Ok(())
}

fn write_date(ws: &mut Worksheet, r: u32, c: u16, d: D, f: &Fmts) -> R<()> {
    match d {
        No => {
            ws.write_blank(r, c, &f.text)?;
        }
        Dt(iso) => {
            let (y, m, dd) = ymd(iso);
            let dt = ExcelDateTime::from_ymd(y as u16, m as u8, dd as u8)?;
            ws.write_datetime_with_format(r, c, dt, &f.date)?;
        }
        Tx(s) => {
            ws.write_string_with_format(r, c, s, &f.text)?;
        }
    }
    Ok(())
}

fn write_text(ws: &mut Worksheet, r: u32, c: u16, s: &str, f: &Fmts) -> R<()> {
    if s.is_empty() {
        ws.write_blank(r, c, &f.text)?;
    } else {
        ws.write_string_with_format(r, c, s, &f.text)?;
    }
    Ok(())
}

fn write_header(ws: &mut Worksheet, r: u32, cols: &[(&str, C)], f: &Fmts) -> R<()> {
    for (i, (label, c)) in cols.iter().enumerate() {
        if *c != C::Gap {
            ws.write_string_with_format(r, i as u16, *label, &f.head)?;
        }
    }
    Ok(())
}

/// Writes one project row; returns its record (cells as laid out by `cols`).
fn write_project(
    ws: &mut Worksheet,
    r: u32,
    cols: &[(&str, C)],
    p: &Proj,
    seq: usize,
    f: &Fmts,
) -> R<Vec<(C, u16)>> {
    let mut placed = Vec::new();
    for (i, (_, c)) in cols.iter().enumerate() {
        let i = i as u16;
        placed.push((*c, i));
        match c {
            C::Gap => {}
            C::Seq => {
                ws.write_number_with_format(r, i, seq as f64, &f.text)?;
            }
            C::Code => write_text(ws, r, i, p.code, f)?,
            C::Name => write_text(ws, r, i, p.name, f)?,
            C::Cat => write_text(ws, r, i, p.cat, f)?,
            C::Kind => write_text(ws, r, i, p.kind, f)?,
            C::Formal => write_text(ws, r, i, p.formal, f)?,
            C::Carry => write_text(ws, r, i, p.carry, f)?,
            C::Stage => write_text(ws, r, i, p.stage, f)?,
            C::Lead => write_text(ws, r, i, p.lead, f)?,
            C::Builder => write_text(ws, r, i, p.builder, f)?,
            C::Support => write_text(ws, r, i, p.support, f)?,
            C::Total => write_money(ws, r, i, p.total, f)?,
            C::Plan => write_money(ws, r, i, p.plan, f)?,
            C::Ytd => write_money(ws, r, i, p.ytd, f)?,
            C::Cum => write_money(ws, r, i, p.cum, f)?,
            C::Month => write_money(ws, r, i, p.month, f)?,
            C::Start => write_date(ws, r, i, p.start, f)?,
            C::Finish => write_date(ws, r, i, p.finish, f)?,
            C::Actual => write_date(ws, r, i, p.actual, f)?,
            C::Progress => write_text(ws, r, i, p.progress, f)?,
            C::Problems => write_text(ws, r, i, p.problems, f)?,
            C::Next => write_text(ws, r, i, p.next, f)?,
            C::Q1 => write_text(ws, r, i, p.q[0], f)?,
            C::Q2 => write_text(ws, r, i, p.q[1], f)?,
            C::Q3 => write_text(ws, r, i, p.q[2], f)?,
            C::Q4 => write_text(ws, r, i, p.q[3], f)?,
            C::Contact => write_text(ws, r, i, p.contact, f)?,
        }
    }
    Ok(placed)
}

/// Column widths: a CJK character is about two columns wide.
fn set_widths(ws: &mut Worksheet, cols: &[(&str, C)]) -> R<()> {
    for (i, (_, c)) in cols.iter().enumerate() {
        let w = match c {
            C::Gap => 3.0,
            C::Seq => 6.0,
            C::Code => 13.0,
            C::Name => 40.0,
            C::Progress | C::Problems | C::Next => 30.0,
            C::Builder | C::Support => 26.0,
            C::Q1 | C::Q2 | C::Q3 | C::Q4 => 18.0,
            C::Cat => 17.0,
            C::Total | C::Plan | C::Ytd | C::Cum | C::Month => 14.0,
            C::Start | C::Finish | C::Actual => 13.0,
            _ => 11.0,
        };
        ws.set_column_width(i as u16, w)?;
    }
    Ok(())
}

/// Money value in 万元 of a cell, as the reader should understand it.
fn wan(m: M, col_in_yi: bool) -> Option<f64> {
    match m {
        N(v) if col_in_yi => Some(v * 10000.0),
        N(v) => Some(v),
        T(_, v) => Some(v),
        _ => None,
    }
}

/// SUM formula over a column's rows with the cached result.
fn sum_formula(col: u16, rows: &[u32], total: f64) -> Formula {
    let refs: Vec<String> = if rows.windows(2).all(|w| w[1] == w[0] + 1) {
        vec![format!(
            "{}:{}",
            row_col_to_cell(rows[0], col),
            row_col_to_cell(*rows.last().unwrap(), col)
        )]
    } else {
        rows.iter().map(|r| row_col_to_cell(*r, col)).collect()
    };
    Formula::new(format!("=SUM({})", refs.join(","))).set_result(num(total))
}

/// A number as Excel would store it: no trailing zeros.
fn num(v: f64) -> String {
    let v = (v * 10000.0).round() / 10000.0;
    format!("{v}")
}

// ---------------------------------------------------------------------------------------------
// The files
// ---------------------------------------------------------------------------------------------

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

fn write_tasks(ws: &mut Worksheet, head: &[&str; 8], rows: &[[&str; 8]], f: &Fmts) -> R<()> {
    for (i, h) in head.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &f.head)?;
    }
    for (r, t) in rows.iter().enumerate() {
        for (i, v) in t.iter().enumerate() {
            write_text(ws, r as u32 + 1, i as u16, v, f)?;
        }
    }
    for (i, w) in [24.0, 40.0, 14.0, 24.0, 16.0, 14.0, 10.0, 36.0]
        .iter()
        .enumerate()
    {
        ws.set_column_width(i as u16, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// 1. 区发改委.xlsx: clean canonical layout, a task sheet and a notes sheet.
fn fgw(dir: &Path, recs: &mut Vec<Rec>) -> R<()> {
    const FILE: &str = "区发改委.xlsx";
    let f = Fmts::new("yyyy-mm-dd");
    let mut wb = workbook("区发改委");
    let cols = canonical_cols();

    let ws = wb.add_worksheet().set_name("重大项目")?;
    write_header(ws, 0, &cols, &f)?;
    for (i, (c, x)) in FGW.iter().zip(FGW_EXTRA).enumerate() {
        let mut p = proj(c);
        (
            p.kind, p.builder, p.support, p.cum, p.actual, p.next, p.q, p.contact,
        ) = *x;
        let r = i as u32 + 1;
        let placed = write_project(ws, r, &cols, &p, i + 1, &f)?;
        recs.push(rec(FILE, "区发改委", "重大项目", r, placed, p));
    }
    set_widths(ws, &cols)?;
    ws.set_freeze_panes(1, 2)?;

    let ws = wb.add_worksheet().set_name("工作任务清单")?;
    write_tasks(ws, &TASK_HEAD, FGW_TASKS, &f)?;

    let ws = wb.add_worksheet().set_name("填表说明")?;
    for (i, n) in FGW_NOTES.iter().enumerate() {
        ws.write_string(i as u32, 0, *n)?;
    }
    ws.set_column_width(0, 70.0)?;

    wb.save(dir.join(FILE))?;
    Ok(())
}

fn rec(
    file: &'static str,
    submitter: &'static str,
    sheet: &'static str,
    row: u32,
    cols: Vec<(C, u16)>,
    p: Proj,
) -> Rec {
    Rec {
        file,
        submitter,
        sheet,
        row,
        cols,
        p,
        total_in_yi: false,
        hidden: false,
    }
}

/// 2. 区建管委.xlsx: title rows, header on row 4 with aliases, 合计 row with formulas, notes.
fn jgw(dir: &Path, recs: &mut Vec<Rec>) -> R<()> {
    const FILE: &str = "区建管委.xlsx";
    const SHEET: &str = "3月推进情况";
    let f = Fmts::new("yyyy\"年\"m\"月\"d\"日\"");
    let mut wb = workbook("区建管委");
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
    let last = cols.len() as u16 - 1;
    let ws = wb.add_worksheet().set_name(SHEET)?;
    ws.merge_range(0, 0, 0, last, "2022年3月重大项目推进情况表", &f.title)?;
    ws.set_row_height(0, 30)?;
    ws.write_string(1, 0, "填报单位：区建管委")?;
    ws.write_string(1, 7, "单位：万元")?;
    ws.write_string(1, last - 1, "截至2022年3月31日")?;
    write_header(ws, 3, &cols, &f)?;

    let mut rows = Vec::new();
    let mut sums = [0.0f64; 4];
    for (i, c) in JGW.iter().enumerate() {
        let p = proj(c);
        let r = 4 + i as u32;
        for (k, m) in [p.total, p.plan, p.ytd, p.month].iter().enumerate() {
            sums[k] += wan(*m, false).unwrap_or(0.0);
        }
        let placed = write_project(ws, r, &cols, &p, i + 1, &f)?;
        recs.push(rec(FILE, "区建管委", SHEET, r, placed, p));
        rows.push(r);
    }
    let tr = 4 + JGW.len() as u32;
    ws.merge_range(tr, 0, tr, 6, "合计", &f.bold)?;
    for (k, col) in [7u16, 8, 9, 10].iter().enumerate() {
        ws.write_formula_with_format(tr, *col, sum_formula(*col, &rows, sums[k]), &f.money)?;
    }
    for col in 11..=last {
        ws.write_blank(tr, col, &f.text)?;
    }
    ws.write_string(tr + 2, 0, "注：本表金额单位为万元。")?;
    ws.write_string(tr + 3, 0, "填报人：张三    审核人：李四")?;
    ws.write_string(tr + 4, 0, "填表日期：2022年4月2日")?;
    set_widths(ws, &cols)?;
    ws.set_freeze_panes(4, 3)?;
    wb.save(dir.join(FILE))?;
    Ok(())
}

/// 3. 区规划资源局.xlsx: two-row header, merged 主责单位, 小计 per category and a 总计 row.
fn ghzy(dir: &Path, recs: &mut Vec<Rec>) -> R<()> {
    const FILE: &str = "区规划资源局.xlsx";
    const SHEET: &str = "重大项目台帐";
    let f = Fmts::new("yyyy-mm-dd");
    let mut wb = workbook("区规划资源局");
    // Row 4 holds the children of 投资情况（万元）; the other labels sit in row 3, merged down.
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
    let last = cols.len() as u16 - 1;
    let money_cols = [7u16, 8, 9];
    let ws = wb.add_worksheet().set_name(SHEET)?;
    ws.merge_range(
        0,
        0,
        0,
        last,
        "2022年区重大项目推进台帐（规划资源条线）",
        &f.title,
    )?;
    ws.set_row_height(0, 30)?;
    ws.write_string(1, last, "截至2022年3月31日")?;
    for (i, (label, _)) in cols.iter().enumerate() {
        let i = i as u16;
        if money_cols.contains(&i) {
            ws.write_string_with_format(3, i, *label, &f.head)?;
        } else {
            ws.merge_range(2, i, 3, i, label, &f.head)?;
        }
    }
    ws.merge_range(2, 7, 2, 9, "投资情况（万元）", &f.head)?;

    let groups = ["市属重大工程", "区属重大工程", "区属重点预备项目"];
    let group_of = |cat: &str| match cat {
        "市重大" | "市属重大工程" => 0,
        "区属重大工程" | "区属" => 1,
        _ => 2,
    };
    let mut r = 4u32;
    let mut seq = 0;
    let mut subtotal_rows = Vec::new();
    let mut grand = [0.0f64; 3];
    for (g, gname) in groups.iter().enumerate() {
        let members: Vec<&Core> = GHZY.iter().filter(|c| group_of(c.2) == g).collect();
        let first = r;
        let mut sums = [0.0f64; 3];
        for c in &members {
            let p = proj(c);
            seq += 1;
            for (k, m) in [p.total, p.plan, p.ytd].iter().enumerate() {
                sums[k] += wan(*m, false).unwrap_or(0.0);
            }
            let placed = write_project(ws, r, &cols, &p, seq, &f)?;
            recs.push(rec(FILE, "区规划资源局", SHEET, r, placed, p));
            r += 1;
        }
        // merge 主责单位 over runs of the same unit
        let mut i = 0;
        while i < members.len() {
            let mut j = i;
            while j + 1 < members.len() && members[j + 1].6 == members[i].6 {
                j += 1;
            }
            if j > i {
                ws.merge_range(
                    first + i as u32,
                    6,
                    first + j as u32,
                    6,
                    members[i].6,
                    &f.text,
                )?;
            }
            i = j + 1;
        }
        // 小计
        let rows: Vec<u32> = (first..r).collect();
        ws.write_blank(r, 0, &f.bold)?;
        ws.write_blank(r, 1, &f.bold)?;
        ws.write_string_with_format(r, 2, "小计", &f.bold)?;
        ws.write_string_with_format(r, 3, *gname, &f.bold)?;
        for (k, col) in money_cols.iter().enumerate() {
            ws.write_formula_with_format(r, *col, sum_formula(*col, &rows, sums[k]), &f.money)?;
            grand[k] += sums[k];
        }
        for col in [4u16, 5, 6, 10, 11, 12, 13, 14] {
            ws.write_blank(r, col, &f.text)?;
        }
        subtotal_rows.push(r);
        r += 1;
    }
    ws.write_blank(r, 0, &f.bold)?;
    ws.write_blank(r, 1, &f.bold)?;
    ws.write_string_with_format(r, 2, "总计", &f.bold)?;
    for (k, col) in money_cols.iter().enumerate() {
        ws.write_formula_with_format(
            r,
            *col,
            sum_formula(*col, &subtotal_rows, grand[k]),
            &f.money,
        )?;
    }
    for col in [3u16, 4, 5, 6, 10, 11, 12, 13, 14] {
        ws.write_blank(r, col, &f.text)?;
    }
    set_widths(ws, &cols)?;
    ws.set_freeze_panes(4, 3)?;
    wb.save(dir.join(FILE))?;
    Ok(())
}

/// 4. 区商务委.xlsx: mixed units, numbers as text, blanks as marks, dates in many forms.
fn sww(dir: &Path, recs: &mut Vec<Rec>) -> R<()> {
    const FILE: &str = "区商务委.xlsx";
    const SHEET: &str = "Sheet1";
    let f = Fmts::new("yyyy/m/d");
    let mut wb = workbook("区商务委");
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
    let ws = wb.add_worksheet().set_name(SHEET)?;
    ws.merge_range(
        0,
        0,
        0,
        cols.len() as u16 - 1,
        "区商务委2022年重大项目推进情况（截至2022年3月底）",
        &f.title,
    )?;
    write_header(ws, 1, &cols, &f)?;
    for (i, (c, x)) in SWW.iter().zip(SWW_EXTRA).enumerate() {
        let mut p = proj(c);
        (p.kind, p.cum, p.actual) = *x;
        let r = 2 + i as u32;
        let placed = write_project(ws, r, &cols, &p, i + 1, &f)?;
        let mut rc = rec(FILE, "区商务委", SHEET, r, placed, p);
        rc.total_in_yi = true;
        recs.push(rc);
    }
    set_widths(ws, &cols)?;
    wb.save(dir.join(FILE))?;
    Ok(())
}

/// 5. 金泽镇.xlsx: hidden rows and a hidden column with real data, blank rows and a blank column.
fn jzz(dir: &Path, recs: &mut Vec<Rec>) -> R<()> {
    const FILE: &str = "金泽镇.xlsx";
    const SHEET: &str = "重大项目";
    let f = Fmts::new("yyyy-mm-dd");
    let mut wb = workbook("金泽镇");
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
    let plan_col = cols.iter().position(|c| c.1 == C::Plan).unwrap() as u16;
    let ws = wb.add_worksheet().set_name(SHEET)?;
    ws.merge_range(
        0,
        0,
        0,
        cols.len() as u16 - 1,
        "金泽镇2022年重大项目推进情况表",
        &f.title,
    )?;
    ws.write_string(1, 0, "单位：万元")?;
    write_header(ws, 2, &cols, &f)?;
    let mut r = 3u32;
    for (i, c) in JZZ.iter().enumerate() {
        let p = proj(c);
        let hidden = matches!(p.code, "PT-2022-034" | "PT-2022-036");
        let placed = write_project(ws, r, &cols, &p, i + 1, &f)?;
        if hidden {
            ws.set_row_hidden(r)?;
        }
        let mut rc = rec(FILE, "金泽镇", SHEET, r, placed, p);
        rc.hidden = hidden;
        recs.push(rc);
        r += 1;
        // blank rows between the data
        if i == 1 {
            r += 1;
        }
        if i == 3 {
            r += 2;
        }
    }
    set_widths(ws, &cols)?;
    ws.set_column_hidden(plan_col)?;
    wb.save(dir.join(FILE))?;
    Ok(())
}

/// 6. 新城公司.csv: GBK-encoded CSV, CRLF line ends, as Chinese Excel saves it.
fn xcgs(dir: &Path, recs: &mut Vec<Rec>) -> R<()> {
    const FILE: &str = "新城公司.csv";
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
            s.to_string()
        }
    };
    let mut out = String::new();
    let head: Vec<String> = cols.iter().map(|c| field(c.0)).collect();
    out.push_str(&head.join(","));
    out.push_str("\r\n");
    for (i, c) in XCGS.iter().enumerate() {
        let mut p = proj(c);
        p.builder = "上海桃浦智创城开发建设有限公司";
        let mut cells = Vec::new();
        for (_, k) in &cols {
            let s = match k {
                C::Code => p.code.to_string(),
                C::Name => p.name.to_string(),
                C::Cat => p.cat.to_string(),
                C::Formal => p.formal.to_string(),
                C::Carry => p.carry.to_string(),
                C::Stage => p.stage.to_string(),
                C::Lead => p.lead.to_string(),
                C::Builder => p.builder.to_string(),
                C::Total | C::Plan | C::Ytd | C::Month => {
                    let m = match k {
                        C::Total => p.total,
                        C::Plan => p.plan,
                        C::Ytd => p.ytd,
                        _ => p.month,
                    };
                    match m {
                        N(v) => num(v),
                        T(s, _) | E(s) | Bad(s) | Err(s) => s.to_string(),
                    }
                }
                C::Start => raw_date(p.start).to_string(),
                C::Finish => raw_date(p.finish).to_string(),
                C::Progress => p.progress.to_string(),
                C::Problems => p.problems.to_string(),
                _ => String::new(),
            };
            cells.push(field(&s));
        }
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
        let placed = cols
            .iter()
            .enumerate()
            .map(|(i, c)| (c.1, i as u16))
            .collect();
        // CSV line 1 is the header: data line i+2 is "row" i+1 (0-based) for A1 addresses.
        recs.push(rec(FILE, "新城公司", "新城公司", i as u32 + 1, placed, p));
    }
    let (bytes, enc, had_errors) = encoding_rs::GBK.encode(&out);
    assert!(!had_errors, "text not representable in GBK");
    assert_eq!(enc, encoding_rs::GBK);
    std::fs::write(dir.join(FILE), &bytes)?;
    Ok(())
}

/// 7. 区交通委.xlsx: the mistakes units make.
fn jtw(dir: &Path, recs: &mut Vec<Rec>) -> R<()> {
    const FILE: &str = "区交通委.xlsx";
    const SHEET: &str = "重大项目";
    let f = Fmts::new("yyyy-mm-dd");
    let mut wb = workbook("区交通委");
    let cols: Vec<(&str, C)> = vec![
        ("项目编号", C::Code),
        ("项目名称", C::Name),
        ("项目类别", C::Cat),
        ("项目性质", C::Formal),
        ("结转/新增", C::Carry),
        ("建设阶段", C::Stage),
        ("主责单位", C::Lead),
        ("配合单位", C::Support),
        ("总投资（万元）", C::Total),
        ("年度计划投资（万元）", C::Plan),
        ("本年累计完成投资（万元）", C::Ytd),
        ("本月完成投资（万元）", C::Month),
        ("计划开工时间", C::Start),
        ("计划竣工时间", C::Finish),
        ("形象进度", C::Progress),
        ("存在问题", C::Problems),
    ];
    let ws = wb.add_worksheet().set_name(SHEET)?;
    ws.merge_range(
        0,
        0,
        0,
        cols.len() as u16 - 1,
        "区交通委重大项目月报（2022年3月）",
        &f.title,
    )?;
    write_header(ws, 1, &cols, &f)?;
    for (i, (c, s)) in JTW.iter().zip(JTW_SUPPORT).enumerate() {
        let mut p = proj(c);
        p.support = s;
        let r = 2 + i as u32;
        let placed = write_project(ws, r, &cols, &p, i + 1, &f)?;
        recs.push(rec(FILE, "区交通委", SHEET, r, placed, p));
    }
    set_widths(ws, &cols)?;
    wb.save(dir.join(FILE))?;
    Ok(())
}

/// 8. 区卫健委.xlsx: 项目代码 / 类别 / 性质 headers, a 填报单位 cell, lagging projects.
fn wjw(dir: &Path, recs: &mut Vec<Rec>) -> R<()> {
    const FILE: &str = "区卫健委.xlsx";
    const SHEET: &str = "2022年3月";
    let f = Fmts::new("yyyy-mm-dd");
    let mut wb = workbook("区卫健委");
    let cols: Vec<(&str, C)> = vec![
        ("项目代码", C::Code),
        ("项目名称", C::Name),
        ("类别", C::Cat),
        ("性质", C::Formal),
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
        ("实际开工时间", C::Actual),
        ("形象进度", C::Progress),
        ("存在问题", C::Problems),
    ];
    let ws = wb.add_worksheet().set_name(SHEET)?;
    ws.merge_range(
        0,
        0,
        0,
        cols.len() as u16 - 1,
        "区卫健委重大项目推进情况",
        &f.title,
    )?;
    ws.write_string(1, 0, "填报单位：区卫健委")?;
    ws.write_string(1, 12, "截至2022年3月31日")?;
    write_header(ws, 2, &cols, &f)?;
    for (i, (c, x)) in WJW.iter().zip(WJW_EXTRA).enumerate() {
        let mut p = proj(c);
        (p.builder, p.actual) = *x;
        let r = 3 + i as u32;
        let placed = write_project(ws, r, &cols, &p, i + 1, &f)?;
        recs.push(rec(FILE, "区卫健委", SHEET, r, placed, p));
    }
    set_widths(ws, &cols)?;
    wb.save(dir.join(FILE))?;
    Ok(())
}

/// 9. 区教育局.xlsx: a project sheet with period headers and a second task sheet 季度任务.
fn jyj(dir: &Path, recs: &mut Vec<Rec>) -> R<()> {
    const FILE: &str = "区教育局.xlsx";
    const SHEET: &str = "重大项目";
    let f = Fmts::new("yyyy-mm-dd");
    let mut wb = workbook("区教育局");
    let cols: Vec<(&str, C)> = vec![
        ("序号", C::Seq),
        ("项目编号", C::Code),
        ("项目名称", C::Name),
        ("项目类别", C::Cat),
        ("项目性质", C::Formal),
        ("结转/新增", C::Carry),
        ("建设阶段", C::Stage),
        ("主责单位", C::Lead),
        ("总投资（万元）", C::Total),
        ("2022年计划投资（万元）", C::Plan),
        ("1-3月完成投资（万元）", C::Ytd),
        ("3月完成投资（万元）", C::Month),
        ("计划开工时间", C::Start),
        ("计划竣工时间", C::Finish),
        ("形象进度", C::Progress),
        ("存在问题", C::Problems),
    ];
    let ws = wb.add_worksheet().set_name(SHEET)?;
    write_header(ws, 0, &cols, &f)?;
    for (i, c) in JYJ.iter().enumerate() {
        let p = proj(c);
        let r = 1 + i as u32;
        let placed = write_project(ws, r, &cols, &p, i + 1, &f)?;
        recs.push(rec(FILE, "区教育局", SHEET, r, placed, p));
    }
    set_widths(ws, &cols)?;
    ws.set_freeze_panes(1, 3)?;

    let ws = wb.add_worksheet().set_name("季度任务")?;
    let head = [
        "重点工作事项",
        "具体任务目标",
        "牵头部门",
        "配合单位",
        "协调推动组",
        "完成时限",
        "进展状态",
        "备注",
    ];
    write_tasks(ws, &head, JYJ_TASKS, &f)?;
    wb.save(dir.join(FILE))?;
    Ok(())
}

/// 10. Files the reader must skip or report: an Office lock file and a WPS .et file.
fn others(dir: &Path) -> R<()> {
    // An Office owner file: a length byte, the user name, padding.
    let mut lock = vec![5u8];
    lock.extend_from_slice(b"zhang");
    lock.resize(54, b' ');
    std::fs::write(dir.join("~$区建管委.xlsx"), &lock)?;
    // A WPS spreadsheet: the OLE2 compound-file signature and nothing more.
    let mut et = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    et.resize(64, 0);
    std::fs::write(dir.join("区水务局.et"), &et)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Expected figures
// ---------------------------------------------------------------------------------------------

fn category(s: &str) -> Option<&'static str> {
    Some(match s {
        "市属重大工程" | "市属" | "市重大" | "市级重大" => "市属重大工程",
        "区属重大工程" | "区属" | "区重大" | "区级重大" => "区属重大工程",
        "区属重点预备项目" | "区属预备" | "预备项目库" => "区属重点预备项目",
        _ => return None,
    })
}

fn formal(s: &str) -> &'static str {
    match s {
        "预备" | "预备项目" => "预备",
        _ => "正式",
    }
}

fn carry(s: &str) -> &'static str {
    match s {
        "结转" | "续建" => "结转",
        _ => "新增",
    }
}

fn stage(s: &str) -> &'static str {
    match s {
        "前期" => "前期",
        "在建" => "在建",
        _ => "竣工",
    }
}

fn ymd(iso: &str) -> (i32, u32, u32) {
    let v: Vec<u32> = iso.split('-').map(|x| x.parse().unwrap()).collect();
    (v[0] as i32, v[1], v[2])
}

/// The dates used in the tables, as (y, m, d); a month without a day is its last day.
fn date(d: D) -> Option<(i32, u32, u32)> {
    let s = match d {
        No => return None,
        Dt(s) | Tx(s) => s,
    };
    let nums: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|x| !x.is_empty())
        .map(|x| x.parse().unwrap())
        .collect();
    let (y, m) = (nums[0] as i32, nums[1]);
    let day = if let Some(d) = nums.get(2) {
        *d
    } else {
        let next = if m == 12 {
            chrono::NaiveDate::from_ymd_opt(y + 1, 1, 1)
        } else {
            chrono::NaiveDate::from_ymd_opt(y, m + 1, 1)
        };
        chrono::Datelike::day(&next.unwrap().pred_opt().unwrap())
    };
    Some((y, m, day))
}

#[derive(Default, Clone)]
struct Tot {
    n: usize,
    formal: usize,
    prelim: usize,
    carried: usize,
    new: usize,
    total: f64,
    plan: f64,
    ytd: f64,
    lagging: usize,
}

impl Tot {
    fn add(&mut self, x: &Counted) {
        self.n += 1;
        if x.formal == "正式" {
            self.formal += 1;
        } else {
            self.prelim += 1;
        }
        if x.carry == "结转" {
            self.carried += 1;
        } else {
            self.new += 1;
        }
        self.total += x.total;
        self.plan += x.plan;
        self.ytd += x.ytd;
        if !x.flags.is_empty() {
            self.lagging += 1;
        }
    }
    fn row(&self, label: &str) -> String {
        let rate = if self.plan > 0.0 {
            format!("{:.1}%", self.ytd / self.plan * 100.0)
        } else {
            "—".into()
        };
        format!(
            "| {label} | {} | {} / {} | {} / {} | {:.4} | {:.4} | {:.4} | {rate} | {} |\n",
            self.n,
            self.formal,
            self.prelim,
            self.carried,
            self.new,
            self.total / 10000.0,
            self.plan / 10000.0,
            self.ytd / 10000.0,
            self.lagging,
        )
    }
}

struct Counted {
    code: &'static str,
    name: &'static str,
    cat: &'static str,
    formal: &'static str,
    carry: &'static str,
    lead: &'static str,
    total: f64,
    plan: f64,
    ytd: f64,
    flags: Vec<String>,
    source: String,
}

struct Issue {
    code: &'static str,
    file: &'static str,
    cell: String,
    value: String,
    note: String,
}

fn show(m: M) -> String {
    match m {
        N(v) => num(v),
        T(s, _) | E(s) | Bad(s) | Err(s) => s.to_string(),
    }
}

fn evaluate(recs: &[Rec]) -> (Vec<Counted>, Vec<Issue>, BTreeMap<&'static str, [usize; 3]>) {
    let mut issues = Vec::new();
    let mut accepted: Vec<(&Rec, Counted)> = Vec::new();
    // per file: accepted, rejected, duplicates not counted
    let mut per_file: BTreeMap<&'static str, [usize; 3]> = BTreeMap::new();
    let period_end = PERIOD_END;
    for rc in recs {
        let p = &rc.p;
        let has = |c: C| rc.cols.iter().any(|x| x.0 == c);
        let mut rejected = false;
        let mut error = |code: &'static str, c: C, value: &str, note: &str| {
            issues.push(Issue {
                code,
                file: rc.file,
                cell: format!("{}!{}", rc.sheet, rc.cell(c)),
                value: value.to_string(),
                note: note.to_string(),
            });
            rejected = true;
        };
        if p.name.is_empty() {
            error("blank-required", C::Name, "", "项目名称为空");
        }
        if category(p.cat).is_none() {
            error("bad-enum", C::Cat, p.cat, "未知项目类别，行被拒绝");
        }
        let money = [
            (C::Total, p.total, true),
            (C::Plan, p.plan, true),
            (C::Ytd, p.ytd, true),
            (C::Month, p.month, false),
            (C::Cum, p.cum, false),
        ];
        for (c, m, required) in money {
            if !has(c) {
                continue;
            }
            match m {
                Bad(s) => error("bad-number", c, s, ""),
                Err(s) => error("error-cell", c, s, ""),
                N(v) if v < 0.0 => error("negative-amount", c, &num(v), ""),
                E(s) if required => error("blank-required", c, s, ""),
                _ => {}
            }
        }
        let entry = per_file.entry(rc.file).or_default();
        if rejected {
            entry[1] += 1;
            continue;
        }
        entry[0] += 1;
        let total = wan(p.total, rc.total_in_yi).unwrap();
        let plan = wan(p.plan, false).unwrap();
        let ytd = wan(p.ytd, false).unwrap();
        if plan > total {
            issues.push(Issue {
                code: "plan-exceeds-total",
                file: rc.file,
                cell: format!("{}!{}", rc.sheet, rc.cell(C::Plan)),
                value: show(p.plan),
                note: format!("总投资 {}", show(p.total)),
            });
        }
        if ytd > total {
            issues.push(Issue {
                code: "ytd-exceeds-total",
                file: rc.file,
                cell: format!("{}!{}", rc.sheet, rc.cell(C::Ytd)),
                value: show(p.ytd),
                note: String::new(),
            });
        }
        let (start, finish) = (date(p.start), date(p.finish));
        if let (Some(s), Some(f)) = (start, finish)
            && f < s
        {
            issues.push(Issue {
                code: "date-order",
                file: rc.file,
                cell: format!("{}!{}", rc.sheet, rc.cell(C::Finish)),
                value: raw_date(p.finish).to_string(),
                note: format!("计划开工 {}", raw_date(p.start)),
            });
        }
        // lagging
        let mut flags = Vec::new();
        let fm = formal(p.formal);
        if fm == "正式" && plan > 0.0 {
            let rate = ytd / plan;
            let gap = (SCHEDULE - rate) * 100.0;
            if gap > 20.0 {
                flags.push(format!("投资滞后（严重，完成率{:.1}%）", rate * 100.0));
            } else if gap > 10.0 {
                flags.push(format!("投资滞后（完成率{:.1}%）", rate * 100.0));
            }
        }
        let st = stage(p.stage);
        if let Some(s) = start
            && s <= period_end
            && st == "前期"
        {
            flags.push(format!("开工滞后（计划开工 {}）", raw_date(p.start)));
        }
        if let Some(f) = finish
            && f <= period_end
            && st != "竣工"
        {
            flags.push(format!("竣工滞后（计划竣工 {}）", raw_date(p.finish)));
        }
        if st == "在建" && has(C::Month) && matches!(p.month, N(v) if v == 0.0) {
            flags.push("本月无进展（本月完成 0）".into());
        }
        let counted = Counted {
            code: p.code,
            name: p.name,
            cat: category(p.cat).unwrap(),
            formal: fm,
            carry: carry(p.carry),
            lead: p.lead,
            total,
            plan,
            ytd,
            flags,
            source: format!("{}!{}!{}", rc.file, rc.sheet, rc.cell(C::Name)),
        };
        accepted.push((rc, counted));
    }
    // duplicates by code: keep the row whose submitter is its 主责单位, else the first by file name
    let mut by_code: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (_, c)) in accepted.iter().enumerate() {
        by_code.entry(c.code).or_default().push(i);
    }
    let mut drop = vec![false; accepted.len()];
    for idx in by_code.values().filter(|v| v.len() > 1) {
        let keep = idx
            .iter()
            .copied()
            .find(|i| accepted[*i].0.submitter == accepted[*i].1.lead)
            .unwrap_or_else(|| *idx.iter().min_by_key(|i| accepted[**i].0.file).unwrap());
        for i in idx {
            if *i != keep {
                drop[*i] = true;
                let (rc, c) = &accepted[*i];
                per_file.get_mut(rc.file).unwrap()[2] += 1;
                issues.push(Issue {
                    code: "duplicate-project",
                    file: rc.file,
                    cell: format!("{}!{}", rc.sheet, rc.cell(C::Code)),
                    value: c.code.into(),
                    note: format!("与 {} 重复，以主责单位报送的为准", accepted[keep].1.source),
                });
            }
        }
    }
    let counted = accepted
        .into_iter()
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|((_, c), _)| c)
        .collect();
    (counted, issues, per_file)
}

fn raw_date(d: D) -> &'static str {
    match d {
        Dt(s) | Tx(s) => s,
        No => "",
    }
}

fn readme(dir: &Path, recs: &[Rec]) -> R<()> {
    let (counted, issues, per_file) = evaluate(recs);
    let cats = ["市属重大工程", "区属重大工程", "区属重点预备项目"];
    let mut by_cat: BTreeMap<&str, Tot> = BTreeMap::new();
    let mut by_unit: BTreeMap<&str, Tot> = BTreeMap::new();
    let mut all = Tot::default();
    for c in &counted {
        by_cat.entry(c.cat).or_default().add(c);
        by_unit.entry(c.lead).or_default().add(c);
        all.add(c);
    }
    let head = "| | 项目数 | 正式 / 预备 | 结转 / 新增 | 总投资（亿元） | 年度计划投资（亿元） | 本年累计完成（亿元） | 完成率 | 滞后项目数 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";

    let mut s = String::new();
    s.push_str(README_INTRO);
    s.push_str("\n## Expected figures (valid, counted projects)\n\n");
    s.push_str(
        "Computed by `examples/make_samples.rs` from its tables (all money there is in 万元 except\n\
         区商务委's 总投资 column, in 亿元), and cross-checked by an independent script that re-reads\n\
         the generated files. Excluded: the five rejected rows of 区交通委.xlsx (empty 项目名称,\n\
         `12..5`, a negative amount, `#REF!`, category `市区共建`); the duplicate PT-2022-010 is counted\n\
         once (区建管委's row, whose submitting unit is its 主责单位). Rows with only warnings\n\
         (年度计划 > 总投资, 计划竣工 before 计划开工) are counted. 完成率 = 本年累计 / 年度计划;\n\
         序时进度 for March = 25.0%.\n\n",
    );
    s.push_str("### By category\n\n");
    s.push_str(head);
    for c in cats {
        s.push_str(&by_cat[c].row(c));
    }
    s.push_str(&all.row("**合计**"));
    writeln!(
        s,
        "\nIn 万元: 总投资 {}, 年度计划投资 {}, 本年累计完成 {}.",
        num(all.total),
        num(all.plan),
        num(all.ytd)
    )?;
    for c in cats {
        let t = &by_cat[c];
        writeln!(
            s,
            "- {c}: 总投资 {} 万元, 年度计划 {} 万元, 本年累计 {} 万元",
            num(t.total),
            num(t.plan),
            num(t.ytd)
        )?;
    }

    s.push_str("\n### By 主责单位\n\n");
    s.push_str(&head.replacen("| |", "| 主责单位 |", 1));
    for (u, t) in &by_unit {
        s.push_str(&t.row(u));
    }

    s.push_str("\n### Lagging projects (default thresholds: 投资滞后 below 序时进度 − 10 points, 严重 below − 20)\n\n");
    s.push_str("| 项目编号 | 项目名称 | 主责单位 | flags |\n|---|---|---|---|\n");
    for c in counted.iter().filter(|c| !c.flags.is_empty()) {
        writeln!(
            s,
            "| {} | {} | {} | {} |",
            c.code,
            c.name,
            c.lead,
            c.flags.join("；")
        )?;
    }

    s.push_str("\n### Rows per file\n\n");
    s.push_str("| file | project rows | counted | rejected | duplicate (not counted) | hidden rows read |\n|---|---:|---:|---:|---:|---:|\n");
    for (file, [acc, rej, dup]) in &per_file {
        let hidden = recs.iter().filter(|r| r.file == *file && r.hidden).count();
        writeln!(
            s,
            "| {file} | {} | {} | {rej} | {dup} | {hidden} |",
            acc + rej,
            acc - dup
        )?;
    }

    s.push_str("\n### Expected issues from the deliberate mistakes\n\n");
    s.push_str("| code | file | cell | value | note |\n|---|---|---|---|---|\n");
    for i in &issues {
        writeln!(
            s,
            "| {} | {} | {} | `{}` | {} |",
            i.code,
            i.file,
            i.cell,
            i.value.trim(),
            i.note.trim()
        )?;
    }
    s.push_str(README_TAIL);

    std::fs::write(dir.join("README.md"), s)?;

    // also print the category table for the log
    println!("{}", head.trim_end());
    for c in cats {
        println!("{}", by_cat[c].row(c).trim_end());
    }
    println!("{}", all.row("合计").trim_end());
    Ok(())
}

const README_INTRO: &str = r"# Sample ledgers — period 2022-03 (截至2022年3月31日)

Generated by `cargo run --example make_samples -- samples` (deterministic: same bytes every run).
One month of unit ledgers (工作台帐) of a 普陀区-style district key-projects office. Each file
exercises a different layout of LEDGER-SPEC section 2. Money is in 万元 unless a header says
otherwise.

| file | layout | what it exercises |
|---|---|---|
| `区发改委.xlsx` | sheet `重大项目`: header in row 1 with exactly the canonical labels of `templates/schema.toml` (`总投资（万元）` …, all 26 columns); sheet `工作任务清单`: the 8 task columns, 6 tasks; sheet `填表说明`: plain notes | the clean case; task deadlines `2022年3月底`, `一季度`, `6月底`, `年底`, `持续推进`, `2022-02-28`; statuses 已完成/推进中/未启动; a notes sheet to ignore and list. Category spellings 市属重大工程/区属重大工程/区属重点预备项目, 性质 `正式项目`/`预备项目`, a 市属 预备 project (PT-2022-003) |
| `区建管委.xlsx` | row 1 title `2022年3月重大项目推进情况表` merged across; row 2 `填报单位：区建管委`, `单位：万元`, `截至2022年3月31日`; header in row 4 with aliases (序号, 项目代码, 工程名称, 项目分类, 正式/预备, 新开/结转, 责任单位, 项目总投资, 2022年计划投资, 1-3月完成投资, 3月完成投资, 计划开工, 计划竣工, 建设阶段, 工程进展, 存在问题); dates as date cells shown `yyyy年m月d日` | aliases and period headers (`2022年…`, `1-3月…`, `3月…`); a `合计` row of `SUM` formulas with correct cached values (no subtotal-mismatch); note rows `注：本表金额单位为万元。`, `填报人：张三    审核人：李四`, `填表日期：2022年4月2日`; spellings `市属`, `区属`, `区属预备`, `续建`, `新开`; `序号` is an unknown column (info) |
| `区规划资源局.xlsx` | title, `截至` cell, two-row header (rows 3–4): `投资情况（万元）` merged over `总投资 | 年度计划投资 | 本年累计完成投资`, other labels merged down over both rows; rows grouped by category, each followed by a `小计` row (formulas), then a `总计` row (formula over the 小计 rows) | children inherit the parent's unit; `主责单位` merged down over 2–3 data rows (value written once: 区规划资源局 over 018–019, 长征镇 over 020–022, 桃浦镇 over 023–024); subtotal rows never counted; spelling `市重大`; dates as text `2020.12` (month → last day); no 本月完成 column |
| `区商务委.xlsx` | title row, header in row 2 | mixed units: `总投资（亿元）` (numbers 12.5, 38.6 … and text `1.2亿`), other money columns 万元; inline units `3500万`, `3500万元`; full-width `１２３４０`; thousands separators `7,350.5`, `6,800`, `1,234.5`, `4,200`; blanks `—`, `/`, `无`; dates as real Excel dates and as text `2022/3/15`, `2022.3`, `2021.9`, `2019年6月`, `2022年3月底`, `2023/12/31`; PT-2022-027 is 在建 with 本月完成 `—` (missing, not 0: no 本月无进展) |
| `金泽镇.xlsx` | title, `单位：万元` in row 2, header in row 3; blank column D between 项目名称 and 项目类别; 1 blank row after the 2nd project, 2 after the 4th | the `年度计划投资` column (K) is **hidden** but holds real data; the rows of PT-2022-034 and PT-2022-036 are **hidden** and must still be read; money unit from the `单位：万元` cell; spelling `市级重大` |
| `新城公司.csv` | CSV in GBK (no BOM), CRLF line ends, header in line 1, 6 projects | encoding detection; dates as text `2020-08-31`, `2022/1/10`; stage spelling `已竣工`; `新开`, `续建`, `区属`, `区属预备` |
| `区交通委.xlsx` | title, header in row 2 | deliberate errors (see the issues table below): `12..5`, a negative 年度计划, a `=#REF!` formula with cached error `#REF!`, unknown category `市区共建`, an empty 项目名称 — all five rows rejected; PT-2022-051 年度计划 9800 > 总投资 6500 (warning, counted); PT-2022-052 计划竣工 2022-06-30 before 计划开工 2022-09-30 (warning, counted); PT-2022-010 repeats 区建管委's project (主责单位 区建管委, 配合单位 区交通委, slightly different figures): duplicate, 区建管委's row counted |
| `区卫健委.xlsx` | title, `填报单位：区卫健委` and `截至` cells, header in row 3 with `项目代码`, `类别`, `性质`, `结转/新增`, plus `实际开工时间` | PT-2022-054 stage 前期 with 计划开工 `2022.2` (开工滞后); PT-2022-055 在建 with 本月完成 0 (本月无进展); PT-2022-056 完成率 4.2% (投资滞后, 严重); 区属重点预备项目 with 性质 预备 |
| `区教育局.xlsx` | sheet `重大项目` (header in row 1 with `2022年计划投资（万元）`, `1-3月完成投资（万元）`, `3月完成投资（万元）`), sheet `季度任务` (2 task rows, headers by alias: 牵头部门, 配合单位, 协调推动组, 完成时限, 进展状态, 备注) | a second ledger kind in the same workbook; PT-2022-064 区属重点预备项目 with 性质 预备; deadlines `3月底`, `第二季度` |
| `~$区建管委.xlsx` | 54-byte Office lock (owner) file | skipped and listed, never read |
| `区水务局.et` | 64 bytes (OLE2 signature) | unsupported format, reported by name; the run goes on |

Codes are `PT-2022-001` … `PT-2022-065`, numbered across the files in the order above.
";

const README_TAIL: &str = r"
Also expected: `unknown-column` (info) for `序号` in 区建管委.xlsx, 区规划资源局.xlsx, 金泽镇.xlsx and
区教育局.xlsx. No `subtotal-mismatch` (all 合计 / 小计 / 总计 rows are correct) and no
`period-mismatch` (every period header and title is 2022年3月 / 1-3月).

### Tasks (工作任务清单 in 区发改委.xlsx, 季度任务 in 区教育局.xlsx)

8 tasks in all (6 + 2). With period end 2022-03-31:

| 主责部门 | 重点工作事项 | 工作完成时限 | → date | 完成情况 | overdue |
|---|---|---|---|---|---|
| 区发改委 | 重大项目年度计划编制 | 2022年3月底 | 2022-03-31 | 推进中 | **yes** |
| 区建管委 | 重大项目一季度开工 | 一季度 | 2022-03-31 | 已完成 | no |
| 区规划资源局 | 真如城市副中心土地出让 | 6月底 | 2022-06-30 | 推进中 | no |
| 区建管委 | 苏州河岸线贯通品质提升 | 年底 | 2022-12-31 | 未启动 | no |
| 区发改委 | 重大项目月度调度 | 持续推进 | ongoing | 推进中 | never |
| 区规划资源局 | 桃浦智创城项目用地保障 | 2022-02-28 | 2022-02-28 | 推进中 | **yes** |
| 区教育局 | 中小学校舍安全改造 | 3月底 | 2022-03-31 | 已完成 | no |
| 区教育局 | 晋元高级中学附属学校新建 | 第二季度 | 2022-06-30 | 推进中 | no |

Overdue 2, ongoing 1. Due in 2022Q1 (deadline ≤ 2022-03-31): 4 tasks, plus the ongoing one.

### Submission status

Units with a readable ledger: 区发改委, 区建管委, 区规划资源局, 区商务委, 金泽镇, 新城公司, 区交通委,
区卫健委, 区教育局 (9). 区水务局 sent only `区水务局.et` (unsupported): with a roster that lists
区水务局 it is a missing unit. 长征镇 and 桃浦镇 appear only as 主责单位 inside 区规划资源局.xlsx.
";

fn main() -> R<()> {
    let dir: PathBuf = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("samples"), PathBuf::from);
    std::fs::create_dir_all(&dir)?;
    let mut recs = Vec::new();
    fgw(&dir, &mut recs)?;
    jgw(&dir, &mut recs)?;
    ghzy(&dir, &mut recs)?;
    sww(&dir, &mut recs)?;
    jzz(&dir, &mut recs)?;
    xcgs(&dir, &mut recs)?;
    jtw(&dir, &mut recs)?;
    wjw(&dir, &mut recs)?;
    jyj(&dir, &mut recs)?;
    others(&dir)?;
    readme(&dir, &recs)?;
    println!("wrote {} project rows into {}", recs.len(), dir.display());
    Ok(())
}
