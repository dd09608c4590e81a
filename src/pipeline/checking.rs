//! Checks in the pipeline: the previous release's plan, which `previous_release` checks
//! compare with, and the gathering of every check's outcome once the steps before the
//! document have run.
//!
//! The previous release is built through the same cache, but only as far as the checks need
//! (their relations and what those read): a release built before costs a cache lookup per
//! step. Its steps never become a step's "latest" record, so `rapport status` keeps
//! describing this release.

use std::collections::BTreeMap;

use anyhow::{Context, Result};

use super::Runner;
use crate::cache::Cache;
use crate::check::verdict::{CheckRecord, Pending, Previous, Status};
use crate::check::{self, CheckOutput};
use crate::config::CheckKind;
use crate::inputs::{InputFiles, InputPath};
use crate::output::OutputFolder;
use crate::plan::Plan;
use crate::step::{Spec, Step};
use crate::store::Store;

/// The previous release's plan and the checks of it that are needed.
pub(crate) struct PreviousPlan {
    /// The same report planned over the previous release.
    pub plan: Plan,
    /// Its `previous_release` check steps.
    pub checks: Vec<usize>,
    /// Those checks and every step they read, in plan order.
    pub steps: Vec<usize>,
}

impl PreviousPlan {
    /// The files its needed steps read.
    pub(crate) fn files(&self) -> impl Iterator<Item = &InputPath> {
        self.steps.iter().flat_map(|&i| self.plan.steps[i].files())
    }

    /// Runs or reuses the needed steps, one at a time, never making their records the
    /// latest.
    pub(crate) fn satisfy<'a>(
        &'a self,
        cache: &'a Cache,
        store: &'a Store<'a>,
        files: &'a InputFiles,
        folder: &'a OutputFolder,
    ) -> Result<()> {
        let mut runner = Runner::new(&self.plan, cache, store, files, folder, false);
        for &index in &self.steps {
            runner.run(&[index], false)?;
        }
        Ok(())
    }

    /// The fingerprints of its checks' outputs, which this build's checks were compared with.
    pub(crate) fn fingerprints<'a>(
        &'a self,
        store: &'a Store<'_>,
    ) -> impl Iterator<Item = String> + 'a {
        self.checks.iter().map(move |&i| store.fingerprint(i))
    }
}

/// The previous release's plan, when this plan has `previous_release` checks and its
/// `release.toml` names a previous release.
pub(crate) fn previous_plan(plan: &Plan) -> Result<Option<PreviousPlan>> {
    let wanted: Vec<String> = plan
        .steps
        .iter()
        .filter(|s| is_previous_release(s))
        .map(Step::id)
        .collect();
    let Some(dir) = plan.release.previous_dir() else {
        return Ok(None);
    };
    if wanted.is_empty() {
        return Ok(None);
    }
    let named = plan.release.meta.release.previous.as_deref().unwrap_or("");
    let previous = plan.for_release(&dir).with_context(|| {
        format!(
            "release `{}` names `{named}` as its previous release (`previous` in release.toml), \
             and the report cannot be planned over it",
            plan.release.meta.release.name
        )
    })?;
    let checks: Vec<usize> = wanted
        .iter()
        .filter_map(|id| previous.index_of(id))
        .collect();
    Ok(Some(PreviousPlan {
        steps: previous.ancestors(&checks),
        plan: previous,
        checks,
    }))
}

fn is_previous_release(step: &Step) -> bool {
    matches!(&step.spec, Spec::Check(spec) if spec.config.kind == CheckKind::PreviousRelease)
}

/// Every check of `plan` settled: row rules as they ran, `previous_release` checks compared
/// with the previous release's profiles (in `previous_store`).
pub(crate) fn verdict(
    plan: &Plan,
    store: &Store<'_>,
    previous: Option<&PreviousPlan>,
    previous_store: &Store<'_>,
) -> Result<Vec<CheckRecord>> {
    let pending = pending(plan, store)?;
    let previous = self::previous(plan, previous, previous_store)?;
    Ok(check::verdict::settle(pending, &previous))
}

/// Every check of `plan` with its output, waiting for the previous release's profiles.
fn pending(plan: &Plan, store: &Store<'_>) -> Result<Vec<Pending>> {
    let mut pending = Vec::new();
    for (index, step) in plan.steps.iter().enumerate() {
        let Spec::Check(spec) = &step.spec else {
            continue;
        };
        let output = CheckOutput::decode(&*store.artifacts(index)?)?;
        let on = step
            .deps
            .first()
            .copied()
            .expect("a check reads one relation");
        let files: Vec<String> = plan
            .ancestors(&[on])
            .into_iter()
            .flat_map(|i| plan.steps[i].files())
            .map(|f| plan.release_path(&f.path))
            .collect();
        pending.push(Pending {
            record: CheckRecord {
                name: step.name.clone(),
                kind: spec.config.kind.name().to_owned(),
                severity: spec.config.severity,
                on: plan.steps[on].label(),
                declared: spec.origin.to_string(),
                files,
                status: Status::Skipped,
                rows: 0,
                failing: 0,
                summary: String::new(),
                examples: Vec::new(),
                description: spec.config.description.clone(),
            },
            output,
            config: spec.config.clone(),
        });
    }
    Ok(pending)
}

/// The previous release as the checks see it, from the outputs of its check steps.
fn previous(plan: &Plan, previous: Option<&PreviousPlan>, store: &Store<'_>) -> Result<Previous> {
    let Some(previous) = previous else {
        return Ok(Previous::None);
    };
    let mut profiles = BTreeMap::new();
    for &index in &previous.checks {
        if let CheckOutput::Profile(profile) = CheckOutput::decode(&*store.artifacts(index)?)? {
            profiles.insert(previous.plan.steps[index].name.clone(), profile);
        }
    }
    Ok(Previous::Release {
        name: previous.plan.release.meta.release.name.clone(),
        changes: plan.release.meta.changes.clone(),
        profiles,
    })
}
