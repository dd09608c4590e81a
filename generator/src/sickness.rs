//! File 7: `sickness/sickness_absence_by_org.csv`, monthly sickness absence by
//! organisation × staff group, April 2017 - September 2020 (DS05, Figure 14).
//!
//! FTE days available = the organisation's June 2020 FTE in the staff group (file 2)
//! × the national monthly index of that group (file 1) × days in the month, with a
//! little noise.  National rates (sum lost / sum available) follow a seasonal pattern
//! (winter peaks; support staff 4.5-5.5% before 2020) and the 2020 Covid-19 wave; the
//! lost days of each month are split across organisations with varied weights and
//! largest-remainder rounding, so the national rate is met to the hundredth of a day:
//! support 7.90% in April 2020 (8%, highest in the series) and 5.95% in June (6%),
//! nurses 5.02% in June (5%), ST&T 4.15% in April (4%).

use crate::alloc::split;
use crate::csv::{Table, hund};
use crate::dates::{days_in_month, month_end, t_of, ym};
use crate::dims::{AMB, CLUSTERS, COMM, MHT, NUR, STAFF_GROUPS, STT, SUP};
use crate::orgs::ORGS;
use crate::rng::Rng;
use crate::workforce_monthly::{Series, T_JUN20};

/// (base rate %, seasonal amplitude %) by staff group.
const BASE: [(f64, f64); 7] = [
    (5.0, 0.40),
    (4.6, 0.4),
    (5.0, 0.4),
    (1.3, 0.2),
    (3.4, 0.3),
    (3.9, 0.35),
    (3.6, 0.3),
];
/// Seasonal shape, January..December (winter peak).
const SEASON: [f64; 12] = [
    1.0, 0.7, 0.3, -0.1, -0.5, -0.8, -0.9, -0.7, -0.4, 0.1, 0.5, 0.9,
];
/// 2020 multipliers on the seasonal rate, March..September, for groups without explicit values.
const COVID: [f64; 7] = [1.30, 1.60, 1.25, 1.12, 1.05, 1.04, 1.05];
/// Explicit 2020 rates (%), March..September.
const SUPPORT_2020: [f64; 7] = [6.60, 7.90, 6.45, 5.95, 5.45, 5.35, 5.50];
const NURSES_2020: [f64; 7] = [5.60, 6.60, 5.35, 5.02, 4.55, 4.45, 4.60];
const STT_2020: [f64; 7] = [3.80, 4.15, 3.55, 3.30, 3.15, 3.10, 3.20];

pub(crate) const FIRST: (i32, u32) = (2017, 4);
pub(crate) const LAST: (i32, u32) = (2020, 9);

/// Build file 7 from per-org June 2020 FTE by group and the national monthly series.
pub(crate) fn table(org_fte: &[[i64; 7]], series: &[Series], rng: &mut Rng) -> Table {
    let t0 = t_of(FIRST.0, FIRST.1);
    let t1 = t_of(LAST.0, LAST.1);
    // National index by group: total FTE in month t relative to June 2020.
    let index = |g: usize, t: usize| {
        let v: i64 = series
            .iter()
            .filter(|s| s.group == g)
            .map(|s| s.fte[t])
            .sum();
        let j: i64 = series
            .iter()
            .filter(|s| s.group == g)
            .map(|s| s.fte[T_JUN20])
            .sum();
        v as f64 / j as f64
    };
    let org_factor: Vec<f64> = ORGS
        .iter()
        .map(|o| {
            let c = match o.cluster {
                MHT => 1.06,
                AMB => 1.12,
                COMM => 0.97,
                _ => 1.0,
            };
            c * rng.range(0.85, 1.15)
        })
        .collect();
    let year_noise: Vec<[f64; 4]> = (0..7)
        .map(|_| [0.0, 1.0, 2.0, 3.0].map(|_| rng.range(-0.06, 0.06)))
        .collect();
    let mut rows: Vec<(usize, usize, usize, i64, i64)> = Vec::new();
    for t in t0..=t1 {
        let (y, m) = ym(t);
        for g in 0..7 {
            let orgs: Vec<usize> = (0..ORGS.len()).filter(|&o| org_fte[o][g] > 0).collect();
            let idx = index(g, t);
            let avail: Vec<i64> = orgs
                .iter()
                .map(|&o| {
                    (org_fte[o][g] as f64 * idx * f64::from(days_in_month(y, m)) * rng.jitter(0.01))
                        .round() as i64
                })
                .collect();
            let total: i64 = avail.iter().sum();
            let rate = national_rate(g, y, m, &year_noise[g]) / 100.0;
            let lost_total = (total as f64 * rate).round() as i64;
            let w: Vec<f64> = orgs
                .iter()
                .zip(&avail)
                .map(|(&o, &a)| a as f64 * org_factor[o] * rng.jitter(0.12))
                .collect();
            let lost = split(lost_total, &w);
            for (k, &o) in orgs.iter().enumerate() {
                rows.push((t, o, g, lost[k], avail[k]));
            }
        }
    }
    rows.sort_by_key(|r| (r.0, r.1, r.2));
    let mut tab = Table::new(&[
        "DATE",
        "ORG_CODE",
        "ORG_TYPE",
        "STAFF_GROUP",
        "FTE_DAYS_LOST",
        "FTE_DAYS_AVAILABLE",
    ]);
    for (t, o, g, lost, avail) in rows {
        tab.row(&[
            &month_end(t),
            ORGS[o].code,
            CLUSTERS[ORGS[o].cluster],
            STAFF_GROUPS[g],
            &hund(lost),
            &hund(avail),
        ]);
    }
    tab
}

/// National sickness absence rate (%) of staff group `g` in month `m` of year `y`.
fn national_rate(g: usize, y: i32, m: u32, noise: &[f64; 4]) -> f64 {
    let (base, amp) = BASE[g];
    let seasonal = base + amp * SEASON[m as usize - 1];
    if y == 2020 && m >= 3 {
        let k = m as usize - 3;
        return match g {
            SUP => SUPPORT_2020[k],
            NUR => NURSES_2020[k],
            STT => STT_2020[k],
            _ => seasonal * COVID[k],
        };
    }
    seasonal + noise[(y - 2017) as usize]
}
