//! The input files of a build: hashed once, read when a step needs them, checked against the
//! hash its key was made from.
//!
//! Every file any step reads (data files, templates, the shared Typst library, `release.toml`)
//! gets a content hash at the start of a build; keys are made from these hashes. Hashing a
//! gigabyte on every no-op rebuild would cost seconds, so a file whose size, modification time
//! and inode match what was recorded when it was last hashed keeps its recorded hash (the stat
//! fast path, as cargo and R `targets` do). The content hash stays the truth: a step that reads
//! a file hashes the bytes it reads and refuses them if they are not what its key says, so a
//! file changed behind an unchanged stat can never reach an output unnoticed. A record is only
//! trusted for files last modified well before it was written, so an edit made within the
//! file system's timestamp resolution of a build is hashed again.
//!
//! Large files are hashed as a stream and not kept in memory: the dataset step scans them
//! itself, and then checks that the file is still the one its key was made from
//! ([`InputFiles::check_unchanged`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::fsx;
use crate::hash::{hash_bytes, hash_file};

/// A file a step reads: where it is and how messages show it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct InputPath {
    /// Absolute path.
    pub(crate) path: PathBuf,
    /// Relative to the project root when inside it, as messages and keys show it.
    pub(crate) shown: String,
}

impl InputPath {
    /// A path and its form relative to `root`.
    pub(crate) fn new(path: PathBuf, root: &Path) -> InputPath {
        let shown = fsx::display_relative(&path, root);
        InputPath { path, shown }
    }
}

/// What identifies a file's version without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stat {
    size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    mtime_ns: u128,
    /// Inode number (0 where the platform has none).
    inode: u64,
}

impl Stat {
    /// The stat of the file at `path`.
    pub(crate) fn of(path: &Path) -> Result<Stat> {
        let meta = std::fs::metadata(path)
            .with_context(|| format!("failed to read `{}`", path.display()))?;
        Ok(Stat::from_metadata(&meta))
    }

    /// The stat in metadata already read.
    pub(crate) fn from_metadata(meta: &std::fs::Metadata) -> Stat {
        Stat {
            size: meta.len(),
            mtime_ns: nanos(meta.modified().ok()),
            inode: inode(meta),
        }
    }
}

fn nanos(time: Option<SystemTime>) -> u128 {
    time.and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_meta: &std::fs::Metadata) -> u64 {
    0
}

/// The recorded hashes of a cache folder: `inputs.json`, path → stat and hash.
#[derive(Debug, Default, Serialize, Deserialize)]
struct StatRecord {
    files: BTreeMap<PathBuf, (Stat, String)>,
}

/// How long before a record was written a file must have last changed for its stat to be
/// trusted: more than any file system's timestamp resolution.
const SETTLED: Duration = Duration::from_secs(2);

/// One file's hash, and its bytes once a step has read them.
#[derive(Debug)]
pub(crate) struct InputFile {
    /// Hex BLAKE3 of the contents.
    pub(crate) hash: String,
    stat: Stat,
    /// Whether the hash came from the record rather than from reading the file this build.
    trusted: bool,
    bytes: OnceLock<Vec<u8>>,
}

/// Files up to this size are kept in memory once hashed (templates, small data files); larger
/// ones are hashed as a stream, so a gigabyte release never sits in memory whole.
pub(crate) const KEEP_BYTES: u64 = 16 << 20;

/// Every input file of a plan, keyed by absolute path.
#[derive(Debug, Default)]
pub(crate) struct InputFiles {
    files: BTreeMap<PathBuf, InputFile>,
    /// How many hashes came from the record rather than from reading the file.
    trusted: usize,
    /// Where the record was read from.
    record_dir: Option<PathBuf>,
}

