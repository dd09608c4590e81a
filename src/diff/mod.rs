//! `rapport diff`: everything that changed between two builds of a report, for reviewers.
//!
//! A build is read from its output folder (`out/<report>/`, with its `manifest.json`). The
//! comparison covers the printed numbers (with the sentence each is printed in), every cell of
//! every computed table, every figure (its rendering and the data it plots) and the text of
//! the PDF. [`html`] turns it into a review page and [`markdown`] into a short summary.

pub(crate) mod cells;
pub(crate) mod html;
pub(crate) mod markdown;
pub(crate) mod pixels;
pub(crate) mod show;
pub(crate) mod sides;

use std::path::Path;

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::check::verdict::{self, CheckRecord, Status};
use crate::document::sentences::Sentence;
use crate::number::{NumberValue, Qualifier};
use crate::output::{Manifest, OutputFolder, layout};
use cells::{CellDiff, Csv};

/// One side of a comparison: a finished build's output folder.
#[derive(Debug, Clone)]
pub(crate) struct BuildOutput {
    /// What the user called it (`data/2020-06`, `HEAD~1`, a folder).
    pub label: String,
    /// The output folder.
    pub folder: OutputFolder,
    /// The manifest the build wrote.
    pub manifest: Manifest,
    /// The plan it was built from, when it was built here (its numbers can be explained).
    pub plan: Option<crate::plan::Plan>,
}

impl BuildOutput {
    /// Opens the output folder of a finished build.
    pub(crate) fn open(label: &str, dir: &Path) -> Result<Self> {
        let (folder, manifest) = OutputFolder::open(dir)?;
        Ok(Self {
            label: label.to_owned(),
            folder,
            manifest,
            plan: None,
        })
    }

    /// The same, built here from `plan`: its numbers can be explained.
    pub(crate) fn built(label: &str, plan: crate::plan::Plan) -> Result<Self> {
        let mut output = Self::open(label, &plan.layout.out_dir)?;
        output.plan = Some(plan);
        Ok(output)
    }

    fn read(&self, rel: &str) -> Result<Vec<u8>> {
        self.folder.read(rel)
    }

    fn has(&self, rel: &str) -> bool {
        self.manifest.outputs.contains_key(rel)
    }

    /// The names of the tables this build published.
    fn tables(&self) -> Vec<String> {
        layout::tables(self.manifest.outputs.keys())
    }

    /// The names of the figures this build published.
    fn figures(&self) -> Vec<String> {
        layout::figures(self.manifest.outputs.keys())
    }

    fn csv(&self, rel: &str) -> Result<Csv> {
        Csv::parse(&self.read(rel)?)
            .with_context(|| format!("in {}", self.folder.path(rel).display()))
    }
}

/// Whether a table or figure was added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ChangeStatus {
    /// Only in the new build.
    Added,
    /// Only in the old build.
    Removed,
    /// In both, different.
    Changed,
}

impl std::fmt::Display for ChangeStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ChangeStatus::Added => "added",
            ChangeStatus::Removed => "removed",
            ChangeStatus::Changed => "changed",
        })
    }
}

/// How a number changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum NumberStatus {
    /// Prints differently.
    Changed,
    /// Same print, different unrounded value.
    Moved,
    /// Only in the new build.
    Added,
    /// Only in the old build.
    Removed,
}

/// One number that differs.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NumberChange {
    /// Declared name.
    pub name: String,
    /// How it changed.
    pub status: NumberStatus,
    /// What it measures.
    pub description: String,
    /// Old value.
    pub before: Option<NumberValue>,
    /// New value.
    pub after: Option<NumberValue>,
    /// Change in the unrounded value.
    pub delta: Option<f64>,
    /// Relative change in the unrounded value.
    pub relative: Option<f64>,
    /// Where it is printed (in the new build, or the old one if removed).
    pub sentences: Vec<Sentence>,
    /// Its trail in the new build (`rapport explain`), when that build was made here.
    pub explanation: Option<String>,
}

