//! `taizhang template`: the blank ledger workbook units fill in, built from the same schema the
//! reader uses — canonical headers, a note on each saying what goes there and in which unit,
//! drop-down lists for the enum columns, one example row (skipped by the reader), frozen header.

use crate::report::{row_height, text_width, width_for, wrapped_lines};
use crate::schema::{Field, FieldType, LedgerKind, Schema};
use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Note,
    Workbook, Worksheet, XlsxError,
};

/// Rows that carry drop-downs.
const FILL_ROWS: u32 = 500;

/// The example row of each sheet; its first cell marks it so the reader skips it.
fn example(kind: LedgerKind, key: &str) -> Option<Example> {
    use Example::{Date, Money, Text};
    Some(match (kind, key) {
        (LedgerKind::Project, "code") => Text("示例"),
        (LedgerKind::Project, "name") => Text("××路改建工程（示例行，填报时请删除）"),
        (LedgerKind::Project, "category") => Text("区属重大工程"),
        (LedgerKind::Project, "kind") => Text("政府投资项目"),
        (LedgerKind::Project, "formal") => Text("正式项目"),
        (LedgerKind::Project, "carry") => Text("结转"),
        (LedgerKind::Project, "stage") => Text("在建"),
        (LedgerKind::Project, "lead_unit") => Text("区建管委"),
        (LedgerKind::Project, "builder") => Text("区城投公司"),
        (LedgerKind::Project, "support_units") => Text("区规划资源局、区交通委"),
        (LedgerKind::Project, "total_investment") => Money(52_000.0),
        (LedgerKind::Project, "annual_plan") => Money(12_000.0),
        (LedgerKind::Project, "ytd_completed") => Money(3_100.0),
        (LedgerKind::Project, "cumulative_completed") => Money(18_500.0),
        (LedgerKind::Project, "month_completed") => Money(1_200.0),
        (LedgerKind::Project, "planned_start") => Date(2021, 6, 30),
        (LedgerKind::Project, "planned_finish") => Date(2023, 12, 31),
        (LedgerKind::Project, "actual_start") => Date(2021, 7, 15),
        (LedgerKind::Project, "progress") => Text("主体结构施工，完成60%"),
        (LedgerKind::Project, "next_steps") => Text("完成主体结构封顶"),
        (LedgerKind::Project, "q1") => Text("完成桩基施工"),
        (LedgerKind::Project, "q2") => Text("主体结构封顶"),
        (LedgerKind::Project, "contact") => Text("张三"),
        (LedgerKind::Project, "phone") => Text("021-12345678"),
        (LedgerKind::Task, "item") => Text("示例：推进××地块出让"),
        (LedgerKind::Task, "target") => Text("6月底前完成地块出让"),
        (LedgerKind::Task, "lead_dept") => Text("区规划资源局"),
        (LedgerKind::Task, "support_depts") => Text("区发改委、区财政局"),
        (LedgerKind::Task, "group") => Text("重大项目推进组"),
        (LedgerKind::Task, "deadline") => Text("2022年6月底"),
        (LedgerKind::Task, "status") => Text("推进中"),
        (LedgerKind::Task, "remarks") => Text("已完成土地收储"),
        _ => return None,
    })
}

#[derive(Clone, Copy)]
enum Example {
    Text(&'static str),
    Money(f64),
    Date(i32, u32, u32),
}

/// The header as written in the template: money columns carry their unit.
#[must_use]
pub fn header_label(field: &Field, unit: &str) -> String {
    if field.ty == FieldType::Money {
        format!("{}（{unit}）", field.label)
    } else {
        field.label.clone()
    }
}

/// The template workbook as bytes.
///
/// # Errors
/// Only if `rust_xlsxwriter` rejects what it is given.
pub fn workbook(schema: &Schema, input_unit: &str) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let pinned = NaiveDate::from_ymd_opt(2022, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    wb.set_properties(
        &DocProperties::new()
            .set_title("重大项目工作台帐模板")
            .set_creation_datetime(&pinned),
    );
    for (kind, name, title) in [
        (LedgerKind::Project, "重大项目", "重大项目推进情况表"),
        (LedgerKind::Task, "工作任务清单", "重点工作任务清单"),
    ] {
        let ws = wb.add_worksheet().set_name(name)?;
        ledger_sheet(ws, schema, kind, title, input_unit)?;
    }
    let notes = wb.add_worksheet().set_name("填表说明")?;
    instructions(notes, input_unit)?;
    wb.save_to_buffer()
}

/// The formats of a ledger sheet, made once.
struct Formats {
    title: Format,
    head: Format,
    required: Format,
    money: Format,
    date: Format,
    text: Format,
    example_text: Format,
    example_money: Format,
    example_date: Format,
}

impl Formats {
    fn new() -> Self {
        let grey = Color::RGB(0x0080_8080);
        let head = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin)
            .set_background_color(Color::RGB(0x00DD_EBF7))
            .set_font_name("宋体");
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_font_name("宋体")
            .set_font_size(11);
        let money = cell.clone().set_num_format("0.00");
        let date = cell
            .clone()
            .set_num_format("yyyy-mm-dd")
            .set_align(FormatAlign::Center);
        let text = cell.set_text_wrap().set_indent(1);
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_font_name("宋体"),
            required: head.clone().set_font_color(Color::RGB(0x00C0_0000)),
            head,
            example_text: text.clone().set_font_color(grey).set_italic(),
            example_money: money.clone().set_font_color(grey),
            example_date: date.clone().set_font_color(grey),
            money,
            date,
            text,
        }
    }
}

