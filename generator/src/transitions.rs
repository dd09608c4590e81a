//! File 8: `progression/role_band_transitions_2019-06_2020-06.csv`, headcount of
//! support staff in the NHS in both June 2019 and June 2020 by setting × job role and
//! AfC band at each date × age band × ethnic group (DS03).
//!
//! Flows come from `transitions_spec`: explicit role changes, then same-role band
//! rises sized per starting band so that the share moving up hits the target exactly
//! (MH: band 2 20.0%, band 3 6.25% = one in 16, band 4 25.0%; non-MH 9.0% at each band).
//! Starters of each band are split by age with relative odds of moving up (MH band 2:
//! under 25 exactly 4× the 50-54 rate) and by ethnic group with odds whose direction
//! alternates across settings and bands; flows are then spread over the age × ethnic
//! cells by controlled rounding, keeping every flow and every cell total exact.

use std::collections::BTreeMap;

use crate::alloc::{round_matrix, split};
use crate::csv::Table;
use crate::dims::{AGE_BANDS, BANDS, ETHNIC_GROUPS};
use crate::rng::Rng;
use crate::transitions_spec::{
    B, ETHNIC_ODDS, HCA, HCSW, SWAP, Spec, mental_health, non_mental_health,
};

/// One flow: (role 2019, band 2019, role 2020, band 2020) -> headcount.
type Key = (&'static str, usize, &'static str, usize);
type Flows = BTreeMap<Key, i64>;

/// One output row.
pub(crate) struct TransRow {
    pub setting: usize,
    pub key: Key,
    pub age: usize,
    pub eth: usize,
    pub hc: i64,
}

/// Build both settings' rows.
pub(crate) fn build(rng: &mut Rng) -> Vec<TransRow> {
    let mut out = Vec::new();
    for (setting, spec) in [mental_health(), non_mental_health()].iter().enumerate() {
        let flows = flows(spec);
        for band in 1..=4 {
            people(setting, spec, band, &flows, rng, &mut out);
        }
    }
    out
}

fn flows(spec: &Spec) -> Flows {
    let n = spec.cohorts.len();
    let mut changed = vec![0i64; n];
    let mut f: Flows = BTreeMap::new();
    let mut in_group = vec![false; n];
    let add = |f: &mut Flows, k, v: i64| {
        if v > 0 {
            *f.entry(k).or_insert(0) += v;
        }
    };
    for (members, dests) in &spec.groups {
        let sizes: Vec<f64> = members.iter().map(|&i| spec.cohorts[i].2 as f64).collect();
        for &(role, rule, count) in dests {
            for (k, c) in split(count, &sizes).into_iter().enumerate() {
                let (r19, b19, _, _) = spec.cohorts[members[k]];
                let r20 = match role {
                    SWAP if r19 == HCSW => HCA,
                    SWAP => HCSW,
                    r => r,
                };
                let b20 = match rule {
                    B::Same => b19,
                    B::Fixed(b) => b,
                };
                add(&mut f, (r19, b19, r20, b20), c);
                changed[members[k]] += c;
            }
        }
        members.iter().for_each(|&i| in_group[i] = true);
    }
    // Cohorts without a destination list: 3% move to a related role on the same band.
    for (i, &(role, band, size, _)) in spec.cohorts.iter().enumerate() {
        if !in_group[i] {
            let alt = if role == "Support Worker" {
                HCSW
            } else {
                "Support Worker"
            };
            let c = (size as f64 * 0.03).round() as i64;
            add(&mut f, (role, band, alt, band), c);
            changed[i] += c;
        }
    }
    // Same-role band rises, sized so that each starting band meets its target rate.
    for band in 1..=4 {
        let members: Vec<usize> = (0..n).filter(|&i| spec.cohorts[i].1 == band).collect();
        let starters: i64 = members.iter().map(|&i| spec.cohorts[i].2).sum();
        let target = (starters as f64 * spec.rates[band]).round() as i64;
        let already: i64 = f
            .iter()
            .filter(|(k, _)| k.1 == band && k.3 > band)
            .map(|(_, v)| v)
            .sum();
        assert!(
            target >= already,
            "band {band}: role changes alone exceed the progression target"
        );
        let same: Vec<i64> = members
            .iter()
            .map(|&i| spec.cohorts[i].2 - changed[i])
            .collect();
        let w: Vec<f64> = members
            .iter()
            .zip(&same)
            .map(|(&i, &s)| s as f64 * spec.cohorts[i].3)
            .collect();
        let ups = split(target - already, &w);
        for (k, &i) in members.iter().enumerate() {
            assert!(ups[k] <= same[k], "band rise exceeds cohort");
            let (role, b, _, _) = spec.cohorts[i];
            add(&mut f, (role, b, role, b), same[k] - ups[k]);
            add(&mut f, (role, b, role, b + 1), ups[k]);
        }
    }
    f
}

