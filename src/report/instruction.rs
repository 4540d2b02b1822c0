//! What a unit must do about each issue, in words (`请将K4改为不小于0的金额`, `请在C4填写主责单位`,
//! `请从下拉列表选择D4的项目类别：…`): an instruction, not a repeat of the problem. The field an
//! issue concerns is the schema field whose label its message names first.

use crate::domain::Period;
use crate::issue::{Issue, IssueCode};
use crate::schema::{Field, FieldType, LedgerKind, Schema};
use std::sync::LazyLock;

static SCHEMA: LazyLock<Schema> = LazyLock::new(Schema::builtin);

/// The schema field an issue's message names first (the longest label on a tie).
fn field_of(issue: &Issue) -> Option<&'static Field> {
    let schema: &'static Schema = &SCHEMA;
    [LedgerKind::Project, LedgerKind::Task]
        .into_iter()
        .flat_map(|kind| schema.fields(kind))
        .filter_map(|f| issue.message.find(&f.label).map(|at| (at, f)))
        .min_by_key(|(at, f)| (*at, std::cmp::Reverse(f.label.len())))
        .map(|(_, f)| f)
}

/// The enum values a field takes, `、`-joined.
fn choices(field: &Field) -> Option<String> {
    let name = field.enum_name.as_ref()?;
    SCHEMA.enums.get(name).map(|e| e.values.join("、"))
}

/// The row number of an A1 reference (`K4` → `4`).
fn row_of(cell: &str) -> &str {
    cell.trim_start_matches(|c: char| c.is_ascii_alphabetic())
}

/// The instruction for one issue of a unit's file, for period `period`.
#[must_use]
pub fn instruction(issue: &Issue, period: Period) -> String {
    let cell = issue.cell.as_str();
    let field = field_of(issue);
    let label = field.map_or("该项", |f| f.label.as_str());
    match issue.code {
        IssueCode::FileUnreadable | IssueCode::FileSkipped | IssueCode::NoLedgerSheet
        | IssueCode::SheetTooLarge => file_instruction(issue),
        IssueCode::MissingColumn => format!(
            "请在第{}行的表头中补上缺少的列：{}（列名按模板填写），本表补齐后才能计入汇总",
            row_of(cell),
            if issue.value.is_empty() {
                label
            } else {
                issue.value.as_str()
            }
        ),
        IssueCode::UnknownColumn => format!(
            "无需修改；如{cell}列“{}”是模板中的某一列，请把表头改为模板中的列名",
            issue.value
        ),
        IssueCode::DuplicateColumn => format!(
            "请删除{cell}所在的重复列，或把表头“{}”改为其他内容：同一项内容只保留一列",
            issue.value
        ),
        IssueCode::BlankRequired => blank_required(cell, field, label),
        IssueCode::BadNumber => {
            format!("请将{cell}改为数字金额（如 1200 或 1200.5），不要写文字或多个小数点")
        }
        IssueCode::NegativeAmount => format!("请将{cell}改为不小于0的金额"),
        IssueCode::ErrorCell => format!(
            "请将{cell}的错误值“{}”改为正确的数值（检查该单元格的公式，或直接填写数字）",
            issue.value
        ),
        IssueCode::BadDate => {
            format!("请将{cell}的{label}改为日期，如 2022-03-15；只知道月份的写 2022.3")
        }
        IssueCode::BadEnum => match field.and_then(choices) {
            Some(values) => format!("请从下拉列表选择{cell}的{label}：{values}"),
            None => format!("请按模板的下拉列表重新选择{cell}的{label}"),
        },
        IssueCode::PlanExceedsTotal => format!(
            "请核对{cell}的年度计划投资：不应大于本行总投资；填错的请改正，确实如此的请在存在问题中说明"
        ),
        IssueCode::YtdExceedsTotal => format!(
            "请核对{cell}的本年累计完成投资：不应大于本行总投资；填错的请改正，确实如此的请在存在问题中说明"
        ),
        IssueCode::DateOrder => format!("请核对{cell}的计划竣工时间：应晚于计划开工时间"),
        IssueCode::SubtotalMismatch => format!(
            "请核对{cell}所在的合计行：应等于其所含各项目之和；也可删除合计行，汇总时会自动合计"
        ),
        IssueCode::DuplicateProject => {
            "同一项目报了不止一次：请与其他单位核对，只由主责单位填报该项目，其余台帐中删除该行"
                .to_owned()
        }
        IssueCode::YtdDecreased => format!(
            "请核对{cell}的本年累计完成投资：累计数只增不减，不应小于上期报送的数；上期报错的请说明"
        ),
        IssueCode::MonthMismatch => format!(
            "请核对{cell}的本月完成投资：应等于本期本年累计完成投资减去上期本年累计完成投资"
        ),
        IssueCode::PeriodMismatch => format!(
            "请确认报送的是{}年{}月的台帐，并把标题或表头中的年月改为{}年{}月",
            period.year, period.month, period.year, period.month
        ),
        IssueCode::UnitUnknown => {
            "请把文件名改为以本单位正式名称开头（如“区建管委-台帐.xlsx”），或在表头上方填写“填报单位：本单位名称”"
                .to_owned()
        }
        IssueCode::UnitMissing => format!(
            "请尽快报送{}年{}月的台帐",
            period.year, period.month
        ),
        IssueCode::NoHistory | IssueCode::HistoryUnreadable => "无需修改".to_owned(),
        IssueCode::Resubmitted => "本月已按最新的文件计入；以后如需更正，请修改后用同一文件名重新报送，不要同时报送多个版本".to_owned(),
        IssueCode::EstimatedAmount => format!(
            "已按{cell}中的数字计入；请把{cell}的{label}改为准确金额（只填数字，去掉“约”“左右”“余”等字）"
        ),
        IssueCode::UnitSuspect => format!(
            "请在表头注明金额单位，如“{label}（万元）”，或在表头上方写“单位：万元”：本表金额看起来不像是按万元填写的"
        ),
        IssueCode::MergedAmount => format!(
            "无需修改；{cell}是跨行合并的金额，只计入一次。如各行金额不同，请取消合并，分行填写"
        ),
        IssueCode::SectionMismatch => format!(
            "请核对第{}行分类标题中的个数或金额，使之与其下各行一致（或改正其下各行的分类）",
            row_of(cell)
        ),
    }
}

