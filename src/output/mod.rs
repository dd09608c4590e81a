//! The output folder `out/<report>/`: its layout, written by the build and read by `status`,
//! `bench` and `diff` through this one module.
//!
//! A build's outputs are gathered into a [`Publication`] (file path → bytes) and written only
//! after every step succeeded, so a failed build never replaces a good PDF. The folder is
//! replaced as a whole ([`swap`]): unchanged files are linked, changed ones written, and one
//! rename swaps the new folder in, so a kill or a full disk never leaves a mix. Files from
//! earlier builds that the plan no longer produces are dropped from the folders this module
//! owns; anything else a user put in the folder is kept. A failed build writes nothing here:
//! the rendered sources of a document Typst rejected go beside it, to `<name>.failed-build/`,
//! so that its error messages point at text the user can open.

mod manifest;
pub(crate) mod record;
mod swap;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

pub use manifest::{Manifest, Outcome, StepEntry};
pub(crate) use swap::BuildLock;

use crate::document::DocumentOutput;
use crate::document::sentences::Sentence;
use crate::figure::FigureOutput;
use crate::fsx;
use crate::number::NumberValue;

/// `manifest.json`.
pub const MANIFEST: &str = "manifest.json";
/// Every number's value, by name.
pub const NUMBERS: &str = "numbers.json";
/// The sentences every number is printed in, by name.
pub const NUMBERS_IN_TEXT: &str = "numbers-in-text.json";
/// Every claim with its words, truth and sentences.
pub const CLAIMS: &str = "claims.json";
/// The data pack workbook.
pub const DATA_PACK: &str = "data-pack.xlsx";
/// Folders whose contents this module owns (stale files in them are removed).
const OWNED_DIRS: [&str; 4] = ["figures", "data", "tables", "typst"];

fn manifest_json(manifest: &Manifest) -> Result<Vec<u8>> {
    let mut json = serde_json::to_vec_pretty(manifest)?;
    json.push(b'\n');
    Ok(json)
}

/// Where one kind of output lives, relative to the folder.
pub mod layout {
    /// A table's CSV.
    pub fn table(name: &str) -> String {
        format!("tables/{name}.csv")
    }
    /// A figure's SVG.
    pub fn figure_svg(name: &str) -> String {
        format!("figures/{name}.svg")
    }
    /// A figure's PNG.
    pub fn figure_png(name: &str) -> String {
        format!("figures/{name}.png")
    }
    /// The data a figure plots, as CSV.
    pub fn figure_data(name: &str) -> String {
        format!("data/{name}.csv")
    }
    /// The PDF.
    pub fn pdf(report: &str) -> String {
        format!("{report}.pdf")
    }
    /// The PDF's text.
    pub fn text(report: &str) -> String {
        format!("{report}.txt")
    }
    /// The names of the tables among a build's output paths.
    pub fn tables<'a>(paths: impl Iterator<Item = &'a String>) -> Vec<String> {
        names(paths, "tables/", ".csv")
    }
    /// The names of the figures among a build's output paths.
    pub fn figures<'a>(paths: impl Iterator<Item = &'a String>) -> Vec<String> {
        names(paths, "figures/", ".svg")
    }
    fn names<'a>(paths: impl Iterator<Item = &'a String>, folder: &str, ext: &str) -> Vec<String> {
        paths
            .filter_map(|k| k.strip_prefix(folder)?.strip_suffix(ext))
            .filter(|name| !name.contains('/'))
            .map(str::to_owned)
            .collect()
    }
}

/// Every output file of one build, gathered before anything is written.
#[derive(Debug, Default)]
pub(crate) struct Publication {
    files: BTreeMap<String, Vec<u8>>,
    numbers: BTreeMap<String, NumberValue>,
    figure_data: Vec<crate::datapack::Sheet>,
}

impl Publication {
    /// A table's CSV.
    pub(crate) fn table(&mut self, name: &str, csv: Vec<u8>) {
        self.files.insert(layout::table(name), csv);
    }

    /// `checks.json`: every check's outcome.
    pub(crate) fn checks(&mut self, json: Vec<u8>) {
        self.files
            .insert(crate::check::verdict::CHECKS.to_owned(), json);
    }

    /// A number, for `numbers.json`.
    pub(crate) fn number(&mut self, name: &str, value: NumberValue) {
        self.numbers.insert(name.to_owned(), value);
    }

    /// A figure's SVG, PNG and data, which also becomes a sheet of the data pack.
    pub(crate) fn figure(&mut self, name: &str, figure: FigureOutput) {
        self.files.insert(layout::figure_svg(name), figure.svg);
        self.files.insert(layout::figure_png(name), figure.png);
        self.files
            .insert(layout::figure_data(name), figure.data_csv.clone());
        self.figure_data.push(crate::datapack::Sheet {
            name: name.to_owned(),
            title: figure.meta.title.clone(),
            source: figure.meta.source.clone(),
            notes: figure.meta.notes.clone(),
            csv: figure.data_csv,
        });
    }

    /// The PDF, its text, the rendered sources and the sentences around numbers.
    pub(crate) fn document(&mut self, report: &str, document: DocumentOutput) {
        self.files.insert(layout::pdf(report), document.pdf);
        self.files
            .insert(layout::text(report), document.text.into_bytes());
        self.files
            .insert(NUMBERS_IN_TEXT.to_owned(), document.numbers_in_text);
        self.files.insert(CLAIMS.to_owned(), document.claims);
        for (path, text) in document.sources {
            self.files.insert(path, text.into_bytes());
        }
    }