impl InputFiles {
    /// Hashes every file in `paths`, in parallel, trusting the hashes recorded in
    /// `record_dir` for files whose stat is unchanged (none when `record_dir` is `None`).
    pub(crate) fn read<'a>(
        paths: impl IntoIterator<Item = &'a InputPath>,
        record_dir: Option<&Path>,
    ) -> Result<InputFiles> {
        let mut unique: Vec<&PathBuf> = paths.into_iter().map(|p| &p.path).collect();
        unique.sort();
        unique.dedup();
        let record = record_dir.map(load_record).unwrap_or_default();
        let hashed = unique
            .into_par_iter()
            .map(|path| {
                let stat = Stat::of(path)?;
                if let Some((recorded, hash)) = record.get(path)
                    && *recorded == stat
                {
                    let file = InputFile {
                        hash: hash.clone(),
                        stat,
                        trusted: true,
                        bytes: OnceLock::new(),
                    };
                    return Ok((path.clone(), file, true));
                }
                let file = if stat.size <= KEEP_BYTES {
                    let bytes = fsx::read(path)?;
                    InputFile {
                        hash: hash_bytes(&bytes),
                        stat,
                        trusted: false,
                        bytes: OnceLock::from(bytes),
                    }
                } else {
                    InputFile {
                        hash: hash_file(path)?,
                        stat,
                        trusted: false,
                        bytes: OnceLock::new(),
                    }
                };
                Ok((path.clone(), file, false))
            })
            .collect::<Result<Vec<_>>>()?;
        let trusted = hashed.iter().filter(|(_, _, trusted)| *trusted).count();
        let files = hashed.into_iter().map(|(p, f, _)| (p, f)).collect();
        Ok(InputFiles {
            files,
            trusted,
            record_dir: record_dir.map(Path::to_path_buf),
        })
    }

    /// The file at `path`; every file a plan names was hashed when the build started.
    pub(crate) fn get(&self, path: &Path) -> Result<&InputFile> {
        self.files
            .get(path)
            .with_context(|| format!("`{}` was not read with the build's inputs", path.display()))
    }

    /// The bytes of the file at `path`: exactly the bytes whose hash is in the keys.
    pub(crate) fn bytes(&self, path: &Path) -> Result<&[u8]> {
        let file = self.get(path)?;
        if let Some(bytes) = file.bytes.get() {
            return Ok(bytes);
        }
        let bytes = fsx::read(path)?;
        if hash_bytes(&bytes) != file.hash {
            return Err(self.changed(path));
        }
        Ok(file.bytes.get_or_init(|| bytes))
    }

    /// Whether the file at `path` is small enough to be held in memory once read.
    pub(crate) fn is_held(&self, path: &Path) -> bool {
        self.files
            .get(path)
            .is_some_and(|file| file.stat.size <= KEEP_BYTES)
    }

    /// Checks, after a step has scanned the file at `path` itself, that it is still the file
    /// the step's key was made from: a hash taken from the record is verified by hashing the
    /// file again; a hash taken this build, by its size, modification time and inode.
    pub(crate) fn check_unchanged(&self, path: &Path) -> Result<()> {
        let file = self.get(path)?;
        let same = if file.trusted {
            hash_file(path)? == file.hash
        } else {
            Stat::of(path)? == file.stat
        };
        if same {
            Ok(())
        } else {
            Err(self.changed(path))
        }
    }

    /// The error for a file that is not what its hash says; the record can no longer be
    /// trusted, so it is forgotten and the next build hashes afresh.
    fn changed(&self, path: &Path) -> anyhow::Error {
        if let Some(dir) = &self.record_dir {
            let _ = std::fs::remove_file(dir.join(RECORD));
        }
        anyhow::anyhow!(
            "`{}` changed while the build was running (or behind an unchanged size and \
             modification time); build again and every input will be hashed afresh",
            path.display()
        )
    }

    /// Every file with its hash, in path order.
    pub(crate) fn hashes(&self) -> impl Iterator<Item = (&PathBuf, &str)> {
        self.files.iter().map(|(p, f)| (p, f.hash.as_str()))
    }

    /// How many files kept their recorded hash (stat unchanged), and how many were hashed.
    pub(crate) fn counts(&self) -> (usize, usize) {
        (self.trusted, self.files.len() - self.trusted)
    }

    /// Records the hashes in `dir` for the next build (nothing to do when every hash came
    /// from the record already).
    pub(crate) fn record(&self, dir: &Path) -> Result<()> {
        if self.trusted == self.files.len() {
            return Ok(());
        }
        let path = dir.join(RECORD);
        // Every entry is written; the record's own modification time (the file system's clock,
        // not ours) decides when it is loaded which entries had settled and can be trusted.
        let mut record = StatRecord::default();
        for (file, input) in &self.files {
            record
                .files
                .insert(file.clone(), (input.stat, input.hash.clone()));
        }
        fsx::write_atomic_unsynced(&path, &serde_json::to_vec(&record)?)?;
        Ok(())
    }
}

const RECORD: &str = "inputs.json";

/// The trusted entries of a record: those whose file had settled when the record was written.
fn load_record(dir: &Path) -> BTreeMap<PathBuf, (Stat, String)> {
    let path = dir.join(RECORD);
    let Ok(written) = std::fs::metadata(&path).and_then(|m| m.modified()) else {
        return BTreeMap::new();
    };
    let Some(settled_before) = written.checked_sub(SETTLED) else {
        return BTreeMap::new();
    };
    let settled_before = nanos(Some(settled_before));
    let Some(record) = std::fs::read(&path)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<StatRecord>(&bytes).ok())
    else {
        return BTreeMap::new();
    };
    record
        .files
        .into_iter()
        .filter(|(_, (stat, _))| stat.mtime_ns < settled_before)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(dir: &Path, name: &str) -> InputPath {
        InputPath::new(dir.join(name), dir)
    }

    /// Writes `text` to `path` with a modification time long past.
    fn write_old(path: &Path, text: &str) {
        std::fs::write(path, text).unwrap();
        let old = UNIX_EPOCH + Duration::from_secs(1_600_000_000);
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(old).unwrap();
    }

    #[test]
    fn a_settled_file_keeps_its_recorded_hash_and_a_changed_one_is_hashed() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("a.csv");
        // The file looks old, as a data release that arrived a while ago does.
        write_old(&data, "x\n1\n");
        let files = [input(dir.path(), "a.csv")];
        let first = InputFiles::read(&files, Some(dir.path())).unwrap();
        assert_eq!(first.counts(), (0, 1));
        first.record(dir.path()).unwrap();
        let second = InputFiles::read(&files, Some(dir.path())).unwrap();
        assert_eq!(second.counts(), (1, 0));
        assert_eq!(second.bytes(&data).unwrap(), b"x\n1\n");

        // Same size, same (old) time, other bytes: the stat is trusted, but the bytes a step
        // reads are checked against the hash and refused.
        write_old(&data, "x\n2\n");
        let third = InputFiles::read(&files, Some(dir.path())).unwrap();
        let err = third.bytes(&data).unwrap_err().to_string();
        assert!(err.contains("changed while the build was running"), "{err}");
        // The next build hashes it afresh.
        let again = InputFiles::read(&files, Some(dir.path())).unwrap();
        assert_eq!(again.counts(), (0, 1));
        assert_eq!(again.bytes(&data).unwrap(), b"x\n2\n");

        // A file that just changed is always hashed.
        std::fs::write(&data, "x\n3\n").unwrap();
        let fourth = InputFiles::read(&files, Some(dir.path())).unwrap();
        assert_eq!(fourth.counts(), (0, 1));
    }
}
