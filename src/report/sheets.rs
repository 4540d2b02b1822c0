//! Where a section of a workbook adds its sheets: the workbook itself, or a batch made on
//! another core and added to the workbook after the batches before it. A large month's
//! workbook is thus made on both cores and still comes out the same bytes on every run:
//! sheets are added in the sections' order, a batch's sheets keep their own format and string
//! tables until the workbook is saved (as sheets added one by one do), and the formats of the
//! sheets written straight to disk (constant memory) are registered once, in one order,
//! before the first such sheet is made.

use super::style::Styles;
use rayon::prelude::*;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use std::sync::{Mutex, PoisonError};

/// What a section adds its sheets to.
pub trait SheetSink {
    /// A sheet held in memory until the workbook is saved.
    fn add_worksheet(&mut self) -> &mut Worksheet;
    /// A sheet whose rows are written to disk as they are finished.
    ///
    /// # Errors
    /// When the temporary file it writes to cannot be made.
    fn add_worksheet_with_constant_memory(&mut self) -> Result<&mut Worksheet, XlsxError>;
}

impl SheetSink for Workbook {
    fn add_worksheet(&mut self) -> &mut Worksheet {
        Workbook::add_worksheet(self)
    }

    fn add_worksheet_with_constant_memory(&mut self) -> Result<&mut Worksheet, XlsxError> {
        Workbook::add_worksheet_with_constant_memory(self)
    }
}

/// One section of a workbook: writes its sheets, in order.
pub type Section<'a> = Box<dyn Fn(&mut dyn SheetSink) -> Result<(), XlsxError> + Sync + 'a>;

/// Zip level of a workbook with sheets written straight to disk (a city's month, hundreds of
/// thousands of rows): one core compresses the whole file as it is saved, the longest single
/// piece of the run, and the fastest level shortens it for a larger file (at 100,000 rows the
/// summary is 53 MB instead of 37 MB). A district's workbook keeps the usual level.
const LARGE_WORKBOOK_ZIP_LEVEL: u8 = 1;

/// Makes each section's sheets on any core, then adds them to the workbook in the sections'
/// order.
///
/// # Errors
/// The first section's error, in the sections' order.
pub fn make_sections(
    wb: &mut Workbook,
    styles: &Styles,
    sections: &[Section<'_>],
) -> Result<(), XlsxError> {
    let maker = Maker {
        state: Mutex::new(MakerState {
            wb: &mut *wb,
            registered: false,
        }),
        styles,
    };
    let batches: Vec<Result<Vec<Worksheet>, XlsxError>> = sections
        .par_iter()
        .map(|section| {
            let mut batch = Batch {
                maker: &maker,
                sheets: Vec::new(),
            };
            section(&mut batch)?;
            Ok(batch.sheets)
        })
        .collect();
    let streamed = maker
        .state
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
        .registered;
    if streamed {
        wb.set_zip_compression_level(LARGE_WORKBOOK_ZIP_LEVEL);
    }
    for batch in batches {
        for ws in batch? {
            wb.push_worksheet(ws);
        }
    }
    Ok(())
}

/// Makes the constant-memory sheets, which need the workbook.
struct Maker<'w, 's> {
    state: Mutex<MakerState<'w>>,
    styles: &'s Styles,
}

struct MakerState<'w> {
    wb: &'w mut Workbook,
    registered: bool,
}

impl Maker<'_, '_> {
    fn constant_memory_sheet(&self) -> Result<Worksheet, XlsxError> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if !state.registered {
            // Such sheets share the workbook's format table as they write: every format they
            // may use gets its number now, so that no race between them decides the numbers.
            for format in self.styles.all() {
                state.wb.register_format(format);
            }
            state.registered = true;
        }
        state.wb.new_worksheet_with_constant_memory()
    }
}

/// The sheets one section made.
struct Batch<'m, 'w, 's> {
    maker: &'m Maker<'w, 's>,
    sheets: Vec<Worksheet>,
}

impl Batch<'_, '_, '_> {
    fn push(&mut self, ws: Worksheet) -> &mut Worksheet {
        let i = self.sheets.len();
        self.sheets.push(ws);
        &mut self.sheets[i]
    }
}

impl SheetSink for Batch<'_, '_, '_> {
    fn add_worksheet(&mut self) -> &mut Worksheet {
        self.push(Worksheet::new())
    }

    fn add_worksheet_with_constant_memory(&mut self) -> Result<&mut Worksheet, XlsxError> {
        let ws = self.maker.constant_memory_sheet()?;
        Ok(self.push(ws))
    }
}
