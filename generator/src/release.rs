//! `release.toml`: the release manifest, one `[[files]]` entry per written file in
//! path order, with provenance, publisher, the real series whose shape is mirrored and
//! a one-sentence description.  Every generated file is "synthetic"; only the transcribed
//! constants file is "official" (its SOURCE column flags the few reconstructed rows).

/// (path, publisher, series, description) for every synthetic file the generator writes,
/// in path order.
pub(crate) const FILES: [(&str, &str, &str, &str); 16] = [
    (
        "applications/applications_per_appointment_2017.csv",
        "NHS Digital",
        "NHS Digital experimental NHS Jobs statistics (applications and appointments by HEE local area and staff group)",
        "NHS Jobs applications and appointments by HEE local area and staff group, 2017; the London areas look inconsistent, as in the experimental source.",
    ),
    (
        "demographics/support_staff_demographics.csv",
        "NHS Digital",
        "Bespoke ESR extract (support to clinical staff demographics, bands 1-4)",
        "Support to clinical staff by date, MH/non-MH setting, AfC band and protected characteristic category, FTE and headcount, June 2019 and June 2020.",
    ),
    (
        "earnings/earnings_by_staff_group.csv",
        "NHS Digital",
        "NHS Staff Earnings Estimates (shape of the annual series)",
        "Mean annual earnings per FTE and minimum annual basic pay by staff group, 12 months ending June 2011 to June 2020.",
    ),
    (
        "leavers/reasons_for_leaving_2019-06_2020-06.csv",
        "NHS Digital",
        "NHS Workforce Statistics: reasons for leaving (shape of the ESR leaver table)",
        "Leavers by ESR reason for leaving, clinical support staff and all staff, June 2019 to June 2020.",
    ),
    (
        "population/working_age_population_2011.csv",
        "Office for National Statistics",
        "2011 Census (working-age population of England by age band and ethnic group; reconstructed, not transcribed)",
        "Working-age (16-64) population of England in 2011 by age band and by broad ethnic group.",
    ),
    (
        "progression/role_band_transitions_2019-06_2020-06.csv.gz",
        "NHS Digital",
        "Experimental bespoke ESR extract (role and band transitions)",
        "Headcount of support staff in the NHS at both dates by setting, job role and AfC band in June 2019 and June 2020, age band and ethnic group.",
    ),
    (
        "reference/job_adverts.csv",
        "Nuffield Trust (review of NHS Jobs and Indeed adverts; coding not published)",
        "Review of mental health support worker job adverts (Untapped?, Appendix: 35 NHS Jobs adverts, November 2020; 10 Indeed adverts of independent providers, January 2021)",
        "One row per advert coded on the review's extraction criteria (title, setting, employer, responsibilities, entry requirements, experience, skills, characteristics, supervisor, training, career pathway, travel, pay and band, working pattern); a reconstruction calibrated to the report's statements about the adverts, not the authors' coding.",
    ),
    (
        "safe-staffing/care_hours_by_trust.csv",
        "NHS England and NHS Improvement",
        "Safe staffing / care hours per patient day returns (shape of the trust-level fill-rate data)",
        "Care hours delivered by registered nurses and midwives and by care staff, by trust and month, April to June 2020.",
    ),
    (
        "sickness/sickness_absence_by_org.csv.gz",
        "NHS Digital",
        "NHS Sickness Absence Rates (shape of the monthly organisation file, by staff group)",
        "FTE days lost to sickness and FTE days available by month, organisation and staff group, April 2017 to September 2020.",
    ),
    (
        "staff-survey/nhs_staff_survey_2019.csv",
        "NHS England and NHS Improvement (NHS Staff Survey Coordination Centre)",
        "NHS Staff Survey (results by occupation group and trust type)",
        "Respondents and positive responses by question for support staff in MH&LD trusts, support staff in other trusts and all MH&LD staff, 2019 (2015-2019 for discrimination on ethnic grounds).",
    ),
    (
        "temporary-staffing/nhsp_shifts_by_trust.csv.gz",
        "NHS Professionals",
        "NHS Professionals temporary staffing management information (hours requested and filled, cost per hour)",
        "Temporary staffing hours requested, filled by bank and agency and unfilled, and cost per filled hour, by month, trust and staff category, September 2018 to August 2020.",
    ),
    (
        "vacancies/advertised_vacancies.csv",
        "NHS Digital and NHS Business Services Authority",
        "NHS Digital vacancy statistics (all staff) and NHS Jobs adverts via NHSBSA (support staff)",
        "Full-time equivalent advertised vacancies by month: all staff April 2018 to September 2020, support to clinical staff April 2018 to November 2020.",
    ),
    (
        "workforce/all_nhs_staff_by_ethnicity_2019-03.csv",
        "NHS Digital",
        "NHS Workforce Statistics (HCHS staff by ethnic group)",
        "Headcount of all NHS hospital and community health services staff by broad ethnic group, March 2019.",
    ),
    (
        "workforce/hchs_workforce_monthly_national.csv",
        "NHS Digital",
        "NHS Workforce Statistics (shape of the national monthly series)",
        "National HCHS FTE and headcount by month, staff group and MH-services flag, January 2010 to December 2020.",
    ),
    (
        "workforce/hchs_workforce_org_2020-06.csv.gz",
        "NHS Digital",
        "NHS Workforce Statistics (shape of the organisation by care setting and band extract)",
        "HCHS FTE and headcount in June 2020 by organisation, staff group, care setting, MH-services flag and AfC band.",
    ),
    (
        "workforce/support_job_roles_2020-06.csv",
        "NHS Digital",
        "NHS Workforce Statistics (ESR job roles of support to clinical staff)",
        "Support to clinical staff FTE and headcount by ESR job role and role group, MH and non-MH settings, June 2020.",
    ),
];

