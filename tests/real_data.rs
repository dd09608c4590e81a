//! The update report, built from the real NHS files in `../shared/real-data` as published.
//!
//! When that folder is absent (a checkout without `shared/`), the tests say so and skip.

mod common;

use std::path::{Path, PathBuf};

fn real_data() -> Option<PathBuf> {
    let dir = common::repo().join("../shared/real-data");
    if dir.is_dir() {
        Some(dir.canonicalize().unwrap())
    } else {
        eprintln!(
            "SKIPPED: `../shared/real-data` is not beside the repository, so the real-data report was not built"
        );
        None
    }
}

/// A scratch copy of the update report laid out as in the repository, `reports/update/` beside
/// `house/`, because its `library = "../../house"` reaches outside the report's own folder.
fn update_report() -> common::Project {
    let common::Project { tmp, root: copied } =
        common::Project::copy_of(&common::repo().join("reports/update"));
    let root = tmp.path().join("reports/update");
    std::fs::create_dir_all(root.parent().unwrap()).unwrap();
    std::fs::rename(&copied, &root).unwrap();
    let house = tmp.path().join("house");
    std::fs::create_dir_all(&house).unwrap();
    for entry in std::fs::read_dir(common::repo().join("house")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), house.join(entry.file_name())).unwrap();
    }
    common::Project { tmp, root }
}

/// A copy of the real-data folder (its subfolders and their files), which a test may add to:
/// a report reads only files inside its release folder, so symlinks out of it would be refused.
fn copy_release(data: &Path, folder: &Path) {
    for sub in std::fs::read_dir(data).unwrap() {
        let sub = sub.unwrap();
        if !sub.file_type().unwrap().is_dir() {
            continue;
        }
        let target = folder.join(sub.file_name());
        std::fs::create_dir_all(&target).unwrap();
        for entry in std::fs::read_dir(sub.path()).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), target.join(entry.file_name())).unwrap();
        }
    }
}