    /// Every file, with `numbers.json` and the data pack made from what was gathered.
    /// `data_pack` makes the workbook from the figure data (see `datapack::workbook`); the
    /// build passes one that keeps it in the cache.
    pub(crate) fn finish(
        mut self,
        data_pack: impl FnOnce(&[crate::datapack::Sheet]) -> Result<Vec<u8>>,
    ) -> Result<BTreeMap<String, Vec<u8>>> {
        let mut numbers = serde_json::to_vec_pretty(&self.numbers)?;
        numbers.push(b'\n');
        self.files.insert(NUMBERS.to_owned(), numbers);
        self.files
            .insert(DATA_PACK.to_owned(), data_pack(&self.figure_data)?);
        Ok(self.files)
    }
}

/// One report's output folder.
#[derive(Debug, Clone)]
pub struct OutputFolder {
    dir: PathBuf,
}

impl OutputFolder {
    /// The folder at `dir` (which need not exist yet).
    pub fn new(dir: &Path) -> OutputFolder {
        OutputFolder {
            dir: dir.to_path_buf(),
        }
    }

    /// Opens the folder of a finished build, checking it has a manifest.
    pub fn open(dir: &Path) -> Result<(OutputFolder, Manifest)> {
        let folder = OutputFolder::new(dir);
        if !folder.path(MANIFEST).is_file() {
            bail!(
                "`{}` is not a build output folder: it has no manifest.json",
                dir.display()
            );
        }
        let manifest = folder.manifest()?;
        Ok((folder, manifest))
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// An output's path.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// Replaces the folder by one holding every output and the manifest, in one swap; returns
    /// how many files are new or changed. The caller holds the folder's [`BuildLock`].
    pub(crate) fn write(
        &self,
        files: &BTreeMap<String, Vec<u8>>,
        manifest: &Manifest,
    ) -> Result<usize> {
        let mut all = files.clone();
        all.insert(MANIFEST.to_owned(), manifest_json(manifest)?);
        let owned = |rel: &str| {
            rel == MANIFEST
                || OWNED_DIRS
                    .iter()
                    .any(|dir| rel.strip_prefix(dir).is_some_and(|r| r.starts_with('/')))
        };
        let changed = swap::replace(&self.dir, &all, owned)?;
        self.remove_failed_sources()?;
        Ok(changed.iter().filter(|rel| **rel != MANIFEST).count())
    }

    /// Writes the manifest of a build whose outputs are already in place (one rename: the
    /// rest of the folder is untouched). The caller holds the folder's [`BuildLock`].
    pub(crate) fn write_manifest(&self, manifest: &Manifest) -> Result<()> {
        self.remove_failed_sources()?;
        swap::replace_file(&self.dir, MANIFEST, &manifest_json(manifest)?)
    }

    /// Locks the folder for one build: a second build into it waits.
    pub(crate) fn lock(&self) -> Result<BuildLock> {
        BuildLock::acquire(&self.dir)
    }

    /// Where the rendered sources of a rejected document go: beside the folder, never in it.
    pub fn failed_sources_dir(&self) -> PathBuf {
        let name = self.dir.file_name().unwrap_or_default().to_string_lossy();
        self.dir.with_file_name(format!("{name}.failed-build"))
    }

    /// Writes the rendered sources of a rejected document; returns their folder.
    pub fn write_failed_sources(&self, sources: &[(String, String)]) -> Result<PathBuf> {
        let failed = self.failed_sources_dir();
        fsx::remove_dir_all_if_exists(&failed)?;
        for (path, text) in sources {
            fsx::write_atomic(&failed.join(path), text.as_bytes())?;
        }
        Ok(failed)
    }

    fn remove_failed_sources(&self) -> Result<()> {
        fsx::remove_dir_all_if_exists(&self.failed_sources_dir())
    }

    /// Reads the manifest.
    pub fn manifest(&self) -> Result<Manifest> {
        let path = self.path(MANIFEST);
        serde_json::from_slice(&fsx::read(&path)?)
            .with_context(|| format!("cannot read the build manifest {}", path.display()))
    }

    /// Reads one output.
    pub fn read(&self, rel: &str) -> Result<Vec<u8>> {
        fsx::read(&self.path(rel))
    }

    /// The printed numbers.
    pub(crate) fn numbers(&self) -> Result<BTreeMap<String, NumberValue>> {
        serde_json::from_slice(&self.read(NUMBERS)?)
            .with_context(|| format!("cannot read {}", self.path(NUMBERS).display()))
    }

    /// The sentences each number is printed in (empty for builds without the trace).
    pub(crate) fn sentences(&self) -> Result<BTreeMap<String, Vec<Sentence>>> {
        let path = self.path(NUMBERS_IN_TEXT);
        if !path.is_file() {
            return Ok(BTreeMap::new());
        }
        serde_json::from_slice(&self.read(NUMBERS_IN_TEXT)?)
            .with_context(|| format!("cannot read {}", path.display()))
    }

    /// Outputs whose bytes on disk no longer match the manifest (edited or deleted since).
    pub fn drifted(&self, manifest: &Manifest) -> Vec<String> {
        manifest
            .outputs
            .iter()
            .filter(|(rel, hash)| {
                std::fs::read(self.path(rel))
                    .map(|bytes| crate::hash::hash_bytes(&bytes) != **hash)
                    .unwrap_or(true)
            })
            .map(|(rel, _)| rel.clone())
            .collect()
    }
}
