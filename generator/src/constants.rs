//! `reference/published_constants.csv`: values the report quotes from other publications.
//!
//! These are not computed from workforce data: they are transcribed, each with the period it
//! refers to and its source, so that the report prints them from data like every other number
//! and a reviewer can check each against its publication.
//!
//! Rows are sorted by NAME.  Calibration decisions:
//! * Every type-E number of the catalogue (figures.md section 2b) with a numeric printed
//!   value is here (shares as fractions, money in GBP, years as numbers); values with no
//!   number ("more than half", "pay bands 1-4", "2016-20") are left to the text.
//! * Figure 8 (`implementation_plan_additional_staff_*`): only clinical support staff
//!   (6,090) is printed.  The total (27,460) is the Nuffield Trust staffing tracker's; nurses
//!   (4,220) is from press coverage of the plan; peer support workers (4,730) matches Health
//!   Education England (2020).  Psychological professions, doctors, AHPs and social workers
//!   are RECONSTRUCTED plausible values that make the groups sum to 27,460, and say so in
//!   SOURCE: replace them with Annex B Table 1 when it is transcribed.

use crate::csv::Table;

/// (name, value, unit, period, source)
const CONSTANTS: [(&str, &str, &str, &str, &str); 64] = [
    (
        "additional_people_mh_services",
        "2000000",
        "additional people receiving mental health services",
        "by 2023/24",
        "NHS England and NHS Improvement (2019c), NHS Mental Health Implementation Plan 2019/20-2023/24",
    ),
    (
        "afc_band2_starting_salary",
        "18005",
        "GBP a year",
        "2020/21",
        "NHS Employers, Agenda for Change pay scales 2020/21",
    ),
    (
        "afc_band4_maximum_salary",
        "24157",
        "GBP a year",
        "2020/21",
        "NHS Employers, Agenda for Change pay scales 2020/21",
    ),
    (
        "afc_coverage_share",
        "0.88",
        "share of NHS staff in England",
        "2021",
        "NHS Employers, as quoted in Untapped? (Nuffield Trust, 2021)",
    ),
    (
        "afc_high_cost_area_supplement_max_share",
        "0.20",
        "share of basic salary (Inner London, maximum)",
        "2020/21",
        "NHS Employers, Agenda for Change pay scales 2020/21 (high cost area supplements)",
    ),
    (
        "all_nhs_staff_black_share",
        "0.06",
        "share of headcount",
        "March 2019",
        "NHS Digital workforce statistics by ethnicity, as quoted in Untapped? (Nuffield Trust, 2021)",
    ),
    (
        "all_nhs_staff_lgbtq_share",
        "0.03",
        "share of headcount",
        "September 2018 to March 2019",
        "NHS Employers infographics, as quoted in Untapped? (Nuffield Trust, 2021)",
    ),
    (
        "apprenticeship_levy_internal_staff_share",
        "0.80",
        "share of apprenticeship levy NHS trusts intend to spend on internal staff",
        "2018",
        "BPP University (2018)",
    ),
    (
        "care_certificate_implemented_year",
        "2015",
        "year (April)",
        "April 2015",
        "Skills for Care, Skills for Health and Health Education England, the Care Certificate",
    ),
    (
        "care_certificate_standards",
        "15",
        "standards",
        "2015",
        "Skills for Care, Skills for Health and Health Education England, the Care Certificate",
    ),
    (
        "care_certificate_weeks_to_achieve",
        "12",
        "weeks",
        "2015",
        "Skills for Care, Skills for Health and Health Education England, the Care Certificate",
    ),
    (
        "clinical_psychology_trainees_former_assistant_psychologist_share",
        "0.68",
        "share of clinical psychology trainees who had worked as NHS assistant psychologists",
        "2020",
        "National Workforce Skills Development Unit (2020a)",
    ),
    (
        "clinical_psychology_trainees_former_hca_share",
        "0.57",
        "share of clinical psychology trainees who had worked as a health care assistant or support worker",
        "2020",
        "National Workforce Skills Development Unit (2020a)",
    ),
    (
        "code_of_conduct_hcsw_introduced_year",
        "2015",
        "year",
        "2015 (published 2013)",
        "Skills for Care and Skills for Health (2013), Code of Conduct for Healthcare Support Workers and Adult Social Care Workers in England",
    ),
    (
        "cpd_funding_per_person",
        "1000",
        "GBP per person over three years (nurses, midwives and AHPs)",
        "2020/21 to 2022/23",
        "NHS England and NHS Improvement (2020c), We are the NHS: People Plan 2020/21",
    ),
    (
        "flexible_working_day_one_right_year",
        "2021",
        "year (from September)",
        "September 2021",
        "NHS Employers (2021)",
    ),
    (
        "francis_minimum_training_knowledge_areas",
        "10",
        "areas of knowledge in proposed mandatory minimum training standards for HCAs",
        "2013",
        "Department of Health, following the Francis Inquiry (Francis, 2013)",
    ),
    (
        "gender_pay_gap_senior_managers_favour_men",
        "0.14",
        "median basic pay per FTE gap in favour of men, senior managers",
        "2020",
        "Appleby and others (2021), Nuffield Trust",
    ),
    (
        "gender_pay_gap_staff_groups_compared",
        "22",
        "main NHS staff groups compared",
        "2020",
        "Appleby and others (2021), Nuffield Trust",
    ),
    (
        "gender_pay_gap_support_doctors_nurses_midwives_favour_women",
        "0.02",
        "median basic pay per FTE higher for women than men",
        "2020",
        "Appleby and others (2021), Nuffield Trust",
    ),
    (
        "gender_pay_gap_support_stt_favour_women",
        "0.04",
        "median basic pay per FTE higher for women than men (support to scientific, therapeutic and technical staff)",
        "2020",
        "Appleby and others (2021), Nuffield Trust",
    ),
    (
        "general_practitioners_primary_care",
        "35416",
        "general practitioners in primary care",
        "2020",
        "NHS Digital (2020a), General and Personal Medical Services",
    ),
    (
        "hca_aspiring_nurse_share",
        "0.50",
        "share of HCAs surveyed who started out aspiring to become nurses",
        "2010",
        "Clover (2010)",
    ),
    (
        "hca_nurse_ambition_tenure_years",
        "10",
        "years in post after which HCAs' ambition to become nurses waned",
        "2010",
        "Clover (2010)",
    ),
    (
        "hca_turnover_health_care",
        "0.14",
        "annual staff turnover of HCAs and support workers in health care",
        "2013",
        "Cavendish (2013), The Cavendish Review",
    ),
    (
        "hca_turnover_social_care",
        "0.20",
        "annual staff turnover of care and support workers in social care",
        "2013",
        "Cavendish (2013), The Cavendish Review",
    ),
    (
        "hcsw_apprentice_achievements",
        "670",
        "HCSW apprentices who achieved (levy-paying employers)",
        "2018/19",
        "Department for Education (2019), apprenticeship levy statistics",
    ),
    (
        "hcsw_apprentice_starts",
        "2120",
        "HCSW apprenticeship starts supported by levy-paying employers",
        "2018/19",
        "Department for Education (2019), apprenticeship levy statistics",
    ),
    (
        "hcsw_apprentice_starts_bame_share",
        "0.24",
        "share of HCSW apprenticeship starters identifying as black, Asian and minority ethnic",
        "2018/19",
        "Department for Education (2019), apprenticeship levy statistics",
    ),
    (
        "hcsw_apprentice_starts_disabled_share",
        "0.17",
        "share of HCSW apprenticeship starters identifying as disabled",
        "2018/19",
        "Department for Education (2019), apprenticeship levy statistics",
    ),
    (
        "implementation_plan_additional_staff_allied_health_professionals",
        "2350",
        "additional staff by 2023/24",
        "2019/20 to 2023/24",
        "RECONSTRUCTED, plausible value (not transcribed; the report prints only clinical support staff 6,090): NHS England and NHS Improvement (2019c), NHS Mental Health Implementation Plan 2019/20-2023/24, Annex B Table 1",
    ),
    (
        "implementation_plan_additional_staff_clinical_support_staff",
        "6090",
        "additional staff by 2023/24 (includes other therapists not categorised elsewhere in the plan)",
        "2019/20 to 2023/24",
        "NHS England and NHS Improvement (2019c), NHS Mental Health Implementation Plan 2019/20-2023/24, Annex B Table 1",
    ),
    (
        "implementation_plan_additional_staff_doctors",
        "1700",
        "additional staff by 2023/24",
        "2019/20 to 2023/24",
        "RECONSTRUCTED, plausible value (not transcribed; the report prints only clinical support staff 6,090): NHS England and NHS Improvement (2019c), NHS Mental Health Implementation Plan 2019/20-2023/24, Annex B Table 1",
    ),
    (
        "implementation_plan_additional_staff_nurses",
        "4220",
        "additional staff by 2023/24",
        "2019/20 to 2023/24",
        "From press coverage of NHS England and NHS Improvement (2019c), NHS Mental Health Implementation Plan 2019/20-2023/24, Annex B Table 1 (additional nursing staff), not printed in Untapped?",
    ),
    (
        "implementation_plan_additional_staff_peer_support_workers",
        "4730",
        "additional staff by 2023/24",
        "2019/20 to 2023/24",
        "Matches Health Education England (2020) 4,730 additional peer support workers; NHS England and NHS Improvement (2019c), NHS Mental Health Implementation Plan 2019/20-2023/24, Annex B Table 1",
    ),
    (
        "implementation_plan_additional_staff_psychological_professions",
        "6470",
        "additional staff by 2023/24",
        "2019/20 to 2023/24",
        "RECONSTRUCTED, plausible value (not transcribed; the report prints only clinical support staff 6,090): NHS England and NHS Improvement (2019c), NHS Mental Health Implementation Plan 2019/20-2023/24, Annex B Table 1",
    ),
    (
        "implementation_plan_additional_staff_social_workers",
        "1900",
        "additional staff by 2023/24",
        "2019/20 to 2023/24",
        "RECONSTRUCTED, plausible value (not transcribed; the report prints only clinical support staff 6,090): NHS England and NHS Improvement (2019c), NHS Mental Health Implementation Plan 2019/20-2023/24, Annex B Table 1",
    ),
    (
        "implementation_plan_additional_staff_total",
        "27460",
        "additional staff by 2023/24",
        "2019/20 to 2023/24",
        "Nuffield Trust staffing tracker, total of NHS England and NHS Improvement (2019c), NHS Mental Health Implementation Plan 2019/20-2023/24, Annex B Table 1 (not printed in Untapped?)",
    ),
    (
        "implementation_plan_support_staff_growth",
        "6090",
        "additional FTE by 2023/24",
        "2019/20 to 2023/24",
        "NHS England and NHS Improvement, NHS Mental Health Implementation Plan 2019/20-2023/24, Annex B",
    ),
    (
        "mh_covid_demand_additional_cost",
        "3500000000",
        "GBP, additional costs to NHS trusts of new mental health demand",
        "2021/22 to 2023/24",
        "Thomas (2020)",
    ),
    (
        "mh_recovery_funding_2021",
        "500000000",
        "GBP, further funding for mental health services' Covid-19 recovery",
        "announced 27 March 2021",
        "Nuffield Trust press release for Untapped? (20 August 2021)",
    ),
    (
        "mh_ringfenced_investment_fund",
        "2300000000",
        "GBP a year in real terms (at least)",
        "by 2023/24",
        "NHS England and NHS Improvement (2019c), NHS Mental Health Implementation Plan 2019/20-2023/24",
    ),
    (
        "mh_sector_minority_ethnic_board_member_share",
        "0.119",
        "share of board members from minority ethnic groups, NHS mental health sector",
        "2019",
        "NHS England and NHS Improvement (2020b), NHS Workforce Race Equality Standard 2019 data analysis report",
    ),
    (
        "mh_trusts_disabled_board_member_share",
        "0.03",
        "share of board members who are disabled, mental health trusts",
        "2019",
        "NHS England and NHS Improvement (2020a), NHS Workforce Disability Equality Standard 2019 data analysis report",
    ),
    (
        "mh_trusts_disabled_staff_adequate_adjustments_share",
        "0.77",
        "share of disabled staff who felt their employer made adequate adjustments, mental health trusts",
        "2019",
        "NHS England and NHS Improvement (2020a), NHS Workforce Disability Equality Standard 2019 data analysis report",
    ),
    (
        "national_lgbtq_share",
        "0.03",
        "share of the UK population",
        "2018",
        "Office for National Statistics, sexual orientation estimates 2018",
    ),
    (
        "nhs_staff_absence_turnover_cost",
        "2400000000",
        "GBP a year",
        "2011",
        "NHS England and NHS Improvement (2011), as cited in Untapped?",
    ),
    (
        "nurse_degree_apprenticeship_funding_per_placement",
        "8300",
        "GBP per placement per year",
        "announced August 2020",
        "Government announcement, August 2020, as cited in Untapped?",
    ),
    (
        "peer_support_workers_additional",
        "4730",
        "additional peer support workers over the next five years",
        "2020/21 to 2024/25",
        "Health Education England (2020)",
    ),
    (
        "public_sector_sickness_rate_2016",
        "0.03",
        "share of working time",
        "2016",
        "Office for National Statistics, sickness absence in the labour market 2016",
    ),
    (
        "senior_hcsw_apprentice_achievements",
        "200",
        "senior HCSW apprentices who achieved (levy-paying employers)",
        "2018/19",
        "Department for Education (2019), apprenticeship levy statistics",
    ),
    (
        "senior_hcsw_apprentice_starts",
        "2740",
        "senior HCSW apprenticeship starts supported by levy-paying employers",
        "2018/19",
        "Department for Education (2019), apprenticeship levy statistics",
    ),
    (
        "senior_hcsw_apprentice_starts_bame_share",
        "0.14",
        "share of senior HCSW apprenticeship starters identifying as black, Asian and minority ethnic",
        "2018/19",
        "Department for Education (2019), apprenticeship levy statistics",
    ),
    (
        "senior_hcsw_apprentice_starts_disabled_share",
        "0.14",
        "share of senior HCSW apprenticeship starters identifying as disabled",
        "2018/19",
        "Department for Education (2019), apprenticeship levy statistics",
    ),
    (
        "uk_average_fulltime_salary",
        "38600",
        "GBP a year, full-time employee",
        "2020",
        "Office for National Statistics, Annual Survey of Hours and Earnings",
    ),
    (
        "uk_employed_working_age_disability_share",
        "0.19",
        "share of employed working-age adults",
        "2020",
        "Powell (2020), House of Commons Library",
    ),
    (
        "wales_hcsw_framework_mandatory_year",
        "2018",
        "year",
        "2018",
        "NHS Wales (2015), Skills and Career Development Framework for Healthcare Support Workers",
    ),
    (
        "work_life_balance_leavers",
        "56000",
        "people who left NHS employment citing work-life balance (more than)",
        "2011 to 2018",
        "NHS England and NHS Improvement (2020c), We are the NHS: People Plan 2020/21",
    ),
    (
        "working_age_population_aged_45_54_share",
        "0.21",
        "share of the working-age population",
        "2011",
        "Office for National Statistics, 2011 Census",
    ),
    (
        "ethnicity_pay_gap_managers",
        "0.079",
        "median basic pay per FTE gap in favour of White staff (negative: in favour of ethnic minority staff)",
        "2020",
        "RECONSTRUCTED, plausible value (Figure 25's values are not in the extracted text; consistent with its statements: a gap in favour of White staff for support staff, smaller than for nurses and managers, reversed for midwives): Appleby and others (2021), Nuffield Trust",
    ),
    (
        "ethnicity_pay_gap_midwives",
        "-0.021",
        "median basic pay per FTE gap in favour of White staff (negative: in favour of ethnic minority staff)",
        "2020",
        "RECONSTRUCTED, plausible value (Figure 25's values are not in the extracted text; consistent with its statements: a gap in favour of White staff for support staff, smaller than for nurses and managers, reversed for midwives): Appleby and others (2021), Nuffield Trust",
    ),
    (
        "ethnicity_pay_gap_nurses_health_visitors",
        "0.054",
        "median basic pay per FTE gap in favour of White staff (negative: in favour of ethnic minority staff)",
        "2020",
        "RECONSTRUCTED, plausible value (Figure 25's values are not in the extracted text; consistent with its statements: a gap in favour of White staff for support staff, smaller than for nurses and managers, reversed for midwives): Appleby and others (2021), Nuffield Trust",
    ),
    (
        "ethnicity_pay_gap_senior_managers",
        "0.063",
        "median basic pay per FTE gap in favour of White staff (negative: in favour of ethnic minority staff)",
        "2020",
        "RECONSTRUCTED, plausible value (Figure 25's values are not in the extracted text; consistent with its statements: a gap in favour of White staff for support staff, smaller than for nurses and managers, reversed for midwives): Appleby and others (2021), Nuffield Trust",
    ),
    (
        "ethnicity_pay_gap_support_doctors_nurses_midwives",
        "0.018",
        "median basic pay per FTE gap in favour of White staff (negative: in favour of ethnic minority staff)",
        "2020",
        "RECONSTRUCTED, plausible value (Figure 25's values are not in the extracted text; consistent with its statements: a gap in favour of White staff for support staff, smaller than for nurses and managers, reversed for midwives): Appleby and others (2021), Nuffield Trust",
    ),
];

/// The constants file.
pub(crate) fn table() -> Table {
    let mut t = Table::new(&["NAME", "VALUE", "UNIT", "PERIOD", "SOURCE"]);
    // Written in NAME order whatever the order of the source list.
    let mut rows = CONSTANTS;
    rows.sort_by_key(|row| row.0);
    for (name, value, unit, period, source) in rows {
        t.row(&[name, value, unit, period, source]);
    }
    t
}
