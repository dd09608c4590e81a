//! `rapport status`: what a build would run and why, and whether the output folder still
//! holds what the last build wrote (a PDF edited or deleted by hand is reported, not trusted).

use std::process::ExitCode;

use anyhow::Result;

use crate::console;
use crate::console::out_line;
use crate::context::BuildContext;
use crate::output::OutputFolder;
use crate::pipeline::staleness;
use crate::plan::Plan;
use crate::project::{Project, ProjectOptions};

/// Prints the status table.
pub(crate) fn run(options: &ProjectOptions, context: &BuildContext) -> Result<ExitCode> {
    let plan = Plan::load(&Project::open(options)?, context)?;
    let staleness = staleness::explain(&plan)?;
    let reasons = &staleness.reasons;
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
        plan.report.name,
        plan.release.meta.release.name,
        stale.len(),
        plan.steps.len()
    );
    for i in stale {
        out_line!(
            out,
            "  {:<28} {}",
            plan.steps[i].label(),
            staleness::describe(&plan, reasons, i)
        );
    }
    out_line!(
        out,
        "  inputs: {} file(s) unchanged since they were last hashed (same size, time and inode), {} hashed",
        staleness.inputs_trusted,
        staleness.inputs_hashed
    );
    let folder = OutputFolder::new(&plan.layout.out_dir);
    if let Ok(manifest) = folder.manifest() {
        let drifted = folder.drifted(&manifest);
        if !drifted.is_empty() {
            out_line!(
                out,
                "  {} output file(s) in `{}` differ from what the last build wrote (`rapport build` restores them): {}",
                drifted.len(),
                plan.show_path(folder.dir()),
                drifted.join(", ")
            );
        }
    }
    console::emit(&out)?;
    Ok(ExitCode::SUCCESS)
}