/// The transcribed constants file: official values, not synthetic.
const CONSTANTS_FILE: (&str, &str, &str) = (
    "reference/published_constants.csv",
    "Values quoted in Untapped? from other publications (see the SOURCE column)",
    "External constants the report quotes (pay scales, population benchmarks, policy targets), transcribed with their sources; the Figure 8 rows not printed in the report are marked RECONSTRUCTED in SOURCE.",
);

/// Tables transcribed from the 2017 comparator report: official values, not synthetic.
const WORKFORCE_2016_FILE: (&str, &str, &str, &str) = (
    "reference/mental_health_workforce_2016.csv",
    "NHS Digital, as printed by Centre for Mental Health and NHS Confederation (2017)",
    "NHS Workforce Statistics (provisional, October 2016), Tables one and two of The future of the mental health workforce",
    "FTE psychiatrists by specialty (September 2016) and FTE mental health nurses by area and role (October 2009 and October 2016), transcribed exactly as printed, subtotals and totals included.",
);

/// The manifest text for a given seed.
pub(crate) fn manifest(seed: u64) -> String {
    let mut s = String::new();
    s.push_str("[release]\n");
    s.push_str("name = \"2020-06\"\n");
    s.push_str("title = \"Untapped? data release, June 2020 (synthetic reconstruction)\"\n");
    s.push_str("period_end = \"2020-06-30\"\n");
    s.push_str("published = \"2021-08-20\"\n");
    s.push_str(&format!(
        "generator = \"src/bin/generate_release (seed {seed})\"\n"
    ));
    let mut entries: Vec<(&str, &str, &str, &str, &str)> = FILES
        .iter()
        .map(|&(p, pu, se, d)| (p, "synthetic", pu, se, d))
        .collect();
    entries.push((
        CONSTANTS_FILE.0,
        "official",
        "Various publishers",
        CONSTANTS_FILE.1,
        CONSTANTS_FILE.2,
    ));
    entries.push((
        WORKFORCE_2016_FILE.0,
        "official",
        WORKFORCE_2016_FILE.1,
        WORKFORCE_2016_FILE.2,
        WORKFORCE_2016_FILE.3,
    ));
    entries.sort();
    for (path, provenance, publisher, series, description) in entries {
        s.push_str("\n[[files]]\n");
        s.push_str(&format!("path = \"{path}\"\n"));
        s.push_str(&format!("provenance = \"{provenance}\"\n"));
        s.push_str(&format!("publisher = \"{publisher}\"\n"));
        s.push_str(&format!("series = \"{series}\"\n"));
        s.push_str(&format!("description = \"{description}\"\n"));
    }
    s
}
