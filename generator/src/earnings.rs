//! File 6: `earnings/earnings_by_staff_group.csv`, mean annual earnings per FTE and the
//! minimum annual basic pay, 12 months ending June 2011 - June 2020 (DS06, Chapter 2 › Pay).
//!
//! Endpoints encode the printed values: support to doctors, nurses & midwives £20,523 ->
//! £23,189 (+£2,666, 13%; N016, N029, N099); nurses & health visitors £35,530 -> £39,083
//! (+£3,553, 10%; N095, N100); consultants £125,860 -> £132,153 (+£6,293, 5%; N096, N101).
//! Minimum basic pay for support staff rises 31% to £18,005 (the 2020/21 band 2 entry
//! point, N027, N030); the 2011 value £13,744 is synthetic, chosen to give exactly 31.0%.
//! Years in between follow a pay-freeze-then-recovery profile; no randomness is needed.

use crate::csv::Table;

pub(crate) const GROUPS: [&str; 5] = [
    "Support to doctors, nurses & midwives",
    "Nurses & health visitors",
    "Midwives",
    "Consultants",
    "All staff",
];

/// (mean earnings 2011, 2020, minimum basic pay 2011, 2020) per group.
const ENDS: [(f64, f64, f64, f64); 5] = [
    (20_523.0, 23_189.0, 13_744.0, 18_005.0),
    (35_530.0, 39_083.0, 21_176.0, 24_907.0),
    (37_410.0, 41_262.0, 21_176.0, 24_907.0),
    (125_860.0, 132_153.0, 74_504.0, 82_096.0),
    (30_950.0, 35_150.0, 13_744.0, 18_005.0),
];

/// Cumulative share of the 2011 -> 2020 change reached by each year ending June 2011..2020.
const PATH: [f64; 10] = [0.0, 0.04, 0.08, 0.13, 0.19, 0.26, 0.34, 0.47, 0.70, 1.0];
/// Minimum pay moved in steps (frozen 2011-2013, then awards; the 2018 restructure).
const MIN_PATH: [f64; 10] = [0.0, 0.0, 0.0, 0.06, 0.10, 0.14, 0.18, 0.36, 0.79, 1.0];

/// Write file 6 (rows by year, then staff group).
pub(crate) fn table() -> Table {
    let mut t = Table::new(&[
        "YEAR_ENDING",
        "STAFF_GROUP",
        "MEAN_ANNUAL_EARNINGS_PER_FTE",
        "MIN_ANNUAL_BASIC_PAY",
    ]);
    for (y, (&p, &q)) in PATH.iter().zip(&MIN_PATH).enumerate() {
        let date = format!("{}-06-30", 2011 + y);
        for (g, &(a, b, c, d)) in ENDS.iter().enumerate() {
            let mean = (a + (b - a) * p).round() as i64;
            let min = (c + (d - c) * q).round() as i64;
            t.row(&[&date, GROUPS[g], &mean.to_string(), &min.to_string()]);
        }
    }
    t
}
