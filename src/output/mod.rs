//! The output folder `out/<report>/`: its layout, written by the build and read by `status`,
//! `bench` and `diff` through this one module.
//!
//! A build's outputs are gathered into a [`Publication`] (file path → bytes) and written only
//! after every step succeeded, so a failed build never replaces a good PDF. Each file is
//! written atomically and only when its bytes changed; files from earlier builds that the plan
//! no longer produces are removed from the folders this module owns. The one exception to "only
//! complete builds write here" is `failed-build/`, the rendered sources of a document Typst
//! rejected, written so that its error messages point at text the user can open.

mod manifest;
pub(crate) mod record;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

pub use manifest::{Manifest, Outcome, StepEntry};

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
/// The data pack workbook.
pub const DATA_PACK: &str = "data-pack.xlsx";
/// Rendered sources of a document Typst rejected.
pub const FAILED_BUILD: &str = "failed-build";
/// Folders whose contents this module owns (stale files in them are removed).
const OWNED_DIRS: [&str; 4] = ["figures", "data", "tables", "typst"];

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
    figure_data: Vec<(String, Vec<u8>)>,
}

impl Publication {
    /// A table's CSV.
    pub(crate) fn table(&mut self, name: &str, csv: Vec<u8>) {
        self.files.insert(layout::table(name), csv);
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
        self.figure_data.push((name.to_owned(), figure.data_csv));
    }

    /// The PDF, its text, the rendered sources and the sentences around numbers.
    pub(crate) fn document(&mut self, report: &str, document: DocumentOutput) {
        self.files.insert(layout::pdf(report), document.pdf);
        self.files
            .insert(layout::text(report), document.text.into_bytes());
        self.files
            .insert(NUMBERS_IN_TEXT.to_owned(), document.numbers_in_text);
        for (path, text) in document.sources {
            self.files.insert(path, text.into_bytes());
        }
    }

    /// Every file, with `numbers.json` and the data pack made from what was gathered.
    /// `data_pack` makes the workbook from the figure data (see `datapack::workbook`); the
    /// build passes one that keeps it in the cache.
    pub(crate) fn finish(
        mut self,
        data_pack: impl FnOnce(&[(String, Vec<u8>)]) -> Result<Vec<u8>>,
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

    /// Writes every output and then the manifest; returns how many files changed on disk.
    pub fn write(&self, files: &BTreeMap<String, Vec<u8>>, manifest: &Manifest) -> Result<usize> {
        let mut written = 0;
        for (rel, bytes) in files {
            if fsx::write_if_changed(&self.path(rel), bytes)? {
                written += 1;
            }
        }
        self.prune(files)?;
        self.write_manifest(manifest)?;
        Ok(written)
    }

    /// Writes the manifest of a build whose outputs are already in place, and removes the
    /// sources a failed build may have left.
    pub(crate) fn write_manifest(&self, manifest: &Manifest) -> Result<()> {
        fsx::remove_dir_all_if_exists(&self.path(FAILED_BUILD))?;
        let mut json = serde_json::to_vec_pretty(manifest)?;
        json.push(b'\n');
        fsx::write_atomic(&self.path(MANIFEST), &json)
    }

    /// Writes the rendered sources of a rejected document; returns their folder.
    pub fn write_failed_sources(&self, sources: &[(String, String)]) -> Result<PathBuf> {
        let failed = self.path(FAILED_BUILD);
        for (path, text) in sources {
            fsx::write_atomic(&failed.join(path), text.as_bytes())?;
        }
        Ok(failed)
    }

    fn prune(&self, keep: &BTreeMap<String, Vec<u8>>) -> Result<()> {
        for dir in OWNED_DIRS {
            let folder = self.path(dir);
            if !folder.is_dir() {
                continue;
            }
            for rel in fsx::list_files(&folder)? {
                let rel = format!("{dir}/{}", rel.to_string_lossy().replace('\\', "/"));
                if !keep.contains_key(&rel) {
                    let path = self.path(&rel);
                    std::fs::remove_file(&path)
                        .with_context(|| format!("failed to remove stale `{}`", path.display()))?;
                }
            }
        }
        Ok(())
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
                    .map(|bytes| crate::cache::hash_bytes(&bytes) != **hash)
                    .unwrap_or(true)
            })
            .map(|(rel, _)| rel.clone())
            .collect()
    }
}
