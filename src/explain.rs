//! `rapport explain`: the whole trail of one printed number, from the sentence it is printed
//! in back to the raw files.
//!
//! The trail is read from the last build of the plan (the command builds first, so it is
//! current): every step's record is found in the cache by the same keys the build uses, and
//! nothing runs. It gives the sentences of the PDF the number is printed in, its declaration,
//! its table and that table's SQL with where each was declared, every table and dataset it
//! descends from, each input file with its hash and provenance, the rows that fed the value,
//! the raw and the formatted value, and the checks that guard any relation on the way.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::{Context, Result, bail};
use polars::prelude::{DataFrame, IntoLazy, len};

use crate::cache::{Cache, Lookup};
use crate::check::verdict::{self, CheckRecord, Status};
use crate::config::NumberConfig;
use crate::inputs::InputFiles;
use crate::number::NumberOutput;
use crate::output::OutputFolder;
use crate::pipeline::keys;
use crate::plan::Plan;
use crate::step::{Spec, Step, StepKind};
use crate::store::Store;

/// How many of the rows that fed a value are shown.
const ROWS_SHOWN: usize = 5;

/// Every declared number's name, in name order.
pub(crate) fn numbers(plan: &Plan) -> Vec<String> {
    let mut names: Vec<String> = plan
        .steps
        .iter()
        .filter(|s| s.kind() == StepKind::Number)
        .map(|s| s.name.clone())
        .collect();
    names.sort();
    names
}

