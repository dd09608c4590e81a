//! The output folder changes as a whole or not at all: a build killed at any moment, or two
//! builds into one folder at once, leave either the last good publication or the new one,
//! never a mix. `RAPPORT_KILLS=500 cargo test --release --test swap` kills ten times as many
//! builds as the default run.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use common::{Project, fixture};

/// The release the folder's manifest names.
fn manifest_release(dir: &Path) -> String {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    manifest["release"].as_str().unwrap().to_owned()
}

fn build(project: &Project, release: &str, cache: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rapport"));
    command
        .args(["build", "--quiet", "--data", release, "--cache", cache])
        .current_dir(&project.root)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// The fixture with a second release whose every number differs, both built once: the two
/// publications a folder may hold.
fn two_releases() -> (Project, BTreeMap<String, BTreeMap<String, Vec<u8>>>) {
    let project = fixture();
    project.add_release("2021-06", |staff| {
        staff
            .replace("410.5", "610.5")
            .replace("2020-06-30", "2021-06-30")
    });
    let out = project.path("out/fixture");
    let mut publications = BTreeMap::new();
    for release in ["2020-06", "2021-06"] {
        let status = build(&project, &format!("data/{release}"), ".rapport-cache")
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(manifest_release(&out), release);
        publications.insert(release.to_owned(), common::output_tree(&out));
    }
    assert_ne!(publications["2020-06"], publications["2021-06"]);
    (project, publications)
}

/// The folder holds exactly one of the publications, and its manifest names that release.
fn assert_whole(dir: &Path, publications: &BTreeMap<String, BTreeMap<String, Vec<u8>>>) {
    let release = manifest_release(dir);
    let found = common::output_tree(dir);
    let expected = &publications[&release];
    let differ: std::collections::BTreeSet<&String> = found
        .keys()
        .chain(expected.keys())
        .filter(|rel| found.get(*rel) != expected.get(*rel))
        .collect();
    assert!(
        differ.is_empty(),
        "the folder is not the whole publication of {release}: {differ:?} differ"
    );
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_publication() {
    let (project, publications) = two_releases();
    let out = project.path("out/fixture");
    // How long a warm build of the other release takes: the kills are spread evenly over it.
    let started = Instant::now();
    let status = build(&project, "data/2020-06", ".rapport-cache")
        .status()
        .unwrap();
    assert!(status.success());
    let warm = started.elapsed();
    // Warm builds (the swap is a large part of them) alternate releases so that each one
    // changes every output; every fifth build has a fresh cache, so every step runs.
    // `RAPPORT_KILLS=500` for the longer run the hardening note quotes.
    let kills: u32 = std::env::var("RAPPORT_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let mut killed = 0;
    for kill in 0..kills {
        let release = ["data/2021-06", "data/2020-06"][kill as usize % 2];
        let cache = if kill % 5 == 4 {
            format!("cold-{kill}")
        } else {
            ".rapport-cache".to_owned()
        };
        let mut child = build(&project, release, &cache).spawn().unwrap();
        std::thread::sleep(warm * (kill % 25) / 24);
        if child.try_wait().unwrap().is_none() {
            killed += 1;
        }
        let _ = child.kill();
        child.wait().unwrap();
        assert_whole(&out, &publications);
    }
    eprintln!("{kills} kills, {killed} of them while the build was still running");
    assert!(killed > kills / 2, "most kills land inside a build");
    // The next build cleans whatever a kill left beside the folder and finishes the job.
    let status = build(&project, "data/2021-06", ".rapport-cache")
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(common::output_tree(&out), publications["2021-06"]);
    let mut beside: Vec<String> = std::fs::read_dir(project.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, [".fixture.lock", "fixture"]);
    // Nor are temporary files of killed builds left in the cache they shared.
    let stale: Vec<_> = walkdir::WalkDir::new(project.path(".rapport-cache"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            name.starts_with(".tmp")
                || name.starts_with(".link-")
                || e.path().components().any(|c| c.as_os_str() == "scratch")
        })
        .map(|e| e.path().display().to_string())
        .collect();
    assert!(stale.is_empty(), "{stale:?}");
}

#[test]
fn concurrent_builds_into_one_folder_take_turns() {
    let (project, publications) = two_releases();
    let out = project.path("out/fixture");
    for round in 0..3 {
        let children: Vec<_> = ["data/2020-06", "data/2021-06", "data/2020-06"]
            .iter()
            .enumerate()
            .map(|(i, release)| {
                build(&project, release, &format!("cold-{round}-{i}"))
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut child in children {
            assert!(child.wait().unwrap().success(), "every build finishes");
        }
        assert_whole(&out, &publications);
    }
}
