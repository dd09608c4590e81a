//! The closed set of pipeline steps: dataset, table, number, figure, check, claim, document.
//!
//! A [`Step`] carries its fully resolved [`Spec`]; nothing looks a declaration up by name. This
//! module is where the engine dispatches on the kind of a step — what it reads, what it
//! references, how it runs, how its output is stored and what it publishes — so adding a kind
//! of step is one variant here and one module that does its work. (Resolving is the other
//! place kinds are named: `plan` calls each kind's `resolve` on its declarations.)

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use polars::prelude::{DataFrame, IntoLazy, LazyFrame};

use crate::cache::{ArtifactFiles, Artifacts};
use crate::check::{CheckOutput, CheckSpec};
use crate::claim::{ClaimOutput, ClaimSpec};
use crate::config::Origin;
use crate::data::{DatasetOutput, DatasetSpec};
use crate::document::{DocumentInputs, DocumentOutput, DocumentSpec};
use crate::figure::{FigureOutput, FigureSpec};
use crate::inputs::{InputFiles, InputPath};
use crate::number::{NumberOutput, NumberSpec};
use crate::output::Publication;
use crate::store::Store;
use crate::table::TableSpec;
use crate::{check, claim, data, document, figure, frame, number, table};

/// The closed set of step kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum StepKind {
    /// A raw file (or files) loaded and validated against a schema.
    Dataset,
    /// A SQL query over datasets and tables.
    Table,
    /// A formatted scalar taken from a table.
    Number,
    /// A chart drawn from a table.
    Figure,
    /// A rule a dataset or table must satisfy.
    Check,
    /// The data-dependent words of a comparative sentence.
    Claim,
    /// The templated document compiled to PDF.
    Document,
}

impl StepKind {
    /// Lower-case noun used in messages and ids.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            StepKind::Dataset => "dataset",
            StepKind::Table => "table",
            StepKind::Number => "number",
            StepKind::Figure => "figure",
            StepKind::Check => "check",
            StepKind::Claim => "claim",
            StepKind::Document => "document",
        }
    }

    /// Mermaid's brackets for the node shape.
    pub(crate) fn mermaid_brackets(self) -> (&'static str, &'static str) {
        match self {
            StepKind::Dataset => ("[(", ")]"),
            StepKind::Document => ("[[", "]]"),
            StepKind::Check => ("{{", "}}"),
            StepKind::Table | StepKind::Number | StepKind::Figure | StepKind::Claim => ("[", "]"),
        }
    }

    /// Graphviz's node shape.
    pub(crate) fn dot_shape(self) -> &'static str {
        match self {
            StepKind::Dataset => "cylinder",
            StepKind::Document => "note",
            StepKind::Check => "hexagon",
            StepKind::Table | StepKind::Number | StepKind::Figure | StepKind::Claim => "box",
        }
    }
}

/// A step's resolved specification.
#[derive(Debug, Clone)]
pub(crate) enum Spec {
    /// Files matched in the release, with formats and schema.
    Dataset(DatasetSpec),
    /// A parsed SQL query.
    Table(TableSpec),
    /// A value picked from a table.
    Number(NumberSpec),
    /// A chart drawn from a table.
    Figure(FigureSpec),
    /// A rule over a dataset's or table's rows.
    Check(CheckSpec),
    /// The words of a comparison, decided from numbers or a table.
    Claim(ClaimSpec),
    /// The templates, the library and the document date.
    Document(DocumentSpec),
}

/// What a step produces.
pub(crate) enum Output {
    /// Where a dataset's typed rows are.
    Dataset(DatasetOutput),
    /// A table's rows.
    Frame(DataFrame),
    /// A number and its qualifier.
    Number(NumberOutput),
    /// A figure's renderings, data and caption.
    Figure(FigureOutput),
    /// A check's outcome, or its measurements of the rows.
    Check(CheckOutput),
    /// A claim's words and truth.
    Claim(ClaimOutput),
    /// The PDF and what goes with it.
    Document(DocumentOutput),
}

/// One step of the plan.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    /// Its declared name (the document step is named after the report).
    pub name: String,
    /// What it does, resolved.
    pub spec: Spec,
    /// Indices of the steps whose outputs it reads, sorted.
    pub deps: Vec<usize>,
    /// Where it was declared (the document step is declared by `[report]` and `[document]`).
    pub origin: Option<Origin>,
}

