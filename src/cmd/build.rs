//! `rapport build`: plan, build, and summarise what ran.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;

use crate::engine;
use crate::plan::{Plan, PlanOptions};

/// Builds the report and prints what ran, what was reused, the time and the PDF path.
pub fn run(options: &PlanOptions, quiet: bool) -> Result<ExitCode> {
    let plan = Plan::load(options)?;
    let progress = !quiet && std::io::stderr().is_terminal();
    let report = engine::build(&plan, progress)?;
    if !quiet {
        let ran = report.ran();
        println!(
            "built `{}` from release `{}`: {} node(s) ran, {} reused from cache, in {:.2} s",
            plan.config.report.name,
            plan.release.meta.release.name,
            ran.len(),
            report.reused(),
            report.elapsed.as_secs_f64()
        );
        if !ran.is_empty() && ran.len() <= 12 {
            println!("  ran: {}", ran.join(", "));
        }
        println!("  {} output file(s) changed", report.written);
        println!("  pdf: {}", plan.show_path(&report.pdf));
    }
    Ok(ExitCode::SUCCESS)
}
