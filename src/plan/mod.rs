//! The resolved build plan: every declaration resolved into a typed [`Step`], in a fixed order.
//!
//! `Config` holds what the user wrote; the plan holds what follows from it: the files each
//! dataset matched, each table's parsed SQL, each document's templates and date, and the
//! dependency graph in deterministic topological order. Resolving is one short function per
//! kind (in the kind's own module) plus the linking of names into the graph here. Nothing
//! writes back into the config.

mod disclosure;
pub mod graph;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::config::{self, Config, Origin, ReportConfig};
use crate::context::BuildContext;
use crate::inputs::InputPath;
use crate::project::Project;
use crate::release::Release;
use crate::step::{Spec, Step, StepKind};
use crate::{check, claim, data, document, figure, number, table};

/// Folders a build reads and writes.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Folder holding `report.toml`.
    pub root: PathBuf,
    /// The project's root folder (`[report] project`): templates, includes and `.sql` files
    /// are read only from inside it.
    pub project: PathBuf,
    /// `out/<report name>/`.
    pub out_dir: PathBuf,
    /// `.rapport-cache/<report name>/`.
    pub cache_dir: PathBuf,
}

/// The validated, ordered build plan.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The report's name, title and default folders.
    pub report: ReportConfig,
    /// The data release being built.
    pub release: Release,
    /// Where things live.
    pub layout: Layout,
    /// Every file the declarations were read from, `report.toml` first.
    pub(crate) declaration_files: Vec<InputPath>,
    /// All steps; indices are stable for one plan.
    pub(crate) steps: Vec<Step>,
    /// Topological order: every step after the steps it reads.
    pub(crate) order: Vec<usize>,
    /// The document step's index: the plan's sink, resolved last.
    pub(crate) document: usize,
    /// The project the plan was loaded from (a check loads the previous release's plan).
    pub(crate) project: Project,
    /// The settings it was loaded with.
    pub(crate) context: BuildContext,
}

impl Plan {
    /// Reads the declarations and the release folder of `project`, and resolves everything.
    pub fn load(project: &Project, context: &BuildContext) -> Result<Plan> {
        // The release folder is needed to know the period, so a first reading only locates it.
        let release = Release::open(&project.release_dir(&project.report()?))?;
        let config = config::load(&project.manifest, &project.root, &release)?;
        check_report_name(
            &config.report.name,
            &crate::fsx::display_relative(&project.manifest, &project.root),
        )?;
        let layout = Layout {
            out_dir: project.out_root(&config.report).join(&config.report.name),
            cache_dir: project.cache_root().join(&config.report.name),
            root: project.root.clone(),
            project: config.project.clone(),
        };
        resolve(config, release, layout, context, project.clone())
    }

    /// The same report's plan for another release folder (the previous release).
    pub(crate) fn for_release(&self, dir: &Path) -> Result<Plan> {
        let mut options = self.project.options.clone();
        options.data = Some(dir.to_path_buf());
        let project = Project {
            options,
            ..self.project.clone()
        };
        Plan::load(&project, &self.context)
    }

    /// Step `index` and every step it reads, directly or not, in plan order.
    pub(crate) fn ancestors(&self, targets: &[usize]) -> Vec<usize> {
        let mut needed = vec![false; self.steps.len()];
        let mut stack: Vec<usize> = targets.to_vec();
        while let Some(i) = stack.pop() {
            if !std::mem::replace(&mut needed[i], true) {
                stack.extend(&self.steps[i].deps);
            }
        }
        self.order.iter().copied().filter(|&i| needed[i]).collect()
    }

    /// The index of the step with this id (`check.turnover_grain`).
    pub(crate) fn index_of(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id() == id)
    }

    /// Shows a data file's path relative to the release folder (other paths as
    /// [`Plan::show_path`] does).
    pub(crate) fn release_path(&self, path: &Path) -> String {
        match path.strip_prefix(&self.release.dir) {
            Ok(inside) => inside.to_string_lossy().into_owned(),
            Err(_) => self.show_path(path),
        }
    }

    /// Shows a path relative to the project root.
    pub fn show_path(&self, path: &Path) -> String {
        crate::fsx::display_relative(path, &self.layout.root)
    }

    /// Groups of steps that can run in parallel, in order: each depends only on earlier ones.
    pub(crate) fn waves(&self) -> Vec<Vec<usize>> {
        let deps: Vec<Vec<usize>> = self.steps.iter().map(|s| s.deps.clone()).collect();
        graph::waves(&deps, &self.order)
    }
}

/// A report's name names its output and cache folders (`out/<name>/`), so it must be a plain
/// name — never empty, `.`, `..` or a path, which would put those folders (and what a build
/// deletes in them) anywhere.
fn check_report_name(name: &str, manifest: &str) -> Result<()> {
    let ok = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !ok {
        bail!(
            "{manifest}: [report] name `{name}`: a report's name is the name of its output \
             folder (`out/<name>/`), so it must be letters, digits, `_` and `-`, starting with \
             a letter or digit"
        );
    }
    Ok(())
}

/// Names must be letters, digits and `_`: SQL, templates and file names use them.
fn check_name(kind: StepKind, name: &str, origin: &Origin) -> Result<()> {
    let mut chars = name.chars();
    let ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !ok {
        bail!(
            "{origin}: {} `{name}`: names must be letters, digits and `_` (SQL, templates and file names use them)",
            kind.noun()
        );
    }
    Ok(())
}

