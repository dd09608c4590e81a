//! File 10: `staff-survey/nhs_staff_survey_2019.csv`, NHS Staff Survey results for three
//! groups (DS10; Figures 18 and 22; Chapters 2-4), 2019 for every question and 2015-2019
//! for the ethnic-grounds discrimination item.
//!
//! One row per year × group × question: `RESPONDENTS` (staff who answered the item) and
//! `POSITIVE` (those giving the response the report counts: "satisfied"/"very
//! satisfied", at least one incident, "yes", or the ground ticked).  The report's share
//! is `POSITIVE / RESPONDENTS`, rounded half-up to whole percent.
//!
//! Calibration decisions:
//! * Each item has an exact one-decimal percentage per group, chosen inside the printed
//!   value's rounding window (e.g. violence 36.8 / 29.2 / 17.1 for 37 / 29 / 17);
//!   `POSITIVE` is that share of the respondents, rounded to the nearest person, and the
//!   generator asserts that the half-up rounding still gives the printed value.
//! * Survey sizes: support staff in MH&LD trusts ~8,150, support staff in all other
//!   trusts ~40,600, all staff in MH&LD trusts ~70,900 in 2019 (±2%), smaller in earlier
//!   years (2015 = 80%); each item is answered by 96-99.5% of them.
//! * The grounds items (`q15c_*`) are asked only of staff who experienced discrimination
//!   (q15a or q15b): 20.5% / 16.5% / 13.5% of the q15 respondents.
//! * N102 "one in four (25%)" support staff across all settings satisfied with pay is the
//!   pooled share of the two support groups (27.6% and 24.7% -> 25.2%); all MH&LD staff
//!   40.8% (N103, 41%).
//! * Codes follow the brief that commissioned this file (q13a violence from the public,
//!   q13b-d bullying from the public / managers / colleagues, q18a training).  The 2019
//!   questionnaire itself numbers violence q12a-c and bullying q13a-c; `QUESTION_TEXT`
//!   states the item unambiguously.
//! * Values not printed in the report (bullying, discrimination from colleagues,
//!   religion and sexual-orientation grounds) are plausible: MH support staff highest for
//!   bullying from the public; support staff above all MH staff on every ground.

use crate::csv::Table;
use crate::rng::Rng;

pub(crate) const GROUPS: [&str; 3] = [
    "Support staff in mental health and learning disability trusts",
    "Support staff in all other trusts",
    "All staff in mental health and learning disability trusts",
];

/// Survey respondents by group, 2019 (before ±2% jitter).
const BASE_2019: [f64; 3] = [8_150.0, 40_600.0, 70_900.0];
/// Survey size relative to 2019, 2015..2018.
const YEAR_SCALE: [f64; 4] = [0.80, 0.85, 0.90, 0.95];
/// Share of q15 respondents who experienced discrimination (base of the q15c items).
const DISCRIMINATED: [f64; 3] = [0.205, 0.165, 0.135];

/// (code, text, 2019 percent by group, asked only of those discriminated against)
type Item = (&'static str, &'static str, [f64; 3], bool);

/// The 2019 items, in output order.
pub(crate) const ITEMS: [Item; 13] = [
    (
        "q5b",
        "Satisfied or very satisfied with the support I get from my immediate manager",
        [75.2, 70.3, 75.9],
        false,
    ),
    (
        "q5g",
        "Satisfied or very satisfied with my level of pay",
        [27.6, 24.7, 40.8],
        false,
    ),
    (
        "q5h",
        "Satisfied or very satisfied with the opportunities for flexible working patterns",
        [56.3, 52.8, 61.9],
        false,
    ),
    (
        "q13a",
        "Experienced at least one incident of physical violence at work from patients/service users, their relatives or other members of the public in the last 12 months",
        [36.8, 29.2, 17.1],
        false,
    ),
    (
        "q13b",
        "Experienced at least one incident of harassment, bullying or abuse at work from patients/service users, their relatives or other members of the public in the last 12 months",
        [39.6, 31.4, 30.2],
        false,
    ),
    (
        "q13c",
        "Experienced at least one incident of harassment, bullying or abuse at work from managers in the last 12 months",
        [13.8, 12.9, 11.6],
        false,
    ),
    (
        "q13d",
        "Experienced at least one incident of harassment, bullying or abuse at work from other colleagues in the last 12 months",
        [19.7, 19.1, 17.8],
        false,
    ),
    (
        "q15a",
        "Experienced discrimination at work from patients/service users, their relatives or other members of the public in the last 12 months",
        [14.2, 10.8, 8.1],
        false,
    ),
    (
        "q15b",
        "Experienced discrimination at work from a manager/team leader or other colleagues in the last 12 months",
        [11.3, 9.4, 8.3],
        false,
    ),
    (
        "q15c_ethnic",
        "Grounds of discrimination experienced: ethnic background (staff who experienced discrimination)",
        [47.8, 51.2, 43.1],
        true,
    ),
    (
        "q15c_religion",
        "Grounds of discrimination experienced: religion (staff who experienced discrimination)",
        [8.4, 7.1, 5.6],
        true,
    ),
    (
        "q15c_sexual_orientation",
        "Grounds of discrimination experienced: sexual orientation (staff who experienced discrimination)",
        [7.2, 6.3, 5.1],
        true,
    ),
    (
        "q18a",
        "Received non-mandatory training, learning or development in the last 12 months",
        [70.1, 65.8, 72.2],
        false,
    ),
];

