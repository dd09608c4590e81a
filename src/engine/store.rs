//! Node outputs during one build: computed this run, or loaded from the cache on demand.
//!
//! A reused node's artifacts are only read from disk when a node that runs needs them, so a
//! no-op build touches no objects until outputs are materialised.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use polars::prelude::DataFrame;

use crate::cache::{Artifacts, Cache, Record};
use crate::plan::{NodeKind, Plan};
use crate::{data, document, figure, frame, number, table};

/// Artifact names shared by producers and consumers.
pub mod names {
    /// A node's data frame, as Parquet.
    pub const FRAME: &str = "frame.parquet";
    /// A table as CSV, for the data pack.
    pub const TABLE_CSV: &str = "table.csv";
    /// A number's raw and formatted value, as JSON.
    pub const VALUE: &str = "value.json";
    /// The sentence around every printed number, as JSON (from the document node).
    pub const NUMBERS_IN_TEXT: &str = "numbers-in-text.json";
}

/// Shared, lazily filled output store.
pub struct Store<'a> {
    plan: &'a Plan,
    cache: &'a Cache,
    records: Mutex<BTreeMap<usize, Record>>,
    artifacts: Mutex<BTreeMap<usize, Arc<Artifacts>>>,
    frames: Mutex<BTreeMap<usize, DataFrame>>,
}

impl<'a> Store<'a> {
    /// An empty store for one build.
    pub fn new(plan: &'a Plan, cache: &'a Cache) -> Store<'a> {
        Store {
            plan,
            cache,
            records: Mutex::default(),
            artifacts: Mutex::default(),
            frames: Mutex::default(),
        }
    }

    /// Notes that node `index` was reused, so its artifacts can be loaded if needed.
    pub fn remember_record(&self, index: usize, record: Record) {
        self.records
            .lock()
            .expect("store lock")
            .insert(index, record);
    }

    /// Keeps the artifacts node `index` just produced.
    pub fn remember_artifacts(&self, index: usize, artifacts: Artifacts) {
        self.artifacts
            .lock()
            .expect("store lock")
            .insert(index, Arc::new(artifacts));
    }

    /// The artifacts of node `index`, from memory or the cache.
    pub fn artifacts(&self, index: usize) -> Result<Arc<Artifacts>> {
        if let Some(found) = self.artifacts.lock().expect("store lock").get(&index) {
            return Ok(found.clone());
        }
        let record = self
            .records
            .lock()
            .expect("store lock")
            .get(&index)
            .cloned()
            .expect("a node's inputs are built before it");
        let loaded = Arc::new(self.cache.load(&record)?);
        self.artifacts
            .lock()
            .expect("store lock")
            .insert(index, loaded.clone());
        Ok(loaded)
    }

    /// One named artifact of node `index`.
    pub fn artifact(&self, index: usize, name: &str) -> Result<Vec<u8>> {
        let artifacts = self.artifacts(index)?;
        artifacts
            .get(name)
            .cloned()
            .with_context(|| format!("{} has no `{name}` output", self.plan.nodes[index].label()))
    }

    /// The data frame of a dataset or table node.
    pub fn frame(&self, index: usize) -> Result<DataFrame> {
        if let Some(df) = self.frames.lock().expect("store lock").get(&index) {
            return Ok(df.clone());
        }
        let df = frame::from_parquet(&self.artifact(index, names::FRAME)?)?;
        self.frames
            .lock()
            .expect("store lock")
            .insert(index, df.clone());
        Ok(df)
    }

    /// Does node `index`'s work and returns its artifacts.
    pub fn run(&self, index: usize) -> Result<Artifacts> {
        let plan = self.plan;
        let node = &plan.nodes[index];
        let mut out = Artifacts::new();
        match node.kind {
            NodeKind::Dataset => {
                let config = &plan.config.datasets[&node.name];
                let df = data::load(plan, node, config)?;
                out.insert(names::FRAME.into(), frame::to_parquet(&df)?);
                self.frames.lock().expect("store lock").insert(index, df);
            }
            NodeKind::Table => {
                let config = &plan.config.tables[&node.name];
                let mut inputs = BTreeMap::new();
                for &dep in &node.deps {
                    inputs.insert(plan.nodes[dep].name.clone(), self.frame(dep)?);
                }
                let df = table::run(&config.sql, inputs)?;
                out.insert(names::FRAME.into(), frame::to_parquet(&df)?);
                out.insert(names::TABLE_CSV.into(), frame::to_csv(&df)?);
                self.frames.lock().expect("store lock").insert(index, df);
            }
            NodeKind::Number => {
                let config = &plan.config.numbers[&node.name];
                let df = self.frame(node.deps[0])?;
                let value = number::evaluate(config, &df)?;
                out.insert(names::VALUE.into(), serde_json::to_vec_pretty(&value)?);
            }
            NodeKind::Figure => {
                let config = &plan.config.figures[&node.name];
                let df = self.frame(node.deps[0])?;
                out = figure::render(&node.name, config, &df)?;
            }
            NodeKind::Document => {
                out = document::build(plan, index, self)?;
            }
        }
        Ok(out)
    }
}
