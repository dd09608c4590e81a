//! The resolved build plan: validated declarations as a graph of nodes in a fixed order.
//!
//! `Config` holds what the user wrote; `Plan` holds what follows from it: absolute paths, the
//! files each dataset matched, the inputs each SQL query names, and a deterministic topological
//! order. Nothing here writes back into the config.

pub mod graph;
pub mod vars;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::config::{Config, DataFormat, FigureKind};
use crate::fsx;
use crate::release::Release;
use crate::sql;

/// The closed set of node kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NodeKind {
    /// A raw file (or files) loaded and validated against a schema.
    Dataset,
    /// A SQL query over datasets and tables.
    Table,
    /// A formatted scalar taken from a table.
    Number,
    /// A chart drawn from a table.
    Figure,
    /// The templated document compiled to PDF.
    Document,
}

impl NodeKind {
    /// Lower-case noun used in messages.
    pub fn noun(self) -> &'static str {
        match self {
            NodeKind::Dataset => "dataset",
            NodeKind::Table => "table",
            NodeKind::Number => "number",
            NodeKind::Figure => "figure",
            NodeKind::Document => "document",
        }
    }
}

/// One node of the graph.
#[derive(Debug, Clone)]
pub struct Node {
    /// What the node does.
    pub kind: NodeKind,
    /// Its declared name (the document node is called `report`).
    pub name: String,
    /// Indices of the nodes whose outputs it reads.
    pub deps: Vec<usize>,
    /// Files it reads, absolute and sorted.
    pub files: Vec<PathBuf>,
    /// Canonical JSON of its declaration: any edit to it changes the node's key.
    pub declaration: String,
}

impl Node {
    /// `table `name``, as used in every message about the node.
    pub fn label(&self) -> String {
        format!("{} `{}`", self.kind.noun(), self.name)
    }

    /// Stable identifier used for cache records and graph output (`table.name`).
    pub fn id(&self) -> String {
        format!("{}.{}", self.kind.noun(), self.name)
    }
}

/// Folders a build reads and writes.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Folder holding `report.toml`.
    pub root: PathBuf,
    /// Template folder.
    pub templates: PathBuf,
    /// `out/<report name>/`.
    pub out_dir: PathBuf,
    /// `.rapport-cache/<report name>/`.
    pub cache_dir: PathBuf,
}

/// The validated, ordered build plan.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The declarations as written.
    pub config: Config,
    /// The data release being built.
    pub release: Release,
    /// Where things live.
    pub layout: Layout,
    /// All nodes; indices are stable for one plan.
    pub nodes: Vec<Node>,
    /// Topological order.
    pub order: Vec<usize>,
    /// Groups of nodes that can run in parallel, in order.
    pub waves: Vec<Vec<usize>>,
}

/// Options that locate a project on disk.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    /// Path of `report.toml`.
    pub manifest: PathBuf,
    /// Data release folder overriding `report.data`.
    pub data: Option<PathBuf>,
    /// Output root overriding `report.out`.
    pub out: Option<PathBuf>,
    /// Cache root overriding `<root>/.rapport-cache`.
    pub cache: Option<PathBuf>,
}

impl Plan {
    /// Reads `report.toml` and the release folder, and resolves everything.
    pub fn load(options: &PlanOptions) -> Result<Plan> {
        let manifest = &options.manifest;
        let text = fsx::read_to_string(manifest)?;
        // The release folder is needed to know the period, so the first reading only locates it.
        let config = Config::parse(&vars::placeholders(&text), manifest)?;
        let root = manifest
            .parent()
            .map(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            })
            .unwrap_or(Path::new("."))
            .canonicalize()
            .with_context(|| format!("failed to resolve the folder of `{}`", manifest.display()))?;
        let data_dir = options
            .data
            .clone()
            .unwrap_or_else(|| root.join(&config.report.data));
        let release = Release::open(&data_dir)?;
        // Now that the period is known, substitute `${ … }` release variables and re-read.
        let config = if text.contains("${") {
            Config::parse(&vars::render(&text, &release, manifest)?, manifest)?
        } else {
            config
        };
        let out_root = options
            .out
            .clone()
            .unwrap_or_else(|| root.join(&config.report.out));
        let cache_root = options
            .cache
            .clone()
            .unwrap_or_else(|| root.join(".rapport-cache"));
        let layout = Layout {
            templates: root.join(&config.document.templates),
            out_dir: out_root.join(&config.report.name),
            cache_dir: cache_root.join(&config.report.name),
            root,
        };
        resolve(config, release, layout)
    }

    /// Shows a path relative to the project root.
    pub fn show_path(&self, path: &Path) -> String {
        fsx::display_relative(path, &self.layout.root)
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn declaration_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("declarations serialise to JSON")
}

