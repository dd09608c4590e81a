//! `rapport bench`: the timings that matter to an analyst, measured on a scratch copy.
//!
//! Every file the report is declared and templated with (`report.toml`, its includes and
//! `.sql` files, the templates and the shared library) is copied to a temporary folder, keeping
//! their places relative to one another; the data release is read in place. So the benchmark
//! never touches the user's cache, outputs or templates. Scenarios: a cold build (empty cache),
//! a no-op rebuild, and a rebuild after adding one paragraph to the main template. Each runs
//! `runs` times; the median is printed with the steps that ran, so the incremental claims are
//! checked, not just timed. A last scenario times `rapport diff`'s comparison of the builds
//! before and after the edits.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::console::out_line;
use crate::context::BuildContext;
use crate::pipeline::{self, BuildReport};
use crate::plan::Plan;
use crate::project::{Project, ProjectOptions};
use crate::{console, diff, fsx};

/// Runs the scenarios and prints a table.
pub(crate) fn run(
    options: &ProjectOptions,
    context: &BuildContext,
    runs: usize,
) -> Result<ExitCode> {
    let runs = runs.max(1);
    let original = Plan::load(&Project::open(options)?, context)?;
    let scratch = tempfile::tempdir().context("failed to create a scratch folder")?;
    let copy = ScratchCopy::make(&original, scratch.path())?;

    let scratch_options = |cache: &str| ProjectOptions {
        manifest: copy.manifest.clone(),
        data: Some(original.release.dir.clone()),
        out: Some(scratch.path().join("out")),
        cache: Some(scratch.path().join(cache)),
    };
    let load = |options: &ProjectOptions| Plan::load(&Project::open(options)?, context);

    let mut cold = Vec::new();
    for run in 0..runs {
        cold.push(pipeline::build(
            &load(&scratch_options(&format!("cache-cold-{run}")))?,
            false,
        )?);
    }
    let warm = scratch_options("cache-cold-0");
    let mut noop = Vec::new();
    for _ in 0..runs {
        noop.push(pipeline::build(&load(&warm)?, false)?);
    }
    // The build before the edits, kept for the review scenario.
    let out_dir = load(&warm)?.layout.out_dir;
    let before_dir = scratch.path().join("before");
    fsx::copy_tree(&out_dir, &before_dir)?;
    let mut edit = Vec::new();
    for run in 0..runs {
        let mut text = fsx::read_to_string(&copy.main_template)?;
        text.push_str(&format!(
            "\nA benchmark paragraph, edit number {}.\n",
            run + 1
        ));
        fsx::write_atomic(&copy.main_template, text.as_bytes())?;
        edit.push(pipeline::build(&load(&warm)?, false)?);
    }

    // Review: compare the build before the edits with the one after, and write the page.
    let mut review = Vec::new();
    for _ in 0..runs {
        let started = std::time::Instant::now();
        let before = diff::BuildOutput::open("before", &before_dir)?;
        let after = diff::BuildOutput::open("after", &out_dir)?;
        let comparison = diff::compare(before, after)?;
        let page = diff::html::write(&comparison, &scratch.path().join("review"))?;
        diff::markdown::summary(&comparison, &page.display().to_string());
        review.push(started.elapsed());
    }
    review.sort();

    let mut out = String::new();
    out_line!(
        out,
        "rapport bench: report `{}`, release `{}`, {} node(s), median of {runs} run(s), {} thread(s)",
        original.report.name,
        original.release.meta.release.name,
        original.steps.len(),
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
    console::emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The report's declarations and templates, copied under a scratch folder.
struct ScratchCopy {
    /// The copy of `report.toml`.
    manifest: PathBuf,
    /// The copy of the main template, which the edit scenario changes.
    main_template: PathBuf,
}

impl ScratchCopy {
    fn make(plan: &Plan, scratch: &Path) -> Result<ScratchCopy> {
        let document = plan.steps[plan.document]
            .as_document()
            .context("a plan's last step is its document")?;
        let mut files: Vec<&Path> = plan
            .declaration_files
            .iter()
            .map(|f| f.path.as_path())
            .collect();
        files.extend(document.templates.values().map(|f| f.path.as_path()));
        // The copy keeps every file's place relative to the others, from their common folder.
        let base = common_folder(&files);
        let place = |path: &Path| {
            scratch
                .join("project")
                .join(path.strip_prefix(&base).unwrap_or(path))
        };
        for file in &files {
            let copy = place(file);
            // Paths are canonical (no `..`), so a copy can only land inside the scratch folder.
            anyhow::ensure!(
                copy.starts_with(scratch),
                "`{}` cannot be copied into the scratch folder",
                file.display()
            );
            fsx::write_atomic(&copy, &fsx::read(file)?)?;
        }
        Ok(ScratchCopy {
            manifest: place(&plan.declaration_files[0].path),
            main_template: place(&document.templates[&document.document.main].path),
        })
    }
}

/// The deepest folder holding every path.
fn common_folder(paths: &[&Path]) -> PathBuf {
    let mut base = paths[0].parent().unwrap_or(Path::new("/")).to_path_buf();
    for path in paths {
        while !path.starts_with(&base) {
            if !base.pop() {
                break;
            }
        }
    }
    base
}

fn median(reports: &[BuildReport]) -> Duration {
    let mut times: Vec<Duration> = reports.iter().map(|r| r.elapsed).collect();
    times.sort();
    times[times.len() / 2]
}

fn format_ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