/// A claim as `claims.json` publishes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ClaimRecord {
    /// The words printed.
    pub text: String,
    /// `worded` or `asserted`.
    pub mode: String,
    /// Whether the data bear the words out.
    pub holds: bool,
    /// What the claim says, as declared.
    #[serde(default)]
    pub description: String,
    /// The values it was decided on.
    #[serde(default)]
    pub values: Vec<String>,
    /// The sentences it is printed in.
    #[serde(default)]
    pub sentences: Vec<Sentence>,
}

/// A claim whose words or truth changed between the two builds.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ClaimChange {
    /// The claim's name.
    pub name: String,
    /// `reworded`, `added` or `removed` (an asserted claim that became false stops its build,
    /// so it never reaches a comparison).
    pub news: &'static str,
    /// Its record in the old build.
    pub before: Option<ClaimRecord>,
    /// Its record in the new build.
    pub after: Option<ClaimRecord>,
}

/// What became of one check between the two builds.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CheckChange {
    /// The check's name.
    pub name: String,
    /// `new failure`, `still failing`, `fixed`, `added`, `removed` or `changed`.
    pub news: &'static str,
    /// Its record in the old build.
    pub before: Option<CheckRecord>,
    /// Its record in the new build.
    pub after: Option<CheckRecord>,
}

/// One table or figure data file that differs.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TableChange {
    /// Table or figure name.
    pub name: String,
    /// Added, removed or changed.
    pub status: ChangeStatus,
    /// The cells.
    pub diff: CellDiff,
}

/// One figure that differs.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FigureChange {
    /// Figure name.
    pub name: String,
    /// Added, removed or changed.
    pub status: ChangeStatus,
    /// Old rendering (PNG).
    #[serde(skip)]
    pub before_png: Option<Vec<u8>>,
    /// New rendering (PNG).
    #[serde(skip)]
    pub after_png: Option<Vec<u8>>,
    /// Difference image (PNG), when both exist at the same size.
    #[serde(skip)]
    pub difference_png: Option<Vec<u8>>,
    /// Share of pixels that differ.
    pub changed_pixels: Option<f64>,
    /// The plotted data that moved.
    pub data: Option<CellDiff>,
}

/// A run of changed lines in the PDF text.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TextHunk {
    /// The page the hunk starts on in the new build.
    pub page: usize,
    /// Lines removed.
    pub removed: Vec<String>,
    /// Lines added.
    pub added: Vec<String>,
}

/// Names of the things that did not change.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Unchanged {
    /// Numbers.
    pub numbers: Vec<String>,
    /// Tables.
    pub tables: Vec<String>,
    /// Figures.
    pub figures: Vec<String>,
}

/// Everything that differs between two builds.
#[derive(Debug, Clone)]
pub(crate) struct Comparison {
    /// The old build.
    pub before: BuildOutput,
    /// The new build.
    pub after: BuildOutput,
    /// Numbers that differ, changed prints first, then by size of the relative change.
    pub numbers: Vec<NumberChange>,
    /// Tables that differ.
    pub tables: Vec<TableChange>,
    /// Figures that differ.
    pub figures: Vec<FigureChange>,
    /// Changed text of the PDF.
    pub text: Vec<TextHunk>,
    /// Checks whose outcome changed or that fail, new failures first.
    pub checks: Vec<CheckChange>,
    /// Checks that passed in both builds.
    pub checks_passing: usize,
    /// Claims whose words changed, or that were added or removed.
    pub claims: Vec<ClaimChange>,
    /// Output files whose bytes differ (including ones listed above).
    pub files_changed: Vec<String>,
    /// What stayed the same.
    pub unchanged: Unchanged,
}

impl Comparison {
    /// Did any output change?
    pub(crate) fn has_changes(&self) -> bool {
        !self.files_changed.is_empty()
    }

    /// Numbers with a given status.
    pub(crate) fn numbers_with(&self, status: NumberStatus) -> impl Iterator<Item = &NumberChange> {
        self.numbers.iter().filter(move |n| n.status == status)
    }
}

