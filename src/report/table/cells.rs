//! The cells of a table: values, columns and rows, and the rows a large sheet makes on
//! demand rather than holds.

use super::super::style::{Emphasis, Kind, text_width};
use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::XlsxError;
use std::borrow::Cow;
use std::fmt::Write as _;

/// A cell's value; the column's `Kind` decides its format. Text is borrowed where it can be:
/// the rows of a large sheet are made twice (widths, then cells) rather than held.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// Always written as text, so `=1+1` stays `=1+1`.
    Text(Cow<'a, str>),
    Int(i64),
    Num(f64),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    /// A formula and its cached result (`None`: the empty string), so that viewers which do not
    /// recalculate, and calamine, see the number.
    Formula(String, Option<f64>),
    Blank,
}

impl<'a> Value<'a> {
    /// Text, or blank when empty.
    pub fn text(s: impl Into<Cow<'a, str>>) -> Value<'a> {
        let s = s.into();
        if s.is_empty() {
            Value::Blank
        } else {
            Value::Text(s)
        }
    }

    pub fn opt_text<S: AsRef<str> + ?Sized>(s: Option<&'a S>) -> Value<'a> {
        s.map_or(Value::Blank, |s| Value::text(s.as_ref()))
    }

    pub fn opt_num(n: Option<f64>) -> Value<'a> {
        n.map_or(Value::Blank, Value::Num)
    }

    pub fn opt_date(d: Option<NaiveDate>) -> Value<'a> {
        d.map_or(Value::Blank, Value::Date)
    }

    pub fn count(n: usize) -> Value<'a> {
        Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }

    /// Columns this value needs when shown in a column of `kind`.
    pub(super) fn width(&self, kind: Kind) -> usize {
        let number = |n: f64| match kind {
            Kind::Money => shown_len(format_args!("{n:.2}")),
            Kind::Rate => shown_len(format_args!("{:.1}%", n * 100.0)),
            _ => shown_len(format_args!("{n}")),
        };
        match self {
            Value::Text(s) => text_width(s),
            Value::Int(i) => shown_len(format_args!("{i}")),
            Value::Num(n) | Value::Formula(_, Some(n)) => number(*n),
            Value::Date(_) => 10,
            Value::DateTime(_) => 16,
            Value::Formula(_, None) | Value::Blank => 0,
        }
    }
}

/// The length of formatted text, without making the text.
fn shown_len(args: std::fmt::Arguments<'_>) -> usize {
    struct Count(usize);
    impl std::fmt::Write for Count {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0 += s.len();
            Ok(())
        }
    }
    let mut count = Count(0);
    let _ = count.write_fmt(args);
    count.0
}

#[derive(Debug, Clone)]
pub struct Column {
    pub header: String,
    pub kind: Kind,
    /// The column never grows past this; longer text wraps.
    pub max_width: f64,
}

impl Column {
    pub fn new(header: &str, kind: Kind, max_width: f64) -> Column {
        Column {
            header: header.to_owned(),
            kind,
            max_width,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Row<'a> {
    pub values: Vec<Value<'a>>,
    pub emphasis: Emphasis,
}

impl<'a> Row<'a> {
    pub fn new(values: Vec<Value<'a>>) -> Row<'a> {
        Row {
            values,
            emphasis: Emphasis::Normal,
        }
    }

    pub fn with(values: Vec<Value<'a>>, emphasis: Emphasis) -> Row<'a> {
        Row { values, emphasis }
    }
}

/// The rows of a table, in order. A table's own `Vec` is one; a large sheet's rows are made
/// on demand instead, each time they are walked, so that a million of them are never held.
pub trait RowSource {
    /// Calls `f` with each row in order, stopping at the first error.
    ///
    /// # Errors
    /// The first error `f` returns.
    fn each(&self, f: &mut dyn FnMut(&Row<'_>) -> Result<(), XlsxError>) -> Result<(), XlsxError>;
}

impl RowSource for Vec<Row<'_>> {
    fn each(&self, f: &mut dyn FnMut(&Row<'_>) -> Result<(), XlsxError>) -> Result<(), XlsxError> {
        self.iter().try_for_each(f)
    }
}

/// Rows `range` of a table, the `i`-th made by `make(i)`.
pub struct MadeRows<F> {
    pub range: std::ops::Range<usize>,
    pub make: F,
}

impl<'a, F: Fn(usize) -> Row<'a>> RowSource for MadeRows<F> {
    fn each(&self, f: &mut dyn FnMut(&Row<'_>) -> Result<(), XlsxError>) -> Result<(), XlsxError> {
        self.range.clone().try_for_each(|i| f(&(self.make)(i)))
    }
}
