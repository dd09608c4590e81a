//! A hostile or careless user, one class of mistake at a time: names that climb out of the
//! output folder, paths and symlinks that leave the project or the release, limits a figure or
//! template could run past, data that used to print something wrong, and dates no PDF can
//! carry. Each case starts from a good build of the fixture and must fail with exit 1, a short
//! message that says what to fix, no panic, the last good output folder unchanged, and
//! nothing written outside the project.
//!
//! Broken projects whose whole message is pinned live in `tests/fixtures/errors/`; these are
//! the classes that are easier to make by editing a good project.

mod common;

use std::path::Path;
use std::process::Command;

/// One way to break the fixture, and a phrase the error must contain.
struct Case {
    what: &'static str,
    edits: &'static [Edit],
    expect: &'static str,
}

/// One change to the project.
enum Edit {
    /// Replace the first `from` in a file with `to`.
    Replace(&'static str, &'static str, &'static str),
    /// Write a file (bytes).
    Write(&'static str, &'static [u8]),
    /// Make `link` a symlink to `target` (relative to the project, or absolute).
    Link(&'static str, &'static str),
    /// Build with these extra arguments.
    Args(&'static [&'static str]),
    /// Build with this environment variable.
    Env(&'static str, &'static str),
}

use Edit::{Args, Env, Link, Replace, Write};

const MANIFEST: &str = "report.toml";
const STAFF: &str = "data/2020-06/staff.csv";
const TEMPLATE: &str = "report_templates/main.typ";
const RELEASE: &str = "data/2020-06/release.toml";

