//! Claims, end to end, on `tests/fixtures/claims/`: changing one data value flips a worded
//! claim's word and stops a build whose asserted claim it makes false, naming the claim, its
//! values and the sentence; and no template of either report types a proportion or a
//! multiple that a claim should decide.

mod common;

#[test]
fn one_value_flips_a_worded_claim_and_stops_a_false_asserted_one() {
    let project = common::Project::copy_of(&common::repo().join("tests/fixtures/claims"));
    project.build_ok();
    let text = String::from_utf8(project.read("out/fixture/fixture.txt")).unwrap();
    assert!(
        text.contains("Support staff rose from 1,000 to 1,100"),
        "{text}"
    );
    assert!(
        text.contains("There were more support staff than"),
        "{text}"
    );
    let claims: serde_json::Value =
        serde_json::from_slice(&project.read("out/fixture/claims.json")).unwrap();
    assert_eq!(claims["support_trend"]["mode"], "worded");
    assert_eq!(claims["support_outnumber_nurses"]["mode"], "asserted");
    assert_eq!(claims["support_outnumber_nurses"]["holds"], true);

    // Support falls but still outnumbers nurses: the worded claim says so, the build goes on.
    project.edit(
        "data/before/staff.csv",
        "2020,Support,1100",
        "2020,Support,950",
    );
    project.build_ok();
    let text = String::from_utf8(project.read("out/fixture/fixture.txt")).unwrap();
    assert!(
        text.contains("Support staff fell from 1,000 to 950"),
        "{text}"
    );

    // Support falls below nurses: the asserted claim is false and nothing is printed.
    let pdf = project.read("out/fixture/fixture.pdf");
    let output = project.run(&["build", "--data", "data/after"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(
        project.read("out/fixture/fixture.pdf"),
        pdf,
        "the last good PDF stays"
    );
    common::snapshot_settings("snapshots/claims").bind(|| {
        insta::assert_snapshot!("false_asserted_claim", stderr);
    });
}

/// The words a claim must decide: proportions ("one in seven", "a quarter", "half of") and
/// multiples ("twice", "three times") typed as text of a template, outside `{{ … }}`.
#[test]
fn no_template_types_a_proportion_or_a_multiple() {
    const TYPED: [&str; 22] = [
        "one in two",
        "one in three",
        "one in four",
        "one in five",
        "one in six",
        "one in seven",
        "one in eight",
        "one in nine",
        "one in ten",
        "a quarter",
        "a third",
        "a fifth",
        "two thirds",
        "three quarters",
        "nine in ten",
        "half of",
        "twice",
        "three times",
        "four times",
        "more than a",
        "majority",
        "nearly half",
    ];
    let mut found = Vec::new();
    for folder in [
        "report_templates",
        "reports/update/report_templates",
        "house",
    ] {
        for entry in walkdir::WalkDir::new(common::repo().join(folder)).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "typ") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for (i, line) in text.lines().enumerate() {
                let outside = typed_text(line).to_lowercase();
                for phrase in TYPED {
                    let padded = format!(" {outside} ");
                    let hit = padded.match_indices(phrase).any(|(at, _)| {
                        let before = padded[..at].chars().last().unwrap_or(' ');
                        let after = padded[at + phrase.len()..].chars().next().unwrap_or(' ');
                        !before.is_alphanumeric() && !after.is_alphanumeric()
                    });
                    if hit {
                        found.push(format!(
                            "{}:{}: `{phrase}` in: {}",
                            entry.path().strip_prefix(common::repo()).unwrap().display(),
                            i + 1,
                            line.trim()
                        ));
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "typed proportions or multiples (declare a claim and print it):\n{}",
        found.join("\n")
    );
}

/// A template line without what it prints from data (`{{ … }}`), its template comments
/// (`{# … #}`), its Typst comments (`// …`) and its quotations (`"…"`: the original's words,
/// quoted as such).
fn typed_text(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find("{{").or_else(|| rest.find("{#")) {
        out.push_str(&rest[..open]);
        let close = if rest[open..].starts_with("{{") {
            "}}"
        } else {
            "#}"
        };
        match rest[open..].find(close) {
            Some(end) => rest = &rest[open + end + 2..],
            None => {
                rest = "";
                break;
            }
        }
        out.push(' ');
    }
    out.push_str(rest);
    let out = match out.find("//") {
        Some(at) if !out[..at].ends_with(':') => out[..at].to_owned(),
        _ => out,
    };
    out.split('"').step_by(2).collect::<Vec<_>>().join(" ")
}
