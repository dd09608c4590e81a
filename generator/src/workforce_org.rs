//! File 2: `workforce/hchs_workforce_org_2020-06.csv`, the June 2020 cross-section by
//! organisation × staff group × care setting × AfC band (DS01).
//!
//! The plan's exact totals are split across organisations with PRNG-varied weights
//! (organisation size × setting presence × group factor × jitter), then across bands.
//! Support-staff bands are fixed per organisation first (Figure 9: band-4 share 50% at
//! South West London and St George's, 15% at Cornwall Partnership, 27%/24% band 4/2
//! over MH trusts, 37%/14% over acute trusts) and spread over the organisation's care
//! settings by controlled rounding, so each trust's band mix is exact.  Headcounts are
//! allocated last so that FTE/HC is 0.91 (MH support), 0.86 (other support) and 0.89
//! (nurses, health visitors and midwives), with HC >= FTE in every row.

use crate::alloc::split;
use crate::csv::{Table, hund};
use crate::dims::*;
use crate::orgs::{ORGS, Org};
use crate::rng::Rng;
use crate::workforce_bands::{
    Cell, assign_headcount, other_cells, support_band_profiles, support_cells,
};
use crate::workforce_plan::Plan;

/// Relative size and per-setting presence factor (0 = the setting is absent).
struct Profile {
    size: f64,
    presence: [f64; 9],
}

fn profile(o: &Org, rng: &mut Rng) -> Profile {
    let mut p = [0.0; 9];
    let mut maybe = |s: usize, f: f64, prob: f64, rng: &mut Rng| {
        if rng.chance(prob) {
            p[s] = f;
        }
    };
    match (o.cluster, o.kind) {
        (ACUTE, 'G') => {
            for (s, f, pr) in [
                (AEG, 1.0, 1.0),
                (MAT, 1.0, 1.0),
                (PAED, 1.0, 1.0),
                (COMS, 0.35, 0.7),
                (MHS, 0.06, 0.4),
                (GP, 0.15, 0.15),
                (IND, 0.3, 0.2),
            ] {
                maybe(s, f, pr, rng);
            }
        }
        (ACUTE, 'S') => {
            maybe(AEG, 0.45, 1.0, rng);
            maybe(IND, 0.4, 0.4, rng);
        }
        (ACUTE, 'C') => {
            for (s, f) in [(AEG, 0.15), (PAED, 4.0), (COMS, 0.2), (MHS, 0.06)] {
                maybe(s, f, 1.0, rng);
            }
        }
        (ACUTE, _) => {
            for (s, f) in [(AEG, 0.1), (MAT, 2.5), (PAED, 0.5)] {
                maybe(s, f, 1.0, rng);
            }
        }
        (MHT, _) => {
            for (s, f, pr) in [
                (MHS, 1.0, 1.0),
                (LDS, 1.0, 0.8),
                (COMS, 0.35, 0.7),
                (GP, 0.2, 0.12),
                (IND, 0.3, 0.12),
            ] {
                maybe(s, f, pr, rng);
            }
        }
        (COMM, _) => {
            for (s, f, pr) in [
                (COMS, 1.5, 1.0),
                (MHS, 0.3, 0.5),
                (LDS, 0.5, 0.45),
                (PAED, 0.25, 0.6),
                (GP, 0.6, 0.5),
                (IND, 1.0, 0.6),
            ] {
                maybe(s, f, pr, rng);
            }
        }
        _ => {}
    }
    p[OTHS] = match o.cluster {
        ACUTE => 1.0,
        MHT => 0.35,
        COMM => 0.5,
        _ => 1.0,
    };
    Profile {
        size: f64::from(o.size) / 5_000.0 * (0.15 * rng.normal()).exp(),
        presence: p,
    }
}

