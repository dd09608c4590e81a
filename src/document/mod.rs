//! The document step: render the template tree, compile it with Typst in-process, export a
//! tagged PDF (PDF/UA-1) with a fixed date and identifier.
//!
//! The step receives everything it prints as [`DocumentInputs`] (numbers, figures, tables and
//! the template bytes the build hashed); it never looks into the plan or the cache. When Typst
//! reports errors it returns a [`TypstFailure`] holding the rendered sources and writes
//! nothing; the pipeline has the output folder write them to `out/<report>.failed-build/`
//! and the message points at lines there, so the user opens the exact text Typst saw while
//! the last good PDF is left alone.

pub(crate) mod diagnostics;
pub(crate) mod escape;
pub(crate) mod sentences;
pub(crate) mod template;
pub(crate) mod text;
pub(crate) mod world;

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use minijinja::{Value, context};
use polars::prelude::{AnyValue, Column, DataFrame};
use serde::Serialize;
use typst::diag::Warned;
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::cache::{self, Artifacts};
use crate::config::{Config, DocumentConfig, ReportConfig};
use crate::figure::FigureOutput;
use crate::fsx::{self, PROJECT};
use crate::inputs::InputPath;
use crate::number::NumberOutput;
use crate::release::{Date, Period, Release, ReleaseFile};
pub(crate) use diagnostics::TypstFailure;

/// A resolved document: what it prints besides its inputs, and the files it is made from.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DocumentSpec {
    /// The report's name and title.
    pub report: ReportConfig,
    /// The `[document]` declaration.
    pub document: DocumentConfig,
    /// The fixed date the PDF is stamped with, computed once.
    pub date: Date,
    /// The release's metadata as read when planning. The document prints the metadata parsed
    /// from the `release.toml` bytes the build hashed; this stands in for folders without one.
    pub release: ReleaseFile,
    /// Templates and library files by path in the virtual `/typst/` folder.
    #[serde(skip)]
    pub templates: BTreeMap<String, InputPath>,
    /// `release.toml`, when the release has one: printed through `release`.
    #[serde(skip)]
    pub release_toml: Option<InputPath>,
}

impl DocumentSpec {
    /// Every file the document reads.
    pub(crate) fn files(&self) -> impl Iterator<Item = &InputPath> {
        self.templates.values().chain(self.release_toml.iter())
    }
}

/// Finds the templates (and the shared library) and fixes the document date.
pub(crate) fn resolve(
    config: &Config,
    release: &Release,
    date: Date,
    root: &Path,
) -> Result<DocumentSpec> {
    let (report, document) = (&config.report, &config.document);
    let mut templates = BTreeMap::new();
    let mut folders = vec![root.join(&document.templates)];
    if let Some(library) = &document.library {
        folders.push(root.join(library));
    }
    for folder in folders.iter_mut() {
        if !folder.is_dir() {
            bail!("template folder `{}` does not exist", folder.display());
        }
        // A library beside the report (`../../house`) is named without `..`, so every path
        // that leads to a template is the one path to it; and it must be in the project.
        *folder = fsx::confined(folder, &config.project, "the template folder", PROJECT)?;
    }
    for folder in &folders {
        for rel in fsx::list_files(folder)? {
            let name = rel.to_string_lossy().replace('\\', "/");
            // A symlink inside the folder may point anywhere: it is followed only inside.
            let path = fsx::confined(&folder.join(&rel), &config.project, "the template", PROJECT)?;
            let input = InputPath::new(path, root);
            if let Some(other) = templates.insert(name.clone(), input) {
                bail!(
                    "`{name}` is both in `{}` and in the library `{}`; rename one",
                    fsx::display_relative(&other.path, root),
                    fsx::display_relative(folder, root)
                );
            }
        }
    }
    if !templates.contains_key(&document.main) {
        bail!(
            "the main template `{}` is not in `{}`",
            document.main,
            folders[0].display()
        );
    }
    let release_toml = release.dir.join("release.toml");
    Ok(DocumentSpec {
        report: report.clone(),
        document: document.clone(),
        date,
        release: release.meta.clone(),
        templates,
        release_toml: release_toml
            .is_file()
            .then(|| InputPath::new(release_toml, root)),
    })
}

