//! The second release: the default report builds from `data/2021-06` with every period,
//! organisation and number of the following year.  (That the generator reproduces it exactly
//! is tested in `generator/tests/releases.rs`.)

mod common;

use common::Project;

#[test]
fn the_default_report_builds_the_following_year_from_the_second_release() {
    let project = Project::default_report();
    let out = project.run(&["build", "--quiet", "--data", "data/2021-06"]);
    assert!(out.status.success(), "{}", project.normalise(&out.stderr));
    let text = String::from_utf8(project.read("out/untapped/untapped.txt")).unwrap();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
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
        // And every claim: its words and its truth in the second edition.
        insta::assert_yaml_snapshot!(
            "claims",
            common::claims(&project.read("out/untapped/claims.json"))
        );
    });
}
