//! The two sides of `rapport diff`: what an argument names, and the build it stands for.
//!
//! Each side is a finished build's output folder, a data release folder (the report is built
//! from it), or a git revision (the report as committed there is built, with its own data
//! unless `--data` is given). Without a second side, the working tree is the new side.
//! Builds share the project's cache, so comparing releases already built costs little.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, anyhow, bail};

use super::BuildOutput;
use crate::context::BuildContext;
use crate::fsx;
use crate::output::MANIFEST;
use crate::pipeline;
use crate::plan::Plan;
use crate::project::{Project, ProjectOptions};

/// What one side of the comparison names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Side {
    /// A finished build's output folder.
    Output(PathBuf),
    /// A data release folder to build the report from.
    Release(PathBuf),
    /// A git commit to build the report as committed there.
    Revision { commit: String },
    /// The working tree, built as `rapport build` would.
    WorkingTree,
}

/// `<report.out>/<report>-review` beside the working tree's outputs.
///
/// Falls back to `out/report-review` when `report.toml` cannot be read: comparing two finished
/// builds needs no project.
pub(crate) fn default_review_dir(project: &Project) -> PathBuf {
    match project.report() {
        Ok(report) => project
            .out_root(&report)
            .join(format!("{}-review", report.name)),
        Err(_) => project
            .options
            .out
            .clone()
            .unwrap_or_else(|| project.root.join("out"))
            .join("report-review"),
    }
}

/// Works out what an argument names. `build:`, `data:` and `git:` prefixes force a kind.
pub(crate) fn resolve(project: &Project, arg: &str) -> Result<Side> {
    if let Some(dir) = arg.strip_prefix("build:") {
        return Ok(Side::Output(dir.into()));
    }
    if let Some(dir) = arg.strip_prefix("data:") {
        return Ok(Side::Release(dir.into()));
    }
    let forced_git = arg.strip_prefix("git:");
    let path = Path::new(arg);
    if forced_git.is_none() && path.is_dir() {
        if path.join(MANIFEST).is_file() {
            return Ok(Side::Output(path.to_owned()));
        }
        // An output root (`out/`) holds one folder per report: point at the right one.
        let reports: Vec<String> = std::fs::read_dir(path)
            .with_context(|| format!("cannot read `{arg}`"))?
            .filter_map(|e| e.ok())
            .filter(|e| e.path().join(MANIFEST).is_file())
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
    match git(project, &args) {
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
pub(crate) fn open(
    project: &Project,
    context: &BuildContext,
    side: &Side,
    label: &str,
    work: &Path,
) -> Result<BuildOutput> {
    let options = &project.options;
    let shared_cache = project.cache_root();
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
        Side::Release(dir) => ProjectOptions {
            data: Some(dir.clone()),
            out: Some(work.to_owned()),
            cache: Some(shared_cache),
            ..options.clone()
        },
        Side::Revision { commit } => revision_options(project, commit, work, shared_cache)?,
    };
    let plan = Plan::load(&Project::open(&options)?, context)?;
    pipeline::build(&plan, false)?;
    BuildOutput::built(label, plan)
}

/// Extracts the project as committed at `commit` and points the options at it.
fn revision_options(
    project: &Project,
    commit: &str,
    work: &Path,
    cache: PathBuf,
) -> Result<ProjectOptions> {
    let toplevel = PathBuf::from(git(project, &["rev-parse", "--show-toplevel"])?.trim());
    let toplevel = toplevel.canonicalize().unwrap_or(toplevel);
    let manifest = &project.manifest;
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
    let data = match &project.options.data {
        Some(data) => Some(data.clone()),
        None => {
            let revision = Project::open(&ProjectOptions {
                manifest: revision_manifest.clone(),
                ..project.options.clone()
            })?;
            let report = revision.report()?;
            let inside = revision.root.join(&report.data);
            let outside = project.root.join(&report.data);
            Some(if inside.is_dir() { inside } else { outside })
        }
    };
    Ok(ProjectOptions {
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

/// Runs git in the project's folder and returns its standard output.
fn git(project: &Project, args: &[&str]) -> Result<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(&project.root)
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
