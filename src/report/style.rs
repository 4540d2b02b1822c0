//! The look every sheet shares: fonts, borders, number formats, CJK-aware column widths and
//! Excel-safe sheet names.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};
use unicode_width::UnicodeWidthStr;

/// Body font. Chinese Excel and WPS know it by this name; `LibreOffice` substitutes a CJK font.
pub const FONT: &str = "宋体";
const BODY_SIZE: f64 = 11.0;

/// Light red fill with dark red text: lagging projects, overdue tasks, errors.
pub const ALERT_FILL: &str = "FFC7CE";
pub const ALERT_FONT: &str = "9C0006";
const HEADER_FILL: &str = "DDEBF7";
const TOTAL_FILL: &str = "F2F2F2";
const SEVERE_FONT: &str = "C00000";

/// Excel limits a cell's text to 32,767 characters.
const MAX_CELL_CHARS: usize = 32_767;

/// Formats of one table; built once per workbook.
pub struct Styles {
    pub title: Format,
    pub note_left: Format,
    pub note_right: Format,
    pub header: Format,
    pub label: Format,
    pub paragraph: Format,
    /// A group's heading row in a printed table (`一、市属重大工程（11个）`).
    pub group_heading: Format,
    body: [Format; 8],
    total: [Format; 8],
    severe: [Format; 8],
    group: [Format; 8],
}

/// How a column's values are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Left-aligned, wrapped text.
    Text,
    /// Short centred text (enums, 序号-like labels).
    Center,
    Int,
    /// 序号: a centred integer.
    Serial,
    /// `0.00`, in the output money unit.
    Money,
    /// `0.0%`
    Rate,
    /// `yyyy-mm-dd`
    Date,
    /// `yyyy-mm-dd hh:mm`
    DateTime,
}

impl Kind {
    fn index(self) -> usize {
        match self {
            Kind::Text => 0,
            Kind::Center => 1,
            Kind::Int => 2,
            Kind::Money => 3,
            Kind::Rate => 4,
            Kind::Date => 5,
            Kind::DateTime => 6,
            Kind::Serial => 7,
        }
    }
}

/// The emphasis of a table row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Emphasis {
    #[default]
    Normal,
    /// 合计 rows: bold on grey.
    Total,
    /// Severe lag: dark red font.
    Severe,
    /// First row of a group (a 主责部门): a heavier rule above it.
    GroupStart,
}

fn base() -> Format {
    Format::new().set_font_name(FONT).set_font_size(BODY_SIZE)
}

fn cell(kind: Kind) -> Format {
    let f = base()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    match kind {
        // Indented, so that text never runs into the number in the column to its left.
        Kind::Text => f.set_text_wrap().set_indent(1),
        Kind::Center => f.set_align(FormatAlign::Center).set_text_wrap(),
        Kind::Int => f.set_num_format("0"),
        Kind::Money => f.set_num_format("0.00"),
        Kind::Rate => f.set_num_format("0.0%"),
        Kind::Date => f
            .set_num_format("yyyy-mm-dd")
            .set_align(FormatAlign::Center),
        Kind::DateTime => f
            .set_num_format("yyyy-mm-dd hh:mm")
            .set_align(FormatAlign::Center),
        Kind::Serial => f.set_num_format("0").set_align(FormatAlign::Center),
    }
}

const KINDS: [Kind; 8] = [
    Kind::Text,
    Kind::Center,
    Kind::Int,
    Kind::Money,
    Kind::Rate,
    Kind::Date,
    Kind::DateTime,
    Kind::Serial,
];

