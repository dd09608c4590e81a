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
use crate::{console, diff, fsx, scale};

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
    let document = original.steps[original.document]
        .as_document()
        .context("a plan's last step is its document")?;
    let mut typst = Vec::new();
    for _ in 0..runs {
        typst.push(crate::document::typst_floor(document, &out_dir)?);
    }
    let typst = median_of(typst);
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
    out_line!(
        out,
        "  {:<26} {:>10}  (the floor: Typst compiling the rendered document and exporting its PDF; cold build = {:.2}× the floor)",
        "Typst alone",
        format_ms(typst),
        median(&cold).as_secs_f64() / typst.as_secs_f64()
    );
    console::emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Times rapport and Polars alone on a synthetic release of `rows` rows (see [`crate::scale`]).
pub(crate) fn run_scale(
    context: &BuildContext,
    rows: usize,
    runs: usize,
    keep: Option<&Path>,
) -> Result<ExitCode> {
    let runs = runs.max(1);
    let temporary = tempfile::tempdir().context("failed to create a scratch folder")?;
    let scratch = keep.unwrap_or(temporary.path());
    let data = scratch.join("data");
    let started = std::time::Instant::now();
    let files = scale::write_release(&data, rows)?;
    fsx::write_atomic(&data.join("release.toml"), scale::RELEASE_TOML.as_bytes())?;
    let mut out = String::new();
    out_line!(
        out,
        "rapport bench --scale {rows}: synthetic `workforce_org` release written in {:.1} s; median of {runs} run(s), {} thread(s)",
        started.elapsed().as_secs_f64(),
        rayon::current_num_threads()
    );
    out_line!(
        out,
        "  {:<9} {:>9} {:>11} {:>13} {:>9} {:>9} {:>11} {:>13} {:>7} {:>11} {:>7}",
        "format",
        "size",
        "cold",
        "peak",
        "no-op",
        "edit",
        "Polars",
        "peak",
        "ratio",
        "Polars 1t",
        "ratio"
    );
    for (format, file) in [
        ("CSV", files.csv),
        ("CSV gzip", files.gzip),
        ("Parquet", files.parquet),
    ] {
        let size_mb = std::fs::metadata(&file).map_or(0.0, |m| m.len() as f64 / 1e6);
        let mut floor = Vec::new();
        let mut floor_one = Vec::new();
        let mut floor_peak = None;
        for _ in 0..runs {
            floor_one.push(floor_in_own_process(&file, Some(1))?.0);
            let (took, peak) = floor_in_own_process(&file, None)?;
            floor.push(took);
            floor_peak = peak;
        }
        let root = scratch.join(format.to_lowercase().replace(' ', "-"));
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .context("a scratch file name")?;
        fsx::write_atomic(
            &root.join("report.toml"),
            scale::report_toml(name).as_bytes(),
        )?;
        let main = root.join("templates/main.typ");
        fsx::write_atomic(&main, scale::MAIN_TYP.as_bytes())?;
        let options = |cache: &str| ProjectOptions {
            manifest: root.join("report.toml"),
            data: Some(data.clone()),
            out: Some(root.join("out")),
            cache: Some(root.join(cache)),
        };
        let load = |options: &ProjectOptions| Plan::load(&Project::open(options)?, context);
        let mut cold = Vec::new();
        let mut cold_peak = None;
        for run in 0..runs {
            let (took, peak) = cold_in_own_process(&options(&format!("cache-{run}")))?;
            cold.push(took);
            cold_peak = peak;
        }
        let mut noop = Vec::new();
        for _ in 0..runs {
            noop.push(pipeline::build(&load(&options("cache-0"))?, false)?);
        }
        let mut edit = Vec::new();
        for run in 0..runs {
            let mut text = fsx::read_to_string(&main)?;
            text.push_str(&format!("\nEdit number {}.\n", run + 1));
            fsx::write_atomic(&main, text.as_bytes())?;
            edit.push(pipeline::build(&load(&options("cache-0"))?, false)?);
        }
        let floor = median_of(floor);
        let floor_one = median_of(floor_one);
        let cold = median_of(cold);
        let mb = |peak: Option<scale::Peak>| {
            peak.map_or("-".to_owned(), |p| {
                format!("{:.0}/{:.0} MB", p.resident, p.anonymous)
            })
        };
        out_line!(
            out,
            "  {format:<9} {:>6.0} MB {:>11} {:>13} {:>9} {:>9} {:>11} {:>13} {:>6.2}× {:>11} {:>6.2}×",
            size_mb,
            format_ms(cold),
            mb(cold_peak),
            format_ms(median(&noop)),
            format_ms(median(&edit)),
            format_ms(floor),
            mb(floor_peak),
            cold.as_secs_f64() / floor.as_secs_f64(),
            format_ms(floor_one),
            cold.as_secs_f64() / floor_one.as_secs_f64()
        );
    }
    out_line!(
        out,
        "  cold = rapport cold build (its own process); Polars = the same four queries alone, lazily over the same file, with all of Polars' threads (the floor); Polars 1t = the same on one Polars thread, as rapport runs Polars for bit-reproducible sums; ratio = cold / that floor; peak = peak resident / peak anonymous memory (resident counts the input file's pages Polars maps in, which the kernel can drop; anonymous is what the process allocated)"
    );
    console::emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Runs the floor in a fresh process (`rapport bench-floor FILE`), so that Polars has all its
/// threads (or `threads`) and the peak memory is its own; returns its time and peak memory.
fn floor_in_own_process(
    file: &Path,
    threads: Option<usize>,
) -> Result<(Duration, Option<scale::Peak>)> {
    let exe = std::env::current_exe().context("cannot find the rapport executable")?;
    let mut command = std::process::Command::new(exe);
    command.arg("bench-floor").arg(file);
    match threads {
        Some(threads) => command.env("POLARS_MAX_THREADS", threads.to_string()),
        None => command.env_remove("POLARS_MAX_THREADS"),
    };
    timed_process(command, "the floor")
}

/// Runs one cold build in a fresh process (`rapport bench-cold`), so that its peak memory is
/// its own, as the floor's is; returns its time and peak memory.
fn cold_in_own_process(options: &ProjectOptions) -> Result<(Duration, Option<scale::Peak>)> {
    let exe = std::env::current_exe().context("cannot find the rapport executable")?;
    let mut command = std::process::Command::new(exe);
    command.arg("--manifest").arg(&options.manifest);
    for (flag, value) in [
        ("--data", &options.data),
        ("--out", &options.out),
        ("--cache", &options.cache),
    ] {
        if let Some(value) = value {
            command.arg(flag).arg(value);
        }
    }
    command.arg("bench-cold");
    timed_process(command, "the cold build")
}

/// `rapport bench-cold`: one build, printing its seconds and peak memory in MB.
pub(crate) fn cold(options: &ProjectOptions, context: &BuildContext) -> Result<ExitCode> {
    let sampler = scale::PeakSampler::start();
    let report = pipeline::build(&Plan::load(&Project::open(options)?, context)?, false)?;
    emit_timing(report.elapsed, sampler.stop())
}

/// Prints what a `bench-*` process measured: seconds, then peak resident and anonymous MB.
fn emit_timing(took: Duration, peak: Option<scale::Peak>) -> Result<ExitCode> {
    let peak = peak.map_or("- -".to_owned(), |p| {
        format!("{:.1} {:.1}", p.resident, p.anonymous)
    });
    console::emit(&format!("{} {peak}\n", took.as_secs_f64()))?;
    Ok(ExitCode::SUCCESS)
}

/// Runs a `bench-*` process and reads the seconds and peak memory it prints.
fn timed_process(
    mut command: std::process::Command,
    what: &str,
) -> Result<(Duration, Option<scale::Peak>)> {
    let output = command
        .output()
        .with_context(|| format!("cannot run {what}"))?;
    if !output.status.success() {
        anyhow::bail!(
            "{what} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut fields = text.split_whitespace();
    let seconds: f64 = fields
        .next()
        .and_then(|s| s.parse().ok())
        .with_context(|| format!("{what} printed no time"))?;
    let resident = fields.next().and_then(|s| s.parse().ok());
    let anonymous = fields.next().and_then(|s| s.parse().ok());
    let peak = resident
        .zip(anonymous)
        .map(|(resident, anonymous)| scale::Peak {
            resident,
            anonymous,
        });
    Ok((Duration::from_secs_f64(seconds), peak))
}

/// `rapport bench-floor FILE`: prints the floor's seconds and peak memory in MB.
pub(crate) fn floor(file: &Path) -> Result<ExitCode> {
    let sampler = scale::PeakSampler::start();
    let took = scale::floor(file)?;
    emit_timing(took, sampler.stop())
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
    median_of(reports.iter().map(|r| r.elapsed).collect())
}

fn median_of(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn format_ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
