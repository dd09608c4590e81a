//! File 12: `temporary-staffing/nhsp_shifts_by_trust.csv.gz`, temporary staffing hours
//! requested and filled through NHS Professionals by month × trust × staff category,
//! September 2018 - August 2020 (DS09; Figures 12 and 13; Chapter 3 › Temporary working).
//! Costs per filled hour come from `nhsp_cost`.
//!
//! Calibration decisions (hours are whole hours; requested = bank + agency + unfilled in
//! every row):
//! * Trusts: 50 "core" NHS trusts from `orgs.rs` served for the whole period (38 general
//!   acute, 9 mental health, 3 community), plus 4 late joiners (3 acute, 1 MH) starting
//!   February 2019 - March 2020 at ~2% of a core trust's volume ("a very marginal level
//!   of requests").  Chosen by a seeded shuffle, weighted by trust size.
//! * National requested hours per category follow a winter-peaking season, a small
//!   Covid-19 dip in April-May 2020 and ~2% growth, so unqualified N&M requests in
//!   Sep 2019 - Aug 2020 are within ±3% of the year before ("similar").
//! * Unfilled hours over the two years are fixed exactly by largest remainder:
//!   unqualified N&M 18.05% (18%, "more than one in six", 82% filled), qualified N&M
//!   23.90% (24%), doctors 18.10% (18%), AHPs 7.10% (7%).  Monthly unfilled shares vary
//!   with the season (busier months are harder to fill) and drift down over time.
//! * August 2020, unqualified N&M: unfilled 15.0% and agency 1.9% of requested hours, so
//!   bank is 83.1% (83% / 15% / 2%, N130-N132).
//! * National unfilled and agency hours are shared across trusts in proportion to each
//!   trust's requests × its own fill propensity (0.55-1.5) and agency propensity
//!   (0.3-2.0), then repaired so that no trust's unfilled + agency exceeds its requests.

use crate::alloc::split;
use crate::dims::{ACUTE, AMB, COMM, MHT};
use crate::orgs::ORGS;
use crate::rng::Rng;

pub(crate) const CATEGORIES: [&str; 4] = [
    "Unqualified nursing and midwifery",
    "Qualified nursing and midwifery",
    "Doctors",
    "Allied health professionals",
];
pub(crate) const UQ: usize = 0;
pub(crate) const DR: usize = 2;
pub(crate) const MONTHS: usize = 24;
/// First month (September 2018); month k is `FIRST` + k.
pub(crate) const FIRST: (i32, u32) = (2018, 9);
const AUG20: usize = 23;

/// Average national requested hours a month, by category.
const VOLUME: [f64; 4] = [640_000.0, 820_000.0, 105_000.0, 42_000.0];
/// Exact unfilled share of requested hours over the two years (percent), by category.
pub(crate) const UNFILLED: [f64; 4] = [18.05, 23.90, 18.10, 7.10];
/// Average agency share of requested hours (percent), by category.
const AGENCY: [f64; 4] = [2.9, 7.5, 11.0, 14.0];
/// Seasonal multipliers on requests, September..August.
const SEASON: [f64; 12] = [
    0.97, 1.00, 1.02, 1.04, 1.07, 1.02, 1.03, 0.97, 0.98, 0.96, 0.99, 0.97,
];
/// Covid-19 multipliers on requests, March..August 2020 (month 18..23).
const COVID: [f64; 6] = [1.03, 0.91, 0.93, 0.98, 1.00, 1.01];
/// Request mix multiplier by trust cluster (Acute, MH, Community) and category.
const MIX: [[f64; 4]; 3] = [
    [1.0, 1.0, 1.0, 1.0],
    [1.6, 0.7, 0.5, 0.4],
    [0.8, 0.9, 0.1, 1.5],
];

/// One trust served by NHS Professionals.
pub(crate) struct Trust {
    pub org: usize,
    /// First active month (0 = September 2018).
    pub start: usize,
    scale: f64,
    fill: [f64; 4],
    agency: [f64; 4],
}

/// Hours of one trust × month × category.
#[derive(Clone, Copy, Default)]
pub(crate) struct Hours {
    pub requested: i64,
    pub bank: i64,
    pub agency: i64,
    pub unfilled: i64,
}

/// The generated hours: `cells[k][t][c]` for trust k, month t, category c.
pub(crate) struct Nhsp {
    pub trusts: Vec<Trust>,
    pub cells: Vec<Vec<[Hours; 4]>>,
}

fn cluster_row(cluster: usize) -> usize {
    match cluster {
        MHT => 1,
        COMM => 2,
        _ => 0,
    }
}

