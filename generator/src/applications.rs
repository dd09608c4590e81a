//! File 13: `applications/applications_per_appointment_2017.csv`, NHS Jobs applications
//! and appointments in 2017 by HEE local area × staff group (DS08, Figure 11, Chapter 3 ›
//! Supply).  The report's ratio is Σ applications / Σ appointments over England
//! excluding the three London areas.
//!
//! Calibration decisions:
//! * Appointments: ~245,000 in 2017, shared by area size (`AREAS`) and staff-group mix
//!   (`MIX`) with ±15% jitter, at least 60 per cell.
//! * Outside London the applications of each staff group sum exactly to the rounded
//!   target ratio × appointments: additional clinical services 52.2 (52), additional
//!   professional scientific and technical 39.8 (40), administrative and clerical 96.3
//!   (96), nursing and midwifery registered 22.9 (23), allied health professionals 18.2
//!   (18, not printed).  They are shared across areas by area ratio × appointments.
//! * Area ratios: North East and East of England well above the rest for additional
//!   clinical services (×1.45 and ×1.33) and somewhat above for additional professional
//!   scientific and technical (×1.30, ×1.25); every other area ×0.72-1.12.
//! * The London areas are written but look inconsistent, as the report says: very few
//!   appointments recorded in North Central and East London (ratios of 180-400), fewer
//!   applications than expected in North West London (ratios of 0.7-4) and, in South
//!   London, more appointments than applications for some groups.

use crate::alloc::split;
use crate::csv::Table;
use crate::rng::Rng;

/// HEE local areas: (name, share of appointments, is London).
pub(crate) const AREAS: [(&str, f64, bool); 13] = [
    ("North East", 0.055, false),
    ("North West", 0.125, false),
    ("Yorkshire and the Humber", 0.100, false),
    ("East Midlands", 0.080, false),
    ("West Midlands", 0.100, false),
    ("East of England", 0.095, false),
    ("Thames Valley", 0.040, false),
    ("Wessex", 0.050, false),
    ("Kent, Surrey and Sussex", 0.080, false),
    ("South West", 0.090, false),
    ("North Central and East London", 0.065, true),
    ("North West London", 0.055, true),
    ("South London", 0.065, true),
];
pub(crate) const GROUPS: [&str; 5] = [
    "Additional clinical services",
    "Additional professional scientific and technical",
    "Administrative and clerical",
    "Nursing and midwifery registered",
    "Allied health professionals",
];
/// Share of appointments by staff group.
const MIX: [f64; 5] = [0.24, 0.05, 0.24, 0.36, 0.11];
/// Exact ratio targets outside London, by staff group.
pub(crate) const RATIO: [f64; 5] = [52.2, 39.8, 96.3, 22.9, 18.2];
const APPOINTMENTS: f64 = 245_000.0;
/// Area multipliers for North East and East of England, by staff group.
const HIGH: [[f64; 5]; 2] = [[1.45, 1.30, 1.05, 1.05, 1.0], [1.33, 1.25, 1.0, 1.0, 1.05]];
/// London ratios as recorded (inconsistent), by London area and staff group.
const LONDON: [[f64; 5]; 3] = [
    [262.0, 188.0, 404.0, 231.0, 197.0],
    [3.6, 2.1, 4.2, 0.7, 1.4],
    [0.9, 14.8, 1.6, 0.6, 31.5],
];

/// (applications, appointments) by area × staff group.
pub(crate) fn build(rng: &mut Rng) -> Vec<[(i64, i64); 5]> {
    let appts: Vec<[i64; 5]> = AREAS
        .iter()
        .map(|a| MIX.map(|m| ((APPOINTMENTS * a.1 * m * rng.jitter(0.15)).round() as i64).max(60)))
        .collect();
    let mut factor = vec![[1.0f64; 5]; AREAS.len()];
    for (k, f) in factor.iter_mut().enumerate() {
        for (g, v) in f.iter_mut().enumerate() {
            *v = match AREAS[k].0 {
                "North East" => HIGH[0][g],
                "East of England" => HIGH[1][g],
                _ => rng.range(0.72, 1.12),
            };
        }
    }
    let mut out = vec![[(0i64, 0i64); 5]; AREAS.len()];
    let outside: Vec<usize> = (0..AREAS.len()).filter(|&k| !AREAS[k].2).collect();
    for g in 0..5 {
        let total: i64 = outside.iter().map(|&k| appts[k][g]).sum();
        let apps = (RATIO[g] * total as f64).round() as i64;
        let w: Vec<f64> = outside
            .iter()
            .map(|&k| factor[k][g] * appts[k][g] as f64)
            .collect();
        for (&k, a) in outside.iter().zip(split(apps, &w)) {
            out[k][g] = (a, appts[k][g]);
        }
        for (j, k) in (0..AREAS.len()).filter(|&k| AREAS[k].2).enumerate() {
            // NCEL records few appointments; the others record them in full.
            let n = if j == 0 {
                (appts[k][g] as f64 / 5.0).round() as i64
            } else {
                appts[k][g]
            };
            let a = (LONDON[j][g] * n as f64 * rng.jitter(0.05)).round() as i64;
            out[k][g] = (a, n);
        }
    }
    out
}

/// Write file 13 (areas in `AREAS` order, staff groups in `GROUPS` order).
pub(crate) fn table(cells: &[[(i64, i64); 5]]) -> Table {
    let mut t = Table::new(&[
        "YEAR",
        "REGION",
        "STAFF_GROUP",
        "APPLICATIONS",
        "APPOINTMENTS",
    ]);
    for (k, row) in cells.iter().enumerate() {
        for (g, &(a, n)) in row.iter().enumerate() {
            t.row(&[
                "2017",
                AREAS[k].0,
                GROUPS[g],
                &a.to_string(),
                &n.to_string(),
            ]);
        }
    }
    t
}
