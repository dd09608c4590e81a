//! `[checks.<name>]` and a table's `disclosure`: the declarations that guard what a report
//! may publish, exactly as written.
//!
//! A check is one flat table whose `kind` says which of its fields apply; [`crate::check`]
//! resolves it and refuses fields its kind does not read, so a misplaced `min` is an error, not
//! a rule silently never applied.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `[checks.<name>]`: a rule a dataset or table must satisfy on every build.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// The dataset or table checked.
    pub on: String,
    /// The rule.
    pub kind: CheckKind,
    /// `error` stops the build before any output is replaced; `warn` is reported and recorded.
    #[serde(default)]
    pub severity: Severity,
    /// What the rule protects, in a statistician's words (shown with a failure).
    #[serde(default)]
    pub description: String,
    /// `grain`, `not_null`: the columns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// `accepted_values`, `range`, `reconcile`, `periods`: the column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// `accepted_values`: the values the column may hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<toml::Value>,
    /// `range`: the least value allowed (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// `range`: the greatest value allowed (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// `reconcile`: the columns that group rows into one sum each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by: Vec<String>,
    /// `reconcile`: the row of each group that holds the total (`{ STAFF_GROUP = "All" }`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub total: BTreeMap<String, toml::Value>,
    /// `reconcile` across columns: `column` must equal the sum of these columns in every row
    /// (instead of `total`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sum_of: Vec<String>,
    /// `reconcile`: the rows that are its parts (default: every other row of the group).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parts: BTreeMap<String, toml::Value>,
    /// `reconcile`: how far the parts may be from the total, as a share of it; `previous_release`:
    /// how far row counts and totals may move.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
    /// `previous_release`: columns whose sets of values are compared (organisations, staff
    /// groups).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
    /// `previous_release`: columns whose sums are compared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub totals: Vec<String>,
    /// `periods`: `one` (exactly one period) or `monthly` (no month missing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<PeriodExpectation>,
}

/// The rule kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// The columns identify a row: no two rows share them, and none is empty.
    Grain,
    /// The columns are never empty.
    NotNull,
    /// The column holds only the listed values.
    AcceptedValues,
    /// The column's values lie between `min` and `max`.
    Range,
    /// Within each group, the parts add up to the total.
    Reconcile,
    /// Row counts, totals and key sets are close to the previous release's.
    PreviousRelease,
    /// The periods are as expected: exactly one, or every month present.
    Periods,
}

impl CheckKind {
    /// The name written in `kind = "…"`.
    pub fn name(self) -> &'static str {
        match self {
            CheckKind::Grain => "grain",
            CheckKind::NotNull => "not_null",
            CheckKind::AcceptedValues => "accepted_values",
            CheckKind::Range => "range",
            CheckKind::Reconcile => "reconcile",
            CheckKind::PreviousRelease => "previous_release",
            CheckKind::Periods => "periods",
        }
    }
}

/// What a failed check does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the build; nothing is published.
    #[default]
    Error,
    /// Reported on every build and recorded in `checks.json`.
    Warn,
}

/// What a `periods` check expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodExpectation {
    /// Exactly one distinct period.
    One,
    /// Every month between the first and the last is present.
    Monthly,
}

/// A table's `disclosure`: how its counts of people are protected before anything is
/// published, or why they need no protection.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DisclosureConfig {
    /// Why the table needs no control ("national totals", "full-time equivalents, not
    /// people"); a table with a reason declares nothing else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exempt: Option<String>,
    /// Columns counting people: values from 1 to `suppress_below - 1` become `[c]`, every
    /// other value is rounded to the nearest `round_to`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counts: Vec<String>,
    /// Rates recomputed from the protected counts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rates: Vec<RateConfig>,
    /// Numeric columns that do not describe people (counts of trusts, codes, orders).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_people: Vec<String>,
    /// Rows left as they are (national totals): `{ level = "England" }`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub exempt_rows: BTreeMap<String, toml::Value>,
    /// The smallest count published (default 8: 1 to 7 are suppressed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppress_below: Option<f64>,
    /// The rounding base of published counts (default 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round_to: Option<f64>,
}

/// A rate computed from two protected counts.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RateConfig {
    /// The rate's column.
    pub column: String,
    /// The count it divides.
    pub numerator: String,
    /// The count it divides by.
    pub denominator: String,
}

/// A dataset's `disclosure`: the columns that count people below national level.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DatasetDisclosure {
    /// Columns counting people (headcounts, joiners, leavers). Every table reading the dataset,
    /// directly or through other tables, must declare its own `disclosure`.
    pub people: Vec<String>,
}
