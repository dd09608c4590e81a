//! Band and headcount allocation for file 2 (June 2020 cross-section).
//!
//! Support staff: per-organisation band mixes are drawn first and calibrated so that
//! Figure 9 holds exactly (South West London and St George's 49.7% band 4, Cornwall
//! Partnership 15.2%, every other MH trust strictly between; MH trusts 27% band 4 and
//! 24% band 2, acute trusts 37% and 14%), then spread over each organisation's care
//! settings by controlled rounding.  Other groups use fixed band profiles, with small
//! cells kept to their main bands.  Headcount is allocated last, per FTE/HC category,
//! with HC >= FTE in every row.
//!
//! The row type, `Cell`, lives here because this is where rows are made and filled in;
//! `workforce_org` spreads the totals over organisations, calls down into this module and
//! writes the file, so imports run one way only.

use crate::alloc::{round_matrix, split, split_min};
use crate::dims::*;
use crate::orgs::{ORGS, index_of};
use crate::rng::Rng;

/// One row of file 2: FTE in hundredths, HC in heads.
#[derive(Clone)]
pub(crate) struct Cell {
    pub org: usize,
    pub group: usize,
    pub setting: usize,
    pub band: usize,
    pub fte: i64,
    pub hc: i64,
}

/// Per-organisation support band shares [band 1 of all, then bands 2/3/4 of the 2-4 part].
pub(crate) fn support_band_profiles(fte: &[[[i64; 9]; 7]], rng: &mut Rng) -> Vec<[f64; 4]> {
    let n = ORGS.len();
    let swl = index_of("RQY");
    let cornwall = index_of("RJ8");
    let mut b1 = vec![0.0; n];
    let mut b2 = vec![0.0; n];
    let mut b4 = vec![0.0; n];
    for (i, o) in ORGS.iter().enumerate() {
        let (lo4, hi4, lo2, hi2, hi1) = match o.cluster {
            ACUTE => (0.25, 0.49, 0.06, 0.24, 0.03),
            MHT => (0.17, 0.44, 0.12, 0.36, 0.012),
            COMM => (0.22, 0.40, 0.15, 0.35, 0.02),
            _ => (0.25, 0.45, 0.10, 0.30, 0.01),
        };
        b4[i] = rng.range(lo4, hi4);
        b2[i] = rng.range(lo2, hi2);
        b1[i] = rng.range(0.002, hi1);
    }
    b4[swl] = 0.497;
    b2[swl] = 0.13;
    b4[cornwall] = 0.152;
    b2[cornwall] = 0.33;
    let weight: Vec<f64> = (0..n)
        .map(|i| fte[i][SUP].iter().sum::<i64>() as f64 * (1.0 - b1[i]))
        .collect();
    for (cluster, t4, t2) in [(MHT, 0.270, 0.240), (ACUTE, 0.370, 0.140)] {
        let members: Vec<usize> = (0..n).filter(|&i| ORGS[i].cluster == cluster).collect();
        let fixed = |i: usize| i == swl || i == cornwall;
        calibrate(&mut b4, &weight, &members, &fixed, t4, |_| (0.165, 0.485));
        let cap4 = b4.clone();
        calibrate(&mut b2, &weight, &members, &fixed, t2, |i| {
            (0.06, 0.40f64.min(0.72 - cap4[i]))
        });
    }
    (0..n)
        .map(|i| [b1[i], b2[i], 1.0 - b2[i] - b4[i], b4[i]])
        .collect()
}

/// Shift the non-fixed members' values (clamped) until their weighted mean is `target`.
fn calibrate(
    v: &mut [f64],
    w: &[f64],
    members: &[usize],
    fixed: &dyn Fn(usize) -> bool,
    target: f64,
    bounds: impl Fn(usize) -> (f64, f64),
) {
    for _ in 0..200 {
        let tw: f64 = members.iter().map(|&i| w[i]).sum();
        let mean: f64 = members.iter().map(|&i| w[i] * v[i]).sum::<f64>() / tw;
        let free: Vec<usize> = members.iter().copied().filter(|&i| !fixed(i)).collect();
        let fw: f64 = free.iter().map(|&i| w[i]).sum();
        let d = (target - mean) * tw / fw;
        if d.abs() < 1e-12 {
            return;
        }
        for &i in &free {
            let (lo, hi) = bounds(i);
            v[i] = (v[i] + d).clamp(lo, hi);
        }
    }
}

