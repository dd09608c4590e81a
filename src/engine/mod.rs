//! The build engine: runs the plan's nodes wave by wave, in parallel, reusing cached outputs.
//!
//! A node runs only when its key (see [`crate::cache`]) has no record. Because keys contain
//! upstream *fingerprints* rather than upstream keys, a node that re-runs and produces the same
//! bytes leaves every downstream key unchanged: early cutoff falls out of the key design. Outputs
//! reach `out/` only after every node has succeeded.

pub mod keys;
pub mod materialise;
pub mod store;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::cache::{Cache, Lookup};
use crate::plan::Plan;
use store::Store;

/// How one node was satisfied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Its work ran.
    Ran,
    /// Its outputs came from the cache.
    Reused,
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Per node, in plan order: id, outcome, time spent.
    pub nodes: Vec<(String, Outcome, Duration)>,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// The PDF written.
    pub pdf: PathBuf,
    /// Output files that changed on disk.
    pub written: usize,
}

impl BuildReport {
    /// Ids of the nodes that ran.
    pub fn ran(&self) -> Vec<&str> {
        self.nodes
            .iter()
            .filter(|n| n.1 == Outcome::Ran)
            .map(|n| n.0.as_str())
            .collect()
    }

    /// How many nodes were reused from the cache.
    pub fn reused(&self) -> usize {
        self.nodes.iter().filter(|n| n.1 == Outcome::Reused).count()
    }
}

/// A node's fingerprint, how it was satisfied, and how long that took.
type NodeResult = Result<(String, Outcome, Duration)>;

/// Builds the plan, writing outputs under `plan.layout.out_dir`.
pub fn build(plan: &Plan, progress: bool) -> Result<BuildReport> {
    let started = Instant::now();
    let cache = Cache::new(&plan.layout.cache_dir);
    let file_hashes = keys::hash_files(plan)?;
    let store = Store::new(plan, &cache);
    let bar = if progress {
        ProgressBar::new(plan.nodes.len() as u64)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg}")
            .expect("the progress template is valid")
            .progress_chars("=> "),
    );

    let mut fingerprints: Vec<Option<String>> = vec![None; plan.nodes.len()];
    let mut outcomes: Vec<Option<(Outcome, Duration)>> = vec![None; plan.nodes.len()];
    for wave in &plan.waves {
        let results: Vec<(usize, NodeResult)> = wave
            .par_iter()
            .map(|&index| {
                let node_started = Instant::now();
                let inputs = keys::key_inputs(plan, index, &file_hashes, &fingerprints);
                let node = &plan.nodes[index];
                let result = match cache.lookup(&node.id(), &inputs) {
                    Lookup::Hit(record) => cache.make_latest(&node.id(), &record).map(|()| {
                        store.remember_record(index, record.clone());
                        (record.fingerprint, Outcome::Reused)
                    }),
                    Lookup::Miss(_) => {
                        bar.set_message(node.label());
                        store.run(index).and_then(|artifacts| {
                            let record = cache.commit(&node.id(), inputs, &artifacts)?;
                            store.remember_artifacts(index, artifacts);
                            Ok((record.fingerprint, Outcome::Ran))
                        })
                    }
                };
                bar.inc(1);
                (index, result.map(|(f, o)| (f, o, node_started.elapsed())))
            })
            .collect();
        // Report the first failure in plan order, naming any others in the same wave;
        // successful siblings are already committed.
        let failed: Vec<String> = results
            .iter()
            .filter(|(_, r)| r.is_err())
            .map(|(i, _)| plan.nodes[*i].label())
            .collect();
        for (index, result) in results {
            let (fingerprint, outcome, took) = result.with_context(|| {
                let others = if failed.len() > 1 {
                    format!(" (also failed: {})", failed[1..].join(", "))
                } else {
                    String::new()
                };
                format!("failed to build {}{others}", plan.nodes[index].label())
            })?;
            fingerprints[index] = Some(fingerprint);
            outcomes[index] = Some((outcome, took));
        }
    }
    bar.finish_and_clear();

    let files = materialise::collect_outputs(plan, &store)?;
    let written = materialise::write_outputs(plan, &files)?;
    let nodes = plan
        .order
        .iter()
        .map(|&i| {
            let (outcome, took) = outcomes[i].expect("every node ran or was reused");
            (plan.nodes[i].id(), outcome, took)
        })
        .collect();
    let report = BuildReport {
        nodes,
        elapsed: started.elapsed(),
        pdf: materialise::pdf_path(plan),
        written,
    };
    materialise::write_manifest(plan, &files, &file_hashes, &report)?;
    Ok(report)
}
