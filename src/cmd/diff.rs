//! `rapport diff`: find the two builds, build what needs building, compare them, write the
//! review page and the summary, and say by the exit status whether anything changed.
//!
//! Each side is a finished build's output folder, a data release folder (the report is built
//! from it), or a git revision (the report as committed there is built, with its own data
//! unless `--data` is given). Without a second side, the working tree is the new side.
//! Builds share the project's cache, so comparing releases already built costs little.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context, Result, anyhow, bail};

use crate::config::Config;
use crate::diff::{self, BuildOutput};
use crate::engine;
use crate::fsx;
use crate::plan::{Plan, PlanOptions, vars};

/// Exit status when the builds differ (0 means identical, 1 an error, 2 a usage error).
pub const EXIT_CHANGED: u8 = 3;

/// What one side of the comparison names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Side {
    /// A finished build's output folder.
    Output(PathBuf),
    /// A data release folder to build the report from.
    Release(PathBuf),
    /// A git commit to build the report as committed there.
    Revision { commit: String },
    /// The working tree, built as `rapport build` would.
    WorkingTree,
}

/// Runs the comparison.
pub fn run(
    options: &PlanOptions,
    before: &str,
    after: Option<&str>,
    review: Option<&Path>,
    quiet: bool,
) -> Result<ExitCode> {
    let review_dir = match review {
        Some(dir) => dir.to_owned(),
        None => default_review_dir(options),
    };
    let builds = review_dir.join("builds");
    let before_side = resolve(options, before)?;
    let after_side = match after {
        Some(arg) => resolve(options, arg)?,
        None => Side::WorkingTree,
    };
    let old = open(options, &before_side, before, &builds.join("before"))
        .with_context(|| format!("failed to build the old side `{before}`"))?;
    let after_label = after.unwrap_or("working tree");
    let new = open(options, &after_side, after_label, &builds.join("after"))
        .with_context(|| format!("failed to build the new side `{after_label}`"))?;
    let comparison = diff::compare(old, new)?;
    let page = diff::html::write(&comparison, &review_dir)?;
    let shown_page = page.display().to_string();
    let summary = diff::markdown::summary(&comparison, &shown_page);
    fsx::write_atomic(&review_dir.join("summary.md"), summary.as_bytes())?;
    if !quiet {
        let mut out = summary;
        out.push_str(&format!(
            "Summary for a pull request: {}\n",
            review_dir.join("summary.md").display()
        ));
        crate::cli::emit(&out)?;
    }
    Ok(if comparison.has_changes() {
        ExitCode::from(EXIT_CHANGED)
    } else {
        ExitCode::SUCCESS
    })
}

/// `<report.out>/<report>-review` beside the working tree's outputs.
fn default_review_dir(options: &PlanOptions) -> PathBuf {
    let root = options
        .manifest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let config = fsx::read_to_string(&options.manifest)
        .ok()
        .and_then(|text| Config::parse(&vars::placeholders(&text), &options.manifest).ok());
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| root.join(config.as_ref().map_or("out", |c| c.report.out.as_str())));
    let name = config.map_or_else(|| "report".to_owned(), |c| c.report.name);
    out.join(format!("{name}-review"))
}

/// Works out what an argument names. `build:`, `data:` and `git:` prefixes force a kind.
fn resolve(options: &PlanOptions, arg: &str) -> Result<Side> {
    if let Some(dir) = arg.strip_prefix("build:") {
        return Ok(Side::Output(dir.into()));
    }
    if let Some(dir) = arg.strip_prefix("data:") {
        return Ok(Side::Release(dir.into()));
    }
    let forced_git = arg.strip_prefix("git:");
    let path = Path::new(arg);
    if forced_git.is_none() && path.is_dir() {
        if path.join("manifest.json").is_file() {
            return Ok(Side::Output(path.to_owned()));
        }
        // An output root (`out/`) holds one folder per report: point at the right one.
        let reports: Vec<String> = std::fs::read_dir(path)
            .with_context(|| format!("cannot read `{arg}`"))?
            .filter_map(|e| e.ok())
            .filter(|e| e.path().join("manifest.json").is_file())
            .map(|e| e.path().display().to_string())
            .collect();
        if !reports.is_empty() {
            bail!(
                "`{arg}` holds build outputs rather than being one; compare one of: {}",
                reports.join(", ")
            );
        }
        return Ok(Side::Release(path.to_owned()));
    }
    let rev = forced_git.unwrap_or(arg);
    let spec = format!("{rev}^{{commit}}");
    let args = [
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        &spec,
    ];
    match git(options, &args) {
        Ok(commit) => Ok(Side::Revision {
            commit: commit.trim().to_owned(),
        }),
        Err(e) => bail!(
            "`{arg}` is not a build output folder (with manifest.json), a data release folder \
             or a git revision ({e})"
        ),
    }
}

