//! Step keys: what a step's cached output is stored under.
//!
//! A key covers the engine version, the step's resolved declaration, the hashes of the files
//! it reads and the fingerprints of its inputs' outputs. Shared by the build (to decide what
//! runs) and `rapport status` (to explain what would run).

use anyhow::Result;

use crate::cache::KeyInputs;
use crate::hash::hash_bytes;
use crate::inputs::InputFiles;
use crate::plan::Plan;

/// The version every key includes: the package version and a hash of the source of the
/// modules that compute outputs (see `build.rs`), so a change to them invalidates cached
/// outputs while a change to, say, the review page does not.
pub(crate) const TOOL_VERSION: &str = concat!(
    "rapport ",
    env!("CARGO_PKG_VERSION"),
    "+",
    env!("RAPPORT_ENGINE_HASH")
);

/// The key inputs of step `index`, given the build's files and its inputs' fingerprints.
pub(crate) fn key_inputs(
    plan: &Plan,
    index: usize,
    files: &InputFiles,
    fingerprints: &[Option<String>],
) -> Result<KeyInputs> {
    let step = &plan.steps[index];
    let mut hashes = std::collections::BTreeMap::new();
    for file in step.files() {
        hashes.insert(file.shown.clone(), files.get(&file.path)?.hash.clone());
    }
    let upstream = step
        .deps
        .iter()
        .map(|&dep| {
            let fingerprint = fingerprints[dep].clone().unwrap_or_default();
            (plan.steps[dep].id(), fingerprint)
        })
        .collect();
    Ok(KeyInputs {
        tool: TOOL_VERSION.to_owned(),
        declaration: hash_bytes(step.declaration().as_bytes()),
        files: hashes,
        upstream,
    })
}