impl Step {
    /// The kind of the step.
    pub(crate) fn kind(&self) -> StepKind {
        match self.spec {
            Spec::Dataset(_) => StepKind::Dataset,
            Spec::Table(_) => StepKind::Table,
            Spec::Number(_) => StepKind::Number,
            Spec::Figure(_) => StepKind::Figure,
            Spec::Check(_) => StepKind::Check,
            Spec::Claim(_) => StepKind::Claim,
            Spec::Document(_) => StepKind::Document,
        }
    }

    /// `table `name``, as used in every message about the step.
    pub(crate) fn label(&self) -> String {
        format!("{} `{}`", self.kind().noun(), self.name)
    }

    /// Stable identifier used for cache records and graph output (`table.name`).
    pub(crate) fn id(&self) -> String {
        format!("{}.{}", self.kind().noun(), self.name)
    }

    /// The files the step reads, in a fixed order.
    pub(crate) fn files(&self) -> Vec<&InputPath> {
        match &self.spec {
            Spec::Dataset(spec) => spec.files.iter().map(|(file, _)| file).collect(),
            Spec::Document(spec) => spec.files().collect(),
            Spec::Table(_)
            | Spec::Number(_)
            | Spec::Figure(_)
            | Spec::Check(_)
            | Spec::Claim(_) => Vec::new(),
        }
    }

    /// A file the step's declaration points to (a table's `.sql` file), read with the
    /// declarations.
    pub(crate) fn query_file(&self) -> Option<&std::path::Path> {
        match &self.spec {
            Spec::Table(spec) => spec.sql_file.as_deref(),
            Spec::Dataset(_)
            | Spec::Number(_)
            | Spec::Figure(_)
            | Spec::Check(_)
            | Spec::Claim(_)
            | Spec::Document(_) => None,
        }
    }

    /// The spec of the document step (the plan's sink), which `rapport bench` copies.
    pub(crate) fn as_document(&self) -> Option<&DocumentSpec> {
        match &self.spec {
            Spec::Document(spec) => Some(spec),
            Spec::Dataset(_)
            | Spec::Table(_)
            | Spec::Number(_)
            | Spec::Figure(_)
            | Spec::Check(_)
            | Spec::Claim(_) => None,
        }
    }

    /// Whether the document reads this step's output whatever the templates use: every number
    /// and figure is given to the templates.
    pub(crate) fn feeds_document(&self) -> bool {
        matches!(
            self.spec,
            Spec::Number(_) | Spec::Figure(_) | Spec::Claim(_)
        )
    }

    /// Canonical JSON of everything the step was declared with: any edit changes its key.
    pub(crate) fn declaration(&self) -> String {
        let json = match &self.spec {
            Spec::Dataset(spec) => serde_json::to_string(spec),
            Spec::Table(spec) => serde_json::to_string(spec),
            Spec::Number(spec) => serde_json::to_string(spec),
            Spec::Figure(spec) => serde_json::to_string(spec),
            Spec::Check(spec) => serde_json::to_string(spec),
            Spec::Claim(spec) => serde_json::to_string(spec),
            Spec::Document(spec) => serde_json::to_string(spec),
        };
        json.expect("specs serialise to JSON")
    }

    /// The names of the datasets and tables the step reads (the document's inputs are
    /// gathered by kind instead; see [`crate::plan`]).
    pub(crate) fn relations(&self) -> Vec<String> {
        match &self.spec {
            Spec::Table(spec) => spec.info.relations.iter().cloned().collect(),
            Spec::Number(spec) => vec![spec.config.table.clone()],
            Spec::Figure(spec) => vec![spec.config.table.clone()],
            Spec::Check(spec) => vec![spec.config.on.clone()],
            Spec::Claim(spec) => spec.config.table.iter().cloned().collect(),
            Spec::Dataset(_) | Spec::Document(_) => Vec::new(),
        }
    }

