//! `rapport explain <number>`: build (a no-op when up to date), then print the number's trail
//! (or, with `--all`, every number's).

use std::process::ExitCode;

use anyhow::Result;

use crate::context::BuildContext;
use crate::output::OutputFolder;
use crate::plan::Plan;
use crate::project::{Project, ProjectOptions};
use crate::{console, explain, pipeline};

/// Prints the trail of the number named (or printed as) `wanted`, or of every number.
pub(crate) fn run(
    options: &ProjectOptions,
    context: &BuildContext,
    wanted: Option<&str>,
) -> Result<ExitCode> {
    let plan = Plan::load(&Project::open(options)?, context)?;
    pipeline::build(&plan, false)?;
    let folder = OutputFolder::new(&plan.layout.out_dir);
    let names = match wanted {
        Some(wanted) => vec![explain::find(&plan, &folder, wanted)?],
        None => explain::numbers(&plan),
    };
    let cache = crate::cache::Cache::new(&plan.layout.cache_dir);
    let tracer = explain::Tracer::new(&plan, &cache)?;
    let trails = names
        .iter()
        .map(|name| tracer.trail(&folder, name))
        .collect::<Result<Vec<_>>>()?;
    console::emit(&trails.join("\n"))?;
    Ok(ExitCode::SUCCESS)
}
