//! `release.toml`: the release manifest, one `[[files]]` entry per written file in
//! path order, with provenance, publisher, the real series whose shape is mirrored and
//! a one-sentence description.

/// (path, series, description) for every synthetic file the generator writes, in path order.
pub const FILES: [(&str, &str, &str); 8] = [
    (
        "demographics/support_staff_demographics.csv",
        "Bespoke ESR extract (support to clinical staff demographics, bands 1-4)",
        "Support to clinical staff by date, MH/non-MH setting, AfC band and protected characteristic category, FTE and headcount, June 2019 and June 2020.",
    ),
    (
        "earnings/earnings_by_staff_group.csv",
        "NHS Staff Earnings Estimates (shape of the annual series)",
        "Mean annual earnings per FTE and minimum annual basic pay by staff group, 12 months ending June 2011 to June 2020.",
    ),
    (
        "leavers/reasons_for_leaving_2019-06_2020-06.csv",
        "NHS Workforce Statistics: reasons for leaving (shape of the ESR leaver table)",
        "Leavers by ESR reason for leaving, clinical support staff and all staff, June 2019 to June 2020.",
    ),
    (
        "progression/role_band_transitions_2019-06_2020-06.csv.gz",
        "Experimental bespoke ESR extract (role and band transitions)",
        "Headcount of support staff in the NHS at both dates by setting, job role and AfC band in June 2019 and June 2020, age band and ethnic group.",
    ),
    (
        "sickness/sickness_absence_by_org.csv.gz",
        "NHS Sickness Absence Rates (shape of the monthly organisation file, by staff group)",
        "FTE days lost to sickness and FTE days available by month, organisation and staff group, April 2017 to September 2020.",
    ),
    (
        "workforce/hchs_workforce_monthly_national.csv",
        "NHS Workforce Statistics (shape of the national monthly series)",
        "National HCHS FTE and headcount by month, staff group and MH-services flag, January 2010 to December 2020.",
    ),
    (
        "workforce/hchs_workforce_org_2020-06.csv.gz",
        "NHS Workforce Statistics (shape of the organisation by care setting and band extract)",
        "HCHS FTE and headcount in June 2020 by organisation, staff group, care setting, MH-services flag and AfC band.",
    ),
    (
        "workforce/support_job_roles_2020-06.csv",
        "NHS Workforce Statistics (ESR job roles of support to clinical staff)",
        "Support to clinical staff FTE and headcount by ESR job role and role group, MH and non-MH settings, June 2020.",
    ),
];

/// The transcribed constants file: official values, not synthetic.
const CONSTANTS_FILE: (&str, &str, &str) = (
    "reference/published_constants.csv",
    "Values quoted in Untapped? from other publications (see the SOURCE column)",
    "External constants the report quotes (pay scales, population benchmarks, policy targets), transcribed with their sources.",
);

/// The manifest text for a given seed.
pub fn manifest(seed: u64) -> String {
    let mut s = String::new();
    s.push_str("[release]\n");
    s.push_str("name = \"2020-06\"\n");
    s.push_str("title = \"Untapped? data release, June 2020 (synthetic reconstruction)\"\n");
    s.push_str("period_end = \"2020-06-30\"\n");
    s.push_str("published = \"2021-08-20\"\n");
    s.push_str(&format!(
        "generator = \"src/bin/generate_release (seed {seed})\"\n"
    ));
    let mut entries: Vec<(&str, &str, &str, &str, &str)> =
        FILES.iter().map(|&(p, se, d)| (p, "synthetic", "NHS Digital", se, d)).collect();
    entries.push((CONSTANTS_FILE.0, "official", "Various publishers", CONSTANTS_FILE.1, CONSTANTS_FILE.2));
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