/// The number named `wanted`: a declared name, or the text printed for exactly one number.
pub(crate) fn find(plan: &Plan, folder: &OutputFolder, wanted: &str) -> Result<String> {
    let numbers: Vec<&Step> = plan
        .steps
        .iter()
        .filter(|s| s.kind() == StepKind::Number)
        .collect();
    if numbers.iter().any(|s| s.name == wanted) {
        return Ok(wanted.to_owned());
    }
    let printed: BTreeMap<String, crate::number::NumberValue> = folder
        .read(crate::output::NUMBERS)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let matching: Vec<&String> = printed
        .iter()
        .filter(|(_, v)| v.formatted == wanted)
        .map(|(name, _)| name)
        .collect();
    match matching.as_slice() {
        [one] => Ok((*one).clone()),
        [] => bail!(
            "no number is named `{wanted}` or printed as `{wanted}`; `rapport explain` takes a \
             number's name (as in `numbers.<name>`) or its printed text (\"339,200\", \"14%\")"
        ),
        many => bail!(
            "{} numbers are printed as `{wanted}`: {}; name the one you mean",
            many.len(),
            many.iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The last build of a plan, found in the cache: every step's record by its current key.
pub(crate) struct Tracer<'a> {
    plan: &'a Plan,
    files: InputFiles,
    store: Store<'a>,
    /// Steps whose record is not in the cache (not built from the current inputs).
    missing: Vec<bool>,
}

impl<'a> Tracer<'a> {
    /// Looks every step of `plan` up in `cache`; nothing runs.
    pub(crate) fn new(plan: &'a Plan, cache: &'a Cache) -> Result<Tracer<'a>> {
        let files = InputFiles::read(
            plan.steps.iter().flat_map(Step::files),
            Some(&plan.layout.cache_dir),
        )?;
        let store = Store::new(cache);
        let mut fingerprints: Vec<Option<String>> = vec![None; plan.steps.len()];
        let mut missing = vec![false; plan.steps.len()];
        for &i in &plan.order {
            let step = &plan.steps[i];
            let inputs = keys::key_inputs(plan, i, &files, &fingerprints)?;
            match cache.lookup(&step.id(), &inputs) {
                Lookup::Hit(record) => {
                    fingerprints[i] = Some(record.fingerprint.clone());
                    store.reused(i, record);
                }
                Lookup::Miss(_) => missing[i] = true,
            }
        }
        Ok(Tracer {
            plan,
            files,
            store,
            missing,
        })
    }

    /// The trail of number `name`, as text; `folder` is the build's output folder (for the
    /// sentences and the checks).
    pub(crate) fn trail(&self, folder: &OutputFolder, name: &str) -> Result<String> {
        trail(self, folder, name)
    }
}

fn trail(tracer: &Tracer<'_>, folder: &OutputFolder, name: &str) -> Result<String> {
    let (plan, store) = (tracer.plan, &tracer.store);
    let index = plan
        .index_of(&format!("number.{name}"))
        .with_context(|| format!("number `{name}` is not declared"))?;
    let lineage = plan.ancestors(&[index]);
    if let Some(&stale) = lineage.iter().find(|&&i| tracer.missing[i]) {
        bail!(
            "{} has not been built from the current inputs; run `rapport build` first",
            plan.steps[stale].label()
        );
    }
    let step = &plan.steps[index];
    let Spec::Number(spec) = &step.spec else {
        bail!("`{name}` is not a number");
    };
    let output = NumberOutput::decode(&*store.artifacts(index)?)?;
    let mut out = String::new();
    let value = &output.value;
    writeln!(
        out,
        "number `{name}`: printed as \"{}\" (raw value {})",
        value.formatted,
        crate::check::plain(value.raw)
    )?;
    if !value.description.is_empty() {
        writeln!(out, "  {}", value.description)?;
    }
    if let Some(origin) = &step.origin {
        writeln!(
            out,
            "  declared at {origin}: {}",
            describe_number(&spec.config)
        )?;
    }

    printed_in(&mut out, folder, name)?;
    fed_by(&mut out, tracer, index, spec)?;
    computed_from(&mut out, tracer, &lineage, index)?;
    guarded_by(&mut out, tracer, folder, &lineage)?;
    Ok(out)
}

/// The sentences of the PDF the number is printed in.
fn printed_in(out: &mut String, folder: &OutputFolder, name: &str) -> Result<()> {
    writeln!(out, "\nPrinted in the PDF:")?;
    let sentences = folder.sentences()?.remove(name).unwrap_or_default();
    if sentences.is_empty() {
        writeln!(out, "  (not printed in the text; it is in numbers.json)")?;
    }
    for s in &sentences {
        writeln!(out, "  \"{}\"", s.marked())?;
    }

    Ok(())
}

/// The rows of its table that the number reads.
fn fed_by(
    out: &mut String,
    tracer: &Tracer<'_>,
    index: usize,
    spec: &crate::number::NumberSpec,
) -> Result<()> {
    let (plan, store) = (tracer.plan, &tracer.store);
    let step = &plan.steps[index];
    let table = step.deps[0];
    let rows = plan.steps[table].rows(table, store)?;
    let fed = crate::number::selected_rows(&spec.config.table, &spec.config.filter, &rows)?;
    writeln!(
        out,
        "\nRows that fed the value: {} of the {} rows of table `{}`{}",
        fed.height(),
        rows.height(),
        spec.config.table,
        where_text(&spec.config)
    )?;
    for line in crate::check::describe_rows(&fed, ROWS_SHOWN)? {
        writeln!(out, "  {line}")?;
    }
    if fed.height() > ROWS_SHOWN {
        writeln!(out, "  … and {} more", fed.height() - ROWS_SHOWN)?;
    }

    Ok(())
}

/// Every table and dataset the number descends from, with SQL, files and hashes.
fn computed_from(
    out: &mut String,
    tracer: &Tracer<'_>,
    lineage: &[usize],
    index: usize,
) -> Result<()> {
    let (plan, files, store) = (tracer.plan, &tracer.files, &tracer.store);
    writeln!(
        out,
        "\nHow it was computed, from the number back to the files:"
    )?;
    for &i in lineage.iter().rev().filter(|&&i| i != index) {
        let step = &plan.steps[i];
        let at = step
            .origin
            .as_ref()
            .map(|o| format!(" (declared at {o})"))
            .unwrap_or_default();
        match &step.spec {
            Spec::Table(table) => {
                writeln!(out, "  table `{}`{at}", step.name)?;
                if let Some(file) = &table.sql_file {
                    writeln!(out, "    SQL from {}:", plan.show_path(file))?;
                }
                for line in table.sql.trim().lines() {
                    writeln!(out, "    | {line}")?;
                }
                if let Some(disclosure) = &table.disclosure {
                    match &disclosure.exempt {
                        Some(reason) => writeln!(out, "    disclosure: exempt ({reason})")?,
                        None => writeln!(
                            out,
                            "    disclosure: counts {} protected",
                            disclosure.counts.join(", ")
                        )?,
                    }
                }
            }
            Spec::Dataset(dataset) => {
                let count = row_count(plan, i, store)?;
                writeln!(
                    out,
                    "  dataset `{}`{at}: {} rows",
                    step.name,
                    crate::check::many(count)
                )?;
                for (file, _) in &dataset.files {
                    let hash = &files.get(&file.path)?.hash;
                    let shown = plan.release_path(&file.path);
                    let provenance = plan
                        .release
                        .meta
                        .files
                        .iter()
                        .find(|f| f.path == shown)
                        .map(|f| {
                            let provenance = format!("{:?}", f.provenance).to_lowercase();
                            format!(", {provenance} ({})", f.publisher)
                        })
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "    file {shown} in release `{}`: blake3 {}{provenance}",
                        plan.release.meta.release.name, hash
                    )?;
                }
            }
            Spec::Number(_)
            | Spec::Figure(_)
            | Spec::Check(_)
            | Spec::Claim(_)
            | Spec::Document(_) => {}
        }
    }

    Ok(())
}

