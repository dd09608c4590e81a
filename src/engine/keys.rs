//! Computing node keys: file hashes and the [`KeyInputs`] of each node.
//!
//! Shared by `build` (to decide what runs) and `status` (to explain what would run).

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Result;
use rayon::prelude::*;

use crate::cache::{KeyInputs, hash_bytes};
use crate::fsx;
use crate::plan::Plan;

/// The version every key includes: the package version and a hash of the engine source
/// (see `build.rs`), so a code change invalidates cached outputs.
pub const TOOL_VERSION: &str = concat!(
    "rapport ",
    env!("CARGO_PKG_VERSION"),
    "+",
    env!("RAPPORT_SOURCE_HASH")
);

/// Hashes every file any node reads, in parallel. Keys are absolute paths.
pub fn hash_files(plan: &Plan) -> Result<BTreeMap<PathBuf, String>> {
    let mut paths: Vec<&PathBuf> = plan.nodes.iter().flat_map(|n| &n.files).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_par_iter()
        .map(|path| Ok((path.clone(), hash_bytes(&fsx::read(path)?))))
        .collect()
}

/// The key inputs of node `index`, given file hashes and its upstream fingerprints.
pub fn key_inputs(
    plan: &Plan,
    index: usize,
    file_hashes: &BTreeMap<PathBuf, String>,
    fingerprints: &[Option<String>],
) -> KeyInputs {
    let node = &plan.nodes[index];
    let files = node
        .files
        .iter()
        .map(|path| (plan.show_path(path), file_hashes[path].clone()))
        .collect();
    let upstream = node
        .deps
        .iter()
        .map(|&dep| {
            let fingerprint = fingerprints[dep].clone().unwrap_or_default();
            (plan.nodes[dep].id(), fingerprint)
        })
        .collect();
    KeyInputs {
        tool: TOOL_VERSION.to_owned(),
        declaration: hash_bytes(node.declaration.as_bytes()),
        files,
        upstream,
    }
}
