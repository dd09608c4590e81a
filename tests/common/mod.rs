//! Test helpers: scratch copies of projects and runs of the real `rapport` binary.
//!
//! Like mdBook's `BookTest`: a test copies a project (a fixture folder or the default report)
//! into a temporary folder, runs commands against it, and inspects outputs and messages with
//! machine-specific paths normalised away.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root. Read when the test runs (cargo sets it then too), not baked in when
/// it is compiled: a build cache shared between clones may hold a test binary compiled in
/// another folder.
pub(crate) fn repo() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}

/// A copy of the small fixture project (`tests/fixtures/base`).
pub(crate) fn fixture() -> Project {
    Project::copy_of(&repo().join("tests/fixtures/base"))
}

/// Runs `rapport build` in `project`, asserts success and returns its summary.
pub(crate) fn build_summary(project: &Project) -> String {
    let out = project.run(&["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A build's claims (`claims.json`) without their sentences, which the PDF text snapshot
/// pins: each claim's words, mode, truth and the values it was decided on.
pub(crate) fn claims(json: &[u8]) -> serde_json::Value {
    let mut claims: serde_json::Value = serde_json::from_slice(json).unwrap();
    for claim in claims.as_object_mut().unwrap().values_mut() {
        claim.as_object_mut().unwrap().remove("sentences");
    }
    claims
}

/// A project copied into a temporary folder.
pub(crate) struct Project {
    /// Keeps the folder alive.
    pub tmp: tempfile::TempDir,
    /// Where `report.toml` lives in the copy.
    pub root: PathBuf,
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl Project {
    /// Copies `report.toml`, `report_templates/` and `data/` of `source` (nothing else).
    pub(crate) fn copy_of(source: &Path) -> Project {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("project");
        std::fs::create_dir_all(&root).unwrap();
        for entry in std::fs::read_dir(source).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name();
            let keep = matches!(
                name.to_str(),
                Some(
                    "report.toml"
                        | "report_templates"
                        | "data"
                        | "templates"
                        | "chapters"
                        | "house"
                )
            );
            if keep {
                let target = root.join(&name);
                if entry.file_type().unwrap().is_dir() {
                    copy_tree(&entry.path(), &target);
                } else {
                    std::fs::copy(entry.path(), &target).unwrap();
                }
            }
        }
        Project { tmp, root }
    }

    /// The default report of this repository.
    pub(crate) fn default_report() -> Project {
        Project::copy_of(&repo())
    }

    /// Runs `rapport <args>` in the project.
    pub(crate) fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(args)
            .current_dir(&self.root)
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap()
    }

    /// Runs `rapport build --quiet` and asserts success.
    pub(crate) fn build_ok(&self) {
        let out = self.run(&["build", "--quiet"]);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A file under the project.
    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Reads a file under the project.
    pub(crate) fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    /// Replaces text in a file under the project.
    pub(crate) fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.path(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "`{from}` is not in {rel}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    /// Adds the fixture release `data/<name>`: a copy of `data/2020-06` named `<name>`, with
    /// `staff.csv` passed through `edit`.
    pub(crate) fn add_release(&self, name: &str, edit: impl Fn(String) -> String) {
        let next = self.path(&format!("data/{name}"));
        std::fs::create_dir_all(&next).unwrap();
        let release = String::from_utf8(self.read("data/2020-06/release.toml")).unwrap();
        std::fs::write(next.join("release.toml"), release.replace("2020-06", name)).unwrap();
        let staff = String::from_utf8(self.read("data/2020-06/staff.csv")).unwrap();
        std::fs::write(next.join("staff.csv"), edit(staff)).unwrap();
    }

    /// Text with this project's folder replaced by `[project]`.
    pub(crate) fn normalise(&self, text: &[u8]) -> String {
        let text = String::from_utf8_lossy(text).into_owned();
        let root = self.root.canonicalize().unwrap();
        text.replace(&root.display().to_string(), "[project]")
            .replace(&self.root.display().to_string(), "[project]")
    }
}

/// Insta settings that store snapshots in the top-level folder `dir` (`snapshots` or `figures`).
pub(crate) fn snapshot_settings(dir: &str) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(repo().join(dir));
    settings.set_prepend_module_to_snapshot(false);
    settings
}

/// Every file of an output folder, manifest aside (it records timings), by relative path: what
/// a reader of the publication sees.
pub(crate) fn output_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .filter(|(rel, _)| rel != "manifest.json")
        .collect()
}

/// Runs `rapport --manifest MANIFEST --out <scratch>/out --cache <scratch>/cache ARGS` in a
/// fresh scratch folder, which is returned with the output so the caller can read `out/`.
pub(crate) fn run_in_scratch(manifest: &Path, args: &[&str]) -> (tempfile::TempDir, Output) {
    let scratch = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("--manifest")
        .arg(manifest)
        .arg("--out")
        .arg(scratch.path().join("out"))
        .arg("--cache")
        .arg(scratch.path().join("cache"))
        .args(args)
        .output()
        .unwrap();
    (scratch, output)
}
