//! File 1: `workforce/hchs_workforce_monthly_national.csv`, the national monthly HCHS
//! series January 2010 - December 2020 by staff group × MH services (DS01, Figure 1).
//!
//! Each series is pinned at anchor months and log-linearly interpolated between them,
//! with a bridged AR(1) wiggle (zero at every anchor) before October 2019.  Anchors:
//! * June 2020 equals the sum of file 2 for that staff group × MH-services value, FTE
//!   and HC, exactly;
//! * MH support: Jan 2020 / Jan 2010 = 0.92 (the "8% fall"), Oct 2020 / Oct 2019 = 1.11,
//!   rising January -> July 2020 (peak) and falling August -> December;
//! * other-HCHS support: steady growth to 2019, Oct 2020 / Oct 2019 = 1.03, same 2020 shape;
//! * every other series shares one Oct 2019 -> Oct 2020 growth rate, solved so that all
//!   staff grow by exactly 4.0%.
//!
//! Series that are empty in June 2020 (midwives, infrastructure support and other staff
//! in MH services; see file 2) are not written.

use crate::csv::{Table, hund};
use crate::dates::month_end;
use crate::dims::{MH_SERVICES, STAFF_GROUPS, SUP};
use crate::rng::Rng;

pub(crate) const MONTHS: usize = 132;
pub(crate) const T_JUN20: usize = 125;
const T_OCT19: usize = 117;
const T_JAN20: usize = 120;

/// One monthly series: FTE in hundredths and HC, indexed by month (t = 0 is Jan 2010).
pub(crate) struct Series {
    pub group: usize,
    pub mh: usize,
    pub fte: Vec<i64>,
    pub hc: Vec<i64>,
}

/// Ten-year growth Jan 2010 -> Jan 2020 for the non-support series, by [group][mh].
const GROWTH10: [[f64; 2]; 7] = [
    [0.92, 1.17],
    [0.93, 1.10],
    [1.0, 1.12],
    [1.16, 1.30],
    [1.34, 1.24],
    [1.0, 1.05],
    [1.0, 0.62],
];

/// 2020 months after June relative to June (Jul..Dec) by kind: MH support, other support, rest.
const AFTER_JUNE: [[f64; 6]; 3] = [
    [1.0090, 1.0075, 1.0058, 1.0040, 1.0021, 1.0002],
    [1.0060, 1.0050, 1.0040, 1.0030, 1.0015, 1.0000],
    [1.0020, 1.0030, 1.0050, 1.0060, 1.0080, 1.0100],
];

/// Build all series from the June 2020 (FTE, HC) totals of file 2, indexed [group][mh].
pub(crate) fn build(june: &[[(i64, i64); 2]; 7], rng: &mut Rng) -> Vec<Series> {
    let keys: Vec<(usize, usize)> = (0..7)
        .flat_map(|g| (0..2).map(move |m| (g, m)))
        .filter(|&(g, m)| june[g][m].0 > 0)
        .collect();
    let kind = |g: usize, m: usize| if g == SUP { m } else { 2 };
    // Oct 2020 of every series, and Oct 2019 of the support series.
    let oct20 = |g: usize, m: usize| june[g][m].0 as f64 * AFTER_JUNE[kind(g, m)][3];
    let support_growth = [1.11, 1.03];
    let total20: f64 = keys.iter().map(|&(g, m)| oct20(g, m)).sum();
    let supp19: f64 = keys
        .iter()
        .filter(|k| k.0 == SUP)
        .map(|&(g, m)| oct20(g, m) / support_growth[m])
        .sum();
    let rest20: f64 = keys
        .iter()
        .filter(|k| k.0 != SUP)
        .map(|&(g, m)| oct20(g, m))
        .sum();
    let x = rest20 / (total20 / 1.04 - supp19) - 1.0;
    keys.iter()
        .map(|&(g, m)| {
            let growth = if g == SUP { support_growth[m] } else { 1.0 + x };
            series(g, m, june[g][m], growth, kind(g, m), rng)
        })
        .collect()
}

fn series(g: usize, m: usize, june: (i64, i64), growth: f64, kind: usize, rng: &mut Rng) -> Series {
    let j = june.0 as f64;
    let mut a: Vec<(usize, f64)> = Vec::new();
    let oct20 = j * AFTER_JUNE[kind][3];
    let oct19 = oct20 / growth;
    let jan20 = match kind {
        0 => oct19 * 1.004,
        1 => oct19 * 1.003,
        _ => oct19 * growth.powf(0.25),
    };
    let jan10 = jan20 / GROWTH10[g][m];
    // Long-run shape: intermediate anchors as fractions of the Jan 2010 -> Oct 2019 path.
    let shape: [(usize, f64); 3] = match kind {
        0 => [(36, 0.45), (72, 0.75), (96, 0.86)],
        _ => [(36, 0.27), (72, 0.58), (96, 0.80)],
    };
    a.push((0, jan10));
    for (t, f) in shape {
        a.push((t, jan10 * (oct19 / jan10).powf(f) * rng.jitter(0.004)));
    }
    a.push((T_OCT19, oct19));
    a.push((T_JAN20, jan20));
    let ramp = if kind < 2 {
        [0.05, 0.22, 0.55, 0.82]
    } else {
        [0.2, 0.4, 0.6, 0.8]
    };
    for (k, f) in ramp.iter().enumerate() {
        a.push((T_JAN20 + 1 + k, jan20 + (j - jan20) * f));
    }
    a.push((T_JUN20, j));
    for (k, f) in AFTER_JUNE[kind].iter().enumerate() {
        a.push((T_JUN20 + 1 + k, j * f));
    }
    // Bridged AR(1) noise on the months before October 2019.
    let mut e = vec![0.0; MONTHS];
    let sigma = if kind == 0 { 0.0022 } else { 0.0012 };
    for t in 1..T_OCT19 {
        e[t] = 0.7 * e[t - 1] + sigma * rng.normal();
    }
    let mut fte = vec![0i64; MONTHS];
    for w in a.windows(2) {
        let ((t0, v0), (t1, v1)) = (w[0], w[1]);
        for t in t0..=t1 {
            let f = (t - t0) as f64 / (t1 - t0) as f64;
            let bridge = e[t] - (e[t0] + (e[t1] - e[t0]) * f);
            let v = (v0.ln() + (v1.ln() - v0.ln()) * f + bridge).exp();
            fte[t] = v.round() as i64;
        }
    }
    fte[T_JUN20] = june.0;
    let r_june = june.0 as f64 / 100.0 / june.1 as f64;
    let hc = (0..MONTHS)
        .map(|t| {
            if t == T_JUN20 {
                june.1
            } else {
                let r = r_june * (1.0 - 0.012 * (T_JUN20 as f64 - t as f64) / T_JUN20 as f64);
                (fte[t] as f64 / 100.0 / r).round() as i64
            }
        })
        .collect();
    Series {
        group: g,
        mh: m,
        fte,
        hc,
    }
}

/// Write file 1 (rows ordered by date, staff group, MH services).
pub(crate) fn table(series: &[Series]) -> Table {
    let mut t = Table::new(&["DATE", "STAFF_GROUP", "MH_SERVICES", "FTE", "HC"]);
    for month in 0..MONTHS {
        let date = month_end(month);
        for s in series {
            t.row(&[
                &date,
                STAFF_GROUPS[s.group],
                MH_SERVICES[s.mh],
                &hund(s.fte[month]),
                &s.hc[month].to_string(),
            ]);
        }
    }
    t
}