/// The checks declared on any relation the number descends from, with their outcomes.
fn guarded_by(
    out: &mut String,
    tracer: &Tracer<'_>,
    folder: &OutputFolder,
    lineage: &[usize],
) -> Result<()> {
    let plan = tracer.plan;
    writeln!(out, "\nChecks that guard it:")?;
    let labels: Vec<String> = lineage.iter().map(|&i| plan.steps[i].label()).collect();
    let checks: Vec<CheckRecord> = verdict::parse(folder.read(verdict::CHECKS).ok().as_deref())
        .into_iter()
        .filter(|c| labels.contains(&c.on))
        .collect();
    if checks.is_empty() {
        writeln!(
            out,
            "  none: no check is declared on the tables and datasets it comes from"
        )?;
    }
    for check in &checks {
        let status = match check.status {
            Status::Passed => "passed",
            Status::Failed => "FAILED",
            Status::Skipped => "skipped",
        };
        writeln!(
            out,
            "  {status} `{}` ({}, {}) on {}: {}",
            check.name,
            check.kind,
            check.severity.word(),
            check.on,
            check.summary
        )?;
    }
    Ok(())
}

fn row_count(plan: &Plan, index: usize, store: &Store<'_>) -> Result<usize> {
    let step = &plan.steps[index];
    let rows = match step.scan(index, store)? {
        Some(scan) => scan,
        None => store.frame(index)?.lazy(),
    };
    let counted: DataFrame = rows
        .select([len().alias("rows")])
        .collect()
        .map_err(|e| anyhow::anyhow!("{}", crate::table::polars_message(&e)))?;
    Ok(counted.column("rows")?.u32()?.get(0).unwrap_or(0) as usize)
}

/// "table `x`, column `y`, where a = b, summed, format percent".
fn describe_number(config: &NumberConfig) -> String {
    let mut parts = vec![
        format!("table `{}`", config.table),
        format!("column `{}`", config.column),
    ];
    if !config.filter.is_empty() {
        parts.push(where_text(config).trim_start().to_owned());
    }
    if let Some(agg) = config.agg {
        parts.push(format!("combined by {agg:?}").to_lowercase());
    }
    parts.push(format!("format {:?}", config.format).to_lowercase());
    if let Some(step) = config.round_to {
        parts.push(format!("rounded to {step}"));
    }
    parts.join(", ")
}

fn where_text(config: &NumberConfig) -> String {
    if config.filter.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = config
        .filter
        .iter()
        .map(|(k, v)| format!("{k} = {}", crate::predicate::value_text(v)))
        .collect();
    format!(" where {}", parts.join(", "))
}