/// Rows of a ledger sheet: title, header, example, then the rows units fill in.
const HEADER_ROW: u32 = 1;
const EXAMPLE_ROW: u32 = 2;
/// Data rows drawn with borders and formats below the example.
const DATA_ROWS: u32 = 200;

/// A column's width: its header or its example, whichever is wider, within a cap.
fn column_width(field: &Field, label: &str, example: Option<&Example>) -> f64 {
    // About 300 columns in all: one A3 page wide at a legible scale.
    let cap = match field.ty {
        FieldType::Money | FieldType::Enum => 10.0,
        FieldType::Date => 10.5,
        _ if field.key == "name" => 20.0,
        _ if matches!(
            field.key.as_str(),
            "target" | "item" | "progress" | "problems" | "next_steps"
        ) =>
        {
            16.0
        }
        _ => 11.0,
    };
    let example = match example {
        Some(Example::Text(t)) => text_width(t),
        Some(Example::Money(_) | Example::Date(..)) => 10,
        None => 0,
    };
    // A header wraps over two lines before it widens the column.
    let header = text_width(label).div_ceil(2);
    width_for(header.max(example)).clamp(8.0, cap)
}

fn ledger_sheet(
    ws: &mut Worksheet,
    schema: &Schema,
    kind: LedgerKind,
    title: &str,
    unit: &str,
) -> Result<(), XlsxError> {
    let fields = schema.fields(kind);
    let last_col = u16::try_from(fields.len().saturating_sub(1)).unwrap_or(0);
    let formats = Formats::new();
    let (mut header_lines, mut example_lines) = (1, 1);
    for (i, field) in fields.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        let label = header_label(field, unit);
        let value = example(kind, &field.key);
        let width = column_width(field, &label, value.as_ref());
        header_lines = header_lines.max(wrapped_lines(&label, width));
        if let Some(Example::Text(t)) = &value {
            example_lines = example_lines.max(wrapped_lines(t, width));
        }
        header_cell(ws, schema, col, field, unit, &formats)?;
        let column_format = match field.ty {
            FieldType::Money => &formats.money,
            FieldType::Date => &formats.date,
            _ => &formats.text,
        };
        ws.set_column_width(col, width)?;
        for row in EXAMPLE_ROW + 1..=EXAMPLE_ROW + DATA_ROWS {
            ws.write_blank(row, col, column_format)?;
        }
        example_cell(ws, col, value.as_ref(), &formats)?;
    }
    // Written after the columns so that the merged title spans the widths just set.
    ws.merge_range(
        0,
        0,
        0,
        last_col,
        &format!("{title}（填报单位：            ）"),
        &formats.title,
    )?;
    ws.set_row_height(0, 30)?;
    ws.set_row_height(HEADER_ROW, row_height(header_lines))?;
    ws.set_row_height(EXAMPLE_ROW, row_height(example_lines))?;
    ws.set_freeze_panes(EXAMPLE_ROW, 0)?;
    ws.set_landscape();
    // A3, one page wide, title and header on every page, page numbers.
    ws.set_paper_size(8);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, HEADER_ROW)?;
    ws.set_footer("&C第&P页 共&N页");
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    Ok(())
}

