//! Reading the declaration files: `report.toml`, the files it includes, release variables.
//!
//! `report.toml` holds `[report]`, `[document]` and, optionally, `include = ["chapters/*.toml"]`:
//! glob patterns (relative to its folder) of further files that hold only datasets, tables,
//! numbers and figures. A 60-page report can then keep one file per chapter. Every file goes
//! through the same `${ … }` release-variable substitution before it is parsed, and every
//! declaration remembers the file and line of its header.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use super::origin::Headers;
use super::vars;
use super::{
    CheckConfig, ClaimConfig, Config, DatasetConfig, Declared, DocumentConfig, FigureConfig,
    NumberConfig, Origin, ReportConfig, TableConfig,
};
use crate::fsx::{self, PROJECT};
use crate::release::Release;

/// `report.toml` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RootFile {
    /// Glob patterns of the files holding further declarations.
    #[serde(default)]
    include: Vec<String>,
    report: ReportConfig,
    #[serde(default)]
    datasets: BTreeMap<String, DatasetConfig>,
    #[serde(default)]
    tables: BTreeMap<String, TableConfig>,
    #[serde(default)]
    numbers: BTreeMap<String, NumberConfig>,
    #[serde(default)]
    figures: BTreeMap<String, FigureConfig>,
    #[serde(default)]
    checks: BTreeMap<String, CheckConfig>,
    #[serde(default)]
    claims: BTreeMap<String, ClaimConfig>,
    document: DocumentConfig,
}

/// An included file as written: declarations only.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartFile {
    #[serde(default)]
    datasets: BTreeMap<String, DatasetConfig>,
    #[serde(default)]
    tables: BTreeMap<String, TableConfig>,
    #[serde(default)]
    numbers: BTreeMap<String, NumberConfig>,
    #[serde(default)]
    figures: BTreeMap<String, FigureConfig>,
    #[serde(default)]
    checks: BTreeMap<String, CheckConfig>,
    #[serde(default)]
    claims: BTreeMap<String, ClaimConfig>,
}

/// Reads every declaration with its release variables filled in from `release`.
pub fn load(manifest: &Path, root: &Path, release: &Release) -> Result<Config> {
    read_all(manifest, root, &|text, path| {
        vars::render(text, release, path)
    })
}

/// Reads `[report]` from `report.toml` alone, before the release is known, with each `${ … }`
/// replaced by a placeholder: enough to find the release folder, the report's name and its
/// folders. Included files are not read, so a placeholder can never make two of their names
/// collide or an `include` pattern match nothing.
pub fn load_report(manifest: &Path, root: &Path) -> Result<ReportConfig> {
    let text = vars::placeholders(&fsx::read_to_string(manifest)?);
    let file: RootFile = toml::from_str(&text).with_context(|| {
        format!(
            "failed to parse `{}`",
            fsx::display_relative(manifest, root)
        )
    })?;
    Ok(file.report)
}

type Substitute<'a> = &'a dyn Fn(&str, &Path) -> Result<String>;

fn read_all(manifest: &Path, root: &Path, substitute: Substitute<'_>) -> Result<Config> {
    let shown = |path: &Path| fsx::display_relative(path, root);
    let text = substitute(&fsx::read_to_string(manifest)?, Path::new(&shown(manifest)))?;
    let file: RootFile =
        toml::from_str(&text).with_context(|| format!("failed to parse `{}`", shown(manifest)))?;
    let project = project_root(root, &file.report.project, &shown(manifest))?;
    let mut config = Config {
        project,
        report: file.report,
        datasets: BTreeMap::new(),
        tables: BTreeMap::new(),
        numbers: BTreeMap::new(),
        figures: BTreeMap::new(),
        checks: BTreeMap::new(),
        claims: BTreeMap::new(),
        document: file.document,
        sources: vec![manifest.to_path_buf()],
    };
    let part = PartFile {
        datasets: file.datasets,
        tables: file.tables,
        numbers: file.numbers,
        figures: file.figures,
        checks: file.checks,
        claims: file.claims,
    };
    config.add(part, manifest, &shown(manifest), &text)?;
    for path in included(root, &config.project, &shown(manifest), &file.include)? {
        let text = substitute(&fsx::read_to_string(&path)?, Path::new(&shown(&path)))?;
        let part: PartFile = toml::from_str(&text).with_context(|| {
            format!(
                "failed to parse `{}` (an included file holds only datasets, tables, numbers, figures, checks and claims)",
                shown(&path)
            )
        })?;
        config.add(part, &path, &shown(&path), &text)?;
        config.sources.push(path);
    }
    Ok(config)
}

/// The project's root folder: the folder of `report.toml` (`root`) or, when `[report]
/// project` says so, a folder above it. Only `..` steps are accepted, so the project always
/// holds the report.
fn project_root(root: &Path, declared: &str, manifest: &str) -> Result<PathBuf> {
    let steps: Vec<&str> = declared
        .split(['/', '\\'])
        .filter(|s| !s.is_empty())
        .collect();
    if steps.iter().any(|s| *s != ".." && *s != ".") || declared.starts_with('/') {
        bail!(
            "{manifest}: [report] project `{declared}`: the project is the report's folder (`.`) \
             or a folder above it, written as `..` steps (`../..`)"
        );
    }
    let mut folder = root.to_path_buf();
    for _ in steps.iter().filter(|s| **s == "..") {
        if !folder.pop() {
            bail!("{manifest}: [report] project `{declared}` climbs above the file system's root");
        }
    }
    Ok(folder)
}