/// Staff-group factor for an organisation's care setting (0 = group absent there).
fn group_factor(o: &Org, g: usize, s: usize) -> f64 {
    if g == MID_W {
        return match s {
            MAT => 1.0,
            OTHS if o.cluster == ACUTE && (o.kind == 'G' || o.kind == 'W') => 1.0,
            _ => 0.0,
        };
    }
    match (o.cluster, s) {
        (AMB, OTHS) => [3.0, 0.05, 0.01, 0.0, 20.0, 0.6, 0.8][g],
        (MHT, OTHS) => [0.6, 0.5, 0.0, 0.3, 0.5, 3.0, 1.0][g],
        (_, LDS) if g == DOC => 0.25,
        _ => 1.0,
    }
}

/// Build every row of file 2.
pub(crate) fn build(plan: &Plan, rng: &mut Rng) -> Vec<Cell> {
    let profiles: Vec<Profile> = ORGS.iter().map(|o| profile(o, rng)).collect();
    // fte[org][group][setting]
    let mut fte = vec![[[0i64; 9]; 7]; ORGS.len()];
    let mut spread = |orgs: &[usize], g: usize, s: usize, total: i64, rng: &mut Rng| {
        let w: Vec<f64> = orgs
            .iter()
            .map(|&i| {
                profiles[i].size
                    * profiles[i].presence[s]
                    * group_factor(&ORGS[i], g, s)
                    * rng.jitter(0.2)
            })
            .collect();
        for (k, v) in split(total, &w).into_iter().enumerate() {
            fte[orgs[k]][g][s] += v;
        }
    };
    let all: Vec<usize> = (0..ORGS.len()).collect();
    for g in 0..7 {
        for s in 0..9 {
            if plan.national[g][s] > 0 {
                spread(&all, g, s, plan.national[g][s], rng);
            }
        }
    }
    for r in 0..7 {
        let in_region: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&i| ORGS[i].region == r)
            .collect();
        for g in [SUP, NUR, DOC, STT] {
            // Split the region's MH-services total between MH and LD, then across orgs.
            let ld_share = [0.10, 0.09, 0.0, 0.03, 0.06, 0.0, 0.0][g] * rng.jitter(0.2);
            let t = plan.mh_region[r][g];
            let ld = (t as f64 * ld_share).round() as i64;
            spread(&in_region, g, LDS, ld, rng);
            spread(&in_region, g, MHS, t - ld, rng);
        }
    }
    let bands = support_band_profiles(&fte, rng);
    let mut cells = Vec::new();
    for (o, per_group) in fte.iter().enumerate() {
        support_cells(o, &per_group[SUP], &bands[o], rng, &mut cells);
        for (g, per_setting) in per_group.iter().enumerate().skip(1) {
            for (s, &v) in per_setting.iter().enumerate() {
                if v > 0 {
                    other_cells(o, g, s, v, rng, &mut cells);
                }
            }
        }
    }
    assign_headcount(&mut cells, rng);
    cells.sort_by_key(|c| (c.org, c.group, c.setting, c.band));
    cells
}

/// Write file 2.
pub(crate) fn table(cells: &[Cell]) -> Table {
    let mut t = Table::new(&[
        "DATE",
        "ORG_CODE",
        "ORG_NAME",
        "CLUSTER_GROUP",
        "NHSE_REGION_NAME",
        "STAFF_GROUP",
        "CARE_SETTING",
        "MH_SERVICES",
        "AFC_BAND",
        "FTE",
        "HC",
    ]);
    for c in cells {
        let o = &ORGS[c.org];
        let mh = if is_mh_setting(c.setting) { 0 } else { 1 };
        t.row(&[
            "2020-06-30",
            o.code,
            o.name,
            CLUSTERS[o.cluster],
            REGIONS[o.region],
            STAFF_GROUPS[c.group],
            CARE_SETTINGS[c.setting],
            MH_SERVICES[mh],
            BANDS[c.band],
            &hund(c.fte),
            &c.hc.to_string(),
        ]);
    }
    t
}