impl Styles {
    #[must_use]
    pub fn new() -> Self {
        let all = |f: &dyn Fn(Format) -> Format| KINDS.map(|k| f(cell(k)));
        Styles {
            title: base()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            note_left: base()
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::VerticalCenter),
            note_right: base()
                .set_align(FormatAlign::Right)
                .set_align(FormatAlign::VerticalCenter),
            header: base()
                .set_bold()
                .set_background_color(HEADER_FILL)
                .set_border(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            label: base().set_bold().set_align(FormatAlign::Top),
            paragraph: base()
                .set_text_wrap()
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::Top),
            group_heading: base()
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_background_color(HEADER_FILL)
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::VerticalCenter),
            body: all(&|f| f),
            total: all(&|f| f.set_bold().set_background_color(TOTAL_FILL)),
            severe: all(&|f| f.set_font_color(SEVERE_FONT)),
            group: all(&|f| f.set_border_top(FormatBorder::Medium)),
        }
    }

    /// The format of a data cell.
    #[must_use]
    pub fn cell(&self, kind: Kind, emphasis: Emphasis) -> &Format {
        let set = match emphasis {
            Emphasis::Normal => &self.body,
            Emphasis::Total => &self.total,
            Emphasis::Severe => &self.severe,
            Emphasis::GroupStart => &self.group,
        };
        &set[kind.index()]
    }
}

impl Styles {
    /// Every format, in one fixed order.
    pub fn all(&self) -> impl Iterator<Item = &Format> {
        [
            &self.title,
            &self.note_left,
            &self.note_right,
            &self.header,
            &self.label,
            &self.paragraph,
            &self.group_heading,
        ]
        .into_iter()
        .chain(&self.body)
        .chain(&self.total)
        .chain(&self.severe)
        .chain(&self.group)
    }
}

impl Default for Styles {
    fn default() -> Self {
        Self::new()
    }
}

/// The light red fill of conditional highlights.
#[must_use]
pub fn alert() -> Format {
    Format::new()
        .set_font_color(ALERT_FONT)
        .set_background_color(ALERT_FILL)
}

/// Display width in Excel columns: a CJK or full-width character counts two. For text with
/// line breaks, the widest line.
#[must_use]
pub fn text_width(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// A CJK character of an 11-point font is a little wider than two digits of the default font
/// that Excel measures columns in: widths and wraps are estimated with this margin.
const CJK_SLACK: f64 = 1.08;

/// The column width that shows text `width` columns wide (from `text_width`) on one line.
#[must_use]
#[allow(clippy::cast_precision_loss)]
pub fn width_for(width: usize) -> f64 {
    (width as f64 * CJK_SLACK + 2.0).ceil()
}

/// How many lines `text` takes in a column `width` wide when wrapped.
#[must_use]
#[allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]
pub fn wrapped_lines(text: &str, width: f64) -> usize {
    let usable = (width - 1.5).max(2.0);
    text.lines()
        .map(|l| (UnicodeWidthStr::width(l).max(1) as f64 * CJK_SLACK / usable).ceil() as usize)
        .sum::<usize>()
        .max(1)
}

/// Text as Excel will take it: at most 32,767 characters.
#[must_use]
pub fn cell_text(text: &str) -> &str {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// Unique, Excel-valid sheet names: at most 31 characters, none of `[]:*?/\`, no leading or
/// trailing apostrophe, never blank, unique without regard to case.
#[derive(Debug, Default)]
pub struct SheetNames {
    taken: Vec<String>,
}

impl SheetNames {
    /// Reserves a fixed name (such as 全部) so that no department takes it.
    pub fn reserve(&mut self, name: &str) {
        self.taken.push(name.to_lowercase());
    }

    /// A valid name close to `wanted`, not used before.
    pub fn name(&mut self, wanted: &str) -> String {
        let cleaned: String = wanted
            .chars()
            .map(|c| {
                if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let mut cleaned = cleaned.trim().trim_matches('\'').trim().to_owned();
        if cleaned.is_empty() {
            "未命名".clone_into(&mut cleaned);
        } else if cleaned.eq_ignore_ascii_case("history") {
            // Excel keeps this name for itself.
            cleaned.push('_');
        }
        let base: String = cleaned.chars().take(31).collect();
        let mut candidate = base.clone();
        let mut n = 2;
        while self.taken.contains(&candidate.to_lowercase()) {
            let suffix = format!("({n})");
            let keep = 31 - suffix.chars().count();
            candidate = format!("{}{}", base.chars().take(keep).collect::<String>(), suffix);
            n += 1;
        }
        self.taken.push(candidate.to_lowercase());
        candidate
    }
}

/// `一` … `四` for a quarter number.
#[must_use]
pub fn quarter_words(q: u32) -> &'static str {
    match q {
        1 => "一",
        2 => "二",
        3 => "三",
        _ => "四",
    }
}
