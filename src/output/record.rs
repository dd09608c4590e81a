//! What the last build wrote to the output folder: each file's stat and hash, and a
//! fingerprint of everything the files were made from.
//!
//! A build in which every step was reused, whose fingerprint is the recorded one, and whose
//! output files all still have their recorded size, modification time and inode (with no file
//! added to the folders the build owns) has nothing to publish: the files on disk are exactly
//! what publishing would write. It then loads no artifact and compares no file, so a no-op
//! rebuild costs the same however large the publication. Any difference — a file edited or
//! deleted by hand, a new engine, a changed step — takes the normal path, which rewrites what
//! differs.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use serde::{Deserialize, Serialize};

use super::{OWNED_DIRS, OutputFolder};
use crate::fsx;
use crate::inputs::Stat;

const RECORD: &str = "outputs.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct Written {
    /// The output folder written.
    folder: std::path::PathBuf,
    /// What the files were made from.
    fingerprint: String,
    /// Output path → its stat and content hash, as written.
    files: BTreeMap<String, (Stat, String)>,
}

/// The output files and their hashes, when `folder` still holds exactly what the build with
/// `fingerprint` wrote (per the record in `record_dir`).
pub(crate) fn unchanged(
    folder: &OutputFolder,
    record_dir: &Path,
    fingerprint: &str,
) -> Option<BTreeMap<String, String>> {
    let bytes = std::fs::read(record_dir.join(RECORD)).ok()?;
    let written: Written = serde_json::from_slice(&bytes).ok()?;
    if written.folder != folder.dir()
        || written.fingerprint != fingerprint
        || !folder.path(super::MANIFEST).is_file()
    {
        return None;
    }
    for (rel, (stat, _)) in &written.files {
        if Stat::of(&folder.path(rel)).ok()? != *stat {
            return None;
        }
    }
    for dir in OWNED_DIRS {
        let root = folder.path(dir);
        if !root.is_dir() {
            continue;
        }
        for rel in fsx::list_files(&root).ok()? {
            let rel = format!("{dir}/{}", rel.to_string_lossy().replace('\\', "/"));
            if !written.files.contains_key(&rel) {
                return None;
            }
        }
    }
    Some(
        written
            .files
            .into_iter()
            .map(|(rel, (_, hash))| (rel, hash))
            .collect(),
    )
}

/// Records what a build with `fingerprint` just wrote: `outputs`, path → hash.
pub(crate) fn record(
    folder: &OutputFolder,
    record_dir: &Path,
    fingerprint: &str,
    outputs: &BTreeMap<String, String>,
) -> Result<()> {
    let mut written = Written {
        folder: folder.dir().to_path_buf(),
        fingerprint: fingerprint.to_owned(),
        files: BTreeMap::new(),
    };
    for (rel, hash) in outputs {
        written
            .files
            .insert(rel.clone(), (Stat::of(&folder.path(rel))?, hash.clone()));
    }
    fsx::write_atomic_unsynced(&record_dir.join(RECORD), &serde_json::to_vec(&written)?)
}
