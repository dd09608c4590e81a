//! `previous_release` checks: this release's rows measured and compared with the previous
//! release's.
//!
//! The check step measures its relation: the row count, the sum of each `totals` column and
//! the set of values of each `keys` column (a [`Profile`]). The pipeline runs the same step on
//! the release that `release.toml` names as `previous` (through the cache, so a release built
//! before costs nothing) and [`compare`]s the two. A key that disappears or appears is a
//! failure unless a `[[changes]]` entry of this release explains it (a merger, a rename);
//! a declared change the data do not show is a failure too, since the declaration is wrong.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Result, bail};
use polars::prelude::*;
use serde::{Deserialize, Serialize};

use super::Outcome;
use super::rules::{cell_text, counted, plain};
use crate::config::CheckConfig;
use crate::release::ReleaseChange;

/// What a `previous_release` check measures of one release.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Profile {
    /// Rows in the relation.
    pub rows: usize,
    /// Sum of each `totals` column.
    pub totals: BTreeMap<String, f64>,
    /// Distinct values of each `keys` column, sorted.
    pub keys: BTreeMap<String, Vec<String>>,
}

/// Measures `rows` for the check `config`.
pub(super) fn profile(config: &CheckConfig, rows: LazyFrame) -> Result<Profile> {
    let schema = rows
        .clone()
        .collect_schema()
        .map_err(|e| anyhow::anyhow!("{}", crate::table::polars_message(&e)))?;
    for name in config.keys.iter().chain(&config.totals) {
        if schema.get(name).is_none() {
            bail!("`{}` has no column `{name}`", config.on);
        }
    }
    let mut measures = vec![len().cast(DataType::UInt64).alias("__rows")];
    for total in &config.totals {
        measures.push(col(total.as_str()).cast(DataType::Float64).sum());
    }
    let sums = rows
        .clone()
        .select(measures)
        .collect()
        .map_err(|e| anyhow::anyhow!("{}", crate::table::polars_message(&e)))?;
    let count = sums.column("__rows")?.u64()?.get(0).unwrap_or(0) as usize;
    let mut totals = BTreeMap::new();
    for total in &config.totals {
        totals.insert(
            total.clone(),
            sums.column(total)?.f64()?.get(0).unwrap_or(0.0),
        );
    }
    let mut keys = BTreeMap::new();
    for key in &config.keys {
        let values = rows
            .clone()
            .select([col(key.as_str())])
            .unique(None, UniqueKeepStrategy::First)
            .collect()
            .map_err(|e| anyhow::anyhow!("{}", crate::table::polars_message(&e)))?;
        let set: BTreeSet<String> = values
            .column(key)?
            .as_materialized_series()
            .iter()
            .map(|v| cell_text(&v))
            .collect();
        keys.insert(key.clone(), set.into_iter().collect());
    }
    Ok(Profile {
        rows: count,
        totals,
        keys,
    })
}

