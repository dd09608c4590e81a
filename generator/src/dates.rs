//! Calendar helpers: month-end ISO dates and days per month (proleptic Gregorian).
//!
//! Monthly series use a month index `t` counted from January 2010 (t = 0), so that
//! January 2020 is t = 120 and June 2020 is t = 125.

/// True for Gregorian leap years.
pub(crate) fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in month `m` (1-12) of year `y`.
pub(crate) fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Year and month of month index `t` (t = 0 is January 2010).
pub(crate) fn ym(t: usize) -> (i32, u32) {
    (2010 + (t / 12) as i32, (t % 12) as u32 + 1)
}

/// Month index of a year and month.
pub(crate) fn t_of(y: i32, m: u32) -> usize {
    ((y - 2010) * 12) as usize + m as usize - 1
}

/// ISO month-end date of month index `t`, e.g. "2020-06-30".
pub(crate) fn month_end(t: usize) -> String {
    let (y, m) = ym(t);
    format!("{y:04}-{m:02}-{:02}", days_in_month(y, m))
}
