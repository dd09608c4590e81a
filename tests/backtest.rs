//! The back test: the numbers the pipeline computes from the 2020-06 release, as formatted
//! for the text, must equal the values printed in the published report
//! (`tests/backtest/*.toml`, one file per part of the report). Every entry must also be printed
//! in this edition's text, at least 200 of the 235 catalogue ids (`N001`…`N235` of
//! `../shared/reference/figures.md`) must be covered, and each id belongs to one file (several
//! entries where the catalogue entry prints several values). A failure names each value that drifted, its published wording and
//! page.

mod common;

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Published {
    value: Vec<PublishedValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PublishedValue {
    /// The declared number that reproduces the value; absent for a claim or a `typed` fact.
    #[serde(default)]
    number: Option<String>,
    /// The declared claim whose words reproduce a comparison the original states in words
    /// ("similar", "identical", "July"): `printed` is the claim's words in this edition, and
    /// `decision` says how they render the original's.
    #[serde(default)]
    claim: Option<String>,
    printed: String,
    quote: String,
    page: String,
    id: String,
    #[serde(default)]
    decision: String,
    /// Why a value is typed rather than computed: a fact about the project itself (when its
    /// fieldwork ran), not about the data. Such a value must appear in the text as printed.
    #[serde(default)]
    typed: Option<String>,
}

/// Every entry of every back-test file, with the file it came from.
fn published() -> Vec<(String, PublishedValue)> {
    let dir = common::repo().join("tests/backtest");
    let mut values = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let file = entry.file_name().to_string_lossy().into_owned();
        let parsed: Published =
            toml::from_str(&text).unwrap_or_else(|e| panic!("tests/backtest/{file}: {e}"));
        values.extend(parsed.value.into_iter().map(|v| (file.clone(), v)));
    }
    values
}

#[test]
fn computed_numbers_match_the_published_report() {
    let published = published();
    let project = common::Project::default_report();
    project.build_ok();
    let numbers: serde_json::Value =
        serde_json::from_slice(&project.read("out/untapped/numbers.json")).unwrap();
    let in_text: serde_json::Value =
        serde_json::from_slice(&project.read("out/untapped/numbers-in-text.json")).unwrap();
    let claims: serde_json::Value =
        serde_json::from_slice(&project.read("out/untapped/claims.json")).unwrap();
    let text = String::from_utf8(project.read("out/untapped/untapped.txt")).unwrap();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");

    let mut drifted = Vec::new();
    // Each catalogue id belongs to one file: a catalogue entry printing several values (a list
    // of trusts, "£15 to £16") has several entries there, but no two parts claim the same id.
    let mut ids: BTreeMap<&str, &str> = BTreeMap::new();
    for (file, value) in &published {
        if let Some(other) = ids.insert(&value.id, file)
            && other != file
        {
            drifted.push(format!(
                "{} is claimed by both {other} and {file}",
                value.id
            ));
        }
    }
    // The catalogue holds 235 numbers; the edition reproduces at least 200 of them.
    assert!(
        ids.len() >= 200,
        "the back test covers {} of the catalogue's numbers; the publication needs 200",
        ids.len()
    );
    for (file, value) in &published {
        let at = format!("{file}: {}", value.id);
        if let Some(claim) = &value.claim {
            let found = &claims[claim];
            match found["text"].as_str() {
                Some(words) if words != value.printed => drifted.push(format!(
                    "{at} claim `{claim}` says {words:?}, published {:?} ({})",
                    value.printed, value.quote
                )),
                Some(_) if found["holds"] != serde_json::Value::Bool(true) => {
                    drifted.push(format!("{at} claim `{claim}` does not hold"));
                }
                Some(_) if found["sentences"].as_array().is_none_or(Vec::is_empty) => {
                    drifted.push(format!("{at} claim `{claim}` is never printed"));
                }
                Some(_) => {}
                None => drifted.push(format!("{at} `{claim}` is not a declared claim")),
            }
            if value.decision.is_empty() {
                drifted.push(format!("{at} claim `{claim}` needs a decision saying how its words render the original's"));
            }
            continue;
        }
        let Some(number) = &value.number else {
            match &value.typed {
                Some(_) if text.contains(&value.printed) => {}
                Some(_) => drifted.push(format!(
                    "{at} typed {:?} ({}) is not in the text",
                    value.printed, value.quote
                )),
                None => drifted.push(format!("{at} names neither a number nor why it is typed")),
            }
            continue;
        };
        match numbers[number]["formatted"].as_str() {
            Some(computed) if computed == value.printed => {}
            Some(computed) => drifted.push(format!(
                "{at} `{number}`: published {:?} ({}, {}), computed {computed:?}{}",
                value.printed,
                value.quote,
                value.page,
                if value.decision.is_empty() {
                    String::new()
                } else {
                    format!(" [decision: {}]", value.decision)
                }
            )),
            None => drifted.push(format!("{at} `{number}` is not a declared number")),
        }
        if in_text.get(number).is_none() {
            drifted.push(format!(
                "{at} `{number}` reproduces {:?} but the text never prints it",
                value.printed
            ));
        }
    }
    assert!(
        drifted.is_empty(),
        "values drifted from the publication:\n{}",
        drifted.join("\n")
    );
}