/// Split the flows starting in `band` over age × ethnic cells.
fn people(
    setting: usize,
    spec: &Spec,
    band: usize,
    flows: &Flows,
    rng: &mut Rng,
    out: &mut Vec<TransRow>,
) {
    let fl: Vec<(&Key, &i64)> = flows.iter().filter(|(k, _)| k.1 == band).collect();
    let starters: i64 = fl.iter().map(|x| *x.1).sum();
    let movers: i64 = fl.iter().filter(|x| x.0.3 > band).map(|x| *x.1).sum();
    let n_age = split(starters, &spec.age[band]);
    let w: Vec<f64> = (0..10)
        .map(|a| n_age[a] as f64 * spec.odds[band][a])
        .collect();
    let mut p_age = split(movers, &w);
    cap(&mut p_age, &n_age);
    let n_eth = split(starters, &spec.ethnic);
    let seed: Vec<Vec<f64>> = (0..10)
        .map(|a| {
            (0..7)
                .map(|e| n_age[a] as f64 * spec.ethnic[e] * rng.jitter(0.1))
                .collect()
        })
        .collect();
    let n = round_matrix(&seed, &n_age, &n_eth);
    let combo = if band >= 2 {
        Some(setting * 3 + band - 2)
    } else {
        None
    };
    let mut p = vec![vec![0i64; 7]; 10];
    for a in 0..10 {
        let w: Vec<f64> = (0..7)
            .map(|e| n[a][e] as f64 * combo.map_or(1.0, |c| ETHNIC_ODDS[e][c]))
            .collect();
        if p_age[a] > 0 {
            p[a] = split(p_age[a], &w);
            cap(&mut p[a], &n[a]);
        }
    }
    for moving in [true, false] {
        let rows: Vec<usize> = (0..fl.len())
            .filter(|&i| (fl[i].0.3 > band) == moving)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let cols: Vec<i64> = (0..70)
            .map(|c| {
                if moving {
                    p[c / 7][c % 7]
                } else {
                    n[c / 7][c % 7] - p[c / 7][c % 7]
                }
            })
            .collect();
        let totals: Vec<i64> = rows.iter().map(|&i| *fl[i].1).collect();
        let seed: Vec<Vec<f64>> = rows
            .iter()
            .map(|&i| {
                cols.iter()
                    .map(|&c| *fl[i].1 as f64 * c as f64 * rng.jitter(0.3))
                    .collect()
            })
            .collect();
        let m = round_matrix(&seed, &totals, &cols);
        for (r, &i) in rows.iter().enumerate() {
            for (c, &hc) in m[r].iter().enumerate() {
                if hc > 0 {
                    out.push(TransRow {
                        setting,
                        key: *fl[i].0,
                        age: c / 7,
                        eth: c % 7,
                        hc,
                    });
                }
            }
        }
    }
}

/// Move units so that `v[i] <= limit[i]` (excess goes to the entries with most room).
fn cap(v: &mut [i64], limit: &[i64]) {
    while let Some(i) = (0..v.len()).find(|&i| v[i] > limit[i]) {
        let j = (0..v.len())
            .max_by_key(|&j| (limit[j] - v[j], std::cmp::Reverse(j)))
            .expect("cap");
        assert!(limit[j] > v[j], "cap: no room");
        v[i] -= 1;
        v[j] += 1;
    }
}

/// Write file 8 (sorted by setting, roles, bands, age, ethnic group).
pub(crate) fn table(rows: &mut [TransRow]) -> Table {
    rows.sort_by_key(|r| (r.setting, r.key.0, r.key.1, r.key.2, r.key.3, r.age, r.eth));
    let mut t = Table::new(&[
        "SETTING",
        "JOB_ROLE_2019",
        "AFC_BAND_2019",
        "JOB_ROLE_2020",
        "AFC_BAND_2020",
        "AGE_BAND",
        "ETHNIC_GROUP",
        "HC",
    ]);
    for r in rows.iter() {
        t.row(&[
            ["Mental health", "Non-mental health"][r.setting],
            r.key.0,
            BANDS[r.key.1 - 1],
            r.key.2,
            BANDS[r.key.3 - 1],
            AGE_BANDS[r.age],
            ETHNIC_GROUPS[r.eth],
            &r.hc.to_string(),
        ]);
    }
    t
}
