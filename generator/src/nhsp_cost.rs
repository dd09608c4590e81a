//! Costs per filled hour for file 12 (`temporary-staffing/nhsp_shifts_by_trust.csv.gz`)
//! and the file's writer (DS09, Figure 13).
//!
//! `BANK_COST_PER_HOUR` and `AGENCY_COST_PER_HOUR` are GBP per filled hour, two
//! decimals, empty where the trust filled no hours through that route that month.
//!
//! Calibration decisions:
//! * For each month × category × route the national hours-weighted mean across trusts
//!   is set to a target path (`BASE` × `path`), by rescaling trust-level costs (London
//!   +8%, ±5% trust effect, ±1% monthly noise) before rounding to the penny.
//! * Unqualified N&M bank: £15.30 (Sep 2018 - Mar 2019), £15.52 (Apr 2019 - Mar 2020) and
//!   £15.80 (Apr - Aug 2020) after the Agenda for Change uplifts, ±0.4% national noise:
//!   "fairly constant at, on average, £15 to £16 an hour".
//! * Unqualified N&M agency: ~£23.80, flat until April 2020, then +6.5% from May 2020
//!   ("an increase ... around May 2020").
//! * Doctors' bank: ~£58, +1% a year, then +3% / +16% / +25% / +27% / +24% / +22% in
//!   March - August 2020: much larger than the agency step (Figure 13, Sept 2018 = 100).
//! * Other routes: qualified N&M bank £24.40 / agency £44.50, doctors' agency £92 (small
//!   spring-2020 rise), AHP bank £26.20 / agency £47.50, with the AfC uplifts on bank.

use crate::csv::{Table, hund};
use crate::dates::{month_end, t_of};
use crate::dims::LON;
use crate::nhsp::{CATEGORIES, DR, FIRST, Hours, MONTHS, Nhsp, UQ};
use crate::orgs::ORGS;
use crate::rng::Rng;

/// September 2018 national mean cost per filled hour (GBP), [bank, agency] by category.
const BASE: [[f64; 2]; 4] = [
    [15.30, 23.80],
    [24.40, 44.50],
    [58.00, 92.00],
    [26.20, 47.50],
];
/// Doctors' bank and agency multipliers, March..August 2020 (months 18..23).
const DR_2020: [[f64; 6]; 2] = [
    [1.03, 1.16, 1.25, 1.27, 1.24, 1.22],
    [1.02, 1.05, 1.08, 1.08, 1.07, 1.06],
];
/// Months since September 2018 of the April 2019 and April 2020 uplifts, and May 2020.
const APR19: usize = 7;
const APR20: usize = 19;
const MAY20: usize = 20;

/// Target multiplier on `BASE` for category `c`, route `r` (0 bank, 1 agency), month `t`.
fn path(c: usize, r: usize, t: usize) -> f64 {
    if c == DR {
        let drift = 1.0 + 0.01 * t as f64 / 12.0;
        return drift * if t >= 18 { DR_2020[r][t - 18] } else { 1.0 };
    }
    if r == 0 {
        // Agenda for Change uplifts for bank staff.
        let step = |at: usize, f: f64| if t >= at { f } else { 1.0 };
        let (a, b) = if c == UQ {
            (15.52 / 15.30, 15.80 / 15.52)
        } else {
            (1.017, 1.019)
        };
        return step(APR19, a) * step(APR20, b);
    }
    if c == UQ && t >= MAY20 {
        return 1.065;
    }
    1.0 + 0.005 * t as f64 / 12.0
}

/// Costs in pence for every cell: `[k][t][c] = [bank, agency]`, `None` where no hours.
pub(crate) type Costs = Vec<Vec<[[Option<i64>; 2]; 4]>>;

/// Price every trust-month-category, route by route.
pub(crate) fn build(d: &Nhsp, rng: &mut Rng) -> Costs {
    let n = d.trusts.len();
    let effect: Vec<[[f64; 2]; 4]> = d
        .trusts
        .iter()
        .map(|tr| {
            let london = if ORGS[tr.org].region == LON {
                1.08
            } else {
                1.0
            };
            [0; 4].map(|_| [0; 2].map(|_| london * rng.jitter(0.05)))
        })
        .collect();
    let mut out: Costs = vec![vec![[[None; 2]; 4]; MONTHS]; n];
    for t in 0..MONTHS {
        for c in 0..4 {
            for r in 0..2 {
                let target = BASE[c][r] * path(c, r, t) * rng.jitter(0.004);
                let hours = |h: &Hours| if r == 0 { h.bank } else { h.agency };
                let raw: Vec<f64> = (0..n)
                    .map(|k| target * effect[k][c][r] * rng.jitter(0.01))
                    .collect();
                let (num, den) = (0..n).fold((0.0, 0.0), |acc, k| {
                    let h = hours(&d.cells[k][t][c]) as f64;
                    (acc.0 + raw[k] * h, acc.1 + h)
                });
                if den == 0.0 {
                    continue;
                }
                let scale = target / (num / den);
                for k in 0..n {
                    if hours(&d.cells[k][t][c]) > 0 {
                        out[k][t][c][r] = Some((raw[k] * scale * 100.0).round() as i64);
                    }
                }
            }
        }
    }
    out
}

/// Write file 12: months in order, trusts by code, categories in catalogue order;
/// a late joiner has no rows before its first month.
pub(crate) fn table(d: &Nhsp, costs: &Costs) -> Table {
    let mut t = Table::new(&[
        "MONTH",
        "TRUST_CODE",
        "STAFF_CATEGORY",
        "HOURS_REQUESTED",
        "HOURS_FILLED_BANK",
        "HOURS_FILLED_AGENCY",
        "HOURS_UNFILLED",
        "BANK_COST_PER_HOUR",
        "AGENCY_COST_PER_HOUR",
    ]);
    let t0 = t_of(FIRST.0, FIRST.1);
    let cost = |v: Option<i64>| v.map_or(String::new(), hund);
    for m in 0..MONTHS {
        let date = month_end(t0 + m);
        for (k, tr) in d.trusts.iter().enumerate() {
            if m < tr.start {
                continue;
            }
            for (c, cat) in CATEGORIES.iter().enumerate() {
                let h = d.cells[k][m][c];
                t.row(&[
                    &date,
                    ORGS[tr.org].code,
                    cat,
                    &h.requested.to_string(),
                    &h.bank.to_string(),
                    &h.agency.to_string(),
                    &h.unfilled.to_string(),
                    &cost(costs[k][m][c][0]),
                    &cost(costs[k][m][c][1]),
                ]);
            }
        }
    }
    t
}