    /// Does the step's work. `steps` is the whole plan, to name inputs; `upstream` holds the
    /// outputs of the steps it depends on.
    pub(crate) fn run(
        &self,
        steps: &[Step],
        upstream: &Store<'_>,
        files: &InputFiles,
    ) -> Result<Output> {
        Ok(match &self.spec {
            Spec::Dataset(spec) => Output::Dataset(data::run(
                &self.name,
                spec,
                files,
                &upstream.scratch_dir()?,
            )?),
            Spec::Claim(spec) => {
                let mut numbers = BTreeMap::new();
                let mut table = None;
                for &dep in &self.deps {
                    match steps[dep].kind() {
                        StepKind::Number => {
                            let value = NumberOutput::decode(&*upstream.artifacts(dep)?)?;
                            numbers.insert(steps[dep].name.clone(), value.value.raw);
                        }
                        _ => table = Some(steps[dep].rows(dep, upstream)?),
                    }
                }
                Output::Claim(claim::run(spec, &numbers, table.as_ref())?)
            }
            Spec::Check(spec) => {
                let on = self.table_input()?;
                let rows = match steps[on].scan(on, upstream)? {
                    Some(scan) => scan,
                    None => upstream.frame(on)?.lazy(),
                };
                Output::Check(check::run(spec, rows)?)
            }
            Spec::Table(spec) => {
                let mut inputs = BTreeMap::new();
                // A query over a large dataset streams, so its memory stays flat in the rows.
                let mut streaming = false;
                for &dep in &self.deps {
                    let input = &steps[dep];
                    let rows = match input.scan(dep, upstream)? {
                        Some(scan) => {
                            streaming = true;
                            scan
                        }
                        None => upstream.frame(dep)?.lazy(),
                    };
                    inputs.insert(input.name.clone(), rows);
                }
                let rows = table::run(spec, inputs, streaming)?;
                Output::Frame(match &spec.disclosure {
                    Some(control) => crate::disclosure::apply(&self.name, control, rows)
                        .with_context(|| match &self.origin {
                            Some(origin) => format!("{origin}: disclosure control"),
                            None => "disclosure control".to_owned(),
                        })?,
                    None => rows,
                })
            }
            Spec::Number(spec) => {
                let table = self.table_input()?;
                Output::Number(number::run(spec, &steps[table].rows(table, upstream)?)?)
            }
            Spec::Figure(spec) => {
                let table = self.table_input()?;
                Output::Figure(figure::render(
                    &self.name,
                    spec,
                    &steps[table].rows(table, upstream)?,
                )?)
            }
            Spec::Document(spec) => {
                let mut templates = BTreeMap::new();
                for (name, file) in &spec.templates {
                    templates.insert(name.clone(), files.bytes(&file.path)?);
                }
                let release_toml = match &spec.release_toml {
                    Some(file) => Some(files.bytes(&file.path)?),
                    None => None,
                };
                let mut inputs = DocumentInputs {
                    numbers: BTreeMap::new(),
                    claims: BTreeMap::new(),
                    figures: BTreeMap::new(),
                    tables: BTreeMap::new(),
                    templates,
                    release_toml,
                };
                for &dep in &self.deps {
                    let input = &steps[dep];
                    let artifacts = upstream.artifacts(dep)?;
                    match input.kind() {
                        StepKind::Number => {
                            inputs
                                .numbers
                                .insert(input.name.clone(), NumberOutput::decode(&artifacts)?);
                        }
                        StepKind::Figure => {
                            inputs
                                .figures
                                .insert(input.name.clone(), FigureOutput::decode(&artifacts)?);
                        }
                        StepKind::Table => {
                            inputs
                                .tables
                                .insert(input.name.clone(), input.rows(dep, upstream)?);
                        }
                        StepKind::Claim => {
                            inputs
                                .claims
                                .insert(input.name.clone(), ClaimOutput::decode(&artifacts)?);
                        }
                        StepKind::Dataset | StepKind::Check | StepKind::Document => {}
                    }
                }
                Output::Document(document::build(spec, inputs)?)
            }
        })
    }

    /// A lazy scan of this step's rows (it is step `index`) when they are a large dataset's,
    /// read from a file; `None` when its frame is held whole (tables, small datasets).
    pub(crate) fn scan(&self, index: usize, store: &Store<'_>) -> Result<Option<LazyFrame>> {
        match &self.spec {
            Spec::Dataset(spec) => data::scan(spec, index, store)
                .with_context(|| format!("failed to read the rows of {}", self.label())),
            Spec::Table(_)
            | Spec::Number(_)
            | Spec::Figure(_)
            | Spec::Check(_)
            | Spec::Claim(_)
            | Spec::Document(_) => Ok(None),
        }
    }