/// The files the `include` patterns match, sorted, each once; each must resolve inside the
/// project.
fn included(
    root: &Path,
    project: &Path,
    manifest: &str,
    patterns: &[String],
) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for pattern in patterns {
        let full = root.join(pattern);
        let full = full
            .to_str()
            .with_context(|| format!("the include pattern `{pattern}` is not valid UTF-8"))?;
        let mut matched = Vec::new();
        for entry in glob::glob(full)
            .with_context(|| format!("`{pattern}` is not a valid include pattern"))?
        {
            let path =
                entry.with_context(|| format!("failed to list files matching `{pattern}`"))?;
            if path.is_file() {
                matched.push(
                    fsx::confined(&path, project, "the included file", PROJECT)
                        .with_context(|| format!("{manifest}: include `{pattern}`"))?,
                );
            }
        }
        if matched.is_empty() {
            bail!("the include pattern `{pattern}` in `{manifest}` matches no file");
        }
        files.extend(matched);
    }
    files.sort();
    files.dedup();
    Ok(files)
}

impl Config {
    /// Adds one file's declarations; a name declared twice is an error naming both places.
    fn add(&mut self, part: PartFile, path: &Path, shown: &str, text: &str) -> Result<()> {
        let headers = Headers::of(text);
        let at = |kind: &str, name: &str| headers.origin(path, shown, kind, name);
        add_kind(&mut self.datasets, part.datasets, "datasets", &at)?;
        add_kind(&mut self.tables, part.tables, "tables", &at)?;
        add_kind(&mut self.numbers, part.numbers, "numbers", &at)?;
        add_kind(&mut self.figures, part.figures, "figures", &at)?;
        add_kind(&mut self.checks, part.checks, "checks", &at)?;
        add_kind(&mut self.claims, part.claims, "claims", &at)?;
        Ok(())
    }
}

fn add_kind<T>(
    into: &mut BTreeMap<String, Declared<T>>,
    from: BTreeMap<String, T>,
    kind: &str,
    at: &dyn Fn(&str, &str) -> Origin,
) -> Result<()> {
    for (name, value) in from {
        let origin = at(kind, &name);
        if let Some(earlier) = into.get(&name) {
            bail!(
                "{origin}: `{kind}.{name}` is declared twice (first at {})",
                earlier.origin
            );
        }
        into.insert(name, Declared { value, origin });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_with_placeholders(root: &Path) -> Result<Config> {
        read_all(&root.join("report.toml"), root, &|text, _| {
            Ok(vars::placeholders(text))
        })
    }

    const ROOT: &str = "include = [\"parts/*.toml\"]\n\n[report]\nname = \"r\"\ntitle = \"R\"\ndata = \"data\"\n\n[document]\ntemplates = \"t\"\nmain = \"main.typ\"\n";

    fn project(parts: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("report.toml"), ROOT).unwrap();
        std::fs::create_dir_all(dir.path().join("parts")).unwrap();
        for (name, text) in parts {
            std::fs::write(dir.path().join("parts").join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn included_files_add_declarations_with_their_origin() {
        let dir = project(&[
            ("b.toml", "\n[tables.second]\nsql = \"SELECT 2\"\n"),
            ("a.toml", "[tables.first]\nsql = \"SELECT 1\"\n"),
        ]);
        let config = read_with_placeholders(dir.path()).unwrap();
        assert_eq!(
            config.tables["first"].origin.to_string(),
            "parts/a.toml:1:1"
        );
        assert_eq!(
            config.tables["second"].origin.to_string(),
            "parts/b.toml:2:1"
        );
        assert_eq!(config.sources.len(), 3);
    }

    #[test]
    fn a_name_declared_twice_names_both_places() {
        let dir = project(&[
            ("a.toml", "[tables.t]\nsql = \"SELECT 1\"\n"),
            ("b.toml", "[tables.t]\nsql = \"SELECT 2\"\n"),
        ]);
        let err = read_with_placeholders(dir.path()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "parts/b.toml:1:1: `tables.t` is declared twice (first at parts/a.toml:1:1)"
        );
    }

    #[test]
    fn an_included_file_cannot_hold_the_document() {
        let dir = project(&[("a.toml", "[document]\ntemplates = \"x\"\nmain = \"m\"\n")]);
        let err = format!("{:#}", read_with_placeholders(dir.path()).unwrap_err());
        assert!(err.contains("failed to parse `parts/a.toml`"), "{err}");
        assert!(err.contains("unknown field `document`"), "{err}");
    }

    #[test]
    fn the_project_is_the_report_folder_or_one_above_it() {
        let root = Path::new("/a/b/c");
        assert_eq!(project_root(root, ".", "r").unwrap(), root);
        assert_eq!(project_root(root, "../..", "r").unwrap(), Path::new("/a"));
        assert_eq!(project_root(root, "../../", "r").unwrap(), Path::new("/a"));
        for bad in ["/", "/etc", "sub", "../x", "..\\x"] {
            let err = project_root(root, bad, "report.toml")
                .unwrap_err()
                .to_string();
            assert!(
                err.starts_with("report.toml: [report] project"),
                "{bad}: {err}"
            );
        }
        assert!(project_root(root, "../../../..", "r").is_err());
    }

    #[test]
    fn an_include_outside_the_project_is_refused() {
        let outer = tempfile::tempdir().unwrap();
        std::fs::write(
            outer.path().join("x.toml"),
            "[tables.t]\nsql = \"SELECT 1\"\n",
        )
        .unwrap();
        let dir = outer.path().join("p");
        std::fs::create_dir_all(&dir).unwrap();
        let manifest = ROOT.replace("parts/*.toml", "../x.toml");
        std::fs::write(dir.join("report.toml"), manifest).unwrap();
        let dir = dir.canonicalize().unwrap();
        let err = format!("{:#}", read_with_placeholders(&dir).unwrap_err());
        assert!(
            err.contains("the included file") && err.contains("outside the project"),
            "{err}"
        );
    }
}
