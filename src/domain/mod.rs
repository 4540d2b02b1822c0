//! The types every stage speaks and none owns: the enum vocabularies of a ledger (category,
//! 项目性质, 结转/新增, 建设阶段, task status), money in fen with its units, the project key and
//! the cell reference. Their Chinese spellings live in `templates/schema.toml`.

mod cell;
mod key;
mod light;
mod money;
mod period;
mod previous;
mod ratio;
mod text;
mod vocab;

pub use cell::{CellRef, a1, column_letters, letters_column};
pub use key::ProjectKey;
pub use light::{Light, PastMonth, PastRecord, PastTask};
pub use money::{Money, MoneyUnit, round_div};
pub use period::{Period, PeriodError, month_end};
pub use previous::{PastProject, Previous};
pub use ratio::Ratio;
pub use text::{Interner, Text, normalize_key};
pub use vocab::{Carry, Category, Formality, SCHEMA_TOML, Stage, TaskStatus, Vocabulary};
