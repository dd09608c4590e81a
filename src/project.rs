//! A project on disk: its `report.toml`, the folder that holds it, and the folders a build
//! reads and writes. The one place a project's root is found.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::config::{self, ReportConfig};

/// Where a project is, and which of its default folders the user overrode.
#[derive(Debug, Clone)]
pub struct ProjectOptions {
    /// Path of `report.toml`.
    pub manifest: PathBuf,
    /// Data release folder overriding `report.data`.
    pub data: Option<PathBuf>,
    /// Output root overriding `report.out`.
    pub out: Option<PathBuf>,
    /// Cache root overriding `<root>/.rapport-cache`.
    pub cache: Option<PathBuf>,
}

/// A located project.
#[derive(Debug, Clone)]
pub struct Project {
    /// `report.toml`, absolute.
    pub manifest: PathBuf,
    /// The folder holding it, absolute: every relative path in the declarations starts here.
    pub root: PathBuf,
    /// The options it was opened with.
    pub options: ProjectOptions,
}

impl Project {
    /// Finds the project's root from the path of its `report.toml`.
    pub fn open(options: &ProjectOptions) -> Result<Project> {
        let manifest = &options.manifest;
        let folder = match manifest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let root = folder
            .canonicalize()
            .with_context(|| format!("failed to resolve the folder of `{}`", manifest.display()))?;
        let file = manifest
            .file_name()
            .with_context(|| format!("`{}` does not name a file", manifest.display()))?;
        Ok(Project {
            manifest: root.join(file),
            root,
            options: options.clone(),
        })
    }

    /// The `[report]` table, read before the release is known (release variables as
    /// placeholders): enough for the report's name and folders.
    pub fn report(&self) -> Result<ReportConfig> {
        config::load_report(&self.manifest, &self.root)
    }

    /// The data release folder: `--data`, or `report.data`.
    pub fn release_dir(&self, report: &ReportConfig) -> PathBuf {
        self.options
            .data
            .clone()
            .unwrap_or_else(|| self.root.join(&report.data))
    }

    /// The output root: `--out`, or `report.out`.
    pub fn out_root(&self, report: &ReportConfig) -> PathBuf {
        self.options
            .out
            .clone()
            .unwrap_or_else(|| self.root.join(&report.out))
    }

    /// The cache root: `--cache`, or `.rapport-cache` beside `report.toml`.
    pub fn cache_root(&self) -> PathBuf {
        self.options
            .cache
            .clone()
            .unwrap_or_else(|| self.root.join(".rapport-cache"))
    }
}