/// A header with its note (required fields marked) and, for an enum, the drop-down list
/// under it.
fn header_cell(
    ws: &mut Worksheet,
    schema: &Schema,
    col: u16,
    field: &Field,
    unit: &str,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let label = header_label(field, unit);
    let format = if field.required {
        &formats.required
    } else {
        &formats.head
    };
    ws.write_string_with_format(1, col, &label, format)?;
    let mut note = field.note.replace("万元", unit);
    if field.required {
        note = format!("【必填】{note}");
    }
    if let Some(values) = field.enum_name.as_ref().and_then(|e| schema.enums.get(e)) {
        let validation = DataValidation::new()
            .allow_list_strings(&values.values)?
            .set_error_message(format!("请从下拉列表中选择：{}", values.values.join("、")))?;
        ws.add_data_validation(2, col, FILL_ROWS, col, &validation)?;
    }
    ws.insert_note(
        1,
        col,
        &Note::new(note)
            .set_author("taizhang")
            .set_width(260)
            .set_height(90),
    )?;
    Ok(())
}

/// The example row's cell of a column, greyed.
fn example_cell(
    ws: &mut Worksheet,
    col: u16,
    value: Option<&Example>,
    formats: &Formats,
) -> Result<(), XlsxError> {
    match value {
        Some(Example::Text(t)) => {
            ws.write_string_with_format(2, col, *t, &formats.example_text)?;
        }
        Some(Example::Money(v)) => {
            ws.write_number_with_format(2, col, *v, &formats.example_money)?;
        }
        Some(Example::Date(y, m, d)) => {
            let dt = ExcelDateTime::from_ymd(
                u16::try_from(*y).unwrap_or(2022),
                u8::try_from(*m).unwrap_or(1),
                u8::try_from(*d).unwrap_or(1),
            )?;
            ws.write_datetime_with_format(2, col, &dt, &formats.example_date)?;
        }
        None => {}
    }
    Ok(())
}

fn instructions(ws: &mut Worksheet, unit: &str) -> Result<(), XlsxError> {
    let lines = [
        "填表说明".to_owned(),
        "1. 每月底前将本工作簿报送推进办，文件名请以本单位名称开头，如“区建管委-2022年3月.xlsx”。"
            .to_owned(),
        format!("2. 金额单位为{unit}，只填数字；没有发生的填 0，不要留空。"),
        "3. 红色表头为必填项；带下拉箭头的列请从列表中选择。鼠标停在表头上可看填写说明。"
            .to_owned(),
        "4. 日期写成 2022-03-15，只知道月份的写 2022.3（表示当月底）。".to_owned(),
        "5. 工作完成时限可写 2022年6月底、二季度、年底；长期工作写“持续推进”。".to_owned(),
        "6. 第3行为示例，可直接覆盖或删除（以“示例”开头的行不计入汇总）。".to_owned(),
        "7. 请勿合并单元格、插入合计行以外的说明行；本年累计完成投资只增不减。".to_owned(),
    ];
    ws.set_column_width(0, 100)?;
    let bold = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_font_name("宋体");
    let plain = Format::new().set_text_wrap().set_font_name("宋体");
    for (i, line) in lines.iter().enumerate() {
        let row = u32::try_from(i).unwrap_or(0);
        ws.write_string_with_format(row, 0, line, if i == 0 { &bold } else { &plain })?;
    }
    Ok(())
}

/// `taizhang template`: writes the blank ledger workbook to `out`, never over an existing file
/// unless `force` (a unit's filled-in ledger may carry the template's name).
///
/// # Errors
/// When the file exists (without `force`), or the workbook cannot be built or written.
pub fn write(
    config: &crate::config::Config,
    out: &std::path::Path,
    force: bool,
) -> Result<crate::Exit, crate::Error> {
    if !force && out.exists() {
        return Err(crate::Error::TemplateExists(out.to_owned()));
    }
    let bytes = workbook(&config.schema, config.input_unit.label())?;
    crate::output::write_atomic(out, &bytes).map_err(|source| crate::Error::Write {
        path: out.to_owned(),
        source,
    })?;
    eprintln!("已生成台帐模板：{}", out.display());
    Ok(crate::Exit::Clean)
}

/// `taizhang init`: writes the commented default `taizhang.toml`, never over one unless forced.
///
/// # Errors
/// When the file exists (without `force`) or cannot be written.
pub fn write_config(path: &std::path::Path, force: bool) -> Result<crate::Exit, crate::Error> {
    if path.exists() && !force {
        return Err(crate::Error::ConfigExists(path.to_owned()));
    }
    crate::output::write_atomic(path, crate::config::DEFAULT_CONFIG.as_bytes()).map_err(
        |source| crate::Error::Write {
            path: path.to_owned(),
            source,
        },
    )?;
    eprintln!(
        "已生成配置文件：{}（修改名册、阈值等后保存即可）",
        path.display()
    );
    Ok(crate::Exit::Clean)
}