/// What the document prints, gathered from the steps it depends on.
pub(crate) struct DocumentInputs<'a> {
    /// Numbers by name.
    pub numbers: BTreeMap<String, NumberOutput>,
    /// Claims by name.
    pub claims: BTreeMap<String, crate::claim::ClaimOutput>,
    /// Figures by name.
    pub figures: BTreeMap<String, FigureOutput>,
    /// Tables whose rows templates may print, by name.
    pub tables: BTreeMap<String, DataFrame>,
    /// The bytes of each template and library file, by path in `/typst/`: the bytes the
    /// build hashed.
    pub templates: BTreeMap<String, &'a [u8]>,
    /// The bytes of `release.toml`, when the release has one.
    pub release_toml: Option<&'a [u8]>,
}

/// What the document step produces.
#[derive(Debug, Clone)]
pub(crate) struct DocumentOutput {
    /// The tagged PDF.
    pub pdf: Vec<u8>,
    /// The PDF's text, page by page.
    pub text: String,
    /// The rendered Typst sources by virtual path (`typst/main.typ`).
    pub sources: BTreeMap<String, String>,
    /// The sentence around every printed number, as JSON.
    pub numbers_in_text: Vec<u8>,
    /// Every claim with its words, truth and sentences, as JSON (`claims.json`).
    pub claims: Vec<u8>,
}

const PDF: &str = "report.pdf";
const TEXT: &str = "report.txt";
const NUMBERS_IN_TEXT: &str = "numbers-in-text.json";
const CLAIMS: &str = "claims.json";

impl DocumentOutput {
    /// The output as cache artifacts.
    pub(crate) fn encode(&self) -> Artifacts {
        let mut out = Artifacts::new();
        out.insert(PDF.into(), self.pdf.clone());
        out.insert(TEXT.into(), self.text.clone().into_bytes());
        out.insert(NUMBERS_IN_TEXT.into(), self.numbers_in_text.clone());
        out.insert(CLAIMS.into(), self.claims.clone());
        for (path, text) in &self.sources {
            out.insert(path.clone(), text.clone().into_bytes());
        }
        out
    }

    /// The output back from cache artifacts.
    pub(crate) fn decode(artifacts: &Artifacts) -> Result<DocumentOutput> {
        let get = |name: &str| cache::artifact(artifacts, name, "document");
        let text = |bytes: Vec<u8>| String::from_utf8(bytes).context("a cached document's text");
        let mut sources = BTreeMap::new();
        for (name, bytes) in artifacts.range("typst/".to_owned()..) {
            if !name.starts_with("typst/") {
                break;
            }
            sources.insert(name.clone(), text(bytes.clone())?);
        }
        Ok(DocumentOutput {
            pdf: get(PDF)?,
            text: text(get(TEXT)?)?,
            sources,
            numbers_in_text: get(NUMBERS_IN_TEXT)?,
            claims: get(CLAIMS)?,
        })
    }
}