/// Pick 50 core trusts and 4 late joiners (seeded, size-weighted), sorted by code.
fn pick_trusts(rng: &mut Rng) -> Vec<Trust> {
    // (cluster, core count, late count); acute trusts are general ('G') only.
    let quotas = [(ACUTE, 38usize, 3usize), (MHT, 9, 1), (COMM, 3, 0)];
    let late_start = [5usize, 10, 14, 18];
    let mut chosen: Vec<(usize, usize)> = Vec::new();
    let mut late_k = 0;
    for (cluster, core, late) in quotas {
        let mut cand: Vec<(f64, usize)> = ORGS
            .iter()
            .enumerate()
            .filter(|(_, o)| o.cluster == cluster && o.cluster != AMB)
            .filter(|(_, o)| cluster != ACUTE || o.kind == 'G')
            .map(|(i, o)| (rng.unit().powf(1.0 / (o.size as f64).sqrt()), i))
            .collect();
        // Weighted sampling without replacement (Efraimidis-Spirakis keys).
        cand.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for (j, &(_, i)) in cand.iter().take(core + late).enumerate() {
            let start = if j < core {
                0
            } else {
                late_k += 1;
                late_start[late_k - 1]
            };
            chosen.push((i, start));
        }
    }
    chosen.sort();
    chosen
        .into_iter()
        .map(|(org, start)| {
            let size = ORGS[org].size as f64;
            let late = if start > 0 { 0.02 * 6000.0 / size } else { 1.0 };
            Trust {
                org,
                start,
                scale: size * late * rng.jitter(0.25),
                fill: [0; 4].map(|_| rng.range(0.55, 1.5)),
                agency: [0; 4].map(|_| rng.range(0.3, 2.0)),
            }
        })
        .collect()
}

/// Per-month national totals for one category: (requested, unfilled, agency).
fn national(c: usize, rng: &mut Rng) -> Vec<(i64, i64, i64)> {
    let req: Vec<i64> = (0..MONTHS)
        .map(|t| {
            let covid = if t >= 18 { COVID[t - 18] } else { 1.0 };
            let trend = 0.99 + 0.02 * t as f64 / 23.0;
            (VOLUME[c] * SEASON[t % 12] * covid * trend * rng.jitter(0.015)).round() as i64
        })
        .collect();
    let total: i64 = req.iter().sum();
    let want = (UNFILLED[c] / 100.0 * total as f64).round() as i64;
    // Monthly unfilled propensity: season-driven, drifting down over the period.
    let u: Vec<f64> = (0..MONTHS)
        .map(|t| {
            (1.0 + 2.5 * (SEASON[t % 12] - 1.0))
                * (1.08 - 0.14 * t as f64 / 23.0)
                * rng.jitter(0.04)
        })
        .collect();
    let mut unf = [0i64; MONTHS];
    let mut agy = [0i64; MONTHS];
    let open: Vec<usize> = if c == UQ {
        unf[AUG20] = (0.150 * req[AUG20] as f64).round() as i64;
        agy[AUG20] = (0.019 * req[AUG20] as f64).round() as i64;
        (0..AUG20).collect()
    } else {
        (0..MONTHS).collect()
    };
    let fixed: i64 = unf.iter().sum();
    let w: Vec<f64> = open.iter().map(|&t| u[t] * req[t] as f64).collect();
    for (&t, v) in open.iter().zip(split(want - fixed, &w)) {
        unf[t] = v;
    }
    for &t in &open {
        // Unqualified N&M agency use falls from ~3.4% to ~2.2% over the period.
        let a = if c == UQ {
            3.4 - 1.2 * t as f64 / 22.0
        } else {
            AGENCY[c]
        };
        agy[t] = (a / 100.0 * rng.jitter(0.08) * req[t] as f64).round() as i64;
    }
    (0..MONTHS).map(|t| (req[t], unf[t], agy[t])).collect()
}

/// Split `total` over trusts with weights, then move any excess above `cap` to the trusts
/// with the most room (so unfilled + agency never exceed a trust's requests).
fn share(total: i64, w: &[f64], cap: &[i64]) -> Vec<i64> {
    let mut v = split(total, w);
    for k in 0..v.len() {
        let mut excess = (v[k] - cap[k]).max(0);
        v[k] -= excess;
        while excess > 0 {
            let room = (0..v.len())
                .max_by_key(|&j| (cap[j] - v[j], std::cmp::Reverse(j)))
                .expect("nhsp: no trusts");
            let m = excess.min(cap[room] - v[room]);
            assert!(m > 0, "nhsp: no room to place {excess} hours");
            v[room] += m;
            excess -= m;
        }
    }
    v
}

/// Generate every trust's hours.
pub(crate) fn build(rng: &mut Rng) -> Nhsp {
    let trusts = pick_trusts(rng);
    let n = trusts.len();
    let mut cells = vec![vec![[Hours::default(); 4]; MONTHS]; n];
    for c in 0..4 {
        let nat = national(c, rng);
        for (t, &(req, unf, agy)) in nat.iter().enumerate() {
            let w: Vec<f64> = trusts
                .iter()
                .map(|tr| {
                    if t < tr.start {
                        0.0
                    } else {
                        tr.scale * MIX[cluster_row(ORGS[tr.org].cluster)][c] * rng.jitter(0.06)
                    }
                })
                .collect();
            let r = split(req, &w);
            let wu: Vec<f64> = (0..n).map(|k| r[k] as f64 * trusts[k].fill[c]).collect();
            let u = share(unf, &wu, &r);
            let room: Vec<i64> = (0..n).map(|k| r[k] - u[k]).collect();
            let wa: Vec<f64> = (0..n).map(|k| r[k] as f64 * trusts[k].agency[c]).collect();
            let a = share(agy, &wa, &room);
            for k in 0..n {
                cells[k][t][c] = Hours {
                    requested: r[k],
                    unfilled: u[k],
                    agency: a[k],
                    bank: r[k] - u[k] - a[k],
                };
            }
        }
    }
    Nhsp { trusts, cells }
}
