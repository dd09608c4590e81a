//! `rapport status`: what a build would run, and the change that makes each node stale.
//!
//! A node is stale because of its own inputs (declaration, files, tool version, missing cache
//! objects) or because an input node is stale; the second kind is printed as a chain back to
//! the root cause: ``figure `trend` ← table `trend` ← file `data/2020-06/x.csv` changed``.

use std::collections::BTreeSet;
use std::process::ExitCode;

use anyhow::Result;

use crate::out_line;

use crate::cache::{Cache, KeyInputs, Lookup, Record};
use crate::engine::keys;
use crate::plan::{Plan, PlanOptions};

/// Why one node is out of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// No build of it has been recorded.
    NeverBuilt,
    /// Its own inputs changed; the sentences say how.
    Changed(Vec<String>),
    /// An input node is out of date.
    Upstream(usize),
}

/// Prints the status table.
pub fn run(options: &PlanOptions) -> Result<ExitCode> {
    let plan = Plan::load(options)?;
    let reasons = explain(&plan)?;
    let mut out = String::new();
    let stale: Vec<usize> = plan
        .order
        .iter()
        .copied()
        .filter(|&i| reasons[i].is_some())
        .collect();
    out_line!(
        out,
        "report `{}`, release `{}`: {} of {} node(s) out of date",
        plan.config.report.name,
        plan.release.meta.release.name,
        stale.len(),
        plan.nodes.len()
    );
    for i in stale {
        out_line!(
            out,
            "  {:<28} {}",
            plan.nodes[i].label(),
            describe(&plan, &reasons, i)
        );
    }
    crate::cli::emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The reason each node is stale (`None` = up to date), computed from cache records only.
pub fn explain(plan: &Plan) -> Result<Vec<Option<Reason>>> {
    let cache = Cache::new(&plan.layout.cache_dir);
    let file_hashes = keys::hash_files(plan)?;
    let mut fingerprints: Vec<Option<String>> = vec![None; plan.nodes.len()];
    let mut reasons: Vec<Option<Reason>> = vec![None; plan.nodes.len()];
    for &i in &plan.order {
        let node = &plan.nodes[i];
        if let Some(&dep) = node.deps.iter().find(|&&d| reasons[d].is_some()) {
            reasons[i] = Some(Reason::Upstream(dep));
            continue;
        }
        let inputs = keys::key_inputs(plan, i, &file_hashes, &fingerprints);
        match cache.lookup(&node.id(), &inputs) {
            Lookup::Hit(record) => fingerprints[i] = Some(record.fingerprint),
            Lookup::Miss(None) => reasons[i] = Some(Reason::NeverBuilt),
            Lookup::Miss(Some(previous)) => {
                reasons[i] = Some(Reason::Changed(differences(&previous, &inputs)));
            }
        }
    }
    Ok(reasons)
}

/// Sentences naming what differs between a record's inputs and the current ones.
fn differences(previous: &Record, now: &KeyInputs) -> Vec<String> {
    let before = &previous.inputs;
    let mut out = Vec::new();
    if before.tool != now.tool {
        out.push(format!(
            "the engine changed ({} → {})",
            before.tool, now.tool
        ));
    }
    if before.declaration != now.declaration {
        out.push("its declaration in `report.toml` changed".to_owned());
    }
    let names: BTreeSet<&String> = before.files.keys().chain(now.files.keys()).collect();
    for name in names {
        match (before.files.get(name), now.files.get(name)) {
            (Some(a), Some(b)) if a != b => out.push(format!("file `{name}` changed")),
            (None, Some(_)) => out.push(format!("file `{name}` was added")),
            (Some(_), None) => out.push(format!("file `{name}` was removed")),
            _ => {}
        }
    }
    for (id, fingerprint) in &now.upstream {
        if before.upstream.get(id) != Some(fingerprint) {
            out.push(format!("the output of `{id}` changed"));
        }
    }
    if out.is_empty() {
        out.push("its cached outputs are missing".to_owned());
    }
    out
}

/// One line: the node's own reasons, or the chain to the root cause.
pub fn describe(plan: &Plan, reasons: &[Option<Reason>], index: usize) -> String {
    let mut chain = Vec::new();
    let mut current = index;
    loop {
        match reasons[current]
            .as_ref()
            .expect("only stale nodes are described")
        {
            Reason::NeverBuilt => {
                chain.push("never built".to_owned());
                break;
            }
            Reason::Changed(what) => {
                chain.push(what.join("; "));
                break;
            }
            Reason::Upstream(dep) => {
                chain.push(plan.nodes[*dep].label());
                current = *dep;
            }
        }
    }
    if chain.len() == 1 {
        chain.remove(0)
    } else {
        format!("← {}", chain.join(" ← "))
    }
}
