//! The content-addressed build cache: node records keyed by a hash of everything a node reads.
//!
//! A node's key is the blake3 hash of [`KeyInputs`]: the tool version, its declaration, the
//! bytes of its files and the fingerprints of its upstream outputs. A record stores the key,
//! the inputs that produced it (so `rapport status` can say what changed) and the hashes of the
//! output artifacts, which live once each under `objects/`. Objects are written before the
//! record, both atomically, so a killed build leaves at worst an unused object, never a record
//! pointing at missing or partial data. Cache files are not flushed to disk one by one (a cold
//! build writes hundreds): every object is verified against its hash when it is loaded, so
//! what a power cut could leave behind is refused, never used.
//!
//! Each node keeps its latest record (`nodes/<id>.json`, which explains a miss) and one record
//! per key it was ever built under (`keys/<id>/<key>.json`), so switching between two data
//! releases, or back to a previous template, reuses what was built before instead of
//! rebuilding.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::fsx;
use crate::hash::{hash_bytes, hash_file};
use crate::inputs::Stat;

/// Everything a node's output may depend on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct KeyInputs {
    /// `rapport` version: a new engine may compute differently.
    pub tool: String,
    /// Hash of the node's canonical declaration.
    pub declaration: String,
    /// Input file (as shown to the user) → content hash.
    pub files: BTreeMap<String, String>,
    /// Upstream node id → output fingerprint.
    pub upstream: BTreeMap<String, String>,
}

impl KeyInputs {
    /// The cache key.
    pub(crate) fn key(&self) -> String {
        hash_bytes(&serde_json::to_vec(self).expect("key inputs serialise"))
    }
}

/// A node's named output blobs.
pub(crate) type Artifacts = BTreeMap<String, Vec<u8>>;

/// A node's named outputs too large to hold in memory: files written in the cache's scratch
/// folder ([`Cache::scratch_dir`]), moved into `objects/` when the node is committed.
pub(crate) type ArtifactFiles = BTreeMap<String, PathBuf>;

/// What the cache remembers about one node.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Record {
    /// Key the outputs were built under.
    pub key: String,
    /// Hash over the output artifacts; what downstream keys see.
    pub fingerprint: String,
    /// Artifact name → object hash.
    pub artifacts: BTreeMap<String, String>,
    /// Artifact name → object hash, for the artifacts that are read from their object file in
    /// place (a dataset's Parquet, scanned by Polars) rather than loaded into memory.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub files: BTreeMap<String, String>,
    /// Object hash → its size in bytes, so that a truncated object (what an interrupted write
    /// or a power cut leaves) is a miss, found without reading it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sizes: BTreeMap<String, u64>,
    /// Object hash → its size, time and inode when committed. Objects never change in place,
    /// so a different stat means the object was edited or replaced: it is then read and
    /// hashed, and a mismatch is a miss (the step runs again and its commit replaces it).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stats: BTreeMap<String, Stat>,
    /// The inputs behind `key`, for explanations.
    pub inputs: KeyInputs,
}

/// The artifact `name` of a stored output of kind `what` (`figure`, `document`, …).
pub(crate) fn artifact(artifacts: &Artifacts, name: &str, what: &str) -> Result<Vec<u8>> {
    artifacts
        .get(name)
        .cloned()
        .with_context(|| format!("a cached {what} has no `{name}`"))
}

/// Result of looking a node up.
#[derive(Debug)]
pub(crate) enum Lookup {
    /// The outputs for this exact key exist.
    Hit(Record),
    /// They do not; the previous record, if any, explains why.
    Miss(Option<Record>),
}

/// The fingerprint of a set of artifacts (names and contents).
pub(crate) fn fingerprint(artifacts: &BTreeMap<String, String>) -> String {
    hash_bytes(&serde_json::to_vec(artifacts).expect("artifact hashes serialise"))
}

/// A cache object whose bytes no longer match its hash: removed when found, so the next
/// attempt rebuilds the step that made it.
#[derive(Debug, thiserror::Error)]
#[error("cache object `{}` was damaged (its bytes no longer match its hash)", path.display())]
pub(crate) struct DamagedObject {
    /// The object's path.
    pub path: PathBuf,
}

/// The name of a build's marker in the cache folder, before its process id.
const RUNNING: &str = ".running-";

/// A build's hold on a cache folder (a shared lock on `build.lock` and its marker), released
/// when dropped.
#[derive(Debug)]
pub(crate) struct CacheHold {
    _file: std::fs::File,
    _marker: std::fs::File,
    marker: PathBuf,
}

impl Drop for CacheHold {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.marker);
    }
}