/// Compares this release's profile (`now`) with the previous one's (`before`, of release
/// `previous`), explaining key changes by `changes`.
pub(crate) fn compare(
    config: &CheckConfig,
    now: &Profile,
    before: &Profile,
    previous: &str,
    changes: &[ReleaseChange],
) -> Outcome {
    let tolerance = config.tolerance;
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    let mut moved = |what: &str, old: f64, new: f64, problems: &mut Vec<String>| {
        let change = if old == 0.0 {
            if new == 0.0 { 0.0 } else { f64::INFINITY }
        } else {
            (new - old) / old.abs()
        };
        let shown = format!(
            "{what}: {} in {previous}, {} now ({})",
            plain(old),
            plain(new),
            percent(change)
        );
        match tolerance {
            Some(t) if change.abs() > t => problems.push(format!(
                "{shown}, more than the {} allowed",
                percent(t).trim_start_matches('+')
            )),
            _ => notes.push(shown),
        }
    };
    if tolerance.is_some() {
        moved("rows", before.rows as f64, now.rows as f64, &mut problems);
    }
    for (column, new) in &now.totals {
        let old = before.totals.get(column).copied().unwrap_or(0.0);
        moved(&format!("total `{column}`"), old, *new, &mut problems);
    }
    for (column, values) in &now.keys {
        let old: BTreeSet<&String> = before.keys.get(column).into_iter().flatten().collect();
        let new: BTreeSet<&String> = values.iter().collect();
        let declared: Vec<&ReleaseChange> =
            changes.iter().filter(|c| &c.column == column).collect();
        for gone in old.difference(&new) {
            match declared.iter().find(|c| &&c.from == gone) {
                Some(change) => {
                    notes.push(format!("`{column}` {gone} is gone: {}", explained(change)))
                }
                None => problems.push(format!(
                    "`{column}` {gone} is in {previous} but not in this release, and no \
                     `[[changes]]` entry of release.toml explains it"
                )),
            }
        }
        for came in new.difference(&old) {
            match declared.iter().find(|c| &&c.to == came) {
                Some(change) => {
                    notes.push(format!("`{column}` {came} is new: {}", explained(change)))
                }
                None => problems.push(format!(
                    "`{column}` {came} is new in this release (not in {previous}), and no \
                     `[[changes]]` entry of release.toml explains it"
                )),
            }
        }
        for change in &declared {
            if new.contains(&change.from) && old.contains(&change.from) {
                problems.push(format!(
                    "release.toml declares the {} of `{column}` {} into {}, but {} is still in \
                     the data",
                    change.kind, change.from, change.to, change.from
                ));
            }
        }
    }
    let compared = [
        tolerance.map(|_| "rows".to_owned()),
        (!config.totals.is_empty()).then(|| format!("totals of {}", config.totals.join(", "))),
        (!config.keys.is_empty()).then(|| format!("values of {}", config.keys.join(", "))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    if problems.is_empty() {
        // What moved and what the declared changes explain, recorded for the reviewer.
        return Outcome {
            passed: true,
            rows: now.rows,
            failing: 0,
            summary: format!("{compared} agree with {previous}"),
            examples: notes,
        };
    }
    Outcome {
        passed: false,
        rows: now.rows,
        failing: problems.len(),
        summary: format!(
            "{} from {previous} in the {compared}",
            counted(problems.len(), "difference", "differences")
        ),
        examples: problems,
    }
}

/// How a declared change explains a key: its note, or its kind and values.
fn explained(change: &ReleaseChange) -> String {
    if change.note.is_empty() {
        format!(
            "release.toml declares a {} of {} to {}",
            change.kind, change.from, change.to
        )
    } else {
        format!("release.toml declares a {}: {}", change.kind, change.note)
    }
}

/// A signed share as a percentage with one decimal: "+4.2%".
fn percent(share: f64) -> String {
    if share.is_infinite() {
        return "new".to_owned();
    }
    format!("{:+.1}%", share * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> CheckConfig {
        toml::from_str(
            "on = \"t\"\nkind = \"previous_release\"\nkeys = [\"org\"]\ntotals = [\"fte\"]\ntolerance = 0.5",
        )
        .expect("a check")
    }

    fn measured(orgs: &[&str], fte: &[f64]) -> Profile {
        let df = df!("org" => orgs, "fte" => fte).expect("a frame");
        profile(&config(), df.lazy()).expect("measures")
    }

    #[test]
    fn a_merger_explains_a_code_that_disappears_and_nothing_else_does() {
        let before = measured(&["A", "B", "C"], &[10.0, 10.0, 10.0]);
        let now = measured(&["A", "C"], &[15.0, 15.0]);
        let unexplained = compare(&config(), &now, &before, "2020-06", &[]);
        assert!(!unexplained.passed);
        assert!(unexplained.examples[0].contains("`org` B is in 2020-06"));
        let merger = ReleaseChange {
            kind: "merger".into(),
            column: "org".into(),
            from: "B".into(),
            to: "A".into(),
            note: String::new(),
        };
        let explained = compare(&config(), &now, &before, "2020-06", &[merger]);
        assert!(explained.passed, "{explained:?}");
    }

    #[test]
    fn totals_beyond_the_tolerance_fail() {
        let before = measured(&["A"], &[10.0]);
        let now = measured(&["A"], &[20.0]);
        let outcome = compare(&config(), &now, &before, "2020-06", &[]);
        assert_eq!(
            outcome.examples,
            ["total `fte`: 10 in 2020-06, 20 now (+100.0%), more than the 50.0% allowed"]
        );
    }
}
