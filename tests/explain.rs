//! `rapport explain`: every declared number of the default report has a trail, a number is
//! found by its printed text, and one trail is pinned whole.

mod common;

#[test]
fn every_number_of_the_default_report_is_explained() {
    let project = common::Project::default_report();
    let output = project.run(&["explain", "--all"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let numbers: serde_json::Value =
        serde_json::from_slice(&project.read("out/untapped/numbers.json")).unwrap();
    let declared = numbers.as_object().unwrap();
    for name in declared.keys() {
        assert!(
            stdout.contains(&format!("number `{name}`: printed as")),
            "no trail for `{name}`"
        );
    }
    let trails = stdout.matches("\nHow it was computed").count();
    assert_eq!(trails, declared.len(), "one trail per number");
    assert!(stdout.contains(
        "file workforce/hchs_workforce_org_2020-06.csv.gz in release `2020-06`: blake3 "
    ));
}

#[test]
fn a_number_is_found_by_its_printed_text_or_the_names_sharing_it_are_listed() {
    let project = common::Project::default_report();
    let found = project.run(&["explain", "£18,005"]);
    let stdout = String::from_utf8_lossy(&found.stdout);
    assert!(
        found.status.success(),
        "{}",
        String::from_utf8_lossy(&found.stderr)
    );
    assert!(stdout.starts_with("number `"), "{stdout}");
    assert!(stdout.contains("printed as \"£18,005\""), "{stdout}");
    let unknown = project.run(&["explain", "no_such_number"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("no number is named `no_such_number`"),
        "{}",
        String::from_utf8_lossy(&unknown.stderr)
    );
}

/// The whole trail of a number over a protected table, pinned: its sentence, declaration,
/// table with SQL and disclosure, dataset, file hash, rows and checks.
#[test]
fn the_trail_of_one_number_is_pinned() {
    let (_scratch, output) = common::run_in_scratch(
        &common::repo().join("tests/fixtures/disclosure/report.toml"),
        &["explain", "support_share"],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    common::snapshot_settings("snapshots/explain").bind(|| {
        insta::assert_snapshot!(String::from_utf8_lossy(&output.stdout));
    });
}
