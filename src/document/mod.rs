//! The document node: render the template tree, compile it with Typst in-process, export a
//! tagged PDF (PDF/UA-1) with a fixed date and identifier.
//!
//! When Typst reports errors, the rendered sources are written to `out/<report>/failed-build/`
//! and each diagnostic points at a line there, so the user opens the exact text Typst saw; the
//! last good PDF is left alone.

pub mod diagnostics;
pub mod escape;
pub mod sentences;
pub mod template;
pub mod text;
pub mod world;

use std::collections::BTreeMap;

use anyhow::{Context, Result, anyhow, bail};
use minijinja::{Value, context};
use polars::prelude::{AnyValue, DataFrame};
use typst::diag::Warned;
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::cache::Artifacts;
use crate::engine::store::{Store, names};
use crate::figure::FigureMeta;
use crate::fsx;
use crate::number::NumberValue;
use crate::plan::{NodeKind, Plan};

/// Builds the PDF and returns it with the rendered sources.
pub fn build(plan: &Plan, index: usize, store: &Store) -> Result<Artifacts> {
    let node = &plan.nodes[index];
    let mut numbers = BTreeMap::new();
    let mut raw = BTreeMap::new();
    let mut approx = BTreeMap::new();
    let mut figures = BTreeMap::new();
    let mut files = Vec::new();
    let mut tables = BTreeMap::new();
    for &dep in &node.deps {
        let input = &plan.nodes[dep];
        match input.kind {
            NodeKind::Number => {
                let value: NumberValue =
                    serde_json::from_slice(&store.artifact(dep, names::VALUE)?)?;
                if let Some(config) = plan.config.numbers.get(&input.name) {
                    let spec = crate::number::format::FormatSpec::of(config);
                    let word = crate::number::format::qualifier(value.raw, &spec);
                    approx.insert(input.name.clone(), word);
                }
                numbers.insert(input.name.clone(), value.formatted);
                raw.insert(input.name.clone(), value.raw);
            }
            NodeKind::Figure => {
                let meta: FigureMeta = serde_json::from_slice(&store.artifact(dep, "meta.json")?)?;
                files.push((
                    format!("/figures/{}.svg", input.name),
                    store.artifact(dep, "figure.svg")?,
                ));
                figures.insert(input.name.clone(), meta);
            }
            NodeKind::Table => {
                tables.insert(input.name.clone(), table_rows(&store.frame(dep)?)?);
            }
            NodeKind::Dataset | NodeKind::Document => {}
        }
    }

    let templates_dir = &plan.layout.templates;
    let mut templates = BTreeMap::new();
    for path in node.files.iter().filter(|p| p.starts_with(templates_dir)) {
        let rel = path
            .strip_prefix(templates_dir)
            .expect("filtered above")
            .to_string_lossy()
            .replace('\\', "/");
        if rel.ends_with(".typ") {
            templates.insert(rel, fsx::read_to_string(path)?);
        } else {
            files.push((format!("/typst/{rel}"), fsx::read(path)?));
        }
    }
    let env = template::environment(templates.clone(), figures)?;
    let release = &plan.release.meta;
    let ctx = context! {
        numbers => numbers.clone(),
        raw => raw,
        approx => approx,
        tables => tables,
        release => release,
        period => crate::plan::vars::period(&plan.release),
        report => context! { name => plan.config.report.name, title => plan.config.report.title },
    };
    let mut sources = Vec::new();
    for name in templates.keys() {
        let template = env
            .get_template(name)
            .map_err(|e| anyhow!(template::describe(&e, &templates)))?;
        let text = template
            .render(&ctx)
            .map_err(|e| anyhow!(template::describe(&e, &templates)))
            .with_context(|| format!("failed to render the template `{name}`"))?;
        sources.push((format!("/typst/{name}"), text));
    }

    let traced = trace_numbers(&env, &templates, &numbers, &ctx);

    let date = plan.release.document_date()?;
    let today = Datetime::from_ymd(date.year, date.month, date.day)
        .context("the document date is not a valid date")?;
    let main = format!("/typst/{}", plan.config.document.main);
    let world = world::ReportWorld::new(&main, &sources, files, today)?;
    let Warned { output, .. } = typst::compile::<PagedDocument>(&world);
    let document = output.map_err(|errors| typst_failure(plan, &world, &sources, &errors))?;
    let options = PdfOptions {
        ident: Smart::Custom(format!(
            "{}/{}",
            plan.config.report.name, release.release.name
        )),
        timestamp: Some(Timestamp::new_utc(today)),
        standards: PdfStandards::new(&[PdfStandard::Ua_1])
            .map_err(|e| anyhow!("{}", e.message()))?,
        tagged: true,
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options)
        .map_err(|errors| typst_failure(plan, &world, &sources, &errors))?;

    let mut out = Artifacts::new();
    out.insert("report.pdf".into(), pdf);
    out.insert(
        "report.txt".into(),
        text::plain_text(&document).into_bytes(),
    );
    for (path, text) in sources {
        out.insert(path.trim_start_matches('/').to_owned(), text.into_bytes());
    }
    let mut traced = serde_json::to_vec_pretty(&traced)?;
    traced.push(b'\n');
    out.insert(names::NUMBERS_IN_TEXT.into(), traced);
    Ok(out)
}

