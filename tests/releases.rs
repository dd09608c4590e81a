//! The second release: the generator reproduces `data/2021-06` exactly, and the default report
//! builds from it with every period, organisation and number of the following year.

mod common;

use std::process::Command;

use common::Project;

#[test]
fn the_second_release_is_what_the_generator_makes() {
    let repo = common::repo();
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_generate_release"))
        .args(["--year-on", "data/2020-06", "--seed", "2021", "--out"])
        .arg(out.path())
        .current_dir(&repo)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let committed = repo.join("data/2021-06");
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
    assert_eq!(files, 17, "sixteen data files and release.toml");
}

#[test]
fn the_default_report_builds_the_following_year_from_the_second_release() {
    let project = Project::default_report();
    let out = project.run(&["build", "--quiet", "--data", "data/2021-06"]);
    assert!(out.status.success(), "{}", project.normalise(&out.stderr));
    let text = String::from_utf8(project.read("out/untapped/untapped.txt")).unwrap();
    for wording in [
        "from the 2021-06 data release",
        "in June 2021",
        "between January 2011 and January 2021",
        "Trends in the number of mental health clinical support staff and other staff, January 2011 to",
    ] {
        assert!(text.contains(wording), "the 2021 edition lacks “{wording}”");
    }
    // Mergers and renames reach the trust-level figure.
    let trusts =
        String::from_utf8(project.read("out/untapped/data/fig09_trust_bands.csv")).unwrap();
    assert!(trusts.contains("North London NHS Foundation Trust"));
    assert!(!trusts.contains("Camden and Islington"));
    assert!(!trusts.contains("North Staffordshire"));
    // Every number of the second edition is pinned.
    let numbers: serde_json::Value =
        serde_json::from_slice(&project.read("out/untapped/numbers.json")).unwrap();
    common::snapshot_settings("snapshots/2021-06").bind(|| {
        insta::assert_yaml_snapshot!("numbers", numbers);
    });
}
