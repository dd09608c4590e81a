//! The pipeline: how a plan becomes a report. Start reading here.
//!
//! A build is four stages, in this order:
//! 1. **Inputs.** The output folder is checked to hold no input. Every file a step reads is
//!    hashed once (or keeps its recorded hash while its stat is unchanged); keys are made from
//!    these hashes.
//! 2. **Steps.** The plan runs wave by wave, the steps of a wave in parallel. A step whose key
//!    has a cache record is reused; otherwise it runs and its output is committed to the cache.
//!    Keys contain the *fingerprints* of upstream outputs, not upstream keys, so a step that
//!    re-runs and produces the same bytes leaves everything downstream reused (early cutoff).
//!    The document runs last, and only when every check of severity `error` passed: a build
//!    whose data break a declared rule stops before the PDF, naming every failure.
//! 3. **Publication.** Each step contributes its published files (tables, figures, numbers,
//!    the PDF) from its stored output — unless the output folder's record says it already
//!    holds exactly what this build would publish, when only the manifest is written.
//! 4. **Output.** The output folder is replaced as a whole, in one swap, and only when every
//!    step succeeded, so a failed or killed build never changes a good publication. The
//!    build holds the folder's lock throughout. Every write under `out/` goes through
//!    [`OutputFolder`]; the one write that is not stage 4 is the failure report of a document
//!    Typst rejects: its rendered sources go beside the folder, to `<name>.failed-build/`, so
//!    that the error points at lines the user can open.

mod checking;
pub(crate) mod keys;
pub mod staleness;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::cache::{ArtifactFiles, Artifacts, Cache, KeyInputs, Lookup};
use crate::check::verdict::{self, CheckRecord};
use crate::document::TypstFailure;
use crate::inputs::InputFiles;
use crate::output::{Manifest, Outcome, OutputFolder, Publication, StepEntry, layout, record};
use crate::plan::Plan;
use crate::step::Step;
use crate::store::Store;

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Per step, in plan order: id, outcome, time spent.
    pub steps: Vec<StepEntry>,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// The PDF written.
    pub pdf: PathBuf,
    /// Output files that changed on disk.
    pub written: usize,
    /// Every check's outcome, by name.
    pub checks: Vec<CheckRecord>,
}

impl BuildReport {
    /// Ids of the steps that ran.
    pub fn ran(&self) -> Vec<&str> {
        self.steps
            .iter()
            .filter(|s| s.outcome == Outcome::Ran)
            .map(|s| s.id.as_str())
            .collect()
    }

    /// The messages of the `warn` checks that failed.
    pub fn warnings(&self) -> Vec<String> {
        crate::check::verdict::warnings(&self.checks)
    }

    /// How many steps were reused from the cache.
    pub fn reused(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| s.outcome == Outcome::Reused)
            .count()
    }
}

/// Builds the plan into its output folder. A damaged cache object found on the way has been
/// removed by then; the build runs once more, rebuilding what it held, and says so.
pub fn build(plan: &Plan, progress: bool) -> Result<BuildReport> {
    match build_once(plan, progress) {
        Err(err) if damaged(&err).is_some() => {
            let object = damaged(&err).expect("checked").path.clone();
            eprintln!(
                "warning: cache object `{}` was damaged; it was discarded and its step is rebuilt",
                plan.show_path(&object)
            );
            build_once(plan, progress)
        }
        result => result,
    }
}

fn damaged(err: &anyhow::Error) -> Option<&crate::cache::DamagedObject> {
    err.chain().find_map(|cause| cause.downcast_ref())
}

