//! `reference/published_constants.csv`: values the report quotes from other publications.
//!
//! These are not computed from workforce data: they are transcribed, each with the period it
//! refers to and its source, so that the report prints them from data like every other number
//! and a reviewer can check each against its publication.

use crate::csv::Table;

/// (name, value, unit, period, source)
const CONSTANTS: [(&str, &str, &str, &str, &str); 10] = [
    ("afc_band2_starting_salary", "18005", "GBP a year", "2020/21", "NHS Employers, Agenda for Change pay scales 2020/21"),
    ("afc_band4_maximum_salary", "24157", "GBP a year", "2020/21", "NHS Employers, Agenda for Change pay scales 2020/21"),
    ("afc_coverage_share", "0.88", "share of NHS staff in England", "2021", "NHS Employers, as quoted in Untapped? (Nuffield Trust, 2021)"),
    ("all_nhs_staff_black_share", "0.06", "share of headcount", "March 2019", "NHS Digital workforce statistics by ethnicity, as quoted in Untapped? (Nuffield Trust, 2021)"),
    ("all_nhs_staff_lgbtq_share", "0.03", "share of headcount", "September 2018 to March 2019", "NHS Employers infographics, as quoted in Untapped? (Nuffield Trust, 2021)"),
    ("implementation_plan_support_staff_growth", "6090", "additional FTE by 2023/24", "2019/20 to 2023/24", "NHS England and NHS Improvement, NHS Mental Health Implementation Plan 2019/20-2023/24, Annex B"),
    ("national_lgbtq_share", "0.03", "share of the UK population", "2018", "Office for National Statistics, sexual orientation estimates 2018"),
    ("public_sector_sickness_rate_2016", "0.03", "share of working time", "2016", "Office for National Statistics, sickness absence in the labour market 2016"),
    ("uk_employed_working_age_disability_share", "0.19", "share of employed working-age adults", "2020", "Powell (2020), House of Commons Library"),
    ("working_age_population_aged_45_54_share", "0.21", "share of the working-age population", "2011", "Office for National Statistics, 2011 Census"),
];

/// The constants file.
pub fn table() -> Table {
    let mut t = Table::new(&["NAME", "VALUE", "UNIT", "PERIOD", "SOURCE"]);
    for (name, value, unit, period, source) in CONSTANTS {
        t.row(&[name, value, unit, period, source]);
    }
    t
}