/// Compares two finished builds.
pub(crate) fn compare(before: BuildOutput, after: BuildOutput) -> Result<Comparison> {
    let files_changed = changed_files(&before.manifest, &after.manifest);
    let (numbers, unchanged_numbers) = compare_numbers(&before, &after)?;
    let (tables, unchanged_tables) = compare_tables(&before, &after)?;
    let (figures, unchanged_figures) = compare_figures(&before, &after)?;
    let text = compare_text(&before, &after)?;
    let (checks, checks_passing) = compare_checks(&before, &after);
    let claims = compare_claims(&before, &after);
    let mut numbers = numbers;
    explain_numbers(&after, &mut numbers)?;
    Ok(Comparison {
        numbers,
        tables,
        figures,
        text,
        checks,
        checks_passing,
        claims,
        files_changed,
        unchanged: Unchanged {
            numbers: unchanged_numbers,
            tables: unchanged_tables,
            figures: unchanged_figures,
        },
        before,
        after,
    })
}

/// The claims whose printed words changed, or that only one build has.
fn compare_claims(before: &BuildOutput, after: &BuildOutput) -> Vec<ClaimChange> {
    let read = |b: &BuildOutput| -> std::collections::BTreeMap<String, ClaimRecord> {
        b.read(crate::output::CLAIMS)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    };
    let (old, new) = (read(before), read(after));
    let mut names: Vec<&String> = old.keys().chain(new.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| {
            let (a, b) = (old.get(name), new.get(name));
            let news = match (a, b) {
                (None, Some(_)) => "added",
                (Some(_), None) => "removed",
                (Some(x), Some(y)) if x.text != y.text || x.holds != y.holds => "reworded",
                _ => return None,
            };
            Some(ClaimChange {
                name: name.clone(),
                news,
                before: a.cloned(),
                after: b.cloned(),
            })
        })
        .collect()
}

/// Each changed number's trail in the new build, when it was built here.
fn explain_numbers(after: &BuildOutput, numbers: &mut [NumberChange]) -> Result<()> {
    let Some(plan) = &after.plan else {
        return Ok(());
    };
    let cache = crate::cache::Cache::new(&plan.layout.cache_dir);
    let tracer = crate::explain::Tracer::new(plan, &cache)?;
    for number in numbers.iter_mut().filter(|n| n.after.is_some()) {
        number.explanation = Some(
            tracer
                .trail(&after.folder, &number.name)
                .unwrap_or_else(|e| format!("no explanation: {e:#}")),
        );
    }
    Ok(())
}

/// The checks whose outcome differs between the builds or that fail in the new one, new
/// failures first; and how many passed in both.
fn compare_checks(before: &BuildOutput, after: &BuildOutput) -> (Vec<CheckChange>, usize) {
    let read = |b: &BuildOutput| -> std::collections::BTreeMap<String, CheckRecord> {
        verdict::parse(b.read(verdict::CHECKS).ok().as_deref())
            .into_iter()
            .map(|r| (r.name.clone(), r))
            .collect()
    };
    let (old, new) = (read(before), read(after));
    let mut names: Vec<&String> = old.keys().chain(new.keys()).collect();
    names.sort();
    names.dedup();
    let mut changes = Vec::new();
    let mut passing = 0;
    for name in names {
        let (a, b) = (old.get(name), new.get(name));
        let failed = |r: Option<&CheckRecord>| r.is_some_and(|r| r.status == Status::Failed);
        let news = match (a, b) {
            (None, Some(_)) => "added",
            (Some(_), None) => "removed",
            _ if failed(b) && !failed(a) => "new failure",
            _ if failed(b) => "still failing",
            _ if failed(a) => "fixed",
            (Some(x), Some(y)) if x.status != y.status || x.summary != y.summary => "changed",
            _ => {
                passing += 1;
                continue;
            }
        };
        changes.push(CheckChange {
            name: name.clone(),
            news,
            before: a.cloned(),
            after: b.cloned(),
        });
    }
    let rank = |news: &str| match news {
        "new failure" => 0,
        "still failing" => 1,
        "fixed" => 2,
        _ => 3,
    };
    changes.sort_by_key(|c| (rank(c.news), c.name.clone()));
    (changes, passing)
}

