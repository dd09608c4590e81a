//! Checks, end to end: every folder in `tests/fixtures/checks/` is a project with one check
//! kind, built once per release folder in its `data/`. A `pass*` release must build and its
//! `checks.json` summary is snapshotted; a `fail*` release must stop with exit 1, publish
//! nothing and print the snapshotted message; a `warn*` release must build and print the
//! snapshotted warning, recorded as failed in `checks.json`.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn build(manifest: &Path, data: &Path, scratch: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("build")
        .arg("--manifest")
        .arg(manifest)
        .arg("--data")
        .arg(data)
        .arg("--out")
        .arg(scratch.join("out"))
        .arg("--cache")
        .arg(scratch.join("cache"))
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

/// The checks of a build, one line each: status, name, summary and failing rows.
fn summary(scratch: &Path) -> String {
    let json = std::fs::read(scratch.join("out/fixture/checks.json")).expect("checks.json");
    let records: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let mut out = String::new();
    for record in records.as_array().unwrap() {
        out.push_str(&format!(
            "{} {} ({}, {}): {}\n",
            record["status"].as_str().unwrap(),
            record["name"].as_str().unwrap(),
            record["kind"].as_str().unwrap(),
            record["severity"].as_str().unwrap(),
            record["summary"].as_str().unwrap()
        ));
        for example in record["examples"].as_array().unwrap() {
            out.push_str(&format!("    {}\n", example.as_str().unwrap()));
        }
    }
    out
}

#[test]
fn every_check_kind_passes_on_good_data_and_stops_bad_data() {
    let fixtures = common::repo().join("tests/fixtures");
    let mut kinds = 0;
    common::snapshot_settings("snapshots/checks").bind(|| {
        insta::glob!("fixtures/checks", "*/report.toml", |manifest| {
            kinds += 1;
            let folder = manifest.parent().unwrap();
            let mut releases: Vec<_> = std::fs::read_dir(folder.join("data"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            releases.sort();
            let mut report = String::new();
            for data in releases {
                let name = data.file_name().unwrap().to_string_lossy().into_owned();
                if !["pass", "fail", "warn"].iter().any(|p| name.starts_with(p)) {
                    continue;
                }
                let scratch = tempfile::tempdir().unwrap();
                let output = build(manifest, &data, scratch.path());
                let stderr = String::from_utf8_lossy(&output.stderr)
                    .replace(&fixtures.display().to_string(), "[fixtures]");
                assert!(!stderr.contains("panicked"), "{stderr}");
                report.push_str(&format!("## data/{name}\n"));
                if name.starts_with("fail") {
                    assert_eq!(output.status.code(), Some(1), "data/{name}: {stderr}");
                    assert!(
                        !scratch.path().join("out/fixture").exists(),
                        "a build stopped by a check publishes nothing"
                    );
                    report.push_str(&stderr);
                } else {
                    assert_eq!(output.status.code(), Some(0), "data/{name}: {stderr}");
                    if name.starts_with("warn") {
                        assert!(stderr.contains("warning: check"), "{stderr}");
                        report.push_str(&stderr);
                    } else {
                        assert!(!stderr.contains("warning"), "{stderr}");
                    }
                    report.push_str(&summary(scratch.path()));
                }
                report.push('\n');
            }
            insta::assert_snapshot!(report);
        });
    });
    assert!(kinds >= 10, "every check kind has a fixture");
}

/// Dropping next month's organisation file into the default report's release, in exactly the
/// published format, used to pool two months under one label; now the build stops and names
/// both months, and the last good PDF stays.
#[test]
fn a_second_month_stacked_onto_a_snapshot_stops_the_default_report() {
    let project = common::Project::default_report();
    project.build_ok();
    let pdf = project.read("out/untapped/untapped.pdf");
    let month = project.path("data/2020-06/workforce/hchs_workforce_org_2020-06.csv.gz");
    let bytes = std::fs::read(&month).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
        .unwrap();
    std::fs::write(
        project.path("data/2020-06/workforce/hchs_workforce_org_2020-06.csv"),
        text.replace("2020-06-30", "2020-07-31"),
    )
    .unwrap();
    let output = project.run(&["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr
            .contains("check `workforce_org_snapshot` (periods) failed on dataset `workforce_org`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("expected one period in `DATE`, found 2: 2020-06-30; 2020-07-31"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hchs_workforce_org_2020-06.csv"),
        "{stderr}"
    );
    assert_eq!(
        project.read("out/untapped/untapped.pdf"),
        pdf,
        "the last good PDF stays"
    );
}

/// A check that newly fails between two releases leads the review page and the summary.
#[test]
fn a_new_check_failure_leads_the_review() {
    let folder = common::repo().join("tests/fixtures/checks/warn");
    let scratch = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("--manifest")
        .arg(folder.join("report.toml"))
        .arg("--cache")
        .arg(scratch.path().join("cache"))
        .arg("--out")
        .arg(scratch.path().join("out"))
        .arg("diff")
        .arg("--review")
        .arg(scratch.path().join("review"))
        .arg(folder.join("data/pass"))
        .arg(folder.join("data/warn"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(3),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout
            .contains("**Check `every_month` newly fails** (periods, warning) on dataset `staff`"),
        "{stdout}"
    );
    let page = std::fs::read_to_string(scratch.path().join("review/index.html")).unwrap();
    let checks = page.find("id=\"checks\"").expect("a Checks section");
    let numbers = page.find("id=\"numbers\"").expect("a Numbers section");
    assert!(checks < numbers, "checks come before numbers");
    assert!(
        page.contains("class=\"tag check-new-failure\">new failure"),
        "{page}"
    );
    assert!(page.contains("4 months between January 2020 and June 2020 are missing"));
}

/// The 2021-06 release declares its two mergers and three renames; without those
/// declarations, the organisations that disappeared stop the build, each named.
#[test]
fn an_undeclared_merger_stops_the_next_edition() {
    let project = common::Project::default_report();
    let release = project.path("data/2021-06/release.toml");
    let text = std::fs::read_to_string(&release).unwrap();
    let cut = text
        .find("\n[[changes]]")
        .expect("the release declares its changes");
    std::fs::write(&release, &text[..cut]).unwrap();
    let output = project.run(&["build", "--data", "data/2021-06"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("check `workforce_org_against_previous` (previous_release) failed"),
        "{stderr}"
    );
    for code in ["TAF", "RLY"] {
        assert!(
            stderr.contains(&format!(
                "`ORG_CODE` {code} is in 2020-06 but not in this release, and no `[[changes]]` \
                 entry of release.toml explains it"
            )),
            "{stderr}"
        );
    }
    assert!(
        !project.path("out/untapped/untapped.pdf").exists(),
        "nothing is published"
    );
}
