//! The committed releases are what the generator makes: `data/2020-06` from the default seed,
//! and `data/2021-06` from it a year on, every file byte for byte.

use std::path::PathBuf;
use std::process::Command;

/// The repository root, where the committed releases live. Read when the test runs (cargo
/// sets it then too), not baked in when it is compiled: a build cache shared between clones
/// may hold a test binary compiled in another folder.
fn repo() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest.join("..")
}

/// Runs the generator from the repository root with `args` and `--out` a temporary folder,
/// then requires every file of the committed `release` to be what it wrote; returns how many
/// files were compared.
fn compare_with_committed(args: &[&str], release: &str) -> usize {
    let repo = repo();
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_generate_release"))
        .args(args)
        .arg("--out")
        .arg(out.path())
        .current_dir(&repo)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    let committed = repo.join(release);
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&committed).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&committed).unwrap();
        let made = std::fs::read(out.path().join(rel))
            .unwrap_or_else(|_| panic!("the generator did not write {}", rel.display()));
        assert!(
            made == std::fs::read(entry.path()).unwrap(),
            "{} differs from what the generator writes",
            rel.display()
        );
        files += 1;
    }
    files
}

#[test]
fn the_first_release_is_what_the_generator_makes() {
    let files = compare_with_committed(&[], "data/2020-06");
    assert_eq!(files, 19, "eighteen data files and release.toml");
}

#[test]
fn the_second_release_is_what_the_generator_makes() {
    let files = compare_with_committed(
        &["--year-on", "data/2020-06", "--seed", "2021"],
        "data/2021-06",
    );
    assert_eq!(files, 19, "eighteen data files and release.toml");
}