fn resolve(config: Config, release: Release, layout: Layout) -> Result<Plan> {
    let mut nodes: Vec<Node> = Vec::new();
    // Datasets and tables share one namespace: SQL refers to both by name.
    let mut relations: BTreeMap<String, usize> = BTreeMap::new();

    for (name, ds) in &config.datasets {
        if !is_identifier(name) {
            bail!("dataset `{name}`: names must be letters, digits and `_` so SQL can use them");
        }
        let files = match_files(&release, &ds.path)
            .with_context(|| format!("failed to plan dataset `{name}`"))?;
        if files.is_empty() {
            bail!(
                "dataset `{name}`: no file in `{}` matches `{}`",
                release.dir.display(),
                ds.path
            );
        }
        if ds.format.is_none() {
            for file in &files {
                crate::data::infer_format(file)
                    .with_context(|| format!("failed to plan dataset `{name}`"))?;
            }
        }
        if matches!(ds.format, Some(DataFormat::Xls | DataFormat::Xlsx)) && ds.columns.is_empty() {
            bail!("dataset `{name}`: declare at least one column");
        }
        relations.insert(name.clone(), nodes.len());
        nodes.push(Node {
            kind: NodeKind::Dataset,
            name: name.clone(),
            deps: Vec::new(),
            files,
            declaration: declaration_json(ds),
        });
    }

    let mut table_sql = Vec::new();
    for (name, table) in &config.tables {
        if !is_identifier(name) {
            bail!("table `{name}`: names must be letters, digits and `_` so SQL can use them");
        }
        if relations.contains_key(name) {
            bail!("`{name}` is declared both as a dataset and as a table");
        }
        let info = sql::analyse(&table.sql)
            .with_context(|| format!("failed to read the SQL of table `{name}`"))?;
        if let Some(shadow) = info.ctes.iter().find(|c| {
            config.datasets.contains_key(c.as_str()) || config.tables.contains_key(c.as_str())
        }) {
            bail!(
                "table `{name}`: the CTE `{shadow}` has the name of a declared dataset or table; rename the CTE"
            );
        }
        let refs = info.relations;
        relations.insert(name.clone(), nodes.len());
        table_sql.push((nodes.len(), refs));
        nodes.push(Node {
            kind: NodeKind::Table,
            name: name.clone(),
            deps: Vec::new(),
            files: Vec::new(),
            declaration: declaration_json(table),
        });
    }
    for (index, refs) in table_sql {
        for relation in refs {
            let Some(&dep) = relations.get(&relation) else {
                bail!(
                    "table `{}` references `{relation}`, which is not a declared dataset or table",
                    nodes[index].name
                );
            };
            nodes[index].deps.push(dep);
        }
    }

    let table_index = |owner: &str, table: &str| -> Result<usize> {
        match relations.get(table) {
            Some(&i) => Ok(i),
            None => bail!("{owner} uses table `{table}`, which is not declared"),
        }
    };

    let mut document_deps = Vec::new();
    for (name, number) in &config.numbers {
        if !is_identifier(name) {
            bail!(
                "number `{name}`: names must be letters, digits and `_` so templates can use them"
            );
        }
        let dep = table_index(&format!("number `{name}`"), &number.table)?;
        document_deps.push(nodes.len());
        nodes.push(Node {
            kind: NodeKind::Number,
            name: name.clone(),
            deps: vec![dep],
            files: Vec::new(),
            declaration: declaration_json(number),
        });
    }
    for (name, figure) in &config.figures {
        if !is_identifier(name) {
            bail!(
                "figure `{name}`: names must be letters, digits and `_` (they name files and labels)"
            );
        }
        let dep = table_index(&format!("figure `{name}`"), &figure.table)?;
        if figure.kind == FigureKind::Stacked && figure.series.is_none() {
            bail!(
                "figure `{name}`: a `stacked` figure needs `series` (the column naming the segments)"
            );
        }
        if figure.kind == FigureKind::Ranked && figure.series.is_some() {
            bail!("figure `{name}`: a `ranked` figure colours bars by `highlight`, not `series`");
        }
        document_deps.push(nodes.len());
        nodes.push(Node {
            kind: NodeKind::Figure,
            name: name.clone(),
            deps: vec![dep],
            files: Vec::new(),
            declaration: declaration_json(figure),
        });
    }
    for table in &config.document.tables {
        let index = table_index("the document", table)?;
        if nodes[index].kind != NodeKind::Table {
            bail!(
                "`document.tables` lists `{table}`, which is a dataset; declare a table that selects from it"
            );
        }
        document_deps.push(index);
    }

    let templates = &layout.templates;
    if !templates.is_dir() {
        bail!("template folder `{}` does not exist", templates.display());
    }
    let mut files: Vec<PathBuf> = fsx::list_files(templates)?
        .into_iter()
        .map(|rel| templates.join(rel))
        .collect();
    if !files.contains(&templates.join(&config.document.main)) {
        bail!(
            "the main template `{}` is not in `{}`",
            config.document.main,
            templates.display()
        );
    }
    let release_toml = release.dir.join("release.toml");
    if release_toml.is_file() {
        files.push(release_toml);
    }
    // The document prints the report's name and title and is stamped with the document date
    // (release date or `SOURCE_DATE_EPOCH`), so all three are part of its declaration.
    let date = release.document_date()?;
    let declaration = declaration_json(&serde_json::json!({
        "document": &config.document,
        "report": &config.report,
        "date": [date.year, i32::from(date.month), i32::from(date.day)],
    }));
    nodes.push(Node {
        kind: NodeKind::Document,
        name: config.report.name.clone(),
        deps: document_deps,
        files,
        declaration,
    });

    for node in &mut nodes {
        node.deps.sort_unstable();
        node.deps.dedup();
    }
    let deps: Vec<Vec<usize>> = nodes.iter().map(|n| n.deps.clone()).collect();
    let labels: Vec<String> = nodes.iter().map(Node::label).collect();
    let order = graph::topological_order(&deps, &labels)?;
    let waves = graph::waves(&deps, &order);
    Ok(Plan {
        config,
        release,
        layout,
        nodes,
        order,
        waves,
    })
}

/// Files in the release folder matching a name or glob pattern, sorted.
fn match_files(release: &Release, pattern: &str) -> Result<Vec<PathBuf>> {
    if Path::new(pattern).is_absolute() || pattern.split('/').any(|part| part == "..") {
        bail!("`{pattern}` must be a path inside the release folder");
    }
    let full = release.dir.join(pattern);
    let full = full
        .to_str()
        .with_context(|| format!("`{pattern}` is not valid UTF-8"))?;
    let mut files = Vec::new();
    for entry in glob::glob(full).with_context(|| format!("`{pattern}` is not a valid pattern"))? {
        let path = entry.with_context(|| format!("failed to list files matching `{pattern}`"))?;
        if path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_sql_safe() {
        assert!(is_identifier("workforce_2020"));
        assert!(!is_identifier("2020_workforce"));
        assert!(!is_identifier("work-force"));
        assert!(!is_identifier(""));
    }
}
