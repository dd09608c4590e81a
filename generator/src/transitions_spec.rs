//! Specification of file 8's role and band transitions (DS03, Figures 15, 16, 23, 24).
//!
//! For each setting: the June 2019 cohorts (job role, AfC band, headcount still in the
//! NHS in June 2020, propensity for a same-role band rise), explicit destination lists
//! for groups of cohorts (counts in heads), the target share moving up a band by
//! starting band, and age/ethnicity structures.  The MH HCSW/HCA group (14,000) has
//! exactly 12,950 (92.5%) in the same roles, 140 (1.0%) trainee nursing associates,
//! 84 (0.6%) each to "Assistant", "Staff Nurse" and "Assistant Practitioner Nursing"
//! and 658 (4.7%) elsewhere; the 1,500 assistant psychologists split 1,019 / 117 / 69 /
//! 42 / 35 / 218 (67.9 / 7.8 / 4.6 / 2.8 / 2.3 / 14.5%); the 500 MH trainee nursing
//! associates 360 / 65 / 50 / 25 (72 / 13 / 10 / 5%).  Non-MH HCSW/HCA: 92.5% stay.

/// Band rule of a destination: the cohort's own band, or a fixed band.
#[derive(Clone, Copy)]
pub(crate) enum B {
    Same,
    Fixed(usize),
}

/// Placeholder destination meaning "the other of Health Care Support Worker / Assistant".
pub(crate) const SWAP: &str = "<swap>";
pub(crate) const HCSW: &str = "Health Care Support Worker";
pub(crate) const HCA: &str = "Health Care Assistant";