    /// This step's rows (it is step `index`, a dataset or table) as a frame.
    pub(crate) fn rows(&self, index: usize, store: &Store<'_>) -> Result<DataFrame> {
        let Some(scan) = self.scan(index, store)? else {
            return store.frame(index);
        };
        let df = scan.collect().map_err(|e| {
            anyhow::anyhow!(
                "failed to read the rows of {}: {}",
                self.label(),
                table::polars_message(&e)
            )
        })?;
        store.keep_frame(index, df.clone());
        Ok(df)
    }

    /// The one table a number or figure reads (its `table`, linked by the plan), or the one
    /// relation a check is on.
    fn table_input(&self) -> Result<usize> {
        match self.deps.as_slice() {
            [table] => Ok(*table),
            _ => anyhow::bail!("{} must read exactly one table", self.label()),
        }
    }

    /// Adds the step's published files to `publication`, from its output in `store` (step
    /// `index`). A dataset publishes nothing, so its output is not even loaded.
    pub(crate) fn publish(
        &self,
        index: usize,
        store: &Store<'_>,
        publication: &mut Publication,
    ) -> Result<()> {
        if let Spec::Dataset(_) | Spec::Check(_) | Spec::Claim(_) = self.spec {
            return Ok(());
        }
        let artifacts = &*store.artifacts(index)?;
        match &self.spec {
            Spec::Dataset(_) | Spec::Check(_) | Spec::Claim(_) => {}
            Spec::Table(spec) if !spec.publish => {}
            Spec::Table(_) => {
                let csv = artifacts
                    .get(frame::CSV)
                    .with_context(|| format!("the cached output of {} has no CSV", self.label()))?;
                publication.table(&self.name, csv.clone());
            }
            Spec::Number(_) => {
                publication.number(&self.name, NumberOutput::decode(artifacts)?.value)
            }
            Spec::Figure(_) => publication.figure(&self.name, FigureOutput::decode(artifacts)?),
            Spec::Document(spec) => {
                publication.document(&spec.report.name, DocumentOutput::decode(artifacts)?);
            }
        }
        Ok(())
    }
}

impl Output {
    /// The output as cache artifacts: each kind of output is stored one way, by its module. A
    /// table's frame is stored with its CSV, which is published.
    pub(crate) fn encode(&self) -> Result<Artifacts> {
        match self {
            Output::Dataset(DatasetOutput::InPlace(json)) => Ok(Artifacts::from([(
                data::IN_PLACE.to_owned(),
                json.clone().into_bytes(),
            )])),
            Output::Dataset(DatasetOutput::Written(_)) => Ok(Artifacts::new()),
            Output::Dataset(DatasetOutput::Frame(df)) => frame::encode(df, false),
            Output::Frame(df) => frame::encode(df, true),
            Output::Number(number) => number.encode(),
            Output::Figure(figure) => figure.encode(),
            Output::Check(check) => check.encode(),
            Output::Claim(claim) => claim.encode(),
            Output::Document(document) => Ok(document.encode()),
        }
    }

    /// The output's artifacts that are files, moved into the cache when it is committed.
    pub(crate) fn files(&self) -> ArtifactFiles {
        match self {
            Output::Dataset(DatasetOutput::Written(path)) => {
                ArtifactFiles::from([(data::PARQUET.to_owned(), path.to_path_buf())])
            }
            Output::Dataset(DatasetOutput::InPlace(_) | DatasetOutput::Frame(_))
            | Output::Frame(_)
            | Output::Number(_)
            | Output::Figure(_)
            | Output::Check(_)
            | Output::Claim(_)
            | Output::Document(_) => ArtifactFiles::new(),
        }
    }

    /// The frame of a table or small dataset, which later steps read without decoding it
    /// again.
    pub(crate) fn into_frame(self) -> Option<DataFrame> {
        match self {
            Output::Frame(df) | Output::Dataset(DatasetOutput::Frame(df)) => Some(df),
            Output::Dataset(DatasetOutput::Written(_) | DatasetOutput::InPlace(_))
            | Output::Number(_)
            | Output::Figure(_)
            | Output::Check(_)
            | Output::Claim(_)
            | Output::Document(_) => None,
        }
    }
}
