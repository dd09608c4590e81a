//! `reference/job_adverts.csv`: the review of mental health support worker job adverts, coded
//! one row per advert (35 NHS adverts from NHS Jobs, November 2020; 10 adverts of independent
//! providers from Indeed, January 2021), on the extraction criteria of the report's appendix.
//!
//! **Synthetic.** The authors' coding was never published. This file is a reconstruction
//! calibrated to what the report says about the adverts: every proportion, count and range the
//! text states ("at least half" expected flexibility, NVQ level 3 essential for most band 4
//! posts, one to three years' experience at band 4, 33 days of leave in one independent
//! provider's advert) holds in it, and the report computes each of them from it. The
//! combinations of codes within a row are arbitrary beyond those statements.
//!
//! The rows are written deterministically (no random stream), so adding this file changed no
//! other file of the release. Each coded column is a list of (value, count) per group of
//! adverts (NHS band 2, band 3, band 4, independent providers), laid out in order and then
//! turned by an offset of its own, so that codes of different columns are not all aligned.

use crate::csv::Table;

/// The groups of adverts, in row order: (id prefix, source, website, month reviewed, band, size).
const GROUPS: [(&str, &str, &str, &str, &str, usize); 4] = [
    ("NHS", "NHS", "NHS Jobs", "2020-11", "Band 2", 10),
    ("NHS", "NHS", "NHS Jobs", "2020-11", "Band 3", 14),
    ("NHS", "NHS", "NHS Jobs", "2020-11", "Band 4", 11),
    ("IND", "non-NHS", "Indeed", "2021-01", "Not banded", 10),
];

