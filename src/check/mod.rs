//! The check step: a declared rule run over a dataset's or table's rows on every build.
//!
//! A check reads one relation and produces an [`Outcome`]: passed or not, how many rows or
//! groups fail, and the first of them, written so a statistician can act on them. Outcomes are
//! cached like any output, so a no-op build reports its warnings again without reading a row.
//! `previous_release` checks produce a [`Profile`] of the relation instead (row count, totals,
//! sets of keys); the pipeline compares it with the same check's profile of the previous
//! release ([`previous`]). [`verdict`] gathers every outcome of a build: `checks.json`, the
//! warnings printed, and the error that stops a build whose `error` checks failed.

pub(crate) mod previous;
mod rules;
pub(crate) mod verdict;

use anyhow::{Context, Result, bail};
use polars::prelude::LazyFrame;
use serde::{Deserialize, Serialize};

use crate::cache::Artifacts;
use crate::config::{CheckConfig, CheckKind, Declared, Origin, Severity};

pub(crate) use previous::Profile;
pub(crate) use rules::{cell_text, describe_rows, many, plain};

/// A resolved check: its declaration, validated for its kind.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CheckSpec {
    /// The declaration as written.
    pub config: CheckConfig,
    /// Where it was declared (messages name it).
    #[serde(skip)]
    pub origin: Origin,
}

/// What a row rule found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Outcome {
    /// Whether the rule holds.
    pub passed: bool,
    /// How many rows the rule read.
    pub rows: usize,
    /// How many rows (or groups, or values) break it.
    pub failing: usize,
    /// One sentence: what holds, or what does not.
    pub summary: String,
    /// The first failing rows, groups or values, one line each.
    pub examples: Vec<String>,
}

/// What a check step produces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) enum CheckOutput {
    /// A rule over this build's rows.
    Outcome(Outcome),
    /// The measurements a `previous_release` check compares between releases.
    Profile(Profile),
}

/// The artifact holding a check's output.
const OUTPUT: &str = "check.json";

/// How many failing rows a message shows.
pub(crate) const EXAMPLES: usize = 5;

impl CheckOutput {
    /// The output as cache artifacts.
    pub(crate) fn encode(&self) -> Result<Artifacts> {
        Ok(Artifacts::from([(
            OUTPUT.to_owned(),
            serde_json::to_vec_pretty(self)?,
        )]))
    }

    /// The output back from cache artifacts.
    pub(crate) fn decode(artifacts: &Artifacts) -> Result<CheckOutput> {
        let bytes = artifacts
            .get(OUTPUT)
            .context("a cached check has no outcome")?;
        serde_json::from_slice(bytes).context("a cached check's outcome does not parse")
    }
}

/// Validates a check's declaration: the fields its kind needs are there and no other.
pub(crate) fn resolve(name: &str, declared: &Declared<CheckConfig>) -> Result<CheckSpec> {
    let config = &declared.value;
    let origin = &declared.origin;
    let kind = config.kind.name();
    let given: Vec<(&str, bool)> = vec![
        ("columns", !config.columns.is_empty()),
        ("column", config.column.is_some()),
        ("values", !config.values.is_empty()),
        ("min", config.min.is_some()),
        ("max", config.max.is_some()),
        ("by", !config.by.is_empty()),
        ("total", !config.total.is_empty()),
        ("parts", !config.parts.is_empty()),
        ("sum_of", !config.sum_of.is_empty()),
        ("tolerance", config.tolerance.is_some()),
        ("keys", !config.keys.is_empty()),
        ("totals", !config.totals.is_empty()),
        ("expect", config.expect.is_some()),
    ];
    let (required, optional): (&[&str], &[&str]) = match config.kind {
        CheckKind::Grain | CheckKind::NotNull => (&["columns"], &[]),
        CheckKind::AcceptedValues => (&["column", "values"], &[]),
        CheckKind::Range => (&["column"], &["min", "max"]),
        CheckKind::Reconcile if !config.sum_of.is_empty() => {
            (&["column", "sum_of"], &["tolerance"])
        }
        CheckKind::Reconcile => (&["column", "total"], &["by", "parts", "tolerance"]),
        CheckKind::PreviousRelease => (&[], &["keys", "totals", "tolerance"]),
        CheckKind::Periods => (&["column", "expect"], &[]),
    };
    for (field, present) in &given {
        if *present && !required.contains(field) && !optional.contains(field) {
            bail!("{origin}: check `{name}`: a `{kind}` check does not use `{field}`");
        }
        if !*present && required.contains(field) {
            bail!("{origin}: check `{name}`: a `{kind}` check needs `{field}`");
        }
    }
    let finite = |field: &str, value: Option<f64>| match value {
        Some(v) if !v.is_finite() => bail!("{origin}: check `{name}`: `{field}` must be a number"),
        _ => Ok(()),
    };
    finite("min", config.min)?;
    finite("max", config.max)?;
    finite("tolerance", config.tolerance)?;
    if let (Some(min), Some(max)) = (config.min, config.max)
        && min > max
    {
        bail!("{origin}: check `{name}`: `min` ({min}) is above `max` ({max})");
    }
    if config.kind == CheckKind::Range && config.min.is_none() && config.max.is_none() {
        bail!("{origin}: check `{name}`: a `range` check needs `min`, `max` or both");
    }
    if config.tolerance.is_some_and(|t| t < 0.0) {
        bail!("{origin}: check `{name}`: `tolerance` is a share, 0 or more (0.01 is 1%)");
    }
    if config.kind == CheckKind::PreviousRelease
        && config.keys.is_empty()
        && config.totals.is_empty()
        && config.tolerance.is_none()
    {
        bail!(
            "{origin}: check `{name}`: a `previous_release` check compares `keys`, `totals` or \
             the row count (with `tolerance`); declare at least one"
        );
    }
    Ok(CheckSpec {
        config: config.clone(),
        origin: origin.clone(),
    })
}

/// Runs a check over `rows`, the rows of the relation it is declared on.
pub(crate) fn run(spec: &CheckSpec, rows: LazyFrame) -> Result<CheckOutput> {
    let config = &spec.config;
    Ok(match config.kind {
        CheckKind::PreviousRelease => CheckOutput::Profile(previous::profile(config, rows)?),
        _ => CheckOutput::Outcome(rules::evaluate(config, rows)?),
    })
}

impl Severity {
    /// `error` or `warning`, as messages say it.
    pub(crate) fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warn => "warning",
        }
    }
}