/// Builds (or opens) one side; `work` is where a side built here puts its outputs.
fn open(options: &PlanOptions, side: &Side, label: &str, work: &Path) -> Result<BuildOutput> {
    let shared_cache = || -> Result<PathBuf> {
        match &options.cache {
            Some(cache) => Ok(cache.clone()),
            None => Ok(project_root(options)?.join(".rapport-cache")),
        }
    };
    let options = match side {
        Side::Output(dir) => {
            // A copy, read before the other side builds: that build may write to this folder.
            BuildOutput::open(label, dir)?;
            let copy = work.join("snapshot");
            fsx::remove_dir_all_if_exists(&copy)?;
            fsx::copy_tree(dir, &copy)?;
            return BuildOutput::open(label, &copy);
        }
        Side::WorkingTree => options.clone(),
        Side::Release(dir) => PlanOptions {
            data: Some(dir.clone()),
            out: Some(work.to_owned()),
            cache: Some(shared_cache()?),
            ..options.clone()
        },
        Side::Revision { commit } => revision_options(options, commit, work, shared_cache()?)?,
    };
    let plan = Plan::load(&options)?;
    engine::build(&plan, false)?;
    BuildOutput::open(label, &plan.layout.out_dir)
}

/// The folder holding the manifest, resolved.
fn project_root(options: &PlanOptions) -> Result<PathBuf> {
    let root = options
        .manifest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    root.canonicalize()
        .with_context(|| format!("cannot find the folder of `{}`", options.manifest.display()))
}

/// Extracts the project as committed at `commit` and points the options at it.
fn revision_options(
    options: &PlanOptions,
    commit: &str,
    work: &Path,
    cache: PathBuf,
) -> Result<PlanOptions> {
    let toplevel = PathBuf::from(git(options, &["rev-parse", "--show-toplevel"])?.trim());
    let manifest = options
        .manifest
        .canonicalize()
        .with_context(|| format!("cannot find `{}`", options.manifest.display()))?;
    let relative = manifest
        .strip_prefix(&toplevel)
        .with_context(|| format!("`{}` is not inside the git repository", manifest.display()))?;
    let tree = work.join(format!("tree-{}", &commit[..commit.len().min(12)]));
    let complete = tree.join(".rapport-extracted");
    if !complete.is_file() {
        extract(&toplevel, commit, &tree)?;
        fsx::write_atomic(&complete, commit.as_bytes())?;
    }
    let revision_manifest = tree.join(relative);
    if !revision_manifest.is_file() {
        bail!(
            "`{}` does not exist at revision {commit}",
            relative.display()
        );
    }
    // A release folder outside the repository (real data) is not in the revision: use the
    // working tree's, resolved the same way.
    let data = match &options.data {
        Some(data) => Some(data.clone()),
        None => {
            let text = fsx::read_to_string(&revision_manifest)?;
            let config = Config::parse(&vars::placeholders(&text), &revision_manifest)?;
            let inside = revision_manifest
                .parent()
                .map(|p| p.join(&config.report.data));
            let outside = manifest.parent().map(|p| p.join(&config.report.data));
            inside.filter(|p| p.is_dir()).or(outside)
        }
    };
    Ok(PlanOptions {
        manifest: revision_manifest,
        data,
        out: Some(work.to_owned()),
        cache: Some(cache),
    })
}

/// Writes the files of `commit` into `dest` with `git archive`.
fn extract(toplevel: &Path, commit: &str, dest: &Path) -> Result<()> {
    fsx::remove_dir_all_if_exists(dest)?;
    fsx::create_dir_all(dest)?;
    let mut archive = Command::new("git")
        .arg("-C")
        .arg(toplevel)
        .args(["archive", "--format=tar", commit])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot run git")?;
    let stdout = archive.stdout.take().expect("stdout is piped");
    let untar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(dest)
        .stdin(stdout)
        .output()
        .context("cannot run tar")?;
    let archived = archive.wait_with_output()?;
    if !archived.status.success() || !untar.status.success() {
        bail!(
            "cannot extract revision {commit}: {}{}",
            String::from_utf8_lossy(&archived.stderr).trim(),
            String::from_utf8_lossy(&untar.stderr).trim()
        );
    }
    Ok(())
}

/// Runs git in the manifest's folder and returns its standard output.
fn git(options: &PlanOptions, args: &[&str]) -> Result<String> {
    let dir = options
        .manifest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .context("cannot run git")?;
    if !output.status.success() {
        return Err(anyhow!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
