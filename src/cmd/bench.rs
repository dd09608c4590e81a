//! `rapport bench`: the three timings that matter to an analyst, measured on a scratch copy.
//!
//! The report's `report.toml` and templates are copied to a temporary folder (the data release
//! is read in place), so the benchmark never touches the user's cache, outputs or templates.
//! Scenarios: a cold build (empty cache), a no-op rebuild, and a rebuild after adding one
//! paragraph to the main template. Each runs `runs` times; the median is printed with the
//! nodes that ran, so the incremental claims are checked, not just timed. A last scenario
//! times `rapport diff`'s comparison of the builds before and after the edits.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::out_line;

use crate::diff;
use crate::engine::{self, BuildReport};
use crate::fsx;
use crate::plan::{Plan, PlanOptions};

/// Runs the scenarios and prints a table.
pub fn run(options: &PlanOptions, runs: usize) -> Result<ExitCode> {
    let runs = runs.max(1);
    let original = Plan::load(options)?;
    let scratch = tempfile::tempdir().context("failed to create a scratch folder")?;
    let root = scratch.path();
    let templates_rel = &original.config.document.templates;
    fsx::copy_tree(&original.layout.templates, &root.join(templates_rel))?;
    let manifest = root.join("report.toml");
    fsx::write_atomic(&manifest, &fsx::read(&options.manifest)?)?;
    let main_template = root
        .join(templates_rel)
        .join(&original.config.document.main);

    let scratch_options = |cache: &str| PlanOptions {
        manifest: manifest.clone(),
        data: Some(original.release.dir.clone()),
        out: Some(root.join("out")),
        cache: Some(root.join(cache)),
    };

    let mut cold = Vec::new();
    for run in 0..runs {
        let plan = Plan::load(&scratch_options(&format!("cache-cold-{run}")))?;
        cold.push(engine::build(&plan, false)?);
    }
    let warm = scratch_options("cache-cold-0");
    let mut noop = Vec::new();
    for _ in 0..runs {
        noop.push(engine::build(&Plan::load(&warm)?, false)?);
    }
    // The build before the edits, kept for the review scenario.
    let out_dir = Plan::load(&warm)?.layout.out_dir;
    let before_dir = root.join("before");
    fsx::copy_tree(&out_dir, &before_dir)?;
    let mut edit = Vec::new();
    for run in 0..runs {
        let mut text = fsx::read_to_string(&main_template)?;
        text.push_str(&format!(
            "\nA benchmark paragraph, edit number {}.\n",
            run + 1
        ));
        fsx::write_atomic(&main_template, text.as_bytes())?;
        edit.push(engine::build(&Plan::load(&warm)?, false)?);
    }

    // Review: compare the build before the edits with the one after, and write the page.
    let mut review = Vec::new();
    for _ in 0..runs {
        let started = std::time::Instant::now();
        let before = diff::BuildOutput::open("before", &before_dir)?;
        let after = diff::BuildOutput::open("after", &out_dir)?;
        let comparison = diff::compare(before, after)?;
        let page = diff::html::write(&comparison, &root.join("review"))?;
        diff::markdown::summary(&comparison, &page.display().to_string());
        review.push(started.elapsed());
    }
    review.sort();

    let mut out = String::new();
    out_line!(
        out,
        "rapport bench: report `{}`, release `{}`, {} node(s), median of {runs} run(s), {} thread(s)",
        original.config.report.name,
        original.release.meta.release.name,
        original.nodes.len(),
        rayon::current_num_threads()
    );
    out_line!(out, "  {:<26} {:>10}  nodes ran", "scenario", "median");
    for (name, reports) in [
        ("cold build", &cold),
        ("no-op rebuild", &noop),
        ("template paragraph edit", &edit),
    ] {
        let ran = reports.last().map(BuildReport::ran).unwrap_or_default();
        let shown = if ran.len() <= 3 {
            format!(" ({})", ran.join(", "))
        } else {
            String::new()
        };
        out_line!(
            out,
            "  {name:<26} {:>10}  {}{shown}",
            format_ms(median(reports)),
            ran.len()
        );
    }
    out_line!(
        out,
        "  {:<26} {:>10}  (rapport diff of the edit: page and summary)",
        "review of the edit",
        format_ms(review[review.len() / 2])
    );
    crate::cli::emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn median(reports: &[BuildReport]) -> Duration {
    let mut times: Vec<Duration> = reports.iter().map(|r| r.elapsed).collect();
    times.sort();
    times[times.len() / 2]
}

fn format_ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