const CASES: &[Case] = &[
    // Names: a report's name is its output folder.
    Case { what: "report name ..", edits: &[Replace(MANIFEST, "name = \"fixture\"", "name = \"..\"")], expect: "a report's name is the name of its output folder" },
    Case { what: "report name climbing out", edits: &[Replace(MANIFEST, "name = \"fixture\"", "name = \"../../../x\"")], expect: "a report's name" },
    Case { what: "empty report name", edits: &[Replace(MANIFEST, "name = \"fixture\"", "name = \"\"")], expect: "a report's name" },
    Case { what: "report name with a slash", edits: &[Replace(MANIFEST, "name = \"fixture\"", "name = \"a/b\"")], expect: "a report's name" },
    Case { what: "table name with a dash", edits: &[Replace(MANIFEST, "[tables.mh_mix]", "[tables.mh-mix]")], expect: "names must be letters, digits and `_`" },
    Case { what: "figure name with a dot", edits: &[Replace(MANIFEST, "[figures.mix]", "[figures.\"../mix\"]")], expect: "names must be letters, digits and `_`" },
    // Paths: templates, includes and SQL inside the project; data inside the release.
    Case { what: "absolute templates folder", edits: &[Replace(MANIFEST, "templates = \"report_templates\"", "templates = \"/etc\"")], expect: "outside the project" },
    Case { what: "templates folder above the project", edits: &[Replace(MANIFEST, "templates = \"report_templates\"", "templates = \"..\"")], expect: "outside the project" },
    Case { what: "library outside the project", edits: &[Replace(MANIFEST, "main = \"main.typ\"", "main = \"main.typ\"\nlibrary = \"/usr/share\"")], expect: "outside the project" },
    Case { what: "SQL file outside the project", edits: &[Replace(MANIFEST, "[numbers.support_share]", "[tables.other]\nsql_file = \"/etc/hostname\"\n\n[numbers.support_share]")], expect: "outside the project" },
    Case { what: "include outside the project", edits: &[Replace(MANIFEST, "[report]", "include = [\"/etc/*.conf\"]\n\n[report]")], expect: "outside the project" },
    Case { what: "data path climbing out of the release", edits: &[Replace(MANIFEST, "path = \"staff.csv\"", "path = \"../../report.toml\"")], expect: "must be a path inside the release folder" },
    Case { what: "absolute data path", edits: &[Replace(MANIFEST, "path = \"staff.csv\"", "path = \"/etc/passwd\"")], expect: "must be a path inside the release folder" },
    Case { what: "project root that is not above the report", edits: &[Replace(MANIFEST, "data = \"data/2020-06\"", "data = \"data/2020-06\"\nproject = \"/\"")], expect: "[report] project" },
    Case { what: "data file symlinked out of the release", edits: &[Link(STAFF, "/etc/passwd")], expect: "outside the release folder" },
    Case { what: "template symlinked out of the project", edits: &[Link("report_templates/extra.typ", "/etc/hostname")], expect: "outside the project" },
    Case { what: "templates folder symlinked out of the project", edits: &[Link("report_templates", "/etc")], expect: "outside the project" },
    Case { what: "output folder is the project", edits: &[
            Replace(MANIFEST, "name = \"fixture\"", "name = \"project\""),
            Args(&["--out", ".."]),
        ], expect: "would be the project folder itself" },
    Case { what: "output folder is the data", edits: &[Replace(MANIFEST, "name = \"fixture\"", "name = \"2020-06\""), Args(&["--out", "data"])], expect: "would hold" },
    // Limits: nothing a declaration says can hang the build or exhaust memory.
    Case { what: "huge figure", edits: &[Replace(MANIFEST, "height_mm = 50", "height_mm = 50\nwidth_mm = 1e6")], expect: "a figure is between 20 and 1000 mm" },
    Case { what: "figure of no height", edits: &[Replace(MANIFEST, "height_mm = 50", "height_mm = 0")], expect: "a figure is between 20 and 1000 mm" },
    Case { what: "axis with no extent", edits: &[Replace(MANIFEST, "height_mm = 50", "height_mm = 50\ny_min = 1e17\ny_max = 1e17")], expect: "must be below `y_max`" },
    Case { what: "axis upside down", edits: &[Replace(MANIFEST, "height_mm = 50", "height_mm = 50\ny_min = 1\ny_max = 0")], expect: "must be below `y_max`" },
    Case { what: "axis at NaN", edits: &[Replace(MANIFEST, "height_mm = 50", "height_mm = 50\ny_min = nan")], expect: "`y_min`" },
    Case { what: "rounding step below float precision", edits: &[Replace(MANIFEST, "format = \"percent\"", "format = \"percent\"\nround_to = 1e-320")], expect: "`round_to`" },
    Case { what: "template that loops forever", edits: &[Write(TEMPLATE, b"{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}\n")], expect: "steps of work" },
    // Data that used to print something wrong with exit 0.
    Case { what: "a stray non-UTF-8 byte", edits: &[Write(STAFF, b"DATE,GROUP,SETTING,FTE,HC\n2020-06-30,Supp\xe9rt,Mental health,410.5,450\n")], expect: "not UTF-8 text" },
    Case { what: "a file cut inside its last number", edits: &[Write(STAFF, b"DATE,GROUP,SETTING,FTE,HC\n2020-06-30,Support,Mental health,410.5,450\n2020-06-30,Support,Other,32")], expect: "the file ends inside a line" },
    Case { what: "a date with trailing text", edits: &[Write(STAFF, b"DATE,GROUP,SETTING,FTE,HC\n2018-12-31xyz,Support,Mental health,410.5,450\n")], expect: "expected a date" },
    Case { what: "a date format chrono cannot read", edits: &[Replace(MANIFEST, "{ name = \"DATE\", type = \"date\" }", "{ name = \"DATE\", type = \"date\", date_format = \"%Q\" }")], expect: "%Q" },
    Case { what: "a row with an extra field", edits: &[Write(STAFF, b"DATE,GROUP,SETTING,FTE,HC\n2020-06-30,Support,Mental health,410.5,450,9\n")], expect: "line 2: 6 fields where the header has 5" },
    Case { what: "a quote that never closes", edits: &[Write(STAFF, b"DATE,GROUP,SETTING,FTE,HC\n2020-06-30,\"Support,Mental health,410.5,450\n2020-06-30,Nurses,Other,2500,2800\n")], expect: "line 2: a quoted field opens here" },
    Case { what: "a NUL byte in a cell", edits: &[Write(STAFF, b"DATE,GROUP,SETTING,FTE,HC\n2020-06-30,Sup\x00port,Mental health,410.5,450\n")], expect: "line 2, column `GROUP`: the cell holds the control character U+0000" },
    Case { what: "NaN in the data", edits: &[Write(STAFF, b"DATE,GROUP,SETTING,FTE,HC\n2020-06-30,Support,Mental health,NaN,450\n")], expect: "line 2, column `FTE`: expected a number" },
    Case { what: "infinity in the data", edits: &[Write(STAFF, b"DATE,GROUP,SETTING,FTE,HC\n2020-06-30,Support,Mental health,inf,450\n")], expect: "line 2, column `FTE`: expected a number" },
    Case { what: "an impossible publication date", edits: &[Replace(RELEASE, "published = \"2021-08-20\"", "published = \"2021-02-30\"")], expect: "must be a real date" },
    Case { what: "a document date no PDF can carry", edits: &[Env("SOURCE_DATE_EPOCH", "99999999999999999")], expect: "the years 1 to 9999" },
    Case { what: "a document date that is not a number", edits: &[Env("SOURCE_DATE_EPOCH", "yesterday")], expect: "must be whole seconds" },
    Case { what: "a release.toml that is not TOML", edits: &[Write(RELEASE, b"[release\nname = ")], expect: "failed to parse" },
    Case { what: "a missing release folder", edits: &[Args(&["--data", "data/2099-01"])], expect: "does not exist" },
];

