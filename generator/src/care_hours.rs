//! File 14: `safe-staffing/care_hours_by_trust.csv`, care hours delivered on inpatient
//! wards by registered nurses/midwives and by care staff (support workers), by trust and
//! month, April - June 2020 (DS11, Figure 6, Chapter 1 › Number and proportions).  The
//! figure's value per trust is Σ care staff hours / Σ registered nurse and midwife hours.
//!
//! Calibration decisions:
//! * Trusts: every acute, mental health and community trust in `orgs.rs`, except a seeded
//!   quarter of community trusts (no inpatient beds, so no safe-staffing return) and all
//!   ambulance trusts.
//! * Registered nurse/midwife hours a month ∝ trust size: 36 h per size unit for general
//!   acute trusts, 30 for specialist/children's/women's, 20 for MH trusts and 6 for
//!   community trusts; scaled by days in the month, ±3% noise.
//! * Care-staff-to-nurse ratio per trust (`RATIO`): MH trusts 1.10 ± 17% (clamped
//!   0.65-1.75), general acute 0.60 ± 20%, specialist acute 0.38 ± 20%, community 0.80
//!   ± 20%: MH trusts clearly higher on average (median ~1.1 vs ~0.6) but overlapping.
//!   Monthly care-staff hours vary ±4% around the trust's ratio.
//! * Whole hours.

use crate::csv::Table;
use crate::dates::{days_in_month, month_end, t_of};
use crate::dims::{ACUTE, CLUSTERS, COMM, MHT};
use crate::orgs::ORGS;
use crate::rng::Rng;

/// Months covered: April, May, June 2020.
pub(crate) const MONTHS: [u32; 3] = [4, 5, 6];
/// (median ratio, relative spread, min, max, nurse hours per size unit) by trust kind:
/// general acute, specialist acute, MH, community.
const RATIO: [(f64, f64, f64, f64, f64); 4] = [
    (0.60, 0.20, 0.35, 0.95, 36.0),
    (0.38, 0.20, 0.20, 0.60, 30.0),
    (1.10, 0.17, 0.65, 1.75, 20.0),
    (0.80, 0.20, 0.45, 1.20, 6.0),
];

/// One trust-month: (org index, month, nurse hours, care staff hours).
pub(crate) type Row = (usize, u32, i64, i64);

/// Generate the rows: months in order, trusts by code within each month.
pub(crate) fn build(rng: &mut Rng) -> Vec<Row> {
    // (org, care/nurse ratio, nurse hours per 30 days) of every reporting trust.
    let mut trusts = Vec::new();
    for (i, o) in ORGS.iter().enumerate() {
        let kind = match (o.cluster, o.kind) {
            (ACUTE, 'G') => 0,
            (ACUTE, _) => 1,
            (MHT, _) => 2,
            (COMM, _) => 3,
            _ => continue,
        };
        if kind == 3 && rng.chance(0.25) {
            continue;
        }
        let (median, spread, lo, hi, per) = RATIO[kind];
        let ratio = (median * (1.0 + spread * rng.normal())).clamp(lo, hi);
        trusts.push((i, ratio, o.size as f64 * per));
    }
    let mut rows = Vec::new();
    for m in MONTHS {
        let days = days_in_month(2020, m) as f64;
        for &(i, ratio, base) in &trusts {
            let nurse = base * days / 30.0 * rng.jitter(0.03);
            let care = nurse * ratio * rng.jitter(0.04);
            rows.push((i, m, nurse.round() as i64, care.round() as i64));
        }
    }
    rows
}

/// Write file 14.
pub(crate) fn table(rows: &[Row]) -> Table {
    let mut t = Table::new(&[
        "PERIOD",
        "ORG_CODE",
        "ORG_NAME",
        "TRUST_TYPE",
        "REGISTERED_NURSE_MIDWIFE_HOURS",
        "CARE_STAFF_HOURS",
    ]);
    for &(i, m, nurse, care) in rows {
        let o = &ORGS[i];
        t.row(&[
            &month_end(t_of(2020, m)),
            o.code,
            o.name,
            CLUSTERS[o.cluster],
            &nurse.to_string(),
            &care.to_string(),
        ]);
    }
    t
}
