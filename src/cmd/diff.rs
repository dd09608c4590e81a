//! `rapport diff`: find the two builds, build what needs building, compare them, write the
//! review page and the summary, and say by the exit status whether anything changed.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::context::BuildContext;
use crate::diff::{self, sides};
use crate::project::{Project, ProjectOptions};
use crate::{console, fsx};

/// Exit status when the builds differ (0 means identical, 1 an error, 2 a usage error).
pub(crate) const EXIT_CHANGED: u8 = 3;

/// Runs the comparison.
pub(crate) fn run(
    options: &ProjectOptions,
    context: &BuildContext,
    before: &str,
    after: Option<&str>,
    review: Option<&Path>,
    quiet: bool,
) -> Result<ExitCode> {
    let project = Project::open(options)?;
    let review_dir = match review {
        Some(dir) => dir.to_owned(),
        None => sides::default_review_dir(&project),
    };
    let builds = review_dir.join("builds");
    let before_side = sides::resolve(&project, before)?;
    let after_side = match after {
        Some(arg) => sides::resolve(&project, arg)?,
        None => sides::Side::WorkingTree,
    };
    let old = sides::open(
        &project,
        context,
        &before_side,
        before,
        &builds.join("before"),
    )
    .with_context(|| format!("failed to build the old side `{before}`"))?;
    let after_label = after.unwrap_or("working tree");
    let new = sides::open(
        &project,
        context,
        &after_side,
        after_label,
        &builds.join("after"),
    )
    .with_context(|| format!("failed to build the new side `{after_label}`"))?;
    let comparison = diff::compare(old, new)?;
    let page = diff::html::write(&comparison, &review_dir)?;
    let summary = diff::markdown::summary(&comparison, &page.display().to_string());
    let summary_path = review_dir.join("summary.md");
    fsx::write_atomic(&summary_path, summary.as_bytes())?;
    if !quiet {
        console::emit(&format!(
            "{summary}Summary for a pull request: {}\n",
            summary_path.display()
        ))?;
    }
    Ok(if comparison.has_changes() {
        ExitCode::from(EXIT_CHANGED)
    } else {
        ExitCode::SUCCESS
    })
}