/// A cache folder for one report.
#[derive(Debug, Clone)]
pub(crate) struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// Opens (without creating) the cache at `dir`.
    pub(crate) fn new(dir: &Path) -> Cache {
        Cache {
            dir: dir.to_path_buf(),
        }
    }

    /// Holds the cache for one build. Builds share it, each leaving a marker
    /// (`.running-<pid>-<n>`) that it removes when it ends. A build that finds no other build
    /// holding the cache but the marker of a killed build (one whose lock can be taken) first
    /// sweeps what it left: temporary files (`.tmp*`, `.link-*`, from writes that never reached
    /// their rename) and the scratch folder. A cache whose builds all ended is not walked at all.
    pub(crate) fn hold(&self) -> Result<CacheHold> {
        fsx::create_dir_all(&self.dir)?;
        let path = self.dir.join("build.lock");
        let file = fsx::open_lock(&path, "the cache lock")?;
        // Unique within the process too: `diff` and `bench` run several builds in one.
        static HOLDS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = HOLDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let marker_path = self
            .dir
            .join(format!("{RUNNING}{}-{n}", std::process::id()));
        // The marker is locked for the build's whole life: a sweep tells a live build's marker
        // from a killed one's by trying its lock.
        let marker = std::fs::File::create(&marker_path)
            .with_context(|| format!("failed to create `{}`", marker_path.display()))?;
        marker
            .lock()
            .with_context(|| format!("failed to lock `{}`", marker_path.display()))?;
        if file.try_lock().is_ok() {
            // No build holds the cache (one may be between its marker and its shared lock,
            // before writing anything): sweep if a killed build left a marker.
            if self.stale_markers()?.next().is_some() {
                self.sweep()?;
            }
            file.unlock()
                .with_context(|| format!("failed to unlock `{}`", path.display()))?;
        }
        file.lock_shared()
            .with_context(|| format!("failed to lock `{}`", path.display()))?;
        Ok(CacheHold {
            _file: file,
            _marker: marker,
            marker: marker_path,
        })
    }

    /// The markers of killed builds: those whose lock can be taken.
    fn stale_markers(&self) -> Result<impl Iterator<Item = PathBuf>> {
        let entries = std::fs::read_dir(&self.dir)
            .with_context(|| format!("failed to list `{}`", self.dir.display()))?;
        Ok(entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(RUNNING))
            })
            .filter(|p| std::fs::File::open(p).is_ok_and(|f| f.try_lock().is_ok())))
    }

    /// Removes temporary files (`.tmp*`, `.link-*`), scratch and markers left by killed
    /// builds; returns how many.
    fn sweep(&self) -> Result<usize> {
        let mut removed = 0;
        for entry in walkdir::WalkDir::new(&self.dir).into_iter().flatten() {
            let scratch = entry.path().starts_with(self.dir.join("scratch"));
            let name = entry.file_name().to_string_lossy();
            let temporary = name.starts_with(".tmp") || name.starts_with(".link-");
            // A live build's marker is locked; only a killed build's can be taken.
            let dead_marker = name.starts_with(RUNNING)
                && std::fs::File::open(entry.path()).is_ok_and(|f| f.try_lock().is_ok());
            if entry.file_type().is_file() && (scratch || temporary || dead_marker) {
                std::fs::remove_file(entry.path()).with_context(|| {
                    format!("failed to remove the stale `{}`", entry.path().display())
                })?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    fn record_path(&self, node_id: &str) -> PathBuf {
        self.dir.join("nodes").join(format!("{node_id}.json"))
    }

    fn keyed_record_path(&self, node_id: &str, key: &str) -> PathBuf {
        self.dir
            .join("keys")
            .join(node_id)
            .join(format!("{key}.json"))
    }

    fn object_path(&self, hash: &str) -> PathBuf {
        self.dir.join("objects").join(&hash[..2]).join(hash)
    }

    /// Where a record's file artifact `name` lives, to be read in place.
    pub(crate) fn object_file(&self, record: &Record, name: &str) -> Option<PathBuf> {
        record.files.get(name).map(|hash| self.object_path(hash))
    }

    /// The folder for files a step writes before they are committed: inside the cache, so
    /// that committing is a rename.
    pub(crate) fn scratch_dir(&self) -> Result<PathBuf> {
        let dir = self.dir.join("scratch");
        fsx::create_dir_all(&dir)?;
        Ok(dir)
    }

    /// The last committed record of a node; unreadable records count as absent.
    pub(crate) fn record(&self, node_id: &str) -> Option<Record> {
        let bytes = std::fs::read(self.record_path(node_id)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Checks whether `inputs` were already built and their objects are all present.
    pub(crate) fn lookup(&self, node_id: &str, inputs: &KeyInputs) -> Lookup {
        let key = inputs.key();
        let complete = |r: &Record| {
            r.artifacts
                .values()
                .chain(r.files.values())
                .all(|h| self.intact(r, h))
        };
        let latest = self.record(node_id);
        if let Some(record) = latest.as_ref().filter(|r| r.key == key && complete(r)) {
            return Lookup::Hit(record.clone());
        }
        let earlier = std::fs::read(self.keyed_record_path(node_id, &key))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Record>(&bytes).ok())
            .filter(|r| r.key == key && complete(r));
        match earlier {
            Some(record) => Lookup::Hit(record),
            None => Lookup::Miss(latest),
        }
    }

    /// Whether the object `hash` of `record` is there and holds its bytes: trusted by its
    /// stat when that is the one recorded at commit, else read and hashed.
    fn intact(&self, record: &Record, hash: &str) -> bool {
        let path = self.object_path(hash);
        let Ok(meta) = std::fs::metadata(&path) else {
            return false;
        };
        if !meta.is_file()
            || record
                .sizes
                .get(hash)
                .is_some_and(|size| *size != meta.len())
        {
            return false;
        }
        match record.stats.get(hash) {
            Some(stat) if Stat::from_metadata(&meta) == *stat => true,
            Some(_) => hash_file(&path).ok().as_deref() == Some(hash),
            // A record from before stats were kept: its size is all there is to check.
            None => true,
        }
    }

    /// Makes a record found under an earlier key the latest again, so that the next miss is
    /// explained against what was really built last.
    pub(crate) fn make_latest(&self, node_id: &str, record: &Record) -> Result<()> {
        if self
            .record(node_id)
            .is_some_and(|latest| latest.key == record.key)
        {
            return Ok(());
        }
        let json = serde_json::to_vec_pretty(record).expect("records serialise");
        fsx::write_atomic_unsynced(&self.record_path(node_id), &json)
            .with_context(|| format!("failed to update the cache record of `{node_id}`"))
    }

    /// Reads a record's artifacts back, verifying each object's hash. A corrupt object is
    /// removed, so the next build finds it missing and rebuilds it.
    pub(crate) fn load(&self, record: &Record) -> Result<Artifacts> {
        let mut out = Artifacts::new();
        for (name, hash) in &record.artifacts {
            let path = self.object_path(hash);
            let bytes = fsx::read(&path)?;
            if hash_bytes(&bytes) != *hash {
                let _ = std::fs::remove_file(&path);
                return Err(DamagedObject { path }.into());
            }
            out.insert(name.clone(), bytes);
        }
        Ok(out)
    }

    /// Stores a successful node's outputs (moving its file artifacts into `objects/`), then
    /// its record. Returns the new record.
    pub(crate) fn commit(
        &self,
        node_id: &str,
        inputs: KeyInputs,
        artifacts: &Artifacts,
        files: &ArtifactFiles,
    ) -> Result<Record> {
        let mut hashes = BTreeMap::new();
        let mut sizes = BTreeMap::new();
        for (name, bytes) in artifacts {
            let hash = hash_bytes(bytes);
            sizes.insert(hash.clone(), bytes.len() as u64);
            let path = self.object_path(&hash);
            // An object already there is kept only if it still holds these bytes: a damaged
            // one is replaced, never trusted because of its name.
            if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
                fsx::write_atomic_unsynced(&path, bytes)?;
            }
            hashes.insert(name.clone(), hash);
        }
        let mut file_hashes = BTreeMap::new();
        for (name, file) in files {
            let hash = hash_file(file)?;
            sizes.insert(hash.clone(), std::fs::metadata(file)?.len());
            // An object of the same name is kept only if it still holds these bytes (its stat
            // stays the one other records trust); a damaged one is replaced.
            let path = self.object_path(&hash);
            if hash_file(&path).ok().as_deref() == Some(hash.as_str()) {
                let _ = std::fs::remove_file(file);
            } else {
                fsx::create_dir_all(path.parent().expect("objects sit in a folder"))?;
                std::fs::rename(file, &path).with_context(|| {
                    format!("failed to move `{}` into the cache", file.display())
                })?;
            }
            file_hashes.insert(name.clone(), hash);
        }
        let mut every = hashes.clone();
        every.extend(file_hashes.iter().map(|(n, h)| (n.clone(), h.clone())));
        let mut stats = BTreeMap::new();
        for hash in every.values() {
            stats.insert(hash.clone(), Stat::of(&self.object_path(hash))?);
        }
        let record = Record {
            key: inputs.key(),
            fingerprint: fingerprint(&every),
            artifacts: hashes,
            files: file_hashes,
            sizes,
            stats,
            inputs,
        };
        let json = serde_json::to_vec_pretty(&record).expect("records serialise");
        let keyed = self.keyed_record_path(node_id, &record.key);
        fsx::write_atomic_unsynced(&keyed, &json)
            .with_context(|| format!("failed to commit the cache record of `{node_id}`"))?;
        // The latest record is the keyed one: a second name for the same file (records are
        // replaced, never changed in place), which spares the file system a new file per step.
        let latest = self.record_path(node_id);
        if fsx::link_atomic(&keyed, &latest).is_err() {
            fsx::write_atomic_unsynced(&latest, &json)
                .with_context(|| format!("failed to commit the cache record of `{node_id}`"))?;
        }
        Ok(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(decl: &str) -> KeyInputs {
        KeyInputs {
            tool: "test".into(),
            declaration: hash_bytes(decl.as_bytes()),
            files: BTreeMap::new(),
            upstream: BTreeMap::new(),
        }
    }

    #[test]
    fn commit_then_lookup_hits_and_other_inputs_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        let mut artifacts = Artifacts::new();
        artifacts.insert("value.json".into(), b"{\"raw\":1}".to_vec());
        assert!(matches!(
            cache.lookup("number.a", &inputs("x")),
            Lookup::Miss(None)
        ));
        let record = cache
            .commit("number.a", inputs("x"), &artifacts, &ArtifactFiles::new())
            .unwrap();
        match cache.lookup("number.a", &inputs("x")) {
            Lookup::Hit(hit) => assert_eq!(hit.fingerprint, record.fingerprint),
            Lookup::Miss(_) => panic!("expected a hit"),
        }
        assert!(matches!(
            cache.lookup("number.a", &inputs("y")),
            Lookup::Miss(Some(_))
        ));
        assert_eq!(cache.load(&record).unwrap(), artifacts);
    }

    #[test]
    fn an_earlier_key_still_hits_after_another_was_built() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        let mut artifacts = Artifacts::new();
        artifacts.insert("value.json".into(), b"1".to_vec());
        cache
            .commit(
                "number.a",
                inputs("release 1"),
                &artifacts,
                &ArtifactFiles::new(),
            )
            .unwrap();
        artifacts.insert("value.json".into(), b"2".to_vec());
        cache
            .commit(
                "number.a",
                inputs("release 2"),
                &artifacts,
                &ArtifactFiles::new(),
            )
            .unwrap();
        match cache.lookup("number.a", &inputs("release 1")) {
            Lookup::Hit(hit) => assert_eq!(cache.load(&hit).unwrap()["value.json"], b"1"),
            Lookup::Miss(_) => panic!("the first release's record was forgotten"),
        }
        assert_eq!(
            cache.record("number.a").unwrap().key,
            inputs("release 2").key()
        );
    }

    #[test]
    fn a_truncated_object_is_a_miss_and_a_corrupt_one_is_removed_when_read() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        let mut artifacts = Artifacts::new();
        artifacts.insert("a".into(), b"bytes".to_vec());
        let record = cache
            .commit("table.t", inputs("x"), &artifacts, &ArtifactFiles::new())
            .unwrap();
        let object = cache.object_path(&record.artifacts["a"]);
        std::fs::write(&object, b"by").unwrap();
        assert!(matches!(
            cache.lookup("table.t", &inputs("x")),
            Lookup::Miss(Some(_))
        ));
        // Damage of the same size: the stat changed, so the object is read, and it is a miss.
        std::fs::write(&object, b"BYTES").unwrap();
        assert!(matches!(
            cache.lookup("table.t", &inputs("x")),
            Lookup::Miss(Some(_))
        ));
        // With its time put back, only reading finds it: loading refuses and removes it.
        let stat = serde_json::to_value(record.stats[&record.artifacts["a"]]).unwrap();
        let nanos = stat["mtime_ns"].as_u64().unwrap();
        std::fs::File::options()
            .write(true)
            .open(&object)
            .unwrap()
            .set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_nanos(nanos))
            .unwrap();
        assert!(matches!(
            cache.lookup("table.t", &inputs("x")),
            Lookup::Hit(_)
        ));
        let err = cache.load(&record).unwrap_err();
        assert!(err.downcast_ref::<DamagedObject>().is_some(), "{err}");
        assert!(!object.exists());
        // Committing the same bytes again replaces the object rather than trusting its name.
        std::fs::write(&object, b"BYTES").unwrap();
        cache
            .commit("table.t", inputs("x"), &artifacts, &ArtifactFiles::new())
            .unwrap();
        assert_eq!(std::fs::read(&object).unwrap(), b"bytes");
    }

    #[test]
    fn a_missing_object_is_a_miss_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        let mut artifacts = Artifacts::new();
        artifacts.insert("a".into(), b"bytes".to_vec());
        cache
            .commit("table.t", inputs("x"), &artifacts, &ArtifactFiles::new())
            .unwrap();
        std::fs::remove_dir_all(dir.path().join("objects")).unwrap();
        assert!(matches!(
            cache.lookup("table.t", &inputs("x")),
            Lookup::Miss(Some(_))
        ));
    }
}
