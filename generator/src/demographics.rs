//! File 4: `demographics/support_staff_demographics.csv`, support to clinical staff by
//! date (June 2019, June 2020) × setting (MH / non-MH) × AfC band 1-4 × characteristic
//! × category, FTE and HC (DS02; Figures 2, 20, 21; Chapter 4).
//!
//! Per date × setting × band the categories of every characteristic sum to the same
//! FTE and HC.  June 2020 totals equal file 2 (support, MH services vs other HCHS, by
//! band); June 2019 totals equal file 1's June 2019 support series.  The measure the
//! report quotes (FTE for age, HC for the rest) is fitted to exact setting-level shares
//! by controlled rounding over bands × categories; the other measure follows through
//! category-specific FTE/HC ratios.  Under-30 FTE grows by exactly 37% (MH) and 26%
//! (non-MH) from June 2019 to June 2020.

use crate::alloc::{round_matrix, split, split_min};
use crate::csv::{Table, hund};
use crate::dims::{AGE_BANDS, BANDS, ETHNIC_GROUPS};
use crate::rng::Rng;

pub(crate) const CHARACTERISTICS: [&str; 6] = [
    "Age band",
    "Gender",
    "Ethnic group",
    "Disability",
    "Religion or belief",
    "Sexual orientation",
];
const GENDER: [&str; 2] = ["Female", "Male"];
const DISABILITY: [&str; 3] = ["Yes", "No", "Not declared"];
const RELIGION: [&str; 9] = [
    "Christianity",
    "Atheism",
    "Islam",
    "Hinduism",
    "Sikhism",
    "Buddhism",
    "Judaism",
    "Other",
    "I do not wish to disclose my religion/belief",
];
const ORIENTATION: [&str; 6] = [
    "Heterosexual or Straight",
    "Gay or Lesbian",
    "Bisexual",
    "Other sexual orientation",
    "Undecided",
    "Not stated",
];

/// Categories of characteristic `c`.
pub(crate) fn categories(c: usize) -> &'static [&'static str] {
    match c {
        0 => &AGE_BANDS,
        1 => &GENDER,
        2 => &ETHNIC_GROUPS,
        3 => &DISABILITY,
        4 => &RELIGION,
        _ => &ORIENTATION,
    }
}

/// June 2020 shares by characteristic, [MH, non-MH].
fn shares(c: usize) -> [&'static [f64]; 2] {
    match c {
        0 => [
            &[
                0.095, 0.135, 0.095, 0.090, 0.095, 0.125, 0.145, 0.125, 0.070, 0.025,
            ],
            &[
                0.100, 0.130, 0.105, 0.100, 0.100, 0.115, 0.135, 0.125, 0.070, 0.020,
            ],
        ],
        1 => [&[0.73, 0.27], &[0.83, 0.17]],
        2 => [
            &[0.700, 0.026, 0.060, 0.140, 0.004, 0.020, 0.050],
            &[0.790, 0.017, 0.080, 0.060, 0.005, 0.015, 0.033],
        ],
        3 => [&[0.057, 0.803, 0.140], &[0.040, 0.800, 0.160]],
        4 => [
            &[
                0.430, 0.140, 0.045, 0.012, 0.006, 0.006, 0.002, 0.079, 0.280,
            ],
            &[
                0.434, 0.136, 0.052, 0.018, 0.008, 0.007, 0.002, 0.065, 0.278,
            ],
        ],
        _ => [
            &[0.710, 0.021, 0.016, 0.003, 0.003, 0.247],
            &[0.712, 0.015, 0.012, 0.003, 0.003, 0.255],
        ],
    }
}

/// FTE per head of each category relative to the band average (part-time patterns).
fn fte_ratio(c: usize, k: usize) -> f64 {
    match c {
        0 => [1.04, 1.04, 1.01, 0.99, 0.99, 1.0, 1.01, 0.99, 0.95, 0.83][k],
        1 => [0.99, 1.03][k],
        _ => 1.0,
    }
}

/// Under-30 FTE growth June 2019 -> June 2020, [MH, non-MH].
const UNDER30_GROWTH: [f64; 2] = [1.37, 1.26];

/// One output row.
pub(crate) struct DemoRow {
    pub date: usize,
    pub setting: usize,
    pub band: usize,
    pub characteristic: usize,
    pub category: usize,
    pub fte: i64,
    pub hc: i64,
}