pub(crate) fn support_cells(
    o: usize,
    per_setting: &[i64; 9],
    p: &[f64; 4],
    rng: &mut Rng,
    out: &mut Vec<Cell>,
) {
    let total: i64 = per_setting.iter().sum();
    if total == 0 {
        return;
    }
    let band1 = (total as f64 * p[0]).round() as i64;
    let mut cols = vec![band1];
    cols.extend(split(total - band1, &p[1..]));
    let settings: Vec<usize> = (0..9).filter(|&s| per_setting[s] > 0).collect();
    let rows: Vec<i64> = settings.iter().map(|&s| per_setting[s]).collect();
    let seed: Vec<Vec<f64>> = settings
        .iter()
        .map(|&s| {
            let tilt = if is_mh_setting(s) {
                [0.8, 0.9, 1.1, 1.0]
            } else {
                [1.0; 4]
            };
            (0..4)
                .map(|b| cols[b] as f64 * tilt[b] * rng.jitter(0.15))
                .collect()
        })
        .collect();
    let m = round_matrix(&seed, &rows, &cols);
    for (k, &s) in settings.iter().enumerate() {
        for (b, &v) in m[k].iter().enumerate() {
            if v > 0 {
                out.push(Cell {
                    org: o,
                    group: SUP,
                    setting: s,
                    band: b,
                    fte: v,
                    hc: 0,
                });
            }
        }
    }
}

/// Band profiles (weights over `BANDS`) of the non-support staff groups.
fn band_profile(g: usize) -> [f64; 10] {
    match g {
        NUR => [0.0, 0.0, 0.0, 0.0, 0.42, 0.33, 0.19, 0.06, 0.0, 0.0],
        MID_W => [0.0, 0.0, 0.0, 0.0, 0.18, 0.55, 0.22, 0.05, 0.0, 0.0],
        STT => [0.0, 0.0, 0.0, 0.0, 0.25, 0.33, 0.28, 0.13, 0.01, 0.0],
        DOC => [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0],
        INF => [0.02, 0.12, 0.20, 0.20, 0.14, 0.11, 0.09, 0.10, 0.02, 0.0],
        _ => [0.0, 0.0, 0.30, 0.35, 0.35, 0.0, 0.0, 0.0, 0.0, 0.0],
    }
}

pub(crate) fn other_cells(
    o: usize,
    g: usize,
    s: usize,
    v: i64,
    rng: &mut Rng,
    out: &mut Vec<Cell>,
) {
    let p = band_profile(g);
    // Smaller cells keep only their main bands (fewer, more realistic rows).
    let keep = match v {
        0..2_000 => 1,
        2_000..10_000 => 2,
        10_000..50_000 => 3,
        _ => 10,
    };
    let mut order: Vec<usize> = (0..10).filter(|&b| p[b] > 0.0).collect();
    order.sort_by(|&a, &b| p[b].total_cmp(&p[a]).then(a.cmp(&b)));
    order.truncate(keep);
    let w: Vec<f64> = (0..10)
        .map(|b| {
            if order.contains(&b) {
                p[b] * rng.jitter(0.2)
            } else {
                0.0
            }
        })
        .collect();
    for (b, part) in split(v, &w).into_iter().enumerate() {
        if part > 0 {
            out.push(Cell {
                org: o,
                group: g,
                setting: s,
                band: b,
                fte: part,
                hc: 0,
            });
        }
    }
}

/// FTE/HC category of a row and its target ratio.
fn hc_category(c: &Cell) -> (usize, f64) {
    match c.group {
        SUP if is_mh_setting(c.setting) => (0, 0.91),
        SUP => (1, 0.86),
        NUR | MID_W => (2, 0.89),
        DOC => (3, 0.945),
        STT => (4, 0.875),
        INF => (5, 0.90),
        _ => (6, 0.82),
    }
}

pub(crate) fn assign_headcount(cells: &mut [Cell], rng: &mut Rng) {
    for cat in 0..7 {
        let idx: Vec<usize> = (0..cells.len())
            .filter(|&i| hc_category(&cells[i]).0 == cat)
            .collect();
        let ratio = idx.first().map_or(1.0, |&i| hc_category(&cells[i]).1);
        let fte: i64 = idx.iter().map(|&i| cells[i].fte).sum();
        let total = (fte as f64 / 100.0 / ratio).round() as i64;
        let w: Vec<f64> = idx
            .iter()
            .map(|&i| cells[i].fte as f64 / (ratio * rng.jitter(0.05)).min(0.99))
            .collect();
        let mins: Vec<i64> = idx
            .iter()
            .map(|&i| ((cells[i].fte + 99) / 100).max(1))
            .collect();
        for (k, hc) in split_min(total, &w, &mins).into_iter().enumerate() {
            cells[idx[k]].hc = hc;
        }
    }
}