fn changed_files(before: &Manifest, after: &Manifest) -> Vec<String> {
    let mut names: Vec<String> = before
        .outputs
        .keys()
        .chain(after.outputs.keys())
        .filter(|k| before.outputs.get(*k) != after.outputs.get(*k))
        .cloned()
        .collect();
    names.sort();
    names.dedup();
    names
}

fn compare_numbers(
    before: &BuildOutput,
    after: &BuildOutput,
) -> Result<(Vec<NumberChange>, Vec<String>)> {
    let (old, new) = (before.folder.numbers()?, after.folder.numbers()?);
    let (old_text, new_text) = (before.folder.sentences()?, after.folder.sentences()?);
    let (both, added, removed) = cells::split_names(old.keys(), new.keys());
    let mut changes = Vec::new();
    let mut unchanged = Vec::new();
    for name in both {
        let (a, b) = (&old[&name], &new[&name]);
        let old_words = qualifiers(old_text.get(&name));
        let new_words = qualifiers(new_text.get(&name));
        let status = if a.formatted != b.formatted || old_words != new_words {
            NumberStatus::Changed
        } else if a.raw != b.raw {
            NumberStatus::Moved
        } else {
            unchanged.push(name);
            continue;
        };
        changes.push(NumberChange {
            description: b.description.clone(),
            status,
            delta: Some(b.raw - a.raw),
            relative: (a.raw != 0.0).then(|| (b.raw - a.raw) / a.raw.abs()),
            sentences: new_text.get(&name).cloned().unwrap_or_default(),
            explanation: None,
            before: Some(a.clone()),
            after: Some(b.clone()),
            name,
        });
    }
    for (names, status, values, text) in [
        (added, NumberStatus::Added, &new, &new_text),
        (removed, NumberStatus::Removed, &old, &old_text),
    ] {
        for name in names {
            let value = values[&name].clone();
            let is_new = status == NumberStatus::Added;
            changes.push(NumberChange {
                description: value.description.clone(),
                status,
                before: (!is_new).then(|| value.clone()),
                after: is_new.then_some(value),
                delta: None,
                relative: None,
                sentences: text.get(&name).cloned().unwrap_or_default(),
                explanation: None,
                name,
            });
        }
    }
    changes.sort_by(|a, b| {
        let size = |n: &NumberChange| n.relative.map_or(f64::INFINITY, f64::abs);
        (a.status as u8)
            .cmp(&(b.status as u8))
            .then(size(b).total_cmp(&size(a)))
            .then(a.name.cmp(&b.name))
    });
    Ok((changes, unchanged))
}

/// The rounding qualifier printed just before each use of a number.
fn qualifiers(sentences: Option<&Vec<Sentence>>) -> Vec<Qualifier> {
    sentences
        .into_iter()
        .flatten()
        .filter_map(|s| Qualifier::printed_before(&s.before))
        .collect()
}

fn compare_tables(
    before: &BuildOutput,
    after: &BuildOutput,
) -> Result<(Vec<TableChange>, Vec<String>)> {
    let mut changes = Vec::new();
    let mut unchanged = Vec::new();
    let (both, added, removed) = cells::split_names(&before.tables(), &after.tables());
    for name in both {
        let rel = layout::table(&name);
        if before.manifest.outputs[&rel] == after.manifest.outputs[&rel] {
            unchanged.push(name);
            continue;
        }
        let diff = cells::compare(&before.csv(&rel)?, &after.csv(&rel)?);
        changes.push(TableChange {
            name,
            status: ChangeStatus::Changed,
            diff,
        });
    }
    for (names, status, side) in [
        (added, ChangeStatus::Added, after),
        (removed, ChangeStatus::Removed, before),
    ] {
        for name in names {
            let table = side.csv(&layout::table(&name))?;
            let empty = Csv {
                header: table.header.clone(),
                rows: Vec::new(),
            };
            let diff = if status == ChangeStatus::Added {
                cells::compare(&empty, &table)
            } else {
                cells::compare(&table, &empty)
            };
            changes.push(TableChange { name, status, diff });
        }
    }
    Ok((changes, unchanged))
}

