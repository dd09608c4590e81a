//! The back test: the numbers the pipeline computes from the 2020-06 release, as formatted
//! for the text, must equal the values printed in the published report
//! (`tests/backtest/*.toml`, one file per part of the report). Every entry must also be printed
//! in this edition's text, and each catalogue id (`N001`…`N235` of
//! `../shared/reference/figures.md`) is claimed by one entry, or by two where the catalogue
//! entry prints two values. A failure names each value that drifted, its published wording and
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
    /// The declared number that reproduces the value; absent for a `typed` fact.
    #[serde(default)]
    number: Option<String>,
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
    assert!(
        published.len() >= 200,
        "the back test covers the report's quoted numbers ({} entries)",
        published.len()
    );

    let project = common::Project::default_report();
    project.build_ok();
    let numbers: serde_json::Value =
        serde_json::from_slice(&project.read("out/untapped/numbers.json")).unwrap();
    let in_text: serde_json::Value =
        serde_json::from_slice(&project.read("out/untapped/numbers-in-text.json")).unwrap();
    let text = String::from_utf8(project.read("out/untapped/untapped.txt")).unwrap();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");

    let mut drifted = Vec::new();
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (file, value) in &published {
        *ids.entry(&value.id).or_default() += 1;
        let at = format!("{file}: {}", value.id);
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
    for (id, count) in &ids {
        if *count > 2 {
            drifted.push(format!("{id} is claimed by {count} entries"));
        }
    }
    assert!(
        drifted.is_empty(),
        "values drifted from the publication:\n{}",
        drifted.join("\n")
    );
}