fn build(project: &common::Project, data: &Path) {
    let out = project.run(&["build", "--quiet", "--data", data.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_update_report_reads_the_official_files_as_published() {
    let Some(data) = real_data() else { return };
    let project = update_report();
    build(&project, &data);
    common::snapshot_settings("snapshots/update").bind(|| {
        let numbers: serde_json::Value =
            serde_json::from_slice(&project.read("out/update/numbers.json")).unwrap();
        insta::assert_yaml_snapshot!("numbers", numbers);
        insta::assert_yaml_snapshot!(
            "claims",
            common::claims(&project.read("out/update/claims.json"))
        );
        // Every computed table, so a new release shows each changed cell.
        let mut tables: Vec<_> = std::fs::read_dir(project.path("out/update/tables"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        tables.sort();
        for path in tables {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let csv = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
            insta::assert_snapshot!(name, csv);
        }
    });
}

#[test]
fn next_months_file_extends_figures_numbers_and_sentences() {
    let Some(data) = real_data() else { return };
    let scratch = tempfile::tempdir().unwrap();
    let folder = scratch.path().join("real-data");
    copy_release(&data, &folder);
    let project = update_report();
    build(&project, &folder);
    let before = String::from_utf8(project.read("out/update/update.txt")).unwrap();
    assert!(
        before.contains(
            "6 monthly NHS Sickness Absence Rates files from April 2024 to September 2024"
        ),
        "{before}"
    );

    // A new month arrives in exactly the published format.
    let september =
        std::fs::read_to_string(folder.join("sickness-absence/nhs_sickness_absence_2024-09.csv"))
            .unwrap();
    let october = september.replace("30/09/2024", "31/10/2024");
    std::fs::write(
        folder.join("sickness-absence/nhs_sickness_absence_2024-10.csv"),
        october,
    )
    .unwrap();
    build(&project, &folder);
    let after = String::from_utf8(project.read("out/update/update.txt")).unwrap();
    assert!(
        after
            .contains("7 monthly NHS Sickness Absence Rates files from April 2024 to October 2024"),
        "{after}"
    );
    let source = String::from_utf8(project.read("out/update/typst/main.typ")).unwrap();
    assert!(
        source.contains("In October 2024, mental health"),
        "{source}"
    );
    let plotted = String::from_utf8(project.read("out/update/data/sickness_by_type.csv")).unwrap();
    assert!(
        plotted.contains("2024-10-31"),
        "the line chart gains the new month"
    );
}

/// The next month's turnover file, dropped beside the first in exactly the published format:
/// every turnover figure moves to the new month (the latest period), the text names it, and
/// nothing is pooled across the two months.
#[test]
fn next_months_turnover_file_moves_the_flows_to_the_new_month() {
    let Some(data) = real_data() else { return };
    let scratch = tempfile::tempdir().unwrap();
    let folder = scratch.path().join("real-data");
    copy_release(&data, &folder);
    // The turnover folder starts with the published October file alone.
    let turnover = folder.join("workforce-turnover");
    let published = data.join("workforce-turnover");
    let october_name = std::fs::read_dir(&published)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .find(|n| n.to_string_lossy().ends_with("Oct-25.csv"))
        .unwrap();
    let october = std::fs::read_to_string(published.join(&october_name)).unwrap();
    std::fs::write(turnover.join(&october_name), &october).unwrap();
    let project = update_report();
    build(&project, &folder);
    let numbers = |project: &common::Project| -> serde_json::Value {
        serde_json::from_slice(&project.read("out/update/numbers.json")).unwrap()
    };
    let rate = |n: &serde_json::Value| n["mh_support_leaver_rate"]["raw"].as_f64().unwrap();
    let october_rate = rate(&numbers(&project));

    // November: the same trusts, with twice the leavers.
    let mut november = String::new();
    for (i, line) in october.lines().enumerate() {
        let line = line.replacen("202509 to 202510", "202510 to 202511", 1);
        let fields: Vec<&str> = line.split(',').collect();
        if i > 0 && fields.get(1) == Some(&"Leavers") {
            let hc: f64 = fields[fields.len() - 2].parse().unwrap();
            let mut out: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
            let at = out.len() - 2;
            out[at] = format!("{}", hc * 2.0);
            november.push_str(&out.join(","));
        } else {
            november.push_str(&line);
        }
        november.push('\n');
    }
    let november_name = october_name.to_string_lossy().replace("Oct-25", "Nov-25");
    std::fs::write(turnover.join(november_name), november).unwrap();
    build(&project, &folder);
    let november_rate = rate(&numbers(&project));
    assert!(
        (november_rate - 2.0 * october_rate).abs() < 1e-9,
        "the leaver rate is November's alone ({november_rate}), not pooled with October's ({october_rate})"
    );
    let source = String::from_utf8(project.read("out/update/typst/main.typ")).unwrap();
    assert!(
        source.contains("between the end of\nOctober 2025 and the end of November 2025"),
        "{source}"
    );
    let checks = String::from_utf8(project.read("out/update/checks.json")).unwrap();
    assert!(
        checks.contains("one period: PERIOD = 202510 to 202511"),
        "{checks}"
    );
    assert!(
        checks.contains("every month from October 2025 to November 2025 is present"),
        "{checks}"
    );
}

/// Every number of the update report has a trail back to the official files.
#[test]
fn every_number_of_the_update_report_is_explained() {
    let Some(data) = real_data() else { return };
    let project = update_report();
    let output = project.run(&["explain", "--all", "--data", data.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let numbers: serde_json::Value =
        serde_json::from_slice(&project.read("out/update/numbers.json")).unwrap();
    for name in numbers.as_object().unwrap().keys() {
        assert!(
            stdout.contains(&format!("number `{name}`: printed as")),
            "no trail for `{name}`"
        );
    }
    assert!(
        stdout.contains("in release `real-data`: blake3 "),
        "{stdout}"
    );
}
