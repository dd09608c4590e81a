//! File 3: `workforce/support_job_roles_2020-06.csv`, clinical support staff by job
//! role, June 2020, for MH and non-MH settings (Types of role, N007, Figure 3 text).
//!
//! Totals equal file 2 (support to clinical staff, MH services vs other HCHS), FTE and
//! HC.  MH headcount targets: "Health Care Assistant" + "Nursing Assistant/Auxiliary"
//! 20,213 (~20,200), "Nursing Associate" 151 (~150), "Trainee Nursing Associate" 752
//! (~750), trainees/students 2,548 (~2,550); 96 roles have MH headcount > 0.

use crate::alloc::{split, split_min};
use crate::csv::{Table, hund};
use crate::rng::Rng;
use crate::roles::{HCA, NA, ROLES, TNA, TRAINEE};

const MH_HCA: i64 = 10_950;
const MH_NAA: i64 = 9_263;
const MH_NA: i64 = 151;
const MH_TNA: i64 = 752;
const MH_TRAINEES: i64 = 2_548;
const NON_MH_HCA: f64 = 62_000.0;
const NON_MH_NAA: f64 = 14_000.0;

/// One role row: setting (0 = MH, 1 = non-MH), role index, FTE (hundredths), HC.
pub(crate) struct RoleRow {
    pub setting: usize,
    pub role: usize,
    pub fte: i64,
    pub hc: i64,
}

/// Build both settings; `totals[s]` = (FTE hundredths, HC) of support staff in setting s.
pub(crate) fn build(totals: [(i64, i64); 2], rng: &mut Rng) -> Vec<RoleRow> {
    let mut out = Vec::new();
    for (setting, &(fte_total, hc_total)) in totals.iter().enumerate() {
        let idx: Vec<usize> = (0..ROLES.len())
            .filter(|&i| if setting == 0 { ROLES[i].2 } else { ROLES[i].3 })
            .collect();
        let hc = if setting == 0 {
            mh_headcounts(&idx, hc_total, rng)
        } else {
            non_mh_headcounts(&idx, hc_total, rng)
        };
        let ratio: Vec<f64> = idx
            .iter()
            .map(|&i| {
                let base = match ROLES[i].1 {
                    g if g == HCA => 0.88,
                    g if g == TRAINEE => 0.96,
                    g if g == TNA => 0.97,
                    g if g == NA => 0.94,
                    _ => 0.90,
                };
                base * rng.jitter(0.03)
            })
            .collect();
        let w: Vec<f64> = hc.iter().zip(&ratio).map(|(&h, r)| h as f64 * r).collect();
        let mut fte = split(fte_total, &w);
        cap_fte(&mut fte, &hc);
        for (k, &i) in idx.iter().enumerate() {
            out.push(RoleRow {
                setting,
                role: i,
                fte: fte[k],
                hc: hc[k],
            });
        }
    }
    out
}

fn mh_headcounts(idx: &[usize], total: i64, rng: &mut Rng) -> Vec<i64> {
    let mut hc = vec![0i64; idx.len()];
    let trainees: Vec<usize> = (0..idx.len())
        .filter(|&k| ROLES[idx[k]].1 == TRAINEE)
        .collect();
    let tw: Vec<f64> = trainees
        .iter()
        .map(|&k| ROLES[idx[k]].4 * rng.jitter(0.1))
        .collect();
    for (j, v) in split_min(MH_TRAINEES, &tw, &vec![5; trainees.len()])
        .into_iter()
        .enumerate()
    {
        hc[trainees[j]] = v;
    }
    let mut fixed = MH_TRAINEES;
    for (k, &i) in idx.iter().enumerate() {
        let v = match ROLES[i].0 {
            "Health Care Assistant" => MH_HCA,
            "Nursing Assistant/Auxiliary" => MH_NAA,
            "Nursing Associate" => MH_NA,
            "Trainee Nursing Associate" => MH_TNA,
            _ => continue,
        };
        hc[k] = v;
        fixed += v;
    }
    let rest: Vec<usize> = (0..idx.len()).filter(|&k| hc[k] == 0).collect();
    let rw: Vec<f64> = rest
        .iter()
        .map(|&k| ROLES[idx[k]].4 * rng.jitter(0.1))
        .collect();
    for (j, v) in split_min(total - fixed, &rw, &vec![3; rest.len()])
        .into_iter()
        .enumerate()
    {
        hc[rest[j]] = v;
    }
    hc
}

fn non_mh_headcounts(idx: &[usize], total: i64, rng: &mut Rng) -> Vec<i64> {
    let w: Vec<f64> = idx
        .iter()
        .map(|&i| {
            let base = match ROLES[i].0 {
                "Health Care Assistant" => NON_MH_HCA,
                "Nursing Assistant/Auxiliary" => NON_MH_NAA,
                _ => ROLES[i].5,
            };
            base * rng.jitter(0.1)
        })
        .collect();
    split_min(total, &w, &vec![5; idx.len()])
}

/// Move hundredths so that no role has FTE above its headcount.
fn cap_fte(fte: &mut [i64], hc: &[i64]) {
    loop {
        let Some(k) = (0..fte.len()).find(|&k| fte[k] > hc[k] * 100) else {
            return;
        };
        let excess = fte[k] - hc[k] * 100;
        let j = (0..fte.len())
            .max_by_key(|&j| (hc[j] * 100 - fte[j], std::cmp::Reverse(j)))
            .expect("roles");
        assert!(hc[j] * 100 - fte[j] >= excess, "cannot cap role FTE");
        fte[k] -= excess;
        fte[j] += excess;
    }
}

/// Write file 3 (MH first, roles alphabetical).
pub(crate) fn table(rows: &[RoleRow]) -> Table {
    let mut t = Table::new(&["SETTING", "JOB_ROLE", "ROLE_GROUP", "FTE", "HC"]);
    let mut sorted: Vec<&RoleRow> = rows.iter().collect();
    sorted.sort_by_key(|r| (r.setting, ROLES[r.role].0));
    for r in sorted {
        let setting = ["Mental health", "Non-mental health"][r.setting];
        t.row(&[
            setting,
            ROLES[r.role].0,
            ROLES[r.role].1,
            &hund(r.fte),
            &r.hc.to_string(),
        ]);
    }
    t
}