/// The instruction for an issue about a whole file or sheet.
fn file_instruction(issue: &Issue) -> String {
    match issue.code {
        IssueCode::FileUnreadable => "整个文件未能读取，本月未计入汇总。请用Excel或WPS打开该文件，\
             点“文件—另存为”，保存类型选“Excel工作簿（*.xlsx）”，再重新报送；\
             如文件有密码，请去掉密码后另存"
            .to_owned(),
        IssueCode::FileSkipped => {
            "该文件未读取；如是本单位台帐，请另存为Excel工作簿（.xlsx），文件名以本单位名称开头，再重新报送"
                .to_owned()
        }
        IssueCode::NoLedgerSheet => format!(
            "文件中没有找到台帐表头，全部内容未计入。请使用统一模板（taizhang template 生成），\
             或在表头行写明以下列名：{}",
            required_labels(LedgerKind::Project)
        ),
        IssueCode::SheetTooLarge => format!(
            "工作表“{}”过大，未读取：请删除表格下方和右侧多余的行列（或只复制台帐区域到新工作簿），另存为.xlsx后重新报送",
            issue.sheet
        ),
        _ => format!("请核实并修改：{}", issue.message),
    }
}

/// `请在C4填写主责单位`; a money cell adds that nothing spent is 0.
fn blank_required(cell: &str, field: Option<&Field>, label: &str) -> String {
    match field.map(|f| f.ty) {
        Some(FieldType::Money) => format!("请在{cell}填写{label}（没有发生的填0）"),
        Some(FieldType::Enum) => match field.and_then(choices) {
            Some(values) => format!("请从下拉列表选择{cell}的{label}：{values}"),
            None => format!("请在{cell}填写{label}"),
        },
        _ => format!("请在{cell}填写{label}"),
    }
}

/// The labels of a ledger's required columns, `、`-joined.
fn required_labels(kind: LedgerKind) -> String {
    SCHEMA
        .fields(kind)
        .iter()
        .filter(|f| f.required)
        .map(|f| f.label.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(code: IssueCode, cell: &str, message: &str) -> Issue {
        let mut i = Issue::new(code, "区建管委.xlsx", message);
        i.cell = cell.to_owned();
        i
    }

    #[test]
    fn instructions_say_what_to_do() {
        let p = Period::new(2022, 3).unwrap();
        assert_eq!(
            instruction(
                &at(
                    IssueCode::NegativeAmount,
                    "K4",
                    "“总投资”为负数-5，金额不能小于0"
                ),
                p
            ),
            "请将K4改为不小于0的金额"
        );
        assert_eq!(
            instruction(
                &at(IssueCode::BlankRequired, "C4", "必填项“主责单位”为空"),
                p
            ),
            "请在C4填写主责单位"
        );
        assert_eq!(
            instruction(
                &at(
                    IssueCode::BadEnum,
                    "D4",
                    "项目类别“市区”不是规定的值（应为：市属重大工程、区属重大工程、区属重点预备项目），本行不计入汇总"
                ),
                p
            ),
            "请从下拉列表选择D4的项目类别：市属重大工程、区属重大工程、区属重点预备项目"
        );
        assert_eq!(
            instruction(
                &at(
                    IssueCode::BlankRequired,
                    "H4",
                    "必填项“总投资”为空（没有发生请填0）"
                ),
                p
            ),
            "请在H4填写总投资（没有发生的填0）"
        );
        assert!(
            instruction(&at(IssueCode::FileUnreadable, "", "不支持的格式"), p).contains("另存为")
        );
    }
}
