//! Step outputs during one build: produced this run, or loaded from the cache on demand.
//!
//! A reused step's artifacts are only read from disk when a step that runs needs them (or
//! when outputs are published), so a no-op build decodes no frames. Table frames are decoded
//! once and shared between the steps that read them, as are the frames of small datasets. A
//! large dataset's rows are never loaded here: its object files are handed out by path, for
//! the dataset module to scan ([`crate::data::scan`]).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use anyhow::Result;
use polars::prelude::DataFrame;

use crate::cache::{Artifacts, Cache, Record};
use crate::frame;

/// Shared, lazily filled output store.
pub(crate) struct Store<'a> {
    cache: &'a Cache,
    records: Mutex<BTreeMap<usize, Record>>,
    artifacts: Mutex<BTreeMap<usize, Arc<Artifacts>>>,
    frames: Mutex<BTreeMap<usize, DataFrame>>,
}

impl<'a> Store<'a> {
    /// An empty store over `cache`.
    pub(crate) fn new(cache: &'a Cache) -> Store<'a> {
        Store {
            cache,
            records: Mutex::default(),
            artifacts: Mutex::default(),
            frames: Mutex::default(),
        }
    }

    /// Notes that step `index` was reused, so its artifacts can be loaded if needed.
    pub(crate) fn reused(&self, index: usize, record: Record) {
        self.records
            .lock()
            .expect("store lock")
            .insert(index, record);
    }

    /// Keeps what step `index` just produced, committed as `record` (and its frame, so no
    /// step decodes it again).
    pub(crate) fn produced(
        &self,
        index: usize,
        record: Record,
        artifacts: Artifacts,
        frame: Option<DataFrame>,
    ) {
        self.reused(index, record);
        self.artifacts
            .lock()
            .expect("store lock")
            .insert(index, Arc::new(artifacts));
        if let Some(df) = frame {
            self.frames.lock().expect("store lock").insert(index, df);
        }
    }

    /// The artifacts of step `index`, from memory or the cache.
    pub(crate) fn artifacts(&self, index: usize) -> Result<Arc<Artifacts>> {
        if let Some(found) = self.artifacts.lock().expect("store lock").get(&index) {
            return Ok(found.clone());
        }
        let loaded = Arc::new(self.cache.load(&self.record(index))?);
        self.artifacts
            .lock()
            .expect("store lock")
            .insert(index, loaded.clone());
        Ok(loaded)
    }

    fn record(&self, index: usize) -> Record {
        self.records
            .lock()
            .expect("store lock")
            .get(&index)
            .cloned()
            .expect("a step's inputs are built before it")
    }

    /// The output fingerprint of step `index`, reused or produced.
    pub(crate) fn fingerprint(&self, index: usize) -> String {
        self.record(index).fingerprint
    }

    /// Where steps write files before they are committed.
    pub(crate) fn scratch_dir(&self) -> Result<PathBuf> {
        self.cache.scratch_dir()
    }

    /// Whether the frame of step `index` is in memory (produced this run, or decoded).
    pub(crate) fn holds_frame(&self, index: usize) -> bool {
        self.frames.lock().expect("store lock").contains_key(&index)
    }

    /// Where the file artifact `name` of step `index` lives, to be read in place.
    pub(crate) fn object_file(&self, index: usize, name: &str) -> Option<PathBuf> {
        self.cache.object_file(&self.record(index), name)
    }

    /// Whether step `index` has the (in-memory) artifact `name`, without loading it.
    pub(crate) fn has_artifact(&self, index: usize, name: &str) -> bool {
        self.record(index).artifacts.contains_key(name)
    }

    /// The frame of step `index`: in memory, or decoded from its artifacts once.
    pub(crate) fn frame(&self, index: usize) -> Result<DataFrame> {
        if let Some(df) = self.frames.lock().expect("store lock").get(&index) {
            return Ok(df.clone());
        }
        let df = frame::decode(&*self.artifacts(index)?)?;
        self.keep_frame(index, df.clone());
        Ok(df)
    }

    /// Keeps a frame of step `index` that was read another way, so no step reads it again.
    pub(crate) fn keep_frame(&self, index: usize, df: DataFrame) {
        self.frames.lock().expect("store lock").insert(index, df);
    }
}
