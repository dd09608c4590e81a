//! The back test: the numbers the pipeline computes from the 2020-06 release, as formatted
//! for the text, must equal the values printed in the published report
//! (`tests/backtest/untapped_2021.toml`). A failure names each value that drifted, its
//! published wording and page.

mod common;

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Published {
    value: Vec<PublishedValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PublishedValue {
    number: String,
    printed: String,
    quote: String,
    page: String,
    id: String,
    #[serde(default)]
    decision: String,
}

#[test]
fn computed_numbers_match_the_published_report() {
    let text =
        std::fs::read_to_string(common::repo().join("tests/backtest/untapped_2021.toml")).unwrap();
    let published: Published = toml::from_str(&text).unwrap();
    assert!(
        published.value.len() >= 50,
        "the back test covers the report's quoted numbers"
    );

    let project = common::Project::default_report();
    project.build_ok();
    let numbers: serde_json::Value =
        serde_json::from_slice(&project.read("out/untapped/numbers.json")).unwrap();

    let mut drifted = Vec::new();
    for value in &published.value {
        let computed = numbers[&value.number]["formatted"].as_str();
        match computed {
            Some(computed) if computed == value.printed => {}
            Some(computed) => drifted.push(format!(
                "{} `{}`: published {:?} ({}, {}), computed {computed:?}{}",
                value.id,
                value.number,
                value.printed,
                value.quote,
                value.page,
                if value.decision.is_empty() {
                    String::new()
                } else {
                    format!(" [decision: {}]", value.decision)
                }
            )),
            None => drifted.push(format!(
                "{} `{}` is not a declared number",
                value.id, value.number
            )),
        }
    }
    assert!(
        drifted.is_empty(),
        "values drifted from the publication:\n{}",
        drifted.join("\n")
    );
}