/// Builds the PDF and returns it with the rendered sources.
pub(crate) fn build(spec: &DocumentSpec, inputs: DocumentInputs<'_>) -> Result<DocumentOutput> {
    let mut numbers = BTreeMap::new();
    let mut raw = BTreeMap::new();
    let mut approx = BTreeMap::new();
    for (name, number) in &inputs.numbers {
        numbers.insert(name.clone(), number.value.formatted.clone());
        raw.insert(name.clone(), number.value.raw);
        approx.insert(name.clone(), number.qualifier.words());
    }
    let mut files = Vec::new();
    let mut figures = BTreeMap::new();
    for (name, figure) in inputs.figures {
        files.push((format!("/figures/{name}.svg"), figure.svg));
        figures.insert(name, figure.meta);
    }
    let mut tables = BTreeMap::new();
    for (name, df) in &inputs.tables {
        tables.insert(name.clone(), table_rows(df)?);
    }

    let mut templates = BTreeMap::new();
    for (rel, input) in &spec.templates {
        let bytes =
            inputs.templates.get(rel).copied().with_context(|| {
                format!("template `{}` was not given to the document", input.shown)
            })?;
        if rel.ends_with(".typ") {
            let text = std::str::from_utf8(bytes)
                .with_context(|| format!("template `{}` is not UTF-8 text", input.shown))?;
            templates.insert(rel.clone(), text.to_owned());
        } else {
            files.push((format!("/typst/{rel}"), bytes.to_vec()));
        }
    }
    let release = match (inputs.release_toml, &spec.release_toml) {
        (Some(bytes), Some(file)) => ReleaseFile::parse(bytes, Path::new(&file.shown))?,
        _ => spec.release.clone(),
    };
    let period = match Period::of(&release) {
        Some(period) => Value::from_serialize(&period),
        None => Value::UNDEFINED,
    };
    let claims: BTreeMap<String, String> = inputs
        .claims
        .iter()
        .map(|(name, claim)| (name.clone(), claim.text.clone()))
        .collect();
    let env = template::environment(templates.clone(), figures)?;
    let ctx = context! {
        numbers => numbers.clone(),
        claims => claims.clone(),
        raw => raw,
        approx => approx,
        tables => tables,
        release => release,
        period => period,
        report => context! { name => spec.report.name, title => spec.report.title },
        // The running header is declared as Typst markup, like the templates themselves.
        document => context! {
            running_header => Value::from_safe_string(spec.document.running_header.clone()),
        },
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

    let traced = trace(&env, &templates, "numbers", &numbers, &ctx);
    let claimed = trace(&env, &templates, "claims", &claims, &ctx);
    refuse_false_claims(&inputs.claims, &claimed)?;

    let main = format!("/typst/{}", spec.document.main);
    let ident = format!("{}/{}", spec.report.name, release.release.name);
    let (document, pdf) = typeset(spec.date, &main, &sources, files, ident)?;

    let mut numbers_in_text = serde_json::to_vec_pretty(&traced)?;
    numbers_in_text.push(b'\n');
    let published: BTreeMap<&String, PublishedClaim> = inputs
        .claims
        .iter()
        .map(|(name, claim)| {
            (
                name,
                PublishedClaim {
                    claim: claim.clone(),
                    sentences: claimed.get(name).cloned().unwrap_or_default(),
                },
            )
        })
        .collect();
    let mut claims_json = serde_json::to_vec_pretty(&published)?;
    claims_json.push(b'\n');
    Ok(DocumentOutput {
        pdf,
        text: text::plain_text(&document),
        sources: rendered(&sources).into_iter().collect(),
        numbers_in_text,
        claims: claims_json,
    })
}

/// Compiles rendered `sources` (with `files`: figures and other assets) and exports the tagged
/// PDF: all the Typst work of a build, and nothing else.
fn typeset(
    date: Date,
    main: &str,
    sources: &[(String, String)],
    files: Vec<(String, Vec<u8>)>,
    ident: String,
) -> Result<(PagedDocument, Vec<u8>)> {
    let today = Datetime::from_ymd(date.year, date.month, date.day)
        .context("the document date is not a valid date")?;
    let world = world::ReportWorld::new(main, sources, files, today)?;
    let failure = |errors: &[typst::diag::SourceDiagnostic]| {
        anyhow::Error::new(TypstFailure {
            sources: rendered(sources),
            diagnostics: diagnostics::collect(&world, errors),
        })
    };
    let Warned { output, .. } = typst::compile::<PagedDocument>(&world);
    let document = output.map_err(|errors| failure(&errors))?;
    let options = PdfOptions {
        ident: Smart::Custom(ident),
        timestamp: Some(Timestamp::new_utc(today)),
        standards: PdfStandards::new(&[PdfStandard::Ua_1])
            .map_err(|e| anyhow!("{}", e.message()))?,
        tagged: true,
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| failure(&errors))?;
    Ok((document, pdf))
}

/// The Typst floor of a built report: Typst alone compiling the rendered sources in the
/// output folder `out_dir` (with its figures and the templates' other files) and exporting the
/// PDF, as `typst compile` would, with nothing of rapport around it. Returns the time taken.
pub(crate) fn typst_floor(spec: &DocumentSpec, out_dir: &Path) -> Result<std::time::Duration> {
    let mut sources = Vec::new();
    let mut files = Vec::new();
    for (rel, input) in &spec.templates {
        if rel.ends_with(".typ") {
            let text = fsx::read_to_string(&out_dir.join("typst").join(rel))?;
            sources.push((format!("/typst/{rel}"), text));
        } else {
            files.push((format!("/typst/{rel}"), fsx::read(&input.path)?));
        }
    }
    let figures = out_dir.join("figures");
    for rel in fsx::list_files(&figures)? {
        if rel.extension().is_some_and(|e| e == "svg") {
            let name = rel.to_string_lossy();
            files.push((format!("/figures/{name}"), fsx::read(&figures.join(&rel))?));
        }
    }
    let main = format!("/typst/{}", spec.document.main);
    // Forget what earlier compilations in this process memoised, so the floor is a cold start.
    typst::comemo::evict(0);
    let started = std::time::Instant::now();
    typeset(spec.date, &main, &sources, files, spec.report.name.clone())?;
    Ok(started.elapsed())
}

/// Rendered sources keyed by their path without the leading `/`.
fn rendered(sources: &[(String, String)]) -> Vec<(String, String)> {
    sources
        .iter()
        .map(|(path, text)| (path.trim_start_matches('/').to_owned(), text.clone()))
        .collect()
}

/// A claim as `claims.json` publishes it: its output and the sentences it is printed in.
#[derive(Serialize)]
struct PublishedClaim {
    #[serde(flatten)]
    claim: crate::claim::ClaimOutput,
    sentences: Vec<sentences::Sentence>,
}

/// An asserted claim the data do not bear out is never printed: the build stops, naming the
/// claim, what it says and what the data say, its values and each sentence it is printed in.
fn refuse_false_claims(
    claims: &BTreeMap<String, crate::claim::ClaimOutput>,
    sentences: &BTreeMap<String, Vec<sentences::Sentence>>,
) -> Result<()> {
    let mut messages = Vec::new();
    for (name, claim) in claims.iter().filter(|(_, c)| !c.holds) {
        let mut text = format!(
            "claim `{name}` says \"{}\", but the data say \"{}\"",
            claim.text, claim.found
        );
        if !claim.description.is_empty() {
            text.push_str(&format!("\n  it claims: {}", claim.description));
        }
        for value in &claim.values {
            text.push_str(&format!("\n  {value}"));
        }
        let printed = sentences.get(name).map(Vec::as_slice).unwrap_or_default();
        if printed.is_empty() {
            text.push_str("\n  (it is not printed in the text)");
        }
        for s in printed {
            text.push_str(&format!("\n  in: \"{}\"", s.marked()));
        }
        messages.push(text);
    }
    if messages.is_empty() {
        return Ok(());
    }
    bail!(
        "{} by the data, so the document was not printed; reword the sentence, or let the \
         claim choose its words (drop `expect`):\n\n{}",
        match messages.len() {
            1 => "a claim is no longer borne out".to_owned(),
            n => format!("{n} claims are no longer borne out"),
        },
        messages.join("\n\n")
    )
}

/// The sentence around every printed number (or claim: `key` is `numbers` or `claims`), from
/// a second render with the values marked.
///
/// Best effort: a template that does arithmetic on a number's printed text could fail on
/// the marked value; its numbers then simply have no sentence.
fn trace(
    env: &minijinja::Environment<'_>,
    templates: &BTreeMap<String, String>,
    key: &str,
    numbers: &BTreeMap<String, String>,
    ctx: &Value,
) -> BTreeMap<String, Vec<sentences::Sentence>> {
    let marked = Value::from_serialize(sentences::marked(numbers));
    let ctx = match key {
        "claims" => context! { claims => marked, ..ctx.clone() },
        _ => context! { numbers => marked, ..ctx.clone() },
    };
    let marked: Vec<String> = templates
        .keys()
        .filter_map(|name| env.get_template(name).ok()?.render(&ctx).ok())
        .collect();
    sentences::extract(numbers, &marked)
}

/// A table as a list of rows for templates (numbers stay numbers, dates become ISO text).
fn table_rows(df: &DataFrame) -> Result<Vec<BTreeMap<String, Value>>> {
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let status = |name: &str| {
        df.column(&crate::status::status_column(name))
            .ok()
            .and_then(|c| c.cast(&polars::prelude::DataType::String).ok())
    };
    let statuses: Vec<Option<Column>> = names.iter().map(|n| status(n)).collect();
    let mut rows = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let mut row = BTreeMap::new();
        for ((name, column), status) in names.iter().zip(df.columns()).zip(&statuses) {
            if name.ends_with(crate::status::STATUS) {
                continue;
            }
            // A protected cell reaches the template as its symbol, never as a value.
            if let Some(code) = status
                .as_ref()
                .and_then(|s| s.str().ok().and_then(|s| s.get(i)))
            {
                row.insert(name.clone(), Value::from(crate::status::symbol(code)));
                continue;
            }
            let value = match column.get(i)? {
                AnyValue::Null => Value::from(()),
                AnyValue::String(s) => Value::from(s),
                AnyValue::StringOwned(s) => Value::from(s.as_str()),
                AnyValue::Boolean(b) => Value::from(b),
                AnyValue::Date(days) => Value::from(crate::release::iso_date(days)),
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
