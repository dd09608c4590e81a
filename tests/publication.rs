//! The default report as a publication: at the original's length, in its own words, and with
//! every section of the original in the original's order.
//!
//! The original is `../shared/reference/seeds/001_eff02066c2119132.txt` (the text of
//! *Untapped?*, Nuffield Trust, 2021). Facts and figures carry over; sentences do not: no run
//! of 14 or more words of this edition's text may match it. Words inside quotation marks are
//! quotations, presented as such with their source, and so is Box 1 (the Code of Conduct, which
//! the original also quotes); the reference list names works by their titles.

mod common;

use std::collections::HashSet;

/// Words in a run that counts as copied.
const RUN: usize = 14;

/// The original's text.
fn original() -> String {
    let path = common::repo().join("../shared/reference/seeds/001_eff02066c2119132.txt");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read the original report at {}: {e}", path.display()))
}

/// Lower-case words, apostrophes kept inside words, everything else a separator.
fn words(text: &str) -> Vec<String> {
    let text = text.replace(['\u{2019}', '\u{2018}'], "'").to_lowercase();
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `text` without what it quotes: anything between curly double quotation marks (Typst sets
/// straight ones curly), up to a few hundred characters — a longer span is an unmatched mark,
/// not a quotation, and stays in.
fn unquoted(text: &str) -> String {
    const LONGEST_QUOTE: usize = 600;
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('\u{201C}') {
        out.push_str(&rest[..open]);
        let after = &rest[open + '\u{201C}'.len_utf8()..];
        match after.find('\u{201D}') {
            Some(close) if close <= LONGEST_QUOTE => {
                out.push(' ');
                rest = &after[close + '\u{201D}'.len_utf8()..];
            }
            _ => {
                out.push('\u{201C}');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The original without Box 1, the Code of Conduct it quotes (from its title to its source).
fn original_without_quoted_box(original: &str) -> String {
    let start = original
        .find("Box 1: Code of Conduct")
        .expect("the original has Box 1");
    let end = start
        + original[start..]
            .find("Source: Skills for Care and Skills for Health")
            .expect("Box 1 names its source");
    format!("{}{}", &original[..start], &original[end..])
}

/// This edition's running text: the PDF's text up to its tables of chart data and its
/// reference list, page markers out.
fn running_text(pdf_text: &str) -> String {
    let end = ["\nAppendix: Chart data\n", "\nReferences\n"]
        .iter()
        .filter_map(|heading| pdf_text.find(heading))
        .min()
        .unwrap_or(pdf_text.len());
    let body = &pdf_text[..end];
    body.lines()
        .filter(|l| !l.starts_with("--- page "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_report_is_full_length_and_in_its_own_words() {
    let project = common::Project::default_report();
    project.build_ok();
    let pdf_text = String::from_utf8(project.read("out/untapped/untapped.txt")).unwrap();
    let pages = pdf_text
        .lines()
        .filter(|l| l.starts_with("--- page "))
        .count();
    let running = running_text(&pdf_text);
    let count = words(&running).len();
    let mut problems = Vec::new();
    if pages < 55 {
        problems.push(format!(
            "the report has {pages} pages; the publication needs at least 55"
        ));
    }
    if count < 14_000 {
        problems.push(format!(
            "the report runs to {count} words before its references; the publication needs 14,000"
        ));
    }

    let original = words(&original_without_quoted_box(&original()));
    let grams: HashSet<&[String]> = original.windows(RUN).collect();
    let ours = words(&unquoted(&running));
    let mut copied = Vec::new();
    let mut i = 0;
    while i + RUN <= ours.len() {
        if grams.contains(&ours[i..i + RUN]) {
            let mut end = i + RUN;
            while end < ours.len() && grams.contains(&ours[end + 1 - RUN..=end]) {
                end += 1;
            }
            copied.push(ours[i..end].join(" "));
            i = end;
        } else {
            i += 1;
        }
    }
    if !copied.is_empty() {
        problems.push(format!(
            "{} run(s) of {RUN} or more words match the original; write them anew:\n{}",
            copied.len(),
            copied.join("\n")
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_section_of_the_original_is_present_in_its_order() {
    // The original's chapters and sections (figures.md, section 3), as this edition heads them.
    const SECTIONS: [&str; 38] = [
        "About this report",
        "Key statistics",
        "Key findings",
        "Overview",
        "Policy importance",
        "Types of role",
        "Settings",
        "Scale of the workforce",
        "Regional distribution",
        "Trend over time",
        "Roles and responsibilities",
        "Responsibilities",
        "Registration and standards",
        "Supervision and management",
        "Pay",
        "Requirements",
        "Participation, progression and retention",
        "Supply of people into the profession",
        "Part-time working",
        "Temporary working",
        "Sickness absence",
        "Training and career progression",
        "Apprenticeships",
        "Retention",
        "Equality and diversity",
        "Importance of equality and diversity",
        "Current demographics",
        "Supporting participation",
        "Inequalities in working experience",
        "Inequalities in pay and progression",
        "Inequalities in retention",
        "Conclusion and recommendations",
        "Appendix: Methodology",
        "Defining the mental health clinical support workforce",
        "Quantitative methods",
        "Qualitative methods",
        "Review of mental health support worker job adverts",
        "References",
    ];
    let project = common::Project::default_report();
    project.build_ok();
    let sources = String::from_utf8(project.read("out/untapped/untapped.txt")).unwrap();
    // Headings as set: whole lines of the PDF text, after the contents pages.
    let lines: Vec<&str> = sources.lines().map(str::trim).collect();
    let body_start = lines
        .iter()
        .position(|l| *l == "About this report")
        .map(|contents| {
            lines[contents + 1..]
                .iter()
                .position(|l| *l == "About this report")
                .map_or(contents, |again| contents + 1 + again)
        })
        .expect("the report has an \"About this report\" section");
    let mut at = body_start;
    let mut missing = Vec::new();
    for section in SECTIONS {
        match lines[at..].iter().position(|l| {
            l.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == ':')
                .trim_start_matches("Chapter ")
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == ':' || c == ' ')
                == section
        }) {
            Some(found) => at += found + 1,
            None => missing.push(section),
        }
    }
    assert!(
        missing.is_empty(),
        "sections of the original missing, or out of order: {missing:?}"
    );
}
