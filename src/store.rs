//! Step outputs during one build: produced this run, or loaded from the cache on demand.
//!
//! A reused step's artifacts are only read from disk when a step that runs needs them (or
//! when outputs are published), so a no-op build decodes no frames. Table frames are decoded
//! once and shared between the steps that read them, as are the frames of small datasets. A
//! large dataset is never loaded: the steps that read it get a lazy scan of its Parquet object
//! (or of its source file, when it is read in place), so Polars reads only the columns and row
//! groups a query needs, memory-mapped.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, anyhow};
use polars::prelude::{DataFrame, IntoLazy, LazyFrame, PlRefPath, ScanArgsParquet};

use crate::cache::{Artifacts, Cache, Record};
use crate::step::{Spec, Step};
use crate::table::polars_message;
use crate::{data, frame};

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

    /// Where steps write files before they are committed.
    pub(crate) fn scratch_dir(&self) -> Result<PathBuf> {
        self.cache.scratch_dir()
    }

    /// The rows of dataset or table `step` (step `index`), as a lazy frame to query.
    pub(crate) fn lazy(&self, step: &Step, index: usize) -> Result<LazyFrame> {
        match self.scan(step, index)? {
            Some(lazy) => Ok(lazy),
            None => Ok(self.frame(step, index)?.lazy()),
        }
    }

    /// Whether the rows of `step` (step `index`) are read by a scan of a file rather than held
    /// in memory: a large dataset's.
    pub(crate) fn is_scanned(&self, step: &Step, index: usize) -> bool {
        if !matches!(step.spec, Spec::Dataset(_))
            || self.frames.lock().expect("store lock").contains_key(&index)
        {
            return false;
        }
        let record = self.record(index);
        self.cache.object_file(&record, data::PARQUET).is_some()
            || record.artifacts.contains_key(data::IN_PLACE)
    }

    /// A scan of a large dataset's rows (`None` for a table or a small dataset, whose frame
    /// is loaded whole).
    fn scan(&self, step: &Step, index: usize) -> Result<Option<LazyFrame>> {
        let Spec::Dataset(spec) = &step.spec else {
            return Ok(None);
        };
        if self.frames.lock().expect("store lock").contains_key(&index) {
            return Ok(None);
        }
        let record = self.record(index);
        let scanned = match self.cache.object_file(&record, data::PARQUET) {
            Some(path) => {
                let path = path
                    .to_str()
                    .context("the cache folder's path is not UTF-8")?;
                LazyFrame::scan_parquet(PlRefPath::from(path), ScanArgsParquet::default())
            }
            None if record.artifacts.contains_key(data::IN_PLACE) => {
                let artifacts = self.artifacts(index)?;
                let json = artifacts.get(data::IN_PLACE).context("listed above")?;
                let kept: data::InPlace = serde_json::from_slice(json)
                    .with_context(|| format!("the cached output of {} is corrupt", step.label()))?;
                data::columnar::in_place(spec, &data::markers(&spec.config), &kept.converted)
            }
            None => return Ok(None),
        };
        scanned.map(Some).map_err(|e| {
            anyhow!(
                "failed to read the rows of {}: {}",
                step.label(),
                polars_message(&e)
            )
        })
    }

    /// The frame of dataset or table `step` (step `index`).
    pub(crate) fn frame(&self, step: &Step, index: usize) -> Result<DataFrame> {
        if let Some(df) = self.frames.lock().expect("store lock").get(&index) {
            return Ok(df.clone());
        }
        let df = match self.scan(step, index)? {
            Some(lazy) => lazy.collect().map_err(|e| {
                anyhow!(
                    "failed to read the rows of {}: {}",
                    step.label(),
                    polars_message(&e)
                )
            })?,
            None => frame::decode(&*self.artifacts(index)?)?,
        };
        self.frames
            .lock()
            .expect("store lock")
            .insert(index, df.clone());
        Ok(df)
    }
}
