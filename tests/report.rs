//! The default report, built from the committed release: every table, number and figure is
//! pinned by a snapshot, and two clean builds are byte-identical.
//!
//! Snapshots live in the top-level `snapshots/` (tables, numbers, rendered Typst, PDF summary)
//! and `figures/` (one SVG per figure, readable in any git diff). `cargo insta review` accepts
//! changes.

mod common;

use std::collections::BTreeMap;

use common::Project;

fn files_under(project: &Project, dir: &str) -> BTreeMap<String, Vec<u8>> {
    let root = project.path(dir);
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

#[test]
fn every_table_number_and_figure_is_pinned() {
    let project = Project::default_report();
    project.build_ok();
    let out = "out/untapped";

    common::snapshot_settings("snapshots/tables").bind(|| {
        for (name, csv) in files_under(&project, &format!("{out}/tables")) {
            insta::assert_snapshot!(
                name.trim_end_matches(".csv").to_owned(),
                String::from_utf8(csv).unwrap()
            );
        }
    });
    common::snapshot_settings("snapshots").bind(|| {
        let numbers: serde_json::Value =
            serde_json::from_slice(&project.read(&format!("{out}/numbers.json"))).unwrap();
        insta::assert_yaml_snapshot!("numbers", numbers);
        insta::assert_yaml_snapshot!(
            "claims",
            common::claims(&project.read(&format!("{out}/claims.json")))
        );
        for (name, typ) in files_under(&project, &format!("{out}/typst")) {
            insta::assert_snapshot!(
                format!("typst__{}", name.replace('/', "__")),
                String::from_utf8(typ).unwrap()
            );
        }
        let pdf = project.read(&format!("{out}/untapped.pdf"));
        assert!(pdf.starts_with(b"%PDF-1.7"), "a PDF 1.7 file");
        let text = String::from_utf8(project.read(&format!("{out}/untapped.txt"))).unwrap();
        insta::assert_yaml_snapshot!(
            "pdf_summary",
            serde_json::json!({
                "pages": text.lines().filter(|l| l.starts_with("--- page ")).count(),
                "text_blake3": blake3::hash(text.as_bytes()).to_hex().to_string(),
            })
        );
        // Every sentence and number as printed, for reviewers to diff.
        insta::assert_snapshot!("pdf_text", text);
    });
    common::snapshot_settings("snapshots/figure-data").bind(|| {
        for (name, csv) in files_under(&project, &format!("{out}/data")) {
            insta::assert_snapshot!(
                name.trim_end_matches(".csv").to_owned(),
                String::from_utf8(csv).unwrap()
            );
        }
    });
    common::snapshot_settings("figures").bind(|| {
        for (name, bytes) in files_under(&project, &format!("{out}/figures")) {
            if let Some(stem) = name.strip_suffix(".svg") {
                insta::assert_binary_snapshot!(&format!("{stem}.svg"), bytes);
            }
        }
    });
}

#[test]
fn two_clean_builds_are_byte_identical() {
    let first = Project::default_report();
    let second = Project::default_report();
    first.build_ok();
    second.build_ok();
    let out = "out/untapped";
    for dir in ["tables", "figures", "data", "typst"] {
        let a = files_under(&first, &format!("{out}/{dir}"));
        let b = files_under(&second, &format!("{out}/{dir}"));
        assert!(!a.is_empty(), "{dir} is empty");
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        for (name, bytes) in &a {
            assert!(
                bytes == &b[name],
                "{dir}/{name} differs between two clean builds"
            );
        }
    }
    for file in ["untapped.pdf", "numbers.json", "data-pack.xlsx"] {
        assert!(
            first.read(&format!("{out}/{file}")) == second.read(&format!("{out}/{file}")),
            "{file} differs"
        );
    }
}