/// Ethnic-grounds share (percent) by group, 2015..2018 (2019 is in `ITEMS`): rising in
/// every group ("increased from 2015 for all three groups").
const ETHNIC_TREND: [[f64; 3]; 4] = [
    [41.2, 45.1, 37.6],
    [43.0, 46.4, 38.8],
    [44.3, 47.7, 40.2],
    [46.1, 49.6, 41.9],
];

/// One output row.
pub(crate) struct SurveyRow {
    pub year: i32,
    pub group: usize,
    pub item: usize,
    pub respondents: i64,
    pub positive: i64,
}

/// Positives for an exact percentage; asserts the half-up rounding of the result.
fn positives(pct: f64, n: i64) -> i64 {
    let pos = (pct / 100.0 * n as f64).round() as i64;
    let got = (100.0 * pos as f64 / n as f64 + 0.5 + 1e-9).floor();
    assert_eq!(
        got,
        (pct + 0.5).floor(),
        "staff survey: {pct}% of {n} rounds off target"
    );
    pos
}

/// Build the rows: q15c_ethnic for 2015-2018, then every item for 2019.
pub(crate) fn build(rng: &mut Rng) -> Vec<SurveyRow> {
    let ethnic = ITEMS
        .iter()
        .position(|i| i.0 == "q15c_ethnic")
        .expect("ethnic item");
    let mut rows = Vec::new();
    for year in 2015..=2019 {
        let k = (year - 2015) as usize;
        let scale = YEAR_SCALE.get(k).copied().unwrap_or(1.0);
        for g in 0..3 {
            let base = BASE_2019[g] * scale * rng.jitter(0.02);
            // Respondents to the q15 block; the grounds base is a share of them.
            let q15 = (base * rng.range(0.975, 0.99)).round() as i64;
            let disc = (q15 as f64 * DISCRIMINATED[g] * rng.jitter(0.03)).round() as i64;
            for (i, &(code, _, pct, grounds)) in ITEMS.iter().enumerate() {
                if year < 2019 && i != ethnic {
                    continue;
                }
                let n = if grounds {
                    disc
                } else if code.starts_with("q15") {
                    q15
                } else {
                    (base * rng.range(0.96, 0.995)).round() as i64
                };
                let p = if year < 2019 {
                    ETHNIC_TREND[k][g]
                } else {
                    pct[g]
                };
                rows.push(SurveyRow {
                    year,
                    group: g,
                    item: i,
                    respondents: n,
                    positive: positives(p, n),
                });
            }
        }
    }
    rows
}

/// Write file 10.
pub(crate) fn table(rows: &[SurveyRow]) -> Table {
    let mut t = Table::new(&[
        "YEAR",
        "GROUP",
        "QUESTION",
        "QUESTION_TEXT",
        "RESPONDENTS",
        "POSITIVE",
    ]);
    for r in rows {
        let (code, text, _, _) = ITEMS[r.item];
        t.row(&[
            &r.year.to_string(),
            GROUPS[r.group],
            code,
            text,
            &r.respondents.to_string(),
            &r.positive.to_string(),
        ]);
    }
    t
}