fn build_once(plan: &Plan, progress: bool) -> Result<BuildReport> {
    let started = Instant::now();
    let folder = OutputFolder::new(&plan.layout.out_dir);

    // 1. Inputs: every file hashed once (or its recorded hash kept when its size, time and
    //    inode are unchanged); steps read the bytes those hashes describe.
    let cache_dir = &plan.layout.cache_dir;
    check_output_folder(plan)?;
    // One build at a time into one output folder: a second waits here. Builds share the
    // cache; the first to arrive sweeps what killed builds left there.
    let _lock = folder.lock()?;
    let cache = Cache::new(&plan.layout.cache_dir);
    let _hold = cache.hold()?;
    // The previous release, when checks compare with it: only the steps they need, whose
    // files are hashed (and their stats recorded) with this release's.
    let previous = checking::previous_plan(plan)?;
    let files = InputFiles::read(
        plan.steps
            .iter()
            .flat_map(Step::files)
            .chain(previous.iter().flat_map(checking::PreviousPlan::files)),
        Some(cache_dir),
    )?;
    files.record(cache_dir)?;

    // 2. Steps: every step but the document, then the checks' verdict, then the document.
    //    The previous release's steps go first, so that this release's records are the
    //    latest ones of every step the two share.
    let previous_store = Store::new(&cache);
    if let Some(previous) = &previous {
        previous.satisfy(&cache, &previous_store, &files, &folder)?;
    }
    let store = Store::new(&cache);
    let mut runner = Runner::new(plan, &cache, &store, &files, &folder, progress);
    for wave in plan.waves() {
        let wave: Vec<usize> = wave.into_iter().filter(|&i| i != plan.document).collect();
        runner.run(&wave, true)?;
    }
    let checks = checking::verdict(plan, &store, previous.as_ref(), &previous_store)?;
    verdict::stop(&checks)?;
    runner.run(&[plan.document], true)?;
    let steps = runner.finish();

    // 3. Publication: nothing to do when the output folder holds exactly what this build
    //    would write (every step reused, no output touched since).
    let previous_fingerprints: Vec<String> = previous
        .iter()
        .flat_map(|p| p.fingerprints(&previous_store))
        .collect();
    let fingerprint = publication_fingerprint(plan, &store, &previous_fingerprints);
    let manifest = |outputs: BTreeMap<String, String>| Manifest {
        tool: keys::TOOL_VERSION.to_owned(),
        report: plan.report.name.clone(),
        release: plan.release.meta.release.name.clone(),
        inputs: files
            .hashes()
            .map(|(path, hash)| (plan.show_path(path), hash.to_owned()))
            .collect(),
        outputs,
        nodes: steps.clone(),
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
    };
    let pdf = folder.path(&layout::pdf(&plan.report.name));
    if let Some(outputs) = record::unchanged(&folder, cache_dir, &fingerprint) {
        folder.write_manifest(&manifest(outputs))?;
        return Ok(BuildReport {
            elapsed: started.elapsed(),
            steps,
            pdf,
            written: 0,
            checks,
        });
    }
    let mut publication = Publication::default();
    for &index in &plan.order {
        let step = &plan.steps[index];
        step.publish(index, &store, &mut publication)
            .with_context(|| format!("failed to publish {}", step.label()))?;
    }
    publication.checks(verdict::json(&checks)?);
    let cover = crate::datapack::Cover {
        title: plan.report.title.clone(),
        release: format!(
            "{} ({})",
            plan.release.meta.release.title, plan.release.meta.release.name
        ),
        published: plan.release.meta.release.published.clone(),
    };
    let outputs = publication.finish(|sheets| data_pack(&cache, &cover, sheets))?;

    // 4. Output.
    let hashes: BTreeMap<String, String> = outputs
        .iter()
        .map(|(path, bytes)| (path.clone(), crate::hash::hash_bytes(bytes)))
        .collect();
    let manifest = manifest(hashes);
    let written = folder.write(&outputs, &manifest)?;
    record::record(&folder, cache_dir, &fingerprint, &manifest.outputs)?;
    Ok(BuildReport {
        steps,
        elapsed: started.elapsed(),
        pdf,
        written,
        checks,
    })
}

/// Refuses an output folder that is, or holds, the project or any input: the build writes and
/// prunes inside it, and must never delete what it reads (`--out data`, `--out ..`).
fn check_output_folder(plan: &Plan) -> Result<()> {
    let out = resolved(&plan.layout.out_dir);
    let root = resolved(&plan.layout.root);
    let inside = std::iter::once(&root)
        .chain(plan.steps.iter().flat_map(Step::files).map(|f| &f.path))
        .map(|path| (resolved(path), path))
        .find(|(path, _)| path.starts_with(&out));
    let show = |path: &std::path::Path| match plan.show_path(path) {
        shown if shown.is_empty() => "the project folder".to_owned(),
        shown => format!("`{shown}`"),
    };
    if let Some((resolved_path, path)) = inside {
        let what = if resolved_path == out {
            format!("the output folder would be {} itself", show(path))
        } else {
            format!(
                "the output folder {} would hold {}",
                show(&plan.layout.out_dir),
                show(path)
            )
        };
        anyhow::bail!(
            "{what}, which the build reads; outputs must go to a folder of their own (set \
             `--out` or `[report] out`)"
        );
    }
    Ok(())
}

