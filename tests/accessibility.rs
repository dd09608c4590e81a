//! Accessibility, checked the way auditors check it, with the shared tools in
//! `../shared/tools/pdf-a11y` (installed by their `setup.sh`, which `.ci/run` runs):
//! - both reports' PDFs pass veraPDF's PDF/UA-1 profile and the structure checks (tagging,
//!   language, title, heading order, alt text on every figure, header cells in tables);
//! - every colour the charts draw data in is at least 3:1 against white (WCAG 2.x non-text
//!   contrast), and the series colours stay apart under simulated colour-vision deficiency.
//!
//! Without the tools the tests say `SKIPPED`; with `RAPPORT_REQUIRE_A11Y=1` (as `.ci/run` sets)
//! a missing tool is a failure.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The checkers' Python and script folder, when installed.
fn tools() -> Option<(PathBuf, PathBuf)> {
    let scripts = common::repo().join("../shared/tools/pdf-a11y");
    let home = std::env::var_os("PDF_A11Y_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/pdf-a11y")))?;
    let python = home.join("venv/bin/python");
    if python.is_file() && scripts.join("check_pdf.py").is_file() {
        return Some((python, scripts));
    }
    assert!(
        std::env::var("RAPPORT_REQUIRE_A11Y").as_deref() != Ok("1"),
        "RAPPORT_REQUIRE_A11Y=1 but the accessibility checkers are not installed (run \
         ../shared/tools/pdf-a11y/setup.sh)"
    );
    eprintln!("SKIPPED: the accessibility checkers in ../shared/tools/pdf-a11y are not installed");
    None
}

fn check_pdf(python: &Path, scripts: &Path, pdf: &Path) {
    let output = Command::new(python)
        .arg(scripts.join("check_pdf.py"))
        .arg(pdf)
        .arg("--strict")
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|_| {
        panic!(
            "check_pdf.py printed no report for {}: {}",
            pdf.display(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    assert_eq!(
        report["verapdf"]["compliant"],
        true,
        "veraPDF PDF/UA-1 failures in {}: {}",
        pdf.display(),
        report["verapdf"]
    );
    assert!(
        output.status.success() && report["problems"].as_array().is_some_and(Vec::is_empty),
        "accessibility problems in {}: {}",
        pdf.display(),
        report["problems"]
    );
}

#[test]
fn both_reports_pass_pdf_ua_and_the_structure_checks() {
    let Some((python, scripts)) = tools() else {
        return;
    };
    let default = common::Project::default_report();
    default.build_ok();
    check_pdf(
        &python,
        &scripts,
        &default.path("out/untapped/untapped.pdf"),
    );
    let real = common::repo().join("../shared/real-data");
    if real.is_dir() {
        let (scratch, output) = common::run_in_scratch(
            &common::repo().join("reports/update/report.toml"),
            &["build"],
        );
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        check_pdf(
            &python,
            &scripts,
            &scratch.path().join("out/update/update.pdf"),
        );
    }
}

#[test]
fn every_data_colour_of_the_charts_has_three_to_one_contrast() {
    let Some((python, scripts)) = tools() else {
        return;
    };
    let project = common::Project::default_report();
    project.build_ok();
    // What the charts draw data in: every fill and stroke but white, text and gridlines.
    let mut colours = BTreeSet::new();
    for entry in std::fs::read_dir(project.path("out/untapped/figures")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "svg") {
            continue;
        }
        let svg = std::fs::read_to_string(&path).unwrap();
        for attribute in ["fill=\"#", "stroke=\"#"] {
            for (at, _) in svg.match_indices(attribute) {
                let hex = &svg[at + attribute.len()..at + attribute.len() + 6];
                colours.insert(format!("#{}", hex.to_uppercase()));
            }
        }
    }
    for neutral in ["#FFFFFF", "#212121", "#E1E1E1"] {
        colours.remove(neutral);
    }
    assert!(colours.len() >= 4, "the charts draw in {colours:?}");
    let output = Command::new(&python)
        .arg(scripts.join("chart_colors.py"))
        .args(&colours)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for (colour, ratio) in report["contrast_vs_background"].as_object().unwrap() {
        assert!(
            ratio.as_f64().unwrap() >= 3.0,
            "{colour} is {ratio}:1 against white, below WCAG's 3:1 for non-text contrast"
        );
    }
    // The series colours (context grey aside) stay apart under colour-vision deficiency.
    colours.remove("#8A8A8A");
    let output = Command::new(&python)
        .arg(scripts.join("chart_colors.py"))
        .args(&colours)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        report["ok"], true,
        "chart colours too close under simulated colour-vision deficiency: {}",
        report["problems"]
    );
}
