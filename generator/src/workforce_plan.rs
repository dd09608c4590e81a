//! Top-down plan of the June 2020 HCHS cross-section (DS01): exact national FTE totals
//! by staff group × care setting, and the mental-health (MH + LD) block by region.
//!
//! All values are hundredths of an FTE.  The plan encodes the published aggregates:
//! * support to clinical staff 339,247.58 ("nearly 340,000"), of which 41,213.46 in
//!   MH services ("just over 41,000"; 12.1% = "one in eight");
//! * Figure 4 (MH services, four clinical groups): nurses 40,790.12 (32.0%), doctors
//!   8,927.30 (7.0%), support 41,213.46 (32.3%), ST&T 36,569.42 (28.7%);
//! * Figure 5 non-medical FTE (support, nurses, midwives, ST&T) per named care setting
//!   equals the printed n exactly (e.g. MH + LD = 118,573.00 = Figure 4 minus doctors),
//!   and every remaining FTE of those groups, plus all infrastructure-support and
//!   "other staff" FTE, sits in care setting "Other" (flag F7 in figures.md);
//! * Figure 7: support share of the four-group MH FTE per region: London 28.05%
//!   (lowest), Midlands 32.10%, North East and Yorkshire 35.90%.
//!
//! Nurses & health visitors plus midwives (322,450) stay below support staff, as the
//! report's "larger than the nursing and midwifery workforce" requires.

use crate::alloc::{round_matrix, split};
use crate::dims::*;
use crate::rng::Rng;

/// National FTE totals (hundredths) by staff group.
pub(crate) const GROUP_TOTAL: [i64; 7] = [
    33_924_758, 29_800_037, 2_245_081, 11_752_319, 14_210_456, 26_204_112, 459_877,
];

/// FTE (hundredths) in MH services (MH + LD care settings) for the four Figure 4 groups.
pub(crate) const MH_SUPPORT: i64 = 4_121_346;
const MH_NURSES: i64 = 4_079_012;
const MH_DOCTORS: i64 = 892_730;
const MH_STT: i64 = 3_656_942;

/// Figure 5: (care setting, printed non-medical FTE n, support share, nurse share,
/// midwife share); ST&T takes the remainder.  MH + LD (118,573) comes from Figure 4.
const FIG5: [(usize, i64, f64, f64, f64); 6] = [
    (AEG, 302_587, 0.345, 0.50, 0.0),
    (COMS, 58_032, 0.24, 0.50, 0.0),
    (MAT, 32_956, 0.14, 0.12, 0.66),
    (PAED, 24_732, 0.17, 0.68, 0.0),
    (GP, 31_141, 0.30, 0.35, 0.0),
    (IND, 40_032, 0.36, 0.40, 0.0),
];

/// Doctors (hundredths) outside MH services by care setting; the rest go to "Other".
const DOCTORS: [(usize, i64); 6] = [
    (AEG, 8_800_000),
    (COMS, 250_000),
    (MAT, 310_000),
    (PAED, 540_000),
    (GP, 115_000),
    (IND, 60_000),
];

/// Share of the four-group MH workforce in each region (sums to 1).
const REGION_WEIGHT: [f64; 7] = [0.185, 0.145, 0.095, 0.100, 0.170, 0.165, 0.140];
/// Support share of the four-group MH FTE per region; `true` = fixed by a printed value.
const REGION_SUPPORT: [(f64, bool); 7] = [
    (0.2805, true), // London 28% (lowest)
    (0.315, false), // South East
    (0.345, false), // South West
    (0.305, false), // East of England
    (0.3210, true), // Midlands 32%
    (0.3590, true), // North East and Yorkshire 36%
    (0.340, false), // North West
];

/// The plan: national cells outside MH services and the regional MH block.
pub(crate) struct Plan {
    /// FTE by [group][setting] for every setting except MH and LD (those are zero here).
    pub national: [[i64; 9]; 7],
    /// MH + LD FTE by [region][group] (only SUP, NUR, DOC, STT are non-zero).
    pub mh_region: [[i64; 7]; 7],
}

/// Build the plan; `rng` only jitters the regional split of nurses/doctors/ST&T.
pub(crate) fn build(rng: &mut Rng) -> Plan {
    let mut national = [[0i64; 9]; 7];
    for &(s, n, sup, nur, mid) in &FIG5 {
        let total = n * 100;
        let a = (total as f64 * sup).round() as i64;
        let b = (total as f64 * nur).round() as i64;
        let c = (total as f64 * mid).round() as i64;
        national[SUP][s] = a;
        national[NUR][s] = b;
        national[MID_W][s] = c;
        national[STT][s] = total - a - b - c;
    }
    for &(s, v) in &DOCTORS {
        national[DOC][s] = v;
    }
    let mh_four = [
        (SUP, MH_SUPPORT),
        (NUR, MH_NURSES),
        (DOC, MH_DOCTORS),
        (STT, MH_STT),
    ];
    for g in 0..7 {
        let mh = mh_four.iter().find(|x| x.0 == g).map_or(0, |x| x.1);
        let named: i64 = national[g].iter().sum();
        national[g][OTHS] = GROUP_TOTAL[g] - named - mh;
        assert!(
            national[g][OTHS] > 0,
            "plan: negative Other for {}",
            STAFF_GROUPS[g]
        );
    }
    Plan {
        national,
        mh_region: mh_regions(rng),
    }
}

fn mh_regions(rng: &mut Rng) -> [[i64; 7]; 7] {
    let t4 = MH_SUPPORT + MH_NURSES + MH_DOCTORS + MH_STT;
    let region_total = split(t4, &REGION_WEIGHT);
    // Shift the free regions' support shares so the national support total is met.
    let fixed: f64 = (0..7)
        .filter(|&r| REGION_SUPPORT[r].1)
        .map(|r| REGION_SUPPORT[r].0 * region_total[r] as f64)
        .sum();
    let free_w: f64 = (0..7)
        .filter(|&r| !REGION_SUPPORT[r].1)
        .map(|r| region_total[r] as f64)
        .sum();
    let free: f64 = (0..7)
        .filter(|&r| !REGION_SUPPORT[r].1)
        .map(|r| REGION_SUPPORT[r].0 * region_total[r] as f64)
        .sum();
    let delta = (MH_SUPPORT as f64 - fixed - free) / free_w;
    let shares: Vec<f64> = REGION_SUPPORT
        .iter()
        .map(|&(s, f)| if f { s } else { s + delta })
        .collect();
    let support = split(
        MH_SUPPORT,
        &(0..7)
            .map(|r| shares[r] * region_total[r] as f64)
            .collect::<Vec<_>>(),
    );
    let cols = [MH_NURSES, MH_DOCTORS, MH_STT];
    let seed: Vec<Vec<f64>> = (0..7)
        .map(|_| cols.iter().map(|&c| c as f64 * rng.jitter(0.15)).collect())
        .collect();
    let rows: Vec<i64> = (0..7).map(|r| region_total[r] - support[r]).collect();
    let rest = round_matrix(&seed, &rows, &cols);
    let mut out = [[0i64; 7]; 7];
    for r in 0..7 {
        out[r][SUP] = support[r];
        out[r][NUR] = rest[r][0];
        out[r][DOC] = rest[r][1];
        out[r][STT] = rest[r][2];
    }
    out
}
