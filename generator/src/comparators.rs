//! Comparator populations for Figures 2 and 21 (DS14 and the all-NHS-staff column):
//! * file 15, `population/working_age_population_2011.csv`: England's working-age
//!   (16-64) population in the 2011 Census by age band and by broad ethnic group;
//! * file 16, `workforce/all_nhs_staff_by_ethnicity_2019-03.csv`: headcount of all NHS
//!   HCHS staff by broad ethnic group, March 2019.
//!
//! Both are reconstructions (provenance "synthetic"): the shapes follow the published
//! series, the integers are not transcribed.
//!
//! Calibration decisions:
//! * Age bands use the demographics file's labels ("Under 25" is 16-24), from ~6.2m
//!   aged 16-24 and ~3.0-4.0m in each five-year band, ±0.2% jitter; total ~34.7m.  The
//!   45-54 share is 21.4% (N009, 21%; asserted).
//! * Ethnic groups use the demographics file's labels.  The Census counts Chinese inside
//!   Asian; it is split out here because the ESR labels do.  Working-age shares: White
//!   84.5%, Mixed 1.9%, Asian or Asian British (excluding Chinese) 7.7%, Black or Black
//!   British 3.7%, Chinese 1.0%, any other 1.2% (all ages: 85.4 / 2.3 / 7.8 incl.
//!   Chinese / 3.5 / 1.0; working ages are less White).  The Census has no "Not stated"
//!   category, so that label is not written.  Ethnic groups sum to the age-band total.
//! * All NHS staff, March 2019: 1,207,000 ± 0.5% headcount; White 77.2%, Mixed 1.8%,
//!   Asian 10.0%, Black 6.1% (N015, 6%), Chinese 0.6%, other 2.2%, not stated 2.1%.

use crate::alloc::split;
use crate::csv::Table;
use crate::dims::{AGE_BANDS, ETHNIC_GROUPS};
use crate::rng::Rng;

/// Working-age population (thousands) by `AGE_BANDS` index 0..9 (16-24 .. 60-64).
const AGES: [f64; 9] = [
    6_201.0, 3_650.0, 3_493.0, 3_589.0, 3_986.0, 3_972.0, 3_446.0, 3_050.0, 3_279.0,
];
/// Working-age ethnic shares (percent) by `ETHNIC_GROUPS` index 0..6 (no "Not stated").
const POP_ETHNIC: [f64; 6] = [84.5, 1.9, 7.7, 3.7, 1.0, 1.2];
/// All NHS staff shares (percent) by `ETHNIC_GROUPS` index.
const NHS_ETHNIC: [f64; 7] = [77.2, 1.8, 10.0, 6.1, 0.6, 2.2, 2.1];
const NHS_TOTAL: f64 = 1_207_000.0;

/// File 15 rows: (characteristic, category, population).
pub(crate) fn population(rng: &mut Rng) -> Vec<(&'static str, &'static str, i64)> {
    let ages: Vec<i64> = AGES
        .iter()
        .map(|k| (k * 1000.0 * rng.jitter(0.002)).round() as i64)
        .collect();
    let total: i64 = ages.iter().sum();
    let share = 100.0 * (ages[5] + ages[6]) as f64 / total as f64;
    assert!(
        (20.5..21.5).contains(&share),
        "45-54 share {share} does not round to 21%"
    );
    let mut rows: Vec<_> = ages
        .iter()
        .enumerate()
        .map(|(i, &v)| ("Age band", AGE_BANDS[i], v))
        .collect();
    let eth = split(total, &POP_ETHNIC);
    rows.extend(
        eth.iter()
            .enumerate()
            .map(|(i, &v)| ("Ethnic group", ETHNIC_GROUPS[i], v)),
    );
    rows
}

/// Write file 15.
pub(crate) fn population_table(rows: &[(&str, &str, i64)]) -> Table {
    let mut t = Table::new(&["GEOGRAPHY", "CHARACTERISTIC", "CATEGORY", "POPULATION"]);
    for (ch, cat, v) in rows {
        t.row(&["England", ch, cat, &v.to_string()]);
    }
    t
}

/// File 16 headcounts by `ETHNIC_GROUPS` index.
pub(crate) fn nhs_staff(rng: &mut Rng) -> Vec<i64> {
    let total = (NHS_TOTAL * rng.jitter(0.005)).round() as i64;
    split(total, &NHS_ETHNIC)
}

/// Write file 16.
pub(crate) fn nhs_staff_table(hc: &[i64]) -> Table {
    let mut t = Table::new(&["DATE", "ETHNIC_GROUP", "HC"]);
    for (i, v) in hc.iter().enumerate() {
        t.row(&["2019-03-31", ETHNIC_GROUPS[i], &v.to_string()]);
    }
    t
}
