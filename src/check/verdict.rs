//! A build's checks, gathered: each check's record for `checks.json`, the warnings a build
//! prints, and the error that stops a build whose `error` checks failed.
//!
//! Records are in the order of the checks' names, so `checks.json` is the same for the same
//! outcomes. A failure's message names the check, its kind and severity, where it was
//! declared, the dataset or table and the files it was read from, and the first failing rows.

use std::collections::BTreeMap;

use anyhow::Result;
use serde::{Deserialize, Serialize};

use super::{CheckOutput, Outcome, Profile, previous};
use crate::config::Severity;
use crate::release::ReleaseChange;

/// `checks.json`.
pub(crate) const CHECKS: &str = "checks.json";

/// What became of one check in one build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The rule holds.
    Passed,
    /// The rule does not hold.
    Failed,
    /// The rule could not be run (no previous release declared).
    Skipped,
}

/// One check's entry in `checks.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckRecord {
    /// The check's name.
    pub name: String,
    /// Its kind (`grain`, `reconcile`, …).
    pub kind: String,
    /// `error` or `warn`.
    pub severity: Severity,
    /// The dataset or table checked (`dataset `turnover``).
    pub on: String,
    /// Where it was declared (`report.toml:40`).
    pub declared: String,
    /// The files the relation was read from (for a table, its datasets' files).
    pub files: Vec<String>,
    /// What became of it.
    pub status: Status,
    /// Rows read.
    pub rows: usize,
    /// Rows, groups or values that break the rule.
    pub failing: usize,
    /// What holds, or what does not.
    pub summary: String,
    /// The first failing rows, one line each.
    pub examples: Vec<String>,
    /// What the rule protects, as declared.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// Where one check stands before its outcome is known: what the pipeline knows of it.
pub(crate) struct Pending {
    /// The record, without its outcome yet.
    pub record: CheckRecord,
    /// The step's output.
    pub output: CheckOutput,
    /// The check as declared (a `previous_release` check is compared by it).
    pub config: crate::config::CheckConfig,
}

/// The previous release, as `previous_release` checks see it.
pub(crate) enum Previous {
    /// `release.toml` names none.
    None,
    /// Its name, this release's declared changes, and each check's profile of it.
    Release {
        /// The previous release's name.
        name: String,
        /// This release's `[[changes]]`.
        changes: Vec<ReleaseChange>,
        /// Each `previous_release` check's profile of the previous release, by check name.
        profiles: BTreeMap<String, Profile>,
    },
}

/// Settles each check's outcome: row rules as they ran, profiles compared with the previous
/// release's.
pub(crate) fn settle(pending: Vec<Pending>, previous: &Previous) -> Vec<CheckRecord> {
    let mut records: Vec<CheckRecord> = pending
        .into_iter()
        .map(
            |Pending {
                 mut record,
                 output,
                 config,
             }| {
                let outcome = match (output, previous) {
                    (CheckOutput::Outcome(outcome), _) => Some(outcome),
                    (CheckOutput::Profile(_), Previous::None) => None,
                    (
                        CheckOutput::Profile(now),
                        Previous::Release {
                            name,
                            changes,
                            profiles,
                        },
                    ) => profiles
                        .get(&record.name)
                        .map(|before| previous::compare(&config, &now, before, name, changes)),
                };
                match outcome {
                    Some(Outcome {
                        passed,
                        rows,
                        failing,
                        summary,
                        examples,
                    }) => {
                        record.status = if passed {
                            Status::Passed
                        } else {
                            Status::Failed
                        };
                        record.rows = rows;
                        record.failing = failing;
                        record.summary = summary;
                        record.examples = examples;
                    }
                    None => {
                        record.status = Status::Skipped;
                        record.summary = "skipped: this release's release.toml names no previous \
                                      release (`previous = \"../<folder>\"` under [release])"
                            .to_owned();
                    }
                }
                record
            },
        )
        .collect();
    records.sort_by(|a, b| a.name.cmp(&b.name));
    records
}

/// The build's error when any `error` check failed: every failure, in full.
pub(crate) fn stop(records: &[CheckRecord]) -> Result<()> {
    let failed: Vec<&CheckRecord> = records
        .iter()
        .filter(|r| r.status == Status::Failed && r.severity == Severity::Error)
        .collect();
    if failed.is_empty() {
        return Ok(());
    }
    let messages: Vec<String> = failed.iter().map(|r| message(r)).collect();
    anyhow::bail!(
        "{} failed, so nothing was published (the last good outputs are kept):\n\n{}",
        match failed.len() {
            1 => "a check".to_owned(),
            n => format!("{n} checks"),
        },
        messages.join("\n\n")
    )
}

/// The warnings a build prints: one message per failed `warn` check.
pub(crate) fn warnings(records: &[CheckRecord]) -> Vec<String> {
    records
        .iter()
        .filter(|r| r.status == Status::Failed && r.severity == Severity::Warn)
        .map(message)
        .collect()
}

/// A failed check, in full: what failed, where, and the first failing rows.
pub(crate) fn message(record: &CheckRecord) -> String {
    let mut text = format!(
        "{}: check `{}` ({}) failed on {}\n  declared at {}",
        record.severity.word(),
        record.name,
        record.kind,
        record.on,
        record.declared
    );
    if !record.files.is_empty() {
        text.push_str(&format!("\n  read from {}", shorten(&record.files)));
    }
    if !record.description.is_empty() {
        text.push_str(&format!("\n  it guards: {}", record.description));
    }
    text.push_str(&format!("\n  {}", record.summary));
    for example in &record.examples {
        text.push_str(&format!("\n    {example}"));
    }
    if record.failing > record.examples.len() && !record.examples.is_empty() {
        text.push_str(&format!(
            "\n    … and {} more",
            super::rules::many(record.failing - record.examples.len())
        ));
    }
    text
}

/// Up to three file names, then how many more.
fn shorten(files: &[String]) -> String {
    let shown: Vec<String> = files.iter().take(3).map(|f| format!("`{f}`")).collect();
    match files.len() {
        n if n > 3 => format!("{} and {} more files", shown.join(", "), n - 3),
        _ => shown.join(", "),
    }
}

/// `checks.json`: every record, by name.
pub(crate) fn json(records: &[CheckRecord]) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(records)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The records of a `checks.json` (empty for a build made before checks existed).
pub(crate) fn parse(bytes: Option<&[u8]>) -> Vec<CheckRecord> {
    bytes
        .and_then(|b| serde_json::from_slice(b).ok())
        .unwrap_or_default()
}
