//! Writing a successful build's outputs into `out/<report>/`, and its `manifest.json`.
//!
//! Runs only after every node succeeded, so a failed build never replaces a good PDF. Each file
//! is written atomically and only when its bytes changed; files from earlier builds that the
//! current plan no longer produces are removed from the folders this module owns.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::Serialize;

use super::store::{Store, names};
use super::{BuildReport, Outcome, keys};
use crate::cache::hash_bytes;
use crate::plan::{NodeKind, Plan};
use crate::{datapack, fsx};

/// Folders under `out/<report>/` whose contents this module owns.
const OWNED_DIRS: [&str; 4] = ["figures", "data", "tables", "typst"];

/// Path of the PDF a plan produces.
pub fn pdf_path(plan: &Plan) -> PathBuf {
    plan.layout
        .out_dir
        .join(format!("{}.pdf", plan.config.report.name))
}

/// Every output file (relative path → bytes) of a finished build.
pub fn collect_outputs(plan: &Plan, store: &Store) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut files = BTreeMap::new();
    let mut numbers = BTreeMap::new();
    let mut figure_data = Vec::new();
    for &index in &plan.order {
        let node = &plan.nodes[index];
        match node.kind {
            NodeKind::Dataset => {}
            NodeKind::Table => {
                let csv = store.artifact(index, names::TABLE_CSV)?;
                files.insert(format!("tables/{}.csv", node.name), csv);
            }
            NodeKind::Number => {
                let value: serde_json::Value =
                    serde_json::from_slice(&store.artifact(index, names::VALUE)?)?;
                numbers.insert(node.name.clone(), value);
            }
            NodeKind::Figure => {
                let artifacts = store.artifacts(index)?;
                for (artifact, path) in [
                    ("figure.svg", format!("figures/{}.svg", node.name)),
                    ("figure.png", format!("figures/{}.png", node.name)),
                    ("data.csv", format!("data/{}.csv", node.name)),
                ] {
                    if let Some(bytes) = artifacts.get(artifact) {
                        files.insert(path, bytes.clone());
                    }
                }
                if let Some(csv) = artifacts.get("data.csv") {
                    figure_data.push((node.name.clone(), csv.clone()));
                }
            }
            NodeKind::Document => {
                for (artifact, bytes) in store.artifacts(index)?.iter() {
                    if artifact == "report.pdf" {
                        files.insert(format!("{}.pdf", plan.config.report.name), bytes.clone());
                    } else if artifact == "report.txt" {
                        files.insert(format!("{}.txt", plan.config.report.name), bytes.clone());
                    } else if artifact == names::NUMBERS_IN_TEXT || artifact.starts_with("typst/") {
                        files.insert(artifact.clone(), bytes.clone());
                    }
                }
            }
        }
    }
    let mut numbers_json = serde_json::to_vec_pretty(&numbers)?;
    numbers_json.push(b'\n');
    files.insert("numbers.json".into(), numbers_json);
    files.insert("data-pack.xlsx".into(), datapack::workbook(&figure_data)?);
    Ok(files)
}

/// Writes every output; returns how many files changed on disk.
pub fn write_outputs(plan: &Plan, files: &BTreeMap<String, Vec<u8>>) -> Result<usize> {
    let out = &plan.layout.out_dir;
    let mut written = 0;
    for (rel, bytes) in files {
        if fsx::write_if_changed(&out.join(rel), bytes)? {
            written += 1;
        }
    }
    prune(out, files)?;
    fsx::remove_dir_all_if_exists(&out.join("failed-build"))?;
    Ok(written)
}

fn prune(out: &Path, keep: &BTreeMap<String, Vec<u8>>) -> Result<()> {
    for dir in OWNED_DIRS {
        let folder = out.join(dir);
        if !folder.is_dir() {
            continue;
        }
        for rel in fsx::list_files(&folder)? {
            let rel = format!("{dir}/{}", rel.to_string_lossy().replace('\\', "/"));
            if !keep.contains_key(&rel) {
                let path = out.join(&rel);
                std::fs::remove_file(&path).map_err(|e| {
                    anyhow::anyhow!("failed to remove stale `{}`: {e}", path.display())
                })?;
            }
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct Manifest<'a> {
    tool: &'a str,
    report: &'a str,
    release: &'a str,
    inputs: BTreeMap<String, String>,
    outputs: BTreeMap<String, String>,
    nodes: Vec<NodeEntry>,
    elapsed_ms: f64,
}

#[derive(Serialize)]
struct NodeEntry {
    id: String,
    outcome: &'static str,
    ms: f64,
}

/// Writes `manifest.json`: tool version, input and output hashes, per-node timings.
pub fn write_manifest(
    plan: &Plan,
    files: &BTreeMap<String, Vec<u8>>,
    file_hashes: &BTreeMap<PathBuf, String>,
    report: &BuildReport,
) -> Result<()> {
    let outputs: BTreeMap<String, String> = files
        .iter()
        .map(|(path, bytes)| (path.clone(), hash_bytes(bytes)))
        .collect();
    let manifest = Manifest {
        tool: keys::TOOL_VERSION,
        report: &plan.config.report.name,
        release: &plan.release.meta.release.name,
        inputs: file_hashes
            .iter()
            .map(|(p, h)| (plan.show_path(p), h.clone()))
            .collect(),
        outputs,
        nodes: report
            .nodes
            .iter()
            .map(|(id, outcome, took)| NodeEntry {
                id: id.clone(),
                outcome: match outcome {
                    Outcome::Ran => "ran",
                    Outcome::Reused => "reused",
                },
                ms: took.as_secs_f64() * 1000.0,
            })
            .collect(),
        elapsed_ms: report.elapsed.as_secs_f64() * 1000.0,
    };
    let mut json = serde_json::to_vec_pretty(&manifest)?;
    json.push(b'\n');
    fsx::write_atomic(&plan.layout.out_dir.join("manifest.json"), &json)
}