/// The sentence around every printed number, from a second render with marked numbers.
///
/// Best effort: a template that does arithmetic on a number's printed text could fail on
/// the marked value; its numbers then simply have no sentence.
fn trace_numbers(
    env: &minijinja::Environment<'_>,
    templates: &BTreeMap<String, String>,
    numbers: &BTreeMap<String, String>,
    ctx: &Value,
) -> BTreeMap<String, Vec<sentences::Sentence>> {
    let ctx = context! { numbers => sentences::marked(numbers), ..ctx.clone() };
    let marked: Vec<String> = templates
        .keys()
        .filter_map(|name| env.get_template(name).ok()?.render(&ctx).ok())
        .collect();
    sentences::extract(numbers, &marked)
}

/// Writes the rendered sources for inspection and turns diagnostics into one error.
fn typst_failure(
    plan: &Plan,
    world: &world::ReportWorld,
    sources: &[(String, String)],
    errors: &[typst::diag::SourceDiagnostic],
) -> anyhow::Error {
    let failed = plan.layout.out_dir.join("failed-build");
    for (path, text) in sources {
        if let Err(e) =
            fsx::write_atomic(&failed.join(path.trim_start_matches('/')), text.as_bytes())
        {
            return e;
        }
    }
    let shown = std::path::PathBuf::from(plan.show_path(&failed));
    anyhow!(
        "Typst reported errors:\n{}",
        diagnostics::render(world, errors, &shown)
    )
}

/// A table as a list of rows for templates (numbers stay numbers, dates become ISO text).
fn table_rows(df: &DataFrame) -> Result<Vec<BTreeMap<String, Value>>> {
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let mut rows = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let mut row = BTreeMap::new();
        for (name, column) in names.iter().zip(df.columns()) {
            let value = match column.get(i)? {
                AnyValue::Null => Value::from(()),
                AnyValue::String(s) => Value::from(s),
                AnyValue::StringOwned(s) => Value::from(s.as_str()),
                AnyValue::Boolean(b) => Value::from(b),
                AnyValue::Date(days) => {
                    let epoch =
                        chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("the epoch is a date");
                    Value::from(
                        (epoch + chrono::TimeDelta::days(i64::from(days)))
                            .format("%Y-%m-%d")
                            .to_string(),
                    )
                }
                other => match other.extract::<f64>() {
                    Some(f) => Value::from(f),
                    None => bail!("column `{name}` has a type templates cannot print"),
                },
            };
            row.insert(name.clone(), value);
        }
        rows.push(row);
    }
    Ok(rows)
}
