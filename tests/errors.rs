//! Bad input fails clearly: every folder in `tests/fixtures/errors/` is a broken project whose
//! `rapport build` must exit 1 with the snapshotted message (paths normalised).

mod common;

use std::process::Command;

#[test]
fn broken_projects_fail_with_clear_messages() {
    common::snapshot_settings("snapshots/errors").bind(|| {
        insta::glob!("fixtures/errors", "*/report.toml", |manifest| {
            let scratch = tempfile::tempdir().unwrap();
            let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
                .arg("build")
                .arg("--manifest")
                .arg(manifest)
                .arg("--out")
                .arg(scratch.path().join("out"))
                .arg("--cache")
                .arg(scratch.path().join("cache"))
                .env_remove("SOURCE_DATE_EPOCH")
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(1), "a build error exits 1");
            let fixtures = common::repo()
                .join("tests/fixtures")
                .canonicalize()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr)
                .replace(
                    &scratch.path().canonicalize().unwrap().display().to_string(),
                    "[scratch]",
                )
                .replace(&scratch.path().display().to_string(), "[scratch]")
                .replace(&fixtures.display().to_string(), "[fixtures]")
                .replace(
                    &common::repo().join("tests/fixtures").display().to_string(),
                    "[fixtures]",
                );
            assert!(!stderr.contains("panicked"), "{stderr}");
            insta::assert_snapshot!(stderr);
            assert!(
                !scratch.path().join("out/fixture/fixture.pdf").exists(),
                "no PDF from a failed build"
            );
        });
    });
}

#[test]
fn usage_errors_exit_2() {
    let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("frobnicate")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}