/// A coded column: its name and, for each group, the values with how many adverts have each.
/// The counts of a group add up to the group's size. An empty value is a blank cell.
type Column = (&'static str, [&'static [(&'static str, usize)]; 4]);

const COLUMNS: &[Column] = &[
    (
        "JOB_TITLE",
        [
            &[
                ("Healthcare assistant", 4),
                ("Mental health support worker", 3),
                ("Clinical support worker", 2),
                ("Nursing assistant", 1),
            ],
            &[
                ("Mental health support worker", 3),
                ("Senior healthcare assistant", 3),
                ("Support time and recovery worker", 2),
                ("Healthcare assistant", 2),
                ("Recovery worker", 1),
                ("Activity coordinator", 1),
                ("Peer support worker", 1),
                ("Clinical support worker", 1),
            ],
            &[
                ("Assistant practitioner", 4),
                ("Mental health support worker", 2),
                ("Associate practitioner", 2),
                ("Senior support worker", 1),
                ("Community mental health support worker", 1),
                ("Specialist support worker", 1),
            ],
            &[
                ("Mental health support worker", 4),
                ("Support worker", 2),
                ("Rehabilitation support worker", 2),
                ("Healthcare assistant", 1),
                ("Recovery worker", 1),
            ],
        ],
    ),
    (
        "SETTING",
        [
            &[
                ("Inpatient ward", 6),
                ("Forensic or secure service", 2),
                ("Older adults' service", 1),
                ("Rehabilitation service", 1),
            ],
            &[
                ("Inpatient ward", 5),
                ("Community mental health team", 4),
                ("Forensic or secure service", 2),
                ("Crisis and home treatment", 2),
                ("Older adults' service", 1),
            ],
            &[
                ("Inpatient ward", 3),
                ("Community mental health team", 5),
                ("Crisis and home treatment", 1),
                ("Forensic or secure service", 1),
                ("Rehabilitation service", 1),
            ],
            &[
                ("Independent hospital", 3),
                ("Residential rehabilitation", 4),
                ("Supported living", 3),
            ],
        ],
    ),
    (
        "EMPLOYER_TYPE",
        [
            &[("NHS trust", 10)],
            &[("NHS trust", 14)],
            &[("NHS trust", 11)],
            &[("Independent provider", 10)],
        ],
    ),
    // Key responsibilities: the four areas the adverts typically spanned.
    (
        "RESP_CLINICAL",
        [
            &[("yes", 10)],
            &[("yes", 14)],
            &[("yes", 11)],
            &[("yes", 8), ("no", 2)],
        ],
    ),
    (
        "RESP_POLICY_SERVICE_DEVELOPMENT",
        [
            &[("yes", 4), ("no", 6)],
            &[("yes", 9), ("no", 5)],
            &[("yes", 9), ("no", 2)],
            &[("yes", 4), ("no", 6)],
        ],
    ),
    (
        "RESP_INFORMATION_DATA",
        [
            &[("yes", 6), ("no", 4)],
            &[("yes", 10), ("no", 4)],
            &[("yes", 10), ("no", 1)],
            &[("yes", 5), ("no", 5)],
        ],
    ),
    (
        "RESP_SAFE_ENVIRONMENT",
        [
            &[("yes", 9), ("no", 1)],
            &[("yes", 12), ("no", 2)],
            &[("yes", 8), ("no", 3)],
            &[("yes", 7), ("no", 3)],
        ],
    ),
    (
        "WORKS_UNDER_DIRECTION",
        [
            &[("yes", 10)],
            &[("yes", 14)],
            &[("yes", 11)],
            &[("yes", 9), ("no", 1)],
        ],
    ),
    (
        "PLANS_OWN_WORK",
        [
            &[("yes", 8), ("no", 2)],
            &[("yes", 13), ("no", 1)],
            &[("yes", 11)],
            &[("yes", 6), ("no", 4)],
        ],
    ),
    (
        "RESP_SUPERVISES_STAFF",
        [
            &[("no", 10)],
            &[("yes", 4), ("no", 10)],
            &[("yes", 9), ("no", 2)],
            &[("yes", 1), ("no", 9)],
        ],
    ),
    (
        "RESP_CASELOAD",
        [
            &[("no", 10)],
            &[("yes", 2), ("no", 12)],
            &[("yes", 7), ("no", 4)],
            &[("no", 10)],
        ],
    ),
    (
        "RESP_AUTONOMOUS",
        [
            &[("no", 10)],
            &[("yes", 3), ("no", 11)],
            &[("yes", 8), ("no", 3)],
            &[("yes", 2), ("no", 8)],
        ],
    ),
    // Entry requirements: prior experience and knowledge.
    (
        "EXPERIENCE_ESSENTIAL",
        [
            &[
                ("Desire to work in mental health", 4),
                ("Some care experience", 5),
                ("None stated", 1),
            ],
            &[("Some care experience", 5), ("Mental health experience", 9)],
            &[
                ("Substantial mental health experience", 5),
                ("Mental health experience", 6),
            ],
            &[
                ("None stated", 4),
                ("Some care experience", 4),
                ("Mental health experience", 2),
            ],
        ],
    ),
    (
        "EXPERIENCE_YEARS_MIN",
        [
            &[("", 10)],
            &[("", 11), ("1", 3)],
            &[("1", 2), ("2", 2), ("3", 1), ("", 6)],
            &[("", 9), ("1", 1)],
        ],
    ),
    (
        "EXPERIENCE_SETTING_REQUIRED",
        [
            &[("", 10)],
            &[("Inpatient ward", 1), ("", 13)],
            &[
                ("Community mental health team", 2),
                ("Forensic or secure service", 1),
                ("Crisis and home treatment", 1),
                ("", 7),
            ],
            &[("", 10)],
        ],
    ),
    (
        "KNOWLEDGE_MH_LEGISLATION",
        [
            &[("yes", 1), ("no", 9)],
            &[("yes", 10), ("no", 4)],
            &[("yes", 10), ("no", 1)],
            &[("yes", 2), ("no", 8)],
        ],
    ),
    (
        "MDT_EXPERIENCE",
        [
            &[("yes", 2), ("no", 8)],
            &[("yes", 9), ("no", 5)],
            &[("yes", 9), ("no", 2)],
            &[("yes", 1), ("no", 9)],
        ],
    ),
    (
        "LIVED_EXPERIENCE_DESIRABLE",
        [
            &[("no", 10)],
            &[("yes", 3), ("no", 11)],
            &[("yes", 2), ("no", 9)],
            &[("yes", 1), ("no", 9)],
        ],
    ),
    (
        "SECOND_LANGUAGE_DESIRABLE",
        [
            &[("no", 10)],
            &[("yes", 2), ("no", 12)],
            &[("yes", 2), ("no", 9)],
            &[("no", 10)],
        ],
    ),
    // Entry requirements: qualifications.
    (
        "ESSENTIAL_QUALIFICATION",
        [
            &[
                ("Literacy and numeracy", 6),
                ("None stated", 2),
                ("GCSEs", 2),
            ],
            &[
                ("Good all-round education", 3),
                ("NVQ level 2", 5),
                ("NVQ level 3", 4),
                ("Advanced apprenticeship", 2),
            ],
            &[
                ("GCSEs", 2),
                ("Foundation degree", 2),
                ("NVQ level 3 or equivalent experience", 7),
            ],
            &[
                ("None stated", 4),
                ("GCSEs", 2),
                ("NVQ level 2", 2),
                ("NVQ level 3", 2),
            ],
        ],
    ),
    (
        "DESIRABLE_QUALIFICATION",
        [
            &[("NVQ level 2", 7), ("None stated", 3)],
            &[("NVQ level 3", 6), ("None stated", 8)],
            &[("Foundation degree", 4), ("None stated", 7)],
            &[("NVQ level 2", 3), ("None stated", 7)],
        ],
    ),
    (
        "WILLING_TO_TRAIN_ACCEPTED",
        [
            &[("yes", 5), ("no", 5)],
            &[("yes", 4), ("no", 10)],
            &[("yes", 1), ("no", 10)],
            &[("yes", 5), ("no", 5)],
        ],
    ),
    (
        "CPD_COMMITMENT_REQUIRED",
        [
            &[("no", 10)],
            &[("yes", 2), ("no", 12)],
            &[("yes", 3), ("no", 8)],
            &[("no", 10)],
        ],
    ),
    // Skills needed and personal characteristics.
    (
        "SKILL_LITERACY",
        [
            &[("yes", 8), ("no", 2)],
            &[("yes", 11), ("no", 3)],
            &[("yes", 9), ("no", 2)],
            &[("yes", 6), ("no", 4)],
        ],
    ),
    (
        "SKILL_NUMERACY",
        [
            &[("yes", 7), ("no", 3)],
            &[("yes", 10), ("no", 4)],
            &[("yes", 8), ("no", 3)],
            &[("yes", 4), ("no", 6)],
        ],
    ),
    (
        "SKILL_IT",
        [
            &[("yes", 6), ("no", 4)],
            &[("yes", 9), ("no", 5)],
            &[("yes", 8), ("no", 3)],
            &[("yes", 5), ("no", 5)],
        ],
    ),
    (
        "SKILL_COMMUNICATION",
        [
            &[("yes", 9), ("no", 1)],
            &[("yes", 13), ("no", 1)],
            &[("yes", 10), ("no", 1)],
            &[("yes", 9), ("no", 1)],
        ],
    ),
    (
        "SKILL_PLANNING_ORGANISATION",
        [
            &[("yes", 6), ("no", 4)],
            &[("yes", 9), ("no", 5)],
            &[("yes", 7), ("no", 4)],
            &[("yes", 5), ("no", 5)],
        ],
    ),
    (
        "WELL_PRESENTED",
        [
            &[("yes", 1), ("no", 9)],
            &[("no", 14)],
            &[("no", 11)],
            &[("yes", 1), ("no", 9)],
        ],
    ),
    (
        "WORKING_STYLE",
        [
            &[
                ("Team", 4),
                ("Independent", 1),
                ("Both", 3),
                ("Not stated", 2),
            ],
            &[
                ("Team", 4),
                ("Independent", 2),
                ("Both", 5),
                ("Not stated", 3),
            ],
            &[
                ("Team", 2),
                ("Independent", 3),
                ("Both", 4),
                ("Not stated", 2),
            ],
            &[("Team", 4), ("Both", 3), ("Not stated", 3)],
        ],
    ),
    (
        "KNOWLEDGE_NHS_POLICY_DESIRABLE",
        [
            &[("no", 10)],
            &[("yes", 1), ("no", 13)],
            &[("yes", 2), ("no", 9)],
            &[("no", 10)],
        ],
    ),
    (
        "KNOWLEDGE_BENEFITS_SYSTEM_DESIRABLE",
        [
            &[("no", 10)],
            &[("yes", 1), ("no", 13)],
            &[("yes", 1), ("no", 10)],
            &[("no", 10)],
        ],
    ),
    (
        "KNOWLEDGE_LOCAL_COMMUNITY",
        [
            &[("no", 10)],
            &[("no", 14)],
            &[("yes", 1), ("no", 10)],
            &[("no", 10)],
        ],
    ),
    // Clinical supervisor and line manager.
    (
        "SUPERVISOR",
        [
            &[
                ("Registered nurse", 6),
                ("Qualified staff, profession not stated", 1),
                ("Not stated", 3),
            ],
            &[
                ("Registered nurse", 9),
                ("Qualified staff, profession not stated", 1),
                ("Occupational therapist", 1),
                ("Not stated", 3),
            ],
            &[
                ("Registered nurse", 6),
                ("Psychologist", 1),
                ("Occupational therapist", 1),
                ("Qualified staff, profession not stated", 1),
                ("Not stated", 2),
            ],
            &[
                ("Registered nurse", 3),
                ("Qualified staff, profession not stated", 1),
                ("Not stated", 6),
            ],
        ],
    ),
    (
        "LINE_MANAGER",
        [
            &[
                ("Same as supervisor", 3),
                ("Ward manager", 4),
                ("Not stated", 3),
            ],
            &[
                ("Same as supervisor", 4),
                ("Ward manager", 2),
                ("Team manager", 3),
                ("Not stated", 5),
            ],
            &[
                ("Same as supervisor", 3),
                ("Team manager", 3),
                ("Ward manager", 1),
                ("Not stated", 4),
            ],
            &[
                ("Same as supervisor", 1),
                ("Service manager", 3),
                ("Not stated", 6),
            ],
        ],
    ),
    // Training and support for the role.
    (
        "TRAINING_OFFER",
        [
            &[
                ("Not mentioned", 2),
                ("Role-appropriate training only", 6),
                ("Explicit development commitment", 2),
            ],
            &[
                ("Not mentioned", 1),
                ("Role-appropriate training only", 11),
                ("Explicit development commitment", 2),
            ],
            &[
                ("Not mentioned", 1),
                ("Role-appropriate training only", 9),
                ("Explicit development commitment", 1),
            ],
            &[
                ("Not mentioned", 3),
                ("Role-appropriate training only", 6),
                ("Explicit development commitment", 1),
            ],
        ],
    ),
    (
        "TRAINING_FACILITIES_PROMOTED",
        [
            &[("yes", 6), ("no", 4)],
            &[("yes", 9), ("no", 5)],
            &[("yes", 8), ("no", 3)],
            &[("yes", 4), ("no", 6)],
        ],
    ),
    (
        "NVQ_SUPPORT_OFFERED",
        [
            &[("yes", 2), ("no", 8)],
            &[("yes", 1), ("no", 13)],
            &[("no", 11)],
            &[("yes", 1), ("no", 9)],
        ],
    ),
    (
        "PDP_TRAINING_COMMITMENT",
        [
            &[("no", 10)],
            &[("yes", 1), ("no", 13)],
            &[("no", 11)],
            &[("no", 10)],
        ],
    ),
    (
        "PMVA_TRAINING_REQUIRED",
        [
            &[("yes", 2), ("no", 8)],
            &[("yes", 2), ("no", 12)],
            &[("yes", 1), ("no", 10)],
            &[("yes", 1), ("no", 9)],
        ],
    ),
    (
        "QUALIFICATION_TO_COMPLETE_IN_POST",
        [
            &[("", 10)],
            &[("NHS Security Training level 3", 1), ("", 13)],
            &[("", 11)],
            &[("", 10)],
        ],
    ),
    (
        "IN_POST_QUALIFICATION_MONTHS",
        [
            &[("", 10)],
            &[("12", 1), ("", 13)],
            &[("", 11)],
            &[("", 10)],
        ],
    ),
    (
        "REDUCED_SALARY_UNTIL_QUALIFIED",
        [
            &[("no", 10)],
            &[("yes", 1), ("no", 13)],
            &[("no", 11)],
            &[("no", 10)],
        ],
    ),
    // Career development pathways.
    (
        "CAREER_DEVELOPMENT",
        [
            &[
                ("Tangible example", 1),
                ("Not mentioned", 3),
                ("General commitment", 5),
                ("Process through supervision", 1),
            ],
            &[
                ("Tangible example", 2),
                ("Not mentioned", 3),
                ("General commitment", 7),
                ("Process through supervision", 2),
            ],
            &[
                ("Tangible example", 2),
                ("Not mentioned", 2),
                ("General commitment", 4),
                ("Process through supervision", 3),
            ],
            &[
                ("Not mentioned", 4),
                ("General commitment", 5),
                ("Career path promised without details", 1),
            ],
        ],
    ),
    (
        "CAREER_TANGIBLE_EXAMPLE",
        [
            &[("Funded qualification", 1), ("", 9)],
            &[("Study leave", 1), ("Funded qualification", 1), ("", 12)],
            &[("Secondment", 1), ("Funded qualification", 1), ("", 9)],
            &[("", 10)],
        ],
    ),
    (
        "CAREER_SPECIFIC_OUTCOME",
        [
            &[("no", 10)],
            &[("yes", 1), ("no", 13)],
            &[("yes", 1), ("no", 10)],
            &[("no", 10)],
        ],
    ),
    // Travel.
    (
        "TRAVEL_REQUIRED",
        [
            &[("yes", 1), ("no", 9)],
            &[("yes", 6), ("no", 8)],
            &[("yes", 6), ("no", 5)],
            &[("yes", 3), ("no", 7)],
        ],
    ),
    // Pay and benefits.
    (
        "PAY_MIN_GBP",
        [
            &[("18005", 10)],
            &[("19737", 14)],
            &[("21892", 11)],
            &[
                ("17940", 3),
                ("18525", 3),
                ("19500", 2),
                ("20475", 1),
                ("21450", 1),
            ],
        ],
    ),
    (
        "PAY_MAX_GBP",
        [
            &[("19337", 10)],
            &[("21142", 14)],
            &[("24157", 11)],
            &[
                ("19500", 3),
                ("20475", 3),
                ("21450", 2),
                ("22425", 1),
                ("23400", 1),
            ],
        ],
    ),
    (
        "ANNUAL_LEAVE_DAYS",
        [
            &[("27", 4), ("", 6)],
            &[("27", 6), ("", 8)],
            &[("27", 5), ("", 6)],
            &[("33", 1), ("28", 4), ("", 5)],
        ],
    ),
    (
        "BIRTHDAY_LEAVE",
        [
            &[("no", 10)],
            &[("no", 14)],
            &[("no", 11)],
            &[("yes", 1), ("no", 9)],
        ],
    ),
    (
        "BENEFIT_PENSION",
        [
            &[("yes", 8), ("no", 2)],
            &[("yes", 11), ("no", 3)],
            &[("yes", 9), ("no", 2)],
            &[("yes", 7), ("no", 3)],
        ],
    ),
    (
        "BENEFIT_STAFF_DISCOUNTS",
        [
            &[("yes", 3), ("no", 7)],
            &[("yes", 4), ("no", 10)],
            &[("yes", 3), ("no", 8)],
            &[("yes", 7), ("no", 3)],
        ],
    ),
    (
        "BENEFIT_LIFE_INSURANCE",
        [
            &[("no", 10)],
            &[("no", 14)],
            &[("no", 11)],
            &[("yes", 3), ("no", 7)],
        ],
    ),
    (
        "BENEFIT_WELLBEING",
        [
            &[("yes", 2), ("no", 8)],
            &[("yes", 3), ("no", 11)],
            &[("yes", 2), ("no", 9)],
            &[("yes", 6), ("no", 4)],
        ],
    ),
    (
        "BENEFIT_FREE_MASSAGE",
        [
            &[("no", 10)],
            &[("no", 14)],
            &[("no", 11)],
            &[("yes", 1), ("no", 9)],
        ],
    ),
    // Working patterns.
    (
        "WORKING_PATTERN",
        [
            &[("Full time", 6), ("Full or part time", 3), ("Part time", 1)],
            &[
                ("Full time", 10),
                ("Full or part time", 3),
                ("Part time", 1),
            ],
            &[("Full time", 9), ("Full or part time", 2)],
            &[("Full time", 5), ("Full or part time", 4), ("Part time", 1)],
        ],
    ),
    (
        "FLEXIBILITY",
        [
            &[
                ("Expected of the candidate", 7),
                ("Offered to the candidate", 1),
                ("Not mentioned", 2),
            ],
            &[
                ("Expected of the candidate", 8),
                ("Offered to the candidate", 2),
                ("Not mentioned", 4),
            ],
            &[
                ("Expected of the candidate", 4),
                ("Offered to the candidate", 2),
                ("Not mentioned", 5),
            ],
            &[
                ("Expected of the candidate", 6),
                ("Offered to the candidate", 1),
                ("Not mentioned", 3),
            ],
        ],
    ),
    (
        "UNSOCIABLE_HOURS",
        [
            &[("yes", 7), ("no", 3)],
            &[("yes", 7), ("no", 7)],
            &[("yes", 2), ("no", 9)],
            &[("yes", 6), ("no", 4)],
        ],
    ),
    (
        "SEVEN_DAY_ROTA",
        [
            &[("yes", 7), ("no", 3)],
            &[("yes", 6), ("no", 8)],
            &[("yes", 2), ("no", 9)],
            &[("yes", 5), ("no", 5)],
        ],
    ),
];

/// Columns whose codes are laid out in order, without an offset, so that rows which the
/// report describes as one advert stay together: the leave, birthday, life insurance and
/// massage of one independent provider (its first row), and the security qualification, its
/// deadline and the reduced salary of one band 3 advert (that group's first row).
const ALIGNED: [&str; 10] = [
    "ANNUAL_LEAVE_DAYS",
    "BIRTHDAY_LEAVE",
    "BENEFIT_LIFE_INSURANCE",
    "BENEFIT_FREE_MASSAGE",
    "QUALIFICATION_TO_COMPLETE_IN_POST",
    "IN_POST_QUALIFICATION_MONTHS",
    "REDUCED_SALARY_UNTIL_QUALIFIED",
    "PAY_MIN_GBP",
    "PAY_MAX_GBP",
    "EMPLOYER_TYPE",
];

/// Column pairs laid out with the same offset, so that a row's codes agree: an example of
/// career development only where one is coded, a band 4 experience length only where
/// experience is "substantial", training in managing violence and aggression on wards and in
/// secure services, a willingness to train and a commitment to development beside the adverts
/// that asked for little else (a "good all-round education" at band 3, GCSEs at band 4).
const PAIRED: [(&str, &str); 5] = [
    ("WILLING_TO_TRAIN_ACCEPTED", "ESSENTIAL_QUALIFICATION"),
    ("CPD_COMMITMENT_REQUIRED", "ESSENTIAL_QUALIFICATION"),
    ("CAREER_TANGIBLE_EXAMPLE", "CAREER_DEVELOPMENT"),
    ("EXPERIENCE_YEARS_MIN", "EXPERIENCE_ESSENTIAL"),
    ("PMVA_TRAINING_REQUIRED", "SETTING"),
];

/// The codes of one column for one group: the values in order, turned by `offset`.
fn lay_out(values: &[(&str, usize)], size: usize, offset: usize) -> Vec<String> {
    let mut cells: Vec<String> = values
        .iter()
        .flat_map(|&(v, n)| std::iter::repeat_n(v.to_owned(), n))
        .collect();
    assert_eq!(cells.len(), size, "a column's counts must fill its group");
    cells.rotate_left(offset % size);
    cells
}

/// The coded adverts, one row per advert.
pub(crate) fn table() -> Table {
    let mut header = vec!["ADVERT_ID", "SOURCE", "WEBSITE", "REVIEW_MONTH", "AFC_BAND"];
    header.extend(COLUMNS.iter().map(|(name, _)| *name));
    let mut table = Table::new(&header);
    // For each column, its cells over all groups, in row order.
    let offset_of = |k: usize| -> usize {
        let name = COLUMNS[k].0;
        if ALIGNED.contains(&name) {
            return 0;
        }
        let pair = PAIRED.iter().find(|(a, _)| *a == name).map(|(_, b)| *b);
        let k = pair.map_or(k, |b| {
            COLUMNS
                .iter()
                .position(|(n, _)| *n == b)
                .expect("a paired column is declared")
        });
        k * 3 + 1
    };
    let cells: Vec<Vec<String>> = COLUMNS
        .iter()
        .enumerate()
        .map(|(k, (_, groups))| {
            GROUPS
                .iter()
                .zip(groups.iter())
                .flat_map(|(g, values)| lay_out(values, g.5, offset_of(k)))
                .collect()
        })
        .collect();
    let mut row = 0;
    let mut numbers: Vec<(&str, usize)> = Vec::new();
    for (prefix, source, website, month, band, size) in GROUPS {
        for _ in 0..size {
            let seq = match numbers.iter_mut().find(|(p, _)| *p == prefix) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    numbers.push((prefix, 1));
                    1
                }
            };
            let id = format!("{prefix}{seq:02}");
            let mut fields: Vec<&str> = vec![&id, source, website, month, band];
            fields.extend(cells.iter().map(|c| c[row].as_str()));
            table.row(&fields);
            row += 1;
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_fills_every_group() {
        let sizes: Vec<usize> = GROUPS.iter().map(|g| g.5).collect();
        for (name, groups) in COLUMNS {
            for (values, size) in groups.iter().zip(&sizes) {
                let n: usize = values.iter().map(|v| v.1).sum();
                assert_eq!(n, *size, "{name}");
            }
        }
        assert_eq!(table().rows, 45);
    }
}