/// `june20[s][b]` = (FTE, HC) by setting and band (0-3 = bands 1-4);
/// `june19[s]` = (FTE, HC) totals for June 2019.
pub(crate) fn build(
    june20: &[[(i64, i64); 4]; 2],
    june19: &[(i64, i64); 2],
    rng: &mut Rng,
) -> Vec<DemoRow> {
    let mut out = Vec::new();
    for s in 0..2 {
        // June 2019 band totals follow the June 2020 band mix, slightly perturbed.
        let w_f: Vec<f64> = june20[s]
            .iter()
            .map(|x| x.0 as f64 * rng.jitter(0.03))
            .collect();
        let f19 = split(june19[s].0, &w_f);
        let w_h: Vec<f64> = (0..4)
            .map(|b| f19[b] as f64 * june20[s][b].1 as f64 / june20[s][b].0 as f64)
            .collect();
        let h19 = split(june19[s].1, &w_h);
        let bands19: Vec<(i64, i64)> = (0..4).map(|b| (f19[b], h19[b])).collect();
        let mut under30_2020 = 0;
        for date in [1usize, 0] {
            let bands: Vec<(i64, i64)> = if date == 1 {
                june20[s].to_vec()
            } else {
                bands19.clone()
            };
            for c in 0..6 {
                let fte_primary = c == 0;
                let measure: Vec<i64> = bands
                    .iter()
                    .map(|x| if fte_primary { x.0 } else { x.1 })
                    .collect();
                let total: i64 = measure.iter().sum();
                let cols = if date == 1 {
                    split(total, shares(c)[s])
                } else if c == 0 {
                    age_2019(total, under30_2020, s, rng)
                } else {
                    let w: Vec<f64> = shares(c)[s].iter().map(|x| x * rng.jitter(0.03)).collect();
                    split(total, &w)
                };
                if date == 1 && c == 0 {
                    under30_2020 = cols[0] + cols[1];
                }
                let seed: Vec<Vec<f64>> = (0..4)
                    .map(|_| {
                        cols.iter()
                            .map(|&v| v as f64 * rng.jitter(0.25) + 1e-6)
                            .collect()
                    })
                    .collect();
                let primary = round_matrix(&seed, &measure, &cols);
                for b in 0..4 {
                    let n = cols.len();
                    let secondary = if fte_primary {
                        let w: Vec<f64> = (0..n)
                            .map(|k| primary[b][k] as f64 / fte_ratio(c, k))
                            .collect();
                        let mins: Vec<i64> = (0..n).map(|k| (primary[b][k] + 99) / 100).collect();
                        split_min(bands[b].1, &w, &mins)
                    } else {
                        let w: Vec<f64> = (0..n)
                            .map(|k| primary[b][k] as f64 * fte_ratio(c, k) * rng.jitter(0.03))
                            .collect();
                        split(bands[b].0, &w)
                    };
                    for k in 0..n {
                        let (fte, hc) = if fte_primary {
                            (primary[b][k], secondary[k])
                        } else {
                            (secondary[k], primary[b][k])
                        };
                        out.push(DemoRow {
                            date,
                            setting: s,
                            band: b,
                            characteristic: c,
                            category: k,
                            fte,
                            hc,
                        });
                    }
                }
            }
        }
    }
    out.sort_by_key(|r| (r.date, r.setting, r.band, r.characteristic, r.category));
    out
}

/// June 2019 age columns: under-30 fixed by the growth target, the rest in 2020 proportions.
fn age_2019(total: i64, under30_2020: i64, s: usize, rng: &mut Rng) -> Vec<i64> {
    let u19 = (under30_2020 as f64 / UNDER30_GROWTH[s]).round() as i64;
    let sh = shares(0)[s];
    let young = split(u19, &[sh[0] * rng.jitter(0.05), sh[1]]);
    let rest = split(
        total - u19,
        &sh[2..]
            .iter()
            .map(|x| x * rng.jitter(0.04))
            .collect::<Vec<_>>(),
    );
    young.into_iter().chain(rest).collect()
}

/// Write file 4.
pub(crate) fn table(rows: &[DemoRow]) -> Table {
    let mut t = Table::new(&[
        "DATE",
        "SETTING",
        "AFC_BAND",
        "CHARACTERISTIC",
        "CATEGORY",
        "FTE",
        "HC",
    ]);
    for r in rows {
        t.row(&[
            ["2019-06-30", "2020-06-30"][r.date],
            ["Mental health", "Non-mental health"][r.setting],
            BANDS[r.band],
            CHARACTERISTICS[r.characteristic],
            categories(r.characteristic)[r.category],
            &hund(r.fte),
            &r.hc.to_string(),
        ]);
    }
    t
}
