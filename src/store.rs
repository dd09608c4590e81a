//! Step outputs during one build: produced this run, or loaded from the cache on demand.
//!
//! A reused step's artifacts are only read from disk when a step that runs needs them (or
//! when outputs are published), so a no-op build decodes no frames. Frames are decoded once
//! and shared between the steps that read them.

use std::collections::BTreeMap;
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

    /// Keeps what step `index` just produced (and its frame, so no step decodes it again).
    pub(crate) fn produced(&self, index: usize, artifacts: Artifacts, frame: Option<DataFrame>) {
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
        let record = self
            .records
            .lock()
            .expect("store lock")
            .get(&index)
            .cloned()
            .expect("a step's inputs are built before it");
        let loaded = Arc::new(self.cache.load(&record)?);
        self.artifacts
            .lock()
            .expect("store lock")
            .insert(index, loaded.clone());
        Ok(loaded)
    }

    /// The frame of dataset or table step `index`.
    pub(crate) fn frame(&self, index: usize) -> Result<DataFrame> {
        if let Some(df) = self.frames.lock().expect("store lock").get(&index) {
            return Ok(df.clone());
        }
        let df = frame::decode(&*self.artifacts(index)?)?;
        self.frames
            .lock()
            .expect("store lock")
            .insert(index, df.clone());
        Ok(df)
    }
}
