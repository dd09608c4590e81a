//! The disclosure gate over the plan: every table that reads counts of people, directly or
//! through other tables, declares how it protects them or why it need not, before anything
//! runs (see [`crate::disclosure`] for the rule itself).

use std::collections::BTreeMap;

use anyhow::{Result, bail};

use crate::step::{Spec, Step, StepKind};

/// What each relation of the plan is, for disclosure: does it carry unprotected counts of
/// people, and which dataset columns they come from.
pub(crate) fn check_plan(steps: &[Step], order: &[usize], document: usize) -> Result<()> {
    // Step index → the dataset columns of people it carries unprotected.
    let mut carries: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for &index in order {
        let step = &steps[index];
        match &step.spec {
            Spec::Dataset(spec) => {
                if let Some(people) = &spec.config.disclosure
                    && !people.people.is_empty()
                {
                    let columns = people
                        .people
                        .iter()
                        .map(|c| format!("`{c}` of dataset `{}`", step.name))
                        .collect();
                    carries.insert(index, columns);
                }
            }
            Spec::Table(spec) => {
                let inherited: Vec<String> = step
                    .deps
                    .iter()
                    .filter_map(|d| carries.get(d))
                    .flatten()
                    .cloned()
                    .collect();
                if inherited.is_empty() || spec.disclosure.is_some() {
                    continue;
                }
                if spec.publish {
                    bail!(
                        "{}table `{}` reads {}, which count people below national level, and it \
                         is published as `tables/{}.csv`; declare `[tables.{}.disclosure]` with \
                         the `counts` to protect, or `exempt = \"…\"` with the reason it needs \
                         none (national totals, values that do not describe people)",
                        at(step),
                        step.name,
                        inherited.join(", "),
                        step.name,
                        step.name
                    );
                }
                carries.insert(index, inherited);
            }
            Spec::Number(_)
            | Spec::Figure(_)
            | Spec::Check(_)
            | Spec::Claim(_)
            | Spec::Document(_) => {}
        }
    }
    for (index, step) in steps.iter().enumerate() {
        if !matches!(
            step.kind(),
            StepKind::Number | StepKind::Figure | StepKind::Claim
        ) && index != document
        {
            continue;
        }
        for dep in &step.deps {
            if let Some(columns) = carries.get(dep)
                && steps[*dep].kind() == StepKind::Table
            {
                bail!(
                    "{}{} reads table `{}`, which carries {} unprotected; declare the table's \
                     `disclosure`",
                    at(step),
                    step.label(),
                    steps[*dep].name,
                    columns.join(", ")
                );
            }
        }
    }
    Ok(())
}

fn at(step: &Step) -> String {
    step.origin
        .as_ref()
        .map(|o| format!("{o}: "))
        .unwrap_or_default()
}