/// (job role 2019, AfC band 2019, headcount, propensity for a same-role band rise).
pub(crate) type Cohort = (&'static str, usize, i64, f64);
/// (member cohort indices, destinations (job role 2020, band rule, headcount)).
pub(crate) type Group = (Vec<usize>, Vec<(&'static str, B, i64)>);

pub(crate) struct Spec {
    pub cohorts: Vec<Cohort>,
    pub groups: Vec<Group>,
    /// Target share moving up a band, by starting band 1..4 (index 0 unused).
    pub rates: [f64; 5],
    /// Age structure of starters by band 1..4 (index 0 unused).
    pub age: [[f64; 10]; 5],
    /// Relative odds of moving up by age band, by starting band.
    pub odds: [[f64; 10]; 5],
    pub ethnic: [f64; 7],
}

const AGE_B1: [f64; 10] = [0.12, 0.10, 0.08, 0.08, 0.09, 0.11, 0.13, 0.13, 0.11, 0.05];
const AGE_B2: [f64; 10] = [0.10, 0.12, 0.10, 0.09, 0.09, 0.11, 0.13, 0.13, 0.09, 0.04];
const AGE_B3: [f64; 10] = [0.06, 0.10, 0.10, 0.10, 0.10, 0.12, 0.14, 0.13, 0.11, 0.04];
const ODDS: [f64; 10] = [3.0, 2.5, 2.0, 1.6, 1.3, 1.1, 1.0, 0.8, 0.6, 0.4];
/// MH band 2: under-25s four times as likely to move up as 50-54s (Figure 23, N222).
const ODDS_MH_B2: [f64; 10] = [4.0, 3.2, 2.4, 1.8, 1.5, 1.2, 1.0, 0.8, 0.6, 0.4];
/// MH band 4: rises concentrated in under-30s (footnote 20, N144).
const ODDS_MH_B4: [f64; 10] = [5.0, 4.0, 2.0, 1.3, 1.0, 0.8, 0.7, 0.6, 0.5, 0.4];

/// Relative odds of moving up by ethnic group, for [MH b2, b3, b4, non-MH b2, b3, b4]:
/// signs alternate so that no group is consistently more or less likely (Figure 24).
pub(crate) const ETHNIC_ODDS: [[f64; 6]; 7] = [
    [1.06, 0.94, 1.06, 0.94, 1.06, 0.94],
    [0.75, 1.25, 1.25, 0.75, 0.75, 1.25],
    [1.20, 1.20, 0.80, 0.80, 1.20, 0.80],
    [0.80, 0.80, 1.20, 1.20, 0.80, 1.20],
    [1.30, 0.70, 0.70, 1.30, 1.30, 0.70],
    [0.75, 1.25, 0.75, 1.25, 0.75, 1.25],
    [1.20, 0.80, 1.20, 1.20, 0.80, 0.80],
];

/// Mental health setting.
pub(crate) fn mental_health() -> Spec {
    let cohorts = vec![
        (HCSW, 2, 3_000, 1.0),
        (HCSW, 3, 2_600, 1.0),
        (HCA, 1, 120, 1.0),
        (HCA, 2, 4_480, 1.0),
        (HCA, 3, 3_800, 1.0),
        ("Nursing Assistant/Auxiliary", 2, 3_900, 1.0),
        ("Nursing Assistant/Auxiliary", 3, 3_400, 1.0),
        ("Support Time and Recovery Worker", 3, 1_400, 0.6),
        ("Support Time and Recovery Worker", 4, 650, 0.8),
        ("Assistant Psychologist", 4, 1_500, 1.0),
        ("Trainee Nursing Associate", 3, 300, 0.0),
        ("Trainee Nursing Associate", 4, 200, 0.0),
        ("Assistant Practitioner Nursing", 4, 700, 1.2),
        ("Occupational Therapy Support Worker", 3, 900, 0.8),
        ("Occupational Therapy Support Worker", 4, 450, 0.8),
        ("Peer Support Worker", 3, 350, 0.5),
        ("Peer Support Worker", 4, 250, 0.6),
        ("Trainee Psychological Wellbeing Practitioner", 4, 320, 0.0),
        ("Activity Co-ordinator", 3, 300, 0.5),
        ("Support Worker", 2, 800, 0.8),
        ("Support Worker", 3, 500, 0.7),
        ("Mental Health Support Worker", 2, 600, 0.8),
        ("Employment Adviser", 4, 200, 0.8),
    ];
    let groups = vec![
        (
            vec![0, 1, 2, 3, 4],
            vec![
                ("Trainee Nursing Associate", B::Fixed(3), 140),
                ("Assistant", B::Fixed(3), 84),
                ("Staff Nurse", B::Fixed(5), 84),
                ("Assistant Practitioner Nursing", B::Fixed(4), 84),
                ("Nursing Assistant/Auxiliary", B::Same, 160),
                ("Support Worker", B::Same, 120),
                ("Senior Health Care Assistant", B::Fixed(3), 110),
                ("Mental Health Support Worker", B::Same, 100),
                ("Support Time and Recovery Worker", B::Fixed(3), 90),
                ("Trainee Assistant Practitioner", B::Fixed(3), 78),
                (SWAP, B::Same, 300),
            ],
        ),
        (
            vec![9],
            vec![
                ("Trainee Practitioner", B::Fixed(4), 60),
                ("Trainee Practitioner", B::Fixed(5), 57),
                (
                    "Trainee Psychological Wellbeing Practitioner",
                    B::Fixed(4),
                    69,
                ),
                ("Applied Psychologist - Clinical", B::Fixed(7), 42),
                ("Trainee Clinical Psychologist", B::Fixed(6), 35),
                ("Psychological Wellbeing Practitioner", B::Fixed(5), 70),
                ("Psychology Assistant", B::Fixed(4), 48),
                ("Clinical Associate in Psychology", B::Fixed(5), 40),
                ("Support Worker", B::Fixed(3), 25),
                ("Research Assistant", B::Fixed(5), 35),
            ],
        ),
        (
            vec![10, 11],
            vec![
                ("Nursing Associate", B::Fixed(4), 65),
                (HCA, B::Fixed(3), 30),
                (HCSW, B::Fixed(3), 20),
                ("Assistant Practitioner Nursing", B::Fixed(4), 15),
                ("Student Nurse", B::Fixed(3), 10),
            ],
        ),
        (
            vec![17],
            vec![
                ("Psychological Wellbeing Practitioner", B::Fixed(5), 192),
                ("Assistant Psychologist", B::Fixed(4), 12),
                ("Support Worker", B::Fixed(3), 20),
            ],
        ),
        (
            vec![12],
            vec![
                ("Staff Nurse", B::Fixed(5), 45),
                ("Nursing Associate", B::Fixed(4), 30),
            ],
        ),
        (
            vec![5, 6],
            vec![
                ("Trainee Nursing Associate", B::Fixed(3), 73),
                (HCA, B::Same, 150),
                ("Support Worker", B::Same, 60),
            ],
        ),
    ];
    Spec {
        cohorts,
        groups,
        rates: [0.0, 0.25, 0.200, 0.0625, 0.25],
        age: [
            AGE_B1,
            AGE_B1,
            AGE_B2,
            AGE_B3,
            [0.14, 0.22, 0.14, 0.10, 0.09, 0.09, 0.09, 0.07, 0.04, 0.02],
        ],
        odds: [ODDS, ODDS, ODDS_MH_B2, ODDS, ODDS_MH_B4],
        ethnic: [0.700, 0.026, 0.060, 0.140, 0.004, 0.020, 0.050],
    }
}

/// Non-mental-health settings.
pub(crate) fn non_mental_health() -> Spec {
    let cohorts = vec![
        (HCSW, 2, 38_000, 1.0),
        (HCSW, 3, 22_000, 1.0),
        (HCA, 1, 1_000, 1.0),
        (HCA, 2, 25_000, 1.0),
        (HCA, 3, 9_000, 1.0),
        ("Nursing Assistant/Auxiliary", 2, 8_000, 1.0),
        ("Nursing Assistant/Auxiliary", 3, 3_000, 1.0),
        ("Maternity Support Worker", 2, 2_500, 0.9),
        ("Maternity Support Worker", 3, 3_500, 0.9),
        ("Theatre Support Worker", 2, 3_000, 0.9),
        ("Theatre Support Worker", 3, 4_000, 0.9),
        ("Phlebotomist", 2, 5_500, 0.7),
        ("Phlebotomist", 3, 1_000, 0.7),
        ("Assistant Practitioner", 4, 7_000, 1.0),
        ("Physiotherapy Assistant", 3, 3_000, 1.0),
        ("Physiotherapy Assistant", 4, 2_000, 1.0),
        ("Occupational Therapy Support Worker", 3, 2_200, 1.0),
        ("Occupational Therapy Support Worker", 4, 1_300, 1.0),
        ("Emergency Care Assistant", 3, 4_500, 1.0),
        ("Emergency Medical Technician", 4, 3_500, 0.8),
        ("Healthcare Science Assistant", 2, 2_500, 0.9),
        ("Healthcare Science Assistant", 3, 2_000, 0.9),
        ("Trainee Nursing Associate", 3, 2_500, 0.0),
        ("Trainee Nursing Associate", 4, 500, 0.0),
        ("Nursery Nurse", 3, 1_500, 0.8),
        ("Nursery Nurse", 4, 800, 0.8),
        ("Pharmacy Support Worker", 2, 2_000, 1.0),
        ("Pharmacy Support Worker", 3, 1_500, 1.0),
        ("Imaging Assistant", 3, 1_800, 1.0),
        ("Imaging Assistant", 4, 900, 1.0),
    ];
    let groups = vec![
        (
            vec![0, 1, 2, 3, 4],
            vec![
                ("Trainee Nursing Associate", B::Fixed(3), 1_235),
                ("Staff Nurse", B::Fixed(5), 665),
                ("Assistant Practitioner", B::Fixed(4), 950),
                ("Maternity Support Worker", B::Same, 760),
                ("Theatre Support Worker", B::Same, 665),
                ("Phlebotomist", B::Same, 570),
                ("Clinical Support Worker", B::Same, 1_280),
                ("Senior Health Care Assistant", B::Fixed(3), 1_000),
                (SWAP, B::Same, 900),
            ],
        ),
        (
            vec![22, 23],
            vec![
                ("Nursing Associate", B::Fixed(4), 540),
                (HCSW, B::Fixed(3), 240),
                ("Assistant Practitioner", B::Fixed(4), 60),
            ],
        ),
        (
            vec![13],
            vec![
                ("Staff Nurse", B::Fixed(5), 210),
                ("Nursing Associate", B::Fixed(4), 280),
            ],
        ),
        (
            vec![19],
            vec![
                ("Paramedic", B::Fixed(5), 210),
                ("Emergency Care Assistant", B::Fixed(3), 50),
            ],
        ),
        (
            vec![5, 6],
            vec![
                ("Trainee Nursing Associate", B::Fixed(3), 110),
                (HCA, B::Same, 200),
            ],
        ),
        (
            vec![18],
            vec![("Emergency Medical Technician", B::Fixed(4), 250)],
        ),
    ];
    Spec {
        cohorts,
        groups,
        rates: [0.0, 0.15, 0.090, 0.090, 0.090],
        age: [
            AGE_B1,
            AGE_B1,
            AGE_B2,
            AGE_B3,
            [0.05, 0.12, 0.13, 0.12, 0.12, 0.12, 0.13, 0.12, 0.07, 0.02],
        ],
        odds: [ODDS; 5],
        ethnic: [0.790, 0.017, 0.080, 0.060, 0.005, 0.015, 0.033],
    }
}
