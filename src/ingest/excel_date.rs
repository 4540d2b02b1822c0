//! Excel's serial dates (the 1900 date system): days since 1899-12-30. Cells hold dates this
//! way, so the readers and every later stage turn them into dates through this one function.

use chrono::NaiveDate;

/// An Excel serial date (1900 system) to a date; `None` outside Excel's range of dates.
#[must_use]
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // range-checked just above
pub fn serial_to_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_days(chrono::Days::new(serial.floor() as u64))
}

/// A date and time to its Excel serial (days since 1899-12-30, the time as a fraction).
#[must_use]
#[allow(clippy::cast_precision_loss)] // seconds of a day and days since 1899 fit in f64
pub fn date_to_serial(at: chrono::NaiveDateTime) -> Option<f64> {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    let seconds = (at - base).num_seconds();
    let serial = seconds as f64 / 86_400.0;
    (1.0..2_958_466.0).contains(&serial).then_some(serial)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_and_dates_agree() {
        let d = NaiveDate::from_ymd_opt(2022, 3, 31).unwrap();
        assert_eq!(serial_to_date(44651.0), Some(d));
        assert_eq!(serial_to_date(44651.75), Some(d));
        assert_eq!(serial_to_date(0.5), None);
        let noon = d.and_hms_opt(12, 0, 0).unwrap();
        assert_eq!(date_to_serial(noon), Some(44651.5));
    }
}