fn apply(root: &Path, edits: &[Edit], command: &mut Command) {
    for edit in edits {
        match edit {
            Replace(file, from, to) => {
                let path = root.join(file);
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(text.contains(from), "`{from}` is not in {file}");
                std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
            }
            Write(file, bytes) => std::fs::write(root.join(file), bytes).unwrap(),
            Link(link, target) => {
                let link = root.join(link);
                if link.is_dir() {
                    std::fs::remove_dir_all(&link).unwrap();
                } else if link.exists() {
                    std::fs::remove_file(&link).unwrap();
                }
                std::os::unix::fs::symlink(target, &link).unwrap();
            }
            Args(args) => {
                command.args(*args);
            }
            Env(name, value) => {
                command.env(name, value);
            }
        }
    }
}

#[test]
fn every_class_of_bad_input_fails_clearly_and_changes_nothing() {
    let good = common::fixture();
    good.build_ok();
    let published = common::output_tree(&good.path("out/fixture"));
    let mut failures = Vec::new();
    for case in CASES {
        // A fresh copy of the built project, outputs and cache included.
        let scratch = tempfile::tempdir().unwrap();
        let root = scratch.path().join("project");
        for entry in walkdir::WalkDir::new(&good.root) {
            let entry = entry.unwrap();
            let target = root.join(entry.path().strip_prefix(&good.root).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
        let mut command = Command::new(env!("CARGO_BIN_EXE_rapport"));
        command
            .arg("build")
            .current_dir(&root)
            .env_remove("SOURCE_DATE_EPOCH");
        apply(&root, case.edits, &mut command);
        let out = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let mut problems = Vec::new();
        if out.status.code() != Some(1) {
            problems.push(format!("exit {:?}", out.status.code()));
        }
        if !stderr.starts_with("error: ") || stderr.contains("panicked") || stderr.len() > 4000 {
            problems.push("not one short error message".to_owned());
        }
        if !stderr.contains(case.expect) {
            problems.push(format!("the message does not say `{}`", case.expect));
        }
        if common::output_tree(&root.join("out/fixture")) != published {
            problems.push("the last good outputs changed".to_owned());
        }
        let beside: Vec<String> = std::fs::read_dir(scratch.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        if beside != ["project"] {
            problems.push(format!("wrote outside the project: {beside:?}"));
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {}\n{stderr}", case.what, problems.join("; ")));
        }
    }
    eprintln!("hostile inputs: {} cases", CASES.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
