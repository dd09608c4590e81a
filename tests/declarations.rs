//! Declarations split across files: a report whose tables live in included chapter files and
//! `.sql` files builds exactly what the single-file report builds, reruns only what an edit to
//! one of those files touches, and says where that edit was.

mod common;

use common::Project;

/// The fixture with its table moved to `chapters/mix.toml` and its query to `chapters/mix.sql`.
fn split_fixture() -> Project {
    let project = Project::copy_of(&common::repo().join("tests/fixtures/base"));
    let toml = String::from_utf8(project.read("report.toml")).unwrap();
    let start = toml.find("[tables.mh_mix]").unwrap();
    let end = toml.find("[numbers.support_share]").unwrap();
    let table = &toml[start..end];
    let sql = table
        .split("\"\"\"")
        .nth(1)
        .expect("the fixture's query is a multi-line string")
        .trim_start();
    std::fs::create_dir_all(project.path("chapters")).unwrap();
    std::fs::write(project.path("chapters/mix.sql"), sql).unwrap();
    std::fs::write(
        project.path("chapters/mix.toml"),
        "# The staff mix chapter.\n\n[tables.mh_mix]\nsql_file = \"mix.sql\"\n",
    )
    .unwrap();
    let rest = format!(
        "include = [\"chapters/*.toml\"]\n\n{}{}",
        &toml[..start],
        &toml[end..]
    );
    std::fs::write(project.path("report.toml"), rest).unwrap();
    project
}

#[test]
fn a_split_report_builds_the_same_outputs() {
    let whole = Project::copy_of(&common::repo().join("tests/fixtures/base"));
    whole.build_ok();
    let split = split_fixture();
    split.build_ok();
    for output in [
        "out/fixture/fixture.pdf",
        "out/fixture/tables/mh_mix.csv",
        "out/fixture/figures/mix.svg",
        "out/fixture/numbers.json",
    ] {
        assert!(
            whole.read(output) == split.read(output),
            "{output} differs between the whole and the split report"
        );
    }
}

#[test]
fn an_edit_to_a_sql_file_reruns_its_table_and_status_names_the_declaration() {
    let project = split_fixture();
    project.build_ok();
    project.edit("chapters/mix.sql", "ORDER BY share DESC", "ORDER BY share");
    let status = project.run(&["status"]);
    let text = project.normalise(&status.stdout);
    assert!(
        text.contains(
            "table `mh_mix`               its declaration at `chapters/mix.toml:3:1` or its query in `chapters/mix.sql` changed"
        ),
        "{text}"
    );
    let out = project.run(&["build"]);
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains("ran: table.mh_mix"), "{summary}");
    assert!(!summary.contains("dataset.staff"), "{summary}");
}

#[test]
fn a_missing_include_is_an_error() {
    let project = split_fixture();
    std::fs::remove_dir_all(project.path("chapters")).unwrap();
    let out = project.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the include pattern `chapters/*.toml` in `report.toml` matches no file"),
        "{stderr}"
    );
}

#[test]
fn a_float_that_json_cannot_tell_apart_is_refused_in_every_field() {
    // A cache key is the declaration as JSON, which prints NaN and both infinities as `null`:
    // every float a declaration can hold must be finite, or `y_min = nan` would reuse the
    // figure built without `y_min`.
    let cases = [
        ("height_mm = 50", "height_mm = nan", "`height_mm`"),
        (
            "height_mm = 50",
            "height_mm = 50\nwidth_mm = inf",
            "`width_mm`",
        ),
        ("height_mm = 50", "height_mm = 50\ny_min = nan", "`y_min`"),
        ("height_mm = 50", "height_mm = 50\ny_max = -inf", "`y_max`"),
        (
            "format = \"percent\"",
            "format = \"percent\"\nround_to = nan",
            "`round_to`",
        ),
        (
            "where = { staff_group = \"Support\" }",
            "where = { share = nan }",
            "`where.share`",
        ),
    ];
    for (from, to, field) in cases {
        let project = Project::copy_of(&common::repo().join("tests/fixtures/base"));
        project.edit("report.toml", from, to);
        let out = project.run(&["build"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{to}: {stderr}");
        assert!(stderr.contains(field), "{to}: {stderr}");
    }
}