/// `path` made absolute with symlinks and `..` resolved, as far as it exists.
fn resolved(path: &std::path::Path) -> PathBuf {
    if let Ok(path) = path.canonicalize() {
        return path;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => resolved(parent).join(name),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// What a build's outputs are made from: the engine, every step's output fingerprint, and
/// the fingerprints of the previous release's profiles its checks compared with.
fn publication_fingerprint(plan: &Plan, store: &Store<'_>, previous: &[String]) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(keys::TOOL_VERSION.as_bytes());
    let parts = plan
        .order
        .iter()
        .flat_map(|&index| [plan.steps[index].id(), store.fingerprint(index)])
        .chain(previous.iter().cloned());
    for part in parts {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.finalize().to_hex().to_string()
}

/// The data pack workbook of `sheets`, from the cache or made and cached: kept under a hash
/// of everything it is made from, so a build whose figures did not change does not compress a
/// workbook again.
fn data_pack(
    cache: &Cache,
    cover: &crate::datapack::Cover,
    sheets: &[crate::datapack::Sheet],
) -> Result<Vec<u8>> {
    const NODE: &str = "publication.data-pack";
    const ARTIFACT: &str = "data-pack.xlsx";
    let mut hasher = blake3::Hasher::new();
    let parts = [
        cover.title.as_bytes(),
        cover.release.as_bytes(),
        cover.published.as_bytes(),
    ]
    .into_iter()
    .chain(sheets.iter().flat_map(|s| {
        [
            s.name.as_bytes(),
            s.title.as_bytes(),
            s.source.as_bytes(),
            s.notes.as_bytes(),
            s.csv.as_slice(),
        ]
    }));
    for part in parts {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    let inputs = KeyInputs {
        tool: keys::TOOL_VERSION.to_owned(),
        declaration: hasher.finalize().to_hex().to_string(),
        files: BTreeMap::new(),
        upstream: BTreeMap::new(),
    };
    if let Lookup::Hit(record) = cache.lookup(NODE, &inputs)
        && let Ok(mut artifacts) = cache.load(&record)
        && let Some(workbook) = artifacts.remove(ARTIFACT)
    {
        return Ok(workbook);
    }
    let workbook = crate::datapack::workbook(cover, sheets)?;
    let artifacts = Artifacts::from([(ARTIFACT.to_owned(), workbook)]);
    cache.commit(NODE, inputs, &artifacts, &ArtifactFiles::new())?;
    Ok(artifacts.into_values().next().expect("inserted above"))
}

/// How one step was satisfied: its output's fingerprint, whether it ran, how long it took.
struct Satisfied {
    fingerprint: String,
    outcome: Outcome,
    took: Duration,
}

/// Runs or reuses steps wave by wave, keeping each one's fingerprint and outcome.
struct Runner<'a> {
    plan: &'a Plan,
    cache: &'a Cache,
    store: &'a Store<'a>,
    files: &'a InputFiles,
    folder: &'a OutputFolder,
    bar: ProgressBar,
    fingerprints: Vec<Option<String>>,
    outcomes: Vec<Option<(Outcome, Duration)>>,
}

impl<'a> Runner<'a> {
    fn new(
        plan: &'a Plan,
        cache: &'a Cache,
        store: &'a Store<'a>,
        files: &'a InputFiles,
        folder: &'a OutputFolder,
        progress: bool,
    ) -> Runner<'a> {
        Runner {
            plan,
            cache,
            store,
            files,
            folder,
            bar: progress_bar(plan.steps.len(), progress),
            fingerprints: vec![None; plan.steps.len()],
            outcomes: vec![None; plan.steps.len()],
        }
    }

    /// Runs or reuses the steps of one wave in parallel (each depends only on steps already
    /// satisfied). With `latest`, a reused record becomes the step's latest, which `status`
    /// compares with; the previous release's steps never do.
    fn run(&mut self, wave: &[usize], latest: bool) -> Result<()> {
        let plan = self.plan;
        let results: Vec<(usize, Result<Satisfied>)> = wave
            .par_iter()
            .map(|&index| {
                let started = Instant::now();
                let result = self.run_step(index, latest);
                self.bar.inc(1);
                let took = started.elapsed();
                (
                    index,
                    result.map(|(fingerprint, outcome)| Satisfied {
                        fingerprint,
                        outcome,
                        took,
                    }),
                )
            })
            .collect();
        // Report the first failure in plan order, naming any others in the same wave;
        // successful siblings are already committed.
        let failed: Vec<String> = results
            .iter()
            .filter(|(_, r)| r.is_err())
            .map(|(i, _)| plan.steps[*i].label())
            .collect();
        for (index, result) in results {
            let Satisfied {
                fingerprint,
                outcome,
                took,
            } = result
                .map_err(|err| explain_failure(plan, self.folder, err))
                .with_context(|| {
                    let others = if failed.len() > 1 {
                        format!(" (also failed: {})", failed[1..].join(", "))
                    } else {
                        String::new()
                    };
                    let release = if latest {
                        String::new()
                    } else {
                        format!(
                            " over the previous release `{}`",
                            plan.release.meta.release.name
                        )
                    };
                    format!(
                        "failed to build {}{release}{others}",
                        plan.steps[index].label()
                    )
                })?;
            self.fingerprints[index] = Some(fingerprint);
            self.outcomes[index] = Some((outcome, took));
        }
        Ok(())
    }

    /// Reuses step `index` from the cache, or runs it and commits its output; returns its
    /// fingerprint and how it was satisfied.
    fn run_step(&self, index: usize, latest: bool) -> Result<(String, Outcome)> {
        let (plan, cache, store) = (self.plan, self.cache, self.store);
        let step = &plan.steps[index];
        let inputs = keys::key_inputs(plan, index, self.files, &self.fingerprints)?;
        match cache.lookup(&step.id(), &inputs) {
            Lookup::Hit(record) => {
                if latest {
                    cache.make_latest(&step.id(), &record)?;
                }
                let fingerprint = record.fingerprint.clone();
                store.reused(index, record);
                Ok((fingerprint, Outcome::Reused))
            }
            Lookup::Miss(_) => {
                self.bar.set_message(step.label());
                let output = step.run(&plan.steps, store, self.files)?;
                let artifacts = output.encode()?;
                let record = cache.commit(&step.id(), inputs, &artifacts, &output.files())?;
                store.produced(index, record.clone(), artifacts, output.into_frame());
                Ok((record.fingerprint, Outcome::Ran))
            }
        }
    }

    /// Each step's entry, in plan order; every step must have run or been reused.
    fn finish(self) -> Vec<StepEntry> {
        self.bar.finish_and_clear();
        let outcomes = self.outcomes;
        self.plan
            .order
            .iter()
            .map(|&i| {
                let (outcome, took) = outcomes[i].expect("every step ran or was reused");
                StepEntry {
                    id: self.plan.steps[i].id(),
                    outcome,
                    ms: took.as_secs_f64() * 1000.0,
                }
            })
            .collect()
    }
}

/// A rejected document's sources are written for the user to open, and its diagnostics point
/// there; every other error passes through unchanged.
fn explain_failure(plan: &Plan, folder: &OutputFolder, err: anyhow::Error) -> anyhow::Error {
    let Some(failure) = err.downcast_ref::<TypstFailure>() else {
        return err;
    };
    match folder.write_failed_sources(&failure.sources) {
        Ok(dir) => anyhow!(
            "Typst reported errors:\n{}",
            failure.render(std::path::Path::new(&plan.show_path(&dir)))
        ),
        Err(write_error) => write_error,
    }
}

fn progress_bar(len: usize, visible: bool) -> ProgressBar {
    let bar = if visible {
        ProgressBar::new(len as u64)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg}")
            .expect("the progress template is valid")
            .progress_chars("=> "),
    );
    bar
}
