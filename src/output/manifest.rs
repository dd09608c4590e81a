//! `manifest.json`: what a build read and wrote, and how long each step took.
//!
//! Written by the build and read back by `rapport status` and `rapport diff`, through this one
//! type, so the file cannot be written one way and read another.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How one step was satisfied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Its work ran.
    Ran,
    /// Its outputs came from the cache.
    Reused,
}

/// One step's entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StepEntry {
    /// The step's id (`table.trend`).
    pub id: String,
    /// Ran or reused.
    pub outcome: Outcome,
    /// Time spent, in milliseconds.
    pub ms: f64,
}

/// The whole manifest. Field order is the file's order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// Tool name, version and engine fingerprint.
    pub tool: String,
    /// Report name.
    pub report: String,
    /// Release name.
    pub release: String,
    /// Input file (as shown) → BLAKE3 hash.
    #[serde(default)]
    pub inputs: BTreeMap<String, String>,
    /// Output path (relative to the folder) → BLAKE3 hash.
    pub outputs: BTreeMap<String, String>,
    /// Every step in plan order.
    #[serde(default)]
    pub nodes: Vec<StepEntry>,
    /// Wall time of the build, in milliseconds.
    #[serde(default)]
    pub elapsed_ms: f64,
}
