//! Shared dimension vocabularies: staff groups, care settings, AfC bands, regions,
//! cluster groups and the MH-services flag, with index constants used everywhere.
//!
//! Every label here is written verbatim into the CSV files, so this module is the
//! single source of truth for the release's category spellings and their order.

/// HCHS staff groups (file 1, file 2, file 7), in output order.
pub(crate) const STAFF_GROUPS: [&str; 7] = [
    "Support to clinical staff",
    "Nurses & health visitors",
    "Midwives",
    "HCHS doctors",
    "Scientific, therapeutic & technical staff",
    "NHS infrastructure support",
    "Other staff",
];
pub(crate) const SUP: usize = 0;
pub(crate) const NUR: usize = 1;
pub(crate) const MID_W: usize = 2;
pub(crate) const DOC: usize = 3;
pub(crate) const STT: usize = 4;
pub(crate) const INF: usize = 5;

/// NHS Digital care settings (file 2), in output order.
pub(crate) const CARE_SETTINGS: [&str; 9] = [
    "Acute, elderly and general",
    "Community services",
    "Maternity",
    "Mental health",
    "Learning disabilities",
    "Paediatrics",
    "General practice",
    "Independent health care providers",
    "Other",
];
pub(crate) const AEG: usize = 0;
pub(crate) const COMS: usize = 1;
pub(crate) const MAT: usize = 2;
pub(crate) const MHS: usize = 3;
pub(crate) const LDS: usize = 4;
pub(crate) const PAED: usize = 5;
pub(crate) const GP: usize = 6;
pub(crate) const IND: usize = 7;
pub(crate) const OTHS: usize = 8;

/// True when a care setting counts as "Mental health" services (MH or LD).
pub(crate) fn is_mh_setting(s: usize) -> bool {
    s == MHS || s == LDS
}

/// MH-services flag values (index 0 = Mental health, 1 = Other HCHS).
pub(crate) const MH_SERVICES: [&str; 2] = ["Mental health", "Other HCHS"];

/// Agenda for Change bands; index 9 is "Non-AfC" (doctors).
pub(crate) const BANDS: [&str; 10] = [
    "Band 1", "Band 2", "Band 3", "Band 4", "Band 5", "Band 6", "Band 7", "Band 8", "Band 9",
    "Non-AfC",
];

/// The seven NHS England regions.
pub(crate) const REGIONS: [&str; 7] = [
    "London",
    "South East",
    "South West",
    "East of England",
    "Midlands",
    "North East and Yorkshire",
    "North West",
];
pub(crate) const LON: usize = 0;
pub(crate) const SE: usize = 1;
pub(crate) const SW: usize = 2;
pub(crate) const EOE: usize = 3;
pub(crate) const MID: usize = 4;
pub(crate) const NEY: usize = 5;
pub(crate) const NW: usize = 6;

/// Cluster groups (trust types).
pub(crate) const CLUSTERS: [&str; 4] = [
    "Acute",
    "Mental Health",
    "Community Provider Trust",
    "Ambulance",
];
pub(crate) const ACUTE: usize = 0;
pub(crate) const MHT: usize = 1;
pub(crate) const COMM: usize = 2;
pub(crate) const AMB: usize = 3;

/// Ten age bands used by files 4 and 8.
pub(crate) const AGE_BANDS: [&str; 10] = [
    "Under 25",
    "25-29",
    "30-34",
    "35-39",
    "40-44",
    "45-49",
    "50-54",
    "55-59",
    "60-64",
    "65 and over",
];

/// Broad ONS ethnic groups used by files 4 and 8.
pub(crate) const ETHNIC_GROUPS: [&str; 7] = [
    "White",
    "Mixed",
    "Asian or Asian British",
    "Black or Black British",
    "Chinese",
    "Any other ethnic group",
    "Not stated",
];
