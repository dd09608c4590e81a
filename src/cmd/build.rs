//! `rapport build`: plan, build, and summarise what ran.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;

use crate::console::out_line;
use crate::context::BuildContext;
use crate::plan::Plan;
use crate::project::{Project, ProjectOptions};
use crate::{console, pipeline};

/// Builds the report and prints what ran, what was reused, the time and the PDF path.
pub(crate) fn run(
    options: &ProjectOptions,
    context: &BuildContext,
    quiet: bool,
) -> Result<ExitCode> {
    let plan = Plan::load(&Project::open(options)?, context)?;
    let progress = !quiet && std::io::stderr().is_terminal();
    let report = pipeline::build(&plan, progress)?;
    // Warnings are printed by every build, a no-op included, until the data satisfy them.
    for warning in report.warnings() {
        eprintln!("{warning}\n");
    }
    if !quiet {
        let mut out = String::new();
        let ran = report.ran();
        out_line!(
            out,
            "built `{}` from release `{}`: {} node(s) ran, {} reused from cache, in {:.2} s",
            plan.report.name,
            plan.release.meta.release.name,
            ran.len(),
            report.reused(),
            report.elapsed.as_secs_f64()
        );
        if !ran.is_empty() && ran.len() <= 12 {
            out_line!(out, "  ran: {}", ran.join(", "));
        }
        let failed = report.warnings().len();
        out_line!(
            out,
            "  {} check(s): {} passed, {failed} warning(s), {} skipped",
            report.checks.len(),
            report
                .checks
                .iter()
                .filter(|c| c.status == crate::check::verdict::Status::Passed)
                .count(),
            report
                .checks
                .iter()
                .filter(|c| c.status == crate::check::verdict::Status::Skipped)
                .count()
        );
        out_line!(out, "  {} output file(s) changed", report.written);
        out_line!(out, "  pdf: {}", plan.show_path(&report.pdf));
        console::emit(&out)?;
    }
    Ok(ExitCode::SUCCESS)
}
