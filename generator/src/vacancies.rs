//! File 11: `vacancies/advertised_vacancies.csv`, monthly full-time equivalent advertised
//! vacancies for all staff (NHS Digital vacancy statistics, April 2018 - September 2020)
//! and for support to clinical staff (NHS Jobs via NHS Business Services Authority,
//! April 2018 - November 2020) (DS07, Figure 10, Chapter 3 › Supply).
//!
//! Calibration decisions:
//! * Level: all staff about 29,000 FTE a month in 2018, growing 2.5% a year; support staff
//!   about 3,150, growing 2% a year (support is ~11% of all adverts).
//! * Seasonality of NHS Jobs adverts: peaks in January and in spring and autumn
//!   recruitment rounds, lows in August and December (`SEASON`), plus ±1.5% noise.
//! * Covid-19: adverts pause from late March 2020, bottom out in May (~-38%) and recover
//!   through the summer (`COVID`), so April-June 2020 are the three lowest months of both
//!   series ("noticeable drops ... between April and June 2020").
//! * September 2020 is pinned inside the printed windows: all staff in [27,050, 27,450)
//!   ("more than 27,000"), support staff in [2,910, 2,980) ("more than 2,900").
//! * FTE in hundredths, two decimals.

use crate::csv::{Table, hund};
use crate::dates::{month_end, t_of, ym};
use crate::rng::Rng;

pub(crate) const GROUPS: [&str; 2] = ["All staff", "Support to clinical staff"];
pub(crate) const SOURCES: [&str; 2] = [
    "NHS Digital vacancy statistics",
    "NHS Business Services Authority (NHS Jobs)",
];
pub(crate) const FIRST: (i32, u32) = (2018, 4);
/// Last month by group.
pub(crate) const LAST: [(i32, u32); 2] = [(2020, 9), (2020, 11)];
/// April 2018 level (FTE) and annual growth by group.
const LEVEL: [(f64, f64); 2] = [(29_000.0, 0.025), (3_150.0, 0.020)];
/// Seasonal multipliers, January..December.
const SEASON: [f64; 12] = [
    1.07, 1.02, 1.05, 0.98, 1.01, 0.99, 0.97, 0.92, 1.02, 1.04, 1.00, 0.89,
];
/// Covid-19 multipliers, March..November 2020.
const COVID: [f64; 9] = [0.93, 0.68, 0.62, 0.73, 0.85, 0.90, 0.93, 0.95, 0.97];
/// September 2020 windows (FTE, half-open) by group.
const SEP20: [(f64, f64); 2] = [(27_050.0, 27_450.0), (2_910.0, 2_980.0)];

/// Monthly FTE in hundredths, by group, from April 2018.
pub(crate) fn build(rng: &mut Rng) -> [Vec<i64>; 2] {
    let t0 = t_of(FIRST.0, FIRST.1);
    let sep20 = t_of(2020, 9);
    let mar20 = t_of(2020, 3);
    [0, 1].map(|g| {
        let t1 = t_of(LAST[g].0, LAST[g].1);
        (t0..=t1)
            .map(|t| {
                if t == sep20 {
                    let (lo, hi) = SEP20[g];
                    return (rng.range(lo, hi) * 100.0).floor() as i64;
                }
                let (_, m) = ym(t);
                let years = (t - t0) as f64 / 12.0;
                let covid = if t >= mar20 { COVID[t - mar20] } else { 1.0 };
                let v = LEVEL[g].0
                    * (1.0 + LEVEL[g].1).powf(years)
                    * SEASON[m as usize - 1]
                    * covid
                    * rng.jitter(0.015);
                (v * 100.0).round() as i64
            })
            .collect()
    })
}

/// Write file 11 (all staff, then support staff; months in order).
pub(crate) fn table(series: &[Vec<i64>; 2]) -> Table {
    let mut t = Table::new(&["DATE", "STAFF_GROUP", "SOURCE", "ADVERTISED_FTE"]);
    let t0 = t_of(FIRST.0, FIRST.1);
    for (g, s) in series.iter().enumerate() {
        for (k, v) in s.iter().enumerate() {
            t.row(&[&month_end(t0 + k), GROUPS[g], SOURCES[g], &hund(*v)]);
        }
    }
    t
}
