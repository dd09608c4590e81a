//! The input files of a build, read once: steps consume exactly the bytes their keys hashed.
//!
//! Every file any step reads (data files, templates, the shared Typst library,
//! `release.toml`) is read and hashed once, in parallel, at the start of a build. Keys are made
//! from these hashes and steps are given these bytes, so a file that changes while a build runs
//! cannot make an output disagree with the key it is stored under.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::cache::hash_bytes;
use crate::fsx;

/// A file a step reads: where it is and how messages show it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct InputPath {
    /// Absolute path.
    pub path: PathBuf,
    /// Relative to the project root when inside it, as messages and keys show it.
    pub shown: String,
}

impl InputPath {
    /// A path and its form relative to `root`.
    pub(crate) fn new(path: PathBuf, root: &Path) -> InputPath {
        let shown = fsx::display_relative(&path, root);
        InputPath { path, shown }
    }
}

/// One file's bytes and hash.
#[derive(Debug, Clone)]
pub(crate) struct InputFile {
    /// The contents, shared between the steps that read them.
    pub bytes: Arc<Vec<u8>>,
    /// Hex BLAKE3 of the contents.
    pub hash: String,
}

/// Every input file of a plan, keyed by absolute path.
#[derive(Debug, Default)]
pub(crate) struct InputFiles {
    files: BTreeMap<PathBuf, InputFile>,
}

impl InputFiles {
    /// Reads and hashes every file in `paths`, in parallel.
    pub(crate) fn read<'a>(paths: impl IntoIterator<Item = &'a InputPath>) -> Result<InputFiles> {
        let mut unique: Vec<&PathBuf> = paths.into_iter().map(|p| &p.path).collect();
        unique.sort();
        unique.dedup();
        let files = unique
            .into_par_iter()
            .map(|path| {
                let bytes = fsx::read(path)?;
                let hash = hash_bytes(&bytes);
                Ok((
                    path.clone(),
                    InputFile {
                        bytes: Arc::new(bytes),
                        hash,
                    },
                ))
            })
            .collect::<Result<BTreeMap<_, _>>>()?;
        Ok(InputFiles { files })
    }

    /// The file at `path`; every file a plan names was read when the build started.
    pub(crate) fn get(&self, path: &Path) -> Result<&InputFile> {
        self.files
            .get(path)
            .with_context(|| format!("`{}` was not read with the build's inputs", path.display()))
    }

    /// The bytes of the file at `path`.
    pub(crate) fn bytes(&self, path: &Path) -> Result<&[u8]> {
        Ok(self.get(path)?.bytes.as_slice())
    }

    /// Every file with its hash, in path order.
    pub(crate) fn hashes(&self) -> impl Iterator<Item = (&PathBuf, &str)> {
        self.files.iter().map(|(p, f)| (p, f.hash.as_str()))
    }
}
