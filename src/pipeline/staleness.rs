//! Staleness: what a build would run, and the change that makes each step stale.
//!
//! A step is stale because of its own inputs (declaration, files, engine version, missing
//! cache objects) or because an input step is stale; the second kind is described as a chain
//! back to the root cause: ``figure `trend` ← table `trend` ← file `data/2020-06/x.csv` changed``.
//! It uses the same keys as the build, from cache records only: nothing runs.

use std::collections::BTreeSet;

use anyhow::Result;

use super::keys;
use crate::cache::{Cache, KeyInputs, Lookup, Record};
use crate::inputs::InputFiles;
use crate::plan::Plan;
use crate::step::Step;

/// Why one step is out of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// No build of it has been recorded.
    NeverBuilt,
    /// Its own inputs changed; the sentences say how.
    Changed(Vec<String>),
    /// An input step is out of date.
    Upstream(usize),
}

/// What `rapport status` reports: each step's reason to run, and how the inputs were checked.
#[derive(Debug, Clone)]
pub struct Staleness {
    /// The reason each step is stale (`None` = up to date), in step order.
    pub reasons: Vec<Option<Reason>>,
    /// Input files whose recorded hash was kept (size, time and inode unchanged).
    pub inputs_trusted: usize,
    /// Input files hashed from their contents.
    pub inputs_hashed: usize,
}

/// Why each step is stale, computed from cache records only.
pub fn explain(plan: &Plan) -> Result<Staleness> {
    let cache = Cache::new(&plan.layout.cache_dir);
    let files = InputFiles::read(
        plan.steps.iter().flat_map(Step::files),
        Some(&plan.layout.cache_dir),
    )?;
    let mut fingerprints: Vec<Option<String>> = vec![None; plan.steps.len()];
    let mut reasons: Vec<Option<Reason>> = vec![None; plan.steps.len()];
    for &i in &plan.order {
        let step = &plan.steps[i];
        if let Some(&dep) = step.deps.iter().find(|&&d| reasons[d].is_some()) {
            reasons[i] = Some(Reason::Upstream(dep));
            continue;
        }
        let inputs = keys::key_inputs(plan, i, &files, &fingerprints)?;
        match cache.lookup(&step.id(), &inputs) {
            Lookup::Hit(record) => fingerprints[i] = Some(record.fingerprint),
            Lookup::Miss(None) => reasons[i] = Some(Reason::NeverBuilt),
            Lookup::Miss(Some(previous)) => {
                reasons[i] = Some(Reason::Changed(differences(plan, step, &previous, &inputs)));
            }
        }
    }
    let (inputs_trusted, inputs_hashed) = files.counts();
    Ok(Staleness {
        reasons,
        inputs_trusted,
        inputs_hashed,
    })
}

/// Sentences naming what differs between a record's inputs and the current ones.
fn differences(plan: &Plan, step: &Step, previous: &Record, now: &KeyInputs) -> Vec<String> {
    let before = &previous.inputs;
    let mut out = Vec::new();
    if before.tool != now.tool {
        out.push(format!(
            "the engine changed ({} → {})",
            before.tool, now.tool
        ));
    }
    if before.declaration != now.declaration {
        let at = match &step.origin {
            Some(origin) => format!("its declaration at `{origin}`"),
            None => "its declaration".to_owned(),
        };
        out.push(match step.query_file() {
            Some(query) => format!("{at} or its query in `{}` changed", plan.show_path(query)),
            None => format!("{at} changed"),
        });
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
        out.push(
            "its cached outputs are missing or damaged (the next build makes them again)"
                .to_owned(),
        );
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
            .expect("only stale steps are described")
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
                chain.push(plan.steps[*dep].label());
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
