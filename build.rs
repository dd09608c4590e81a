//! Build script: fingerprints the source of the modules that compute outputs, so cache keys
//! change whenever that code changes, not only when the version number is bumped.
//!
//! The command line, the console, the subcommands, the review page (`rapport diff`) and
//! `rapport explain` cannot change a build's outputs, so editing them keeps every cached step
//! valid. The generator is a
//! package of its own and its source is not seen here; `Cargo.lock`, which the workspace
//! shares, is (a dependency's new version can change an output), so a change to the
//! generator's dependencies does invalidate the cache.

use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

/// Source paths (relative to `src/`) that never change an output.
const NOT_ENGINE: [&str; 6] = [
    "main.rs",
    "cli.rs",
    "console.rs",
    "cmd",
    "diff",
    "explain.rs",
];

fn visit(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let rel = path.strip_prefix("src").unwrap_or(&path);
        if NOT_ENGINE.iter().any(|skip| rel == Path::new(skip)) {
            continue;
        }
        if path.is_dir() {
            visit(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

fn main() {
    println!("cargo::rerun-if-changed=src");
    println!("cargo::rerun-if-changed=Cargo.lock");
    let mut files = Vec::new();
    visit(Path::new("src"), &mut files);
    files.push("Cargo.lock".into());
    files.sort();
    let mut hasher = DefaultHasher::new();
    for file in &files {
        hasher.write(file.to_string_lossy().as_bytes());
        hasher.write(&std::fs::read(file).unwrap_or_default());
    }
    println!(
        "cargo::rustc-env=RAPPORT_ENGINE_HASH={:016x}",
        hasher.finish()
    );
}