fn resolve(
    config: Config,
    release: Release,
    layout: Layout,
    context: &BuildContext,
    project: Project,
) -> Result<Plan> {
    let root = &layout.root;
    let mut steps: Vec<Step> = Vec::new();
    let push = |steps: &mut Vec<Step>, name: &str, spec: Spec, origin: Option<&Origin>| {
        steps.push(Step {
            name: name.to_owned(),
            spec,
            deps: Vec::new(),
            origin: origin.cloned(),
        });
    };
    for (name, declared) in &config.datasets {
        check_name(StepKind::Dataset, name, &declared.origin)?;
        let spec = data::resolve(name, declared, &release, root)?;
        push(
            &mut steps,
            name,
            Spec::Dataset(spec),
            Some(&declared.origin),
        );
    }
    for (name, declared) in &config.tables {
        check_name(StepKind::Table, name, &declared.origin)?;
        if let Some(dataset) = config.datasets.get(name) {
            bail!(
                "{}: `{name}` is declared both as a dataset (at {}) and as a table",
                declared.origin,
                dataset.origin
            );
        }
        let spec = table::resolve(name, declared, &release, root, &layout.project)?;
        if let Some(control) = &spec.disclosure {
            crate::disclosure::resolve(name, control)
                .with_context(|| declared.origin.to_string())?;
        }
        if let Some(shadow) = spec.info.ctes.iter().find(|c| {
            config.datasets.contains_key(c.as_str()) || config.tables.contains_key(c.as_str())
        }) {
            bail!(
                "{}: table `{name}`: the CTE `{shadow}` has the name of a declared dataset or table; rename the CTE",
                declared.origin
            );
        }
        push(&mut steps, name, Spec::Table(spec), Some(&declared.origin));
    }
    for (name, declared) in &config.numbers {
        check_name(StepKind::Number, name, &declared.origin)?;
        let spec = number::resolve(name, declared)?;
        push(&mut steps, name, Spec::Number(spec), Some(&declared.origin));
    }
    for (name, declared) in &config.figures {
        check_name(StepKind::Figure, name, &declared.origin)?;
        let spec = figure::resolve(name, declared)?;
        push(&mut steps, name, Spec::Figure(spec), Some(&declared.origin));
    }
    for (name, declared) in &config.checks {
        check_name(StepKind::Check, name, &declared.origin)?;
        let spec = check::resolve(name, declared)?;
        push(&mut steps, name, Spec::Check(spec), Some(&declared.origin));
    }
    for (name, declared) in &config.claims {
        check_name(StepKind::Claim, name, &declared.origin)?;
        let spec = claim::resolve(name, declared)?;
        push(&mut steps, name, Spec::Claim(spec), Some(&declared.origin));
    }
    // The document prints the report's name and title and is stamped with the document date,
    // so all three are part of its spec.
    let date = release.document_date(context.source_date);
    let spec = document::resolve(&config, &release, date, root)?;
    push(&mut steps, &config.report.name, Spec::Document(spec), None);

    link(&mut steps, &config.document.tables)?;
    let deps: Vec<Vec<usize>> = steps.iter().map(|s| s.deps.clone()).collect();
    let labels: Vec<String> = steps.iter().map(Step::label).collect();
    let order = graph::topological_order(&deps, &labels)?;
    disclosure::check_plan(&steps, &order, steps.len() - 1)?;
    let sql_files = steps
        .iter()
        .filter_map(|s| s.query_file().map(Path::to_path_buf));
    let declaration_files = config
        .sources
        .into_iter()
        .chain(sql_files)
        .map(|path| InputPath::new(path, root))
        .collect();
    Ok(Plan {
        report: config.report,
        declaration_files,
        release,
        layout,
        document: steps.len() - 1,
        steps,
        order,
        project,
        context: *context,
    })
}

/// Turns the names each step reads into edges. The document reads every number and figure,
/// and the tables listed in `document.tables`.
fn link(steps: &mut [Step], document_tables: &[String]) -> Result<()> {
    // Datasets and tables share one namespace: SQL refers to both by name.
    let relations: BTreeMap<String, usize> = steps
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s.kind(), StepKind::Dataset | StepKind::Table))
        .map(|(i, s)| (s.name.clone(), i))
        .collect();
    let numbers: BTreeMap<String, usize> = steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind() == StepKind::Number)
        .map(|(i, s)| (s.name.clone(), i))
        .collect();
    let document = steps.len() - 1;
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); steps.len()];
    for (index, step) in steps.iter().enumerate() {
        let at = step
            .origin
            .as_ref()
            .map(|o| format!("{o}: "))
            .unwrap_or_default();
        for relation in step.relations() {
            let Some(&dep) = relations.get(&relation) else {
                match step.kind() {
                    StepKind::Table => bail!(
                        "{at}table `{}` references `{relation}`, which is not a declared dataset or table",
                        step.name
                    ),
                    StepKind::Check => bail!(
                        "{at}check `{}` is on `{relation}`, which is not a declared dataset or table",
                        step.name
                    ),
                    _ => bail!(
                        "{at}{} uses table `{relation}`, which is not declared",
                        step.label()
                    ),
                }
            };
            edges[index].push(dep);
        }
        if let Spec::Claim(spec) = &step.spec {
            for number in spec.numbers() {
                let Some(&dep) = numbers.get(&number) else {
                    bail!(
                        "{at}claim `{}` reads number `{number}`, which is not declared",
                        step.name
                    );
                };
                edges[index].push(dep);
            }
        }
        if step.feeds_document() {
            edges[document].push(index);
        }
    }
    for table in document_tables {
        match relations.get(table) {
            Some(&i) if steps[i].kind() == StepKind::Table => edges[document].push(i),
            Some(_) => bail!(
                "`document.tables` lists `{table}`, which is a dataset; declare a table that selects from it"
            ),
            None => bail!("the document uses table `{table}`, which is not declared"),
        }
    }
    for (step, mut deps) in steps.iter_mut().zip(edges) {
        deps.sort_unstable();
        deps.dedup();
        step.deps = deps;
    }
    Ok(())
}