fn compare_figures(
    before: &BuildOutput,
    after: &BuildOutput,
) -> Result<(Vec<FigureChange>, Vec<String>)> {
    let mut changes = Vec::new();
    let mut unchanged = Vec::new();
    let (both, added, removed) = cells::split_names(&before.figures(), &after.figures());
    let png = |side: &BuildOutput, name: &str| -> Result<Option<Vec<u8>>> {
        let rel = layout::figure_png(name);
        side.has(&rel).then(|| side.read(&rel)).transpose()
    };
    let same = |rel: &str| before.manifest.outputs.get(rel) == after.manifest.outputs.get(rel);
    let (same_figures, differing): (Vec<String>, Vec<String>) = both
        .into_iter()
        .partition(|name| same(&layout::figure_svg(name)) && same(&layout::figure_data(name)));
    unchanged.extend(same_figures);
    // Decoding, comparing and encoding the renderings is the slow part: one figure per thread.
    let compared: Vec<Result<FigureChange>> = differing
        .into_par_iter()
        .map(|name| {
            let data = layout::figure_data(&name);
            let (old_png, new_png) = (png(before, &name)?, png(after, &name)?);
            let pixels = match (&old_png, &new_png) {
                (Some(a), Some(b)) => pixels::compare(a, b)?,
                _ => None,
            };
            let data = if before.has(&data) && after.has(&data) && !same(&data) {
                Some(cells::compare(&before.csv(&data)?, &after.csv(&data)?))
            } else {
                None
            };
            Ok(FigureChange {
                name,
                status: ChangeStatus::Changed,
                changed_pixels: pixels.as_ref().map(|p| p.changed as f64 / p.total as f64),
                difference_png: pixels.map(|p| p.png),
                before_png: old_png,
                after_png: new_png,
                data,
            })
        })
        .collect();
    for change in compared {
        changes.push(change?);
    }
    for name in added {
        changes.push(FigureChange {
            before_png: None,
            after_png: png(after, &name)?,
            difference_png: None,
            changed_pixels: None,
            data: None,
            status: ChangeStatus::Added,
            name,
        });
    }
    for name in removed {
        changes.push(FigureChange {
            before_png: png(before, &name)?,
            after_png: None,
            difference_png: None,
            changed_pixels: None,
            data: None,
            status: ChangeStatus::Removed,
            name,
        });
    }
    Ok((changes, unchanged))
}

/// Line-by-line changes of the PDF text, with the page each starts on.
fn compare_text(before: &BuildOutput, after: &BuildOutput) -> Result<Vec<TextHunk>> {
    let name = |side: &BuildOutput| layout::text(&side.manifest.report);
    let read = |side: &BuildOutput| -> Result<String> {
        if !side.has(&name(side)) {
            return Ok(String::new());
        }
        Ok(String::from_utf8_lossy(&side.read(&name(side))?).into_owned())
    };
    let (old, new) = (read(before)?, read(after)?);
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_lines(&old, &new);
    // Page markers strictly before a line of the new text: the page it is on.
    let page_of = |line: usize| {
        new.lines()
            .take(line)
            .filter(|l| l.starts_with("--- page "))
            .count()
            .max(1)
    };
    let mut hunks = Vec::new();
    for group in diff.grouped_ops(0) {
        let mut hunk = TextHunk {
            page: 1,
            removed: Vec::new(),
            added: Vec::new(),
        };
        for op in &group {
            for change in diff.iter_changes(op) {
                let line = change.value().trim_end().to_owned();
                if line.starts_with("--- page ") {
                    continue;
                }
                match change.tag() {
                    similar::ChangeTag::Delete => hunk.removed.push(line),
                    similar::ChangeTag::Insert => {
                        if hunk.added.is_empty() {
                            hunk.page = page_of(change.new_index().unwrap_or(0) + 1);
                        }
                        hunk.added.push(line);
                    }
                    similar::ChangeTag::Equal => {}
                }
            }
        }
        if hunk.added.is_empty() {
            hunk.page = page_of(group[0].new_range().start);
        }
        if !hunk.removed.is_empty() || !hunk.added.is_empty() {
            hunks.push(hunk);
        }
    }
    Ok(hunks)
}
