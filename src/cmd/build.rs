//! `rapport build`: plan, build, and summarise what ran.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;

use crate::out_line;

use crate::engine;
use crate::plan::{Plan, PlanOptions};

/// Builds the report and prints what ran, what was reused, the time and the PDF path.
pub fn run(options: &PlanOptions, quiet: bool) -> Result<ExitCode> {
    let plan = Plan::load(options)?;
    let progress = !quiet && std::io::stderr().is_terminal();
    let report = engine::build(&plan, progress)?;
    if !quiet {
        let mut out = String::new();
        let ran = report.ran();
        out_line!(
            out,
            "built `{}` from release `{}`: {} node(s) ran, {} reused from cache, in {:.2} s",
            plan.config.report.name,
            plan.release.meta.release.name,
            ran.len(),
            report.reused(),
            report.elapsed.as_secs_f64()
        );
        if !ran.is_empty() && ran.len() <= 12 {
            out_line!(out, "  ran: {}", ran.join(", "));
        }
        out_line!(out, "  {} output file(s) changed", report.written);
        out_line!(out, "  pdf: {}", plan.show_path(&report.pdf));
        crate::cli::emit(&out)?;
    }
    Ok(ExitCode::SUCCESS)
}
