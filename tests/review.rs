//! `rapport diff` end to end on the fixture report: two releases compared, the exit status,
//! the Markdown summary, and the review page opened in a real browser (headless Chromium).
//!
//! The browser test needs Debian's `chromium`. `.ci/run` installs it and sets
//! `RAPPORT_REQUIRE_BROWSER=1`, so in CI a missing browser fails the test; elsewhere the test
//! says it was skipped.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Project;

/// The fixture with a second release, `data/2020-07`, in which mental health support FTE grew.
fn two_releases() -> Project {
    let project = Project::copy_of(&common::repo().join("tests/fixtures/base"));
    project.add_release("2020-07", |staff| {
        staff.replace(
            "Support,Mental health,410.5,450",
            "Support,Mental health,520.5,560",
        )
    });
    project
}

fn diff(project: &Project, args: &[&str]) -> (i32, String, String) {
    let out = project.run(&[&["diff"], args].concat());
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        project.normalise(&out.stderr),
    )
}

#[test]
fn two_releases_differ_and_the_summary_names_what_changed() {
    let project = two_releases();
    let (code, stdout, stderr) = diff(&project, &["data/2020-06", "data/2020-07"]);
    assert_eq!(code, 3, "changes exit 3\n{stdout}{stderr}");
    let summary = String::from_utf8(project.read("out/fixture-review/summary.md")).unwrap();
    assert!(stdout.starts_with(&summary), "{stdout}");
    assert!(
        summary.contains("**1 printed number changed**"),
        "{summary}"
    );
    assert!(
        summary.contains("| `support_share` | 46% | 52% | +5.92 pp (+13%) |"),
        "{summary}"
    );
    assert!(summary.contains("**Figures (1):** `mix`"), "{summary}");
    assert!(
        summary.contains("**Tables (1):** `mh_mix` (3 cells changed)"),
        "{summary}"
    );
    assert!(
        summary.lines().count() < 30,
        "short enough for a comment:\n{summary}"
    );

    let page = String::from_utf8(project.read("out/fixture-review/index.html")).unwrap();
    for needle in [
        "id=\"number-support_share\"",
        "Support staff are <mark>52%</mark> of the mental health workforce.",
        "id=\"table-mh_mix\"",
        "id=\"figure-mix\"",
        "mix-before.png",
        "mix-difference.png",
        "Plotted data that moved",
    ] {
        assert!(page.contains(needle), "the page lacks {needle}");
    }
    for image in ["before", "after", "difference"] {
        assert!(
            project
                .path(&format!("out/fixture-review/assets/mix-{image}.png"))
                .is_file()
        );
    }
}

#[test]
fn identical_builds_exit_zero() {
    let project = two_releases();
    let (code, stdout, _) = diff(&project, &["data/2020-06", "data/2020-06"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("No changes"), "{stdout}");
}

#[test]
fn the_working_tree_is_the_default_new_side_and_build_folders_compare_directly() {
    let project = two_releases();
    project.build_ok();
    let old = project.tmp.path().join("old-build");
    std::fs::rename(project.path("out/fixture"), &old).unwrap();
    project.edit(
        "report_templates/main.typ",
        "of the mental health workforce.",
        "of the mental health clinical workforce.",
    );
    let old_arg = format!("build:{}", old.display());
    let (code, stdout, stderr) = diff(&project, &[&old_arg]);
    assert_eq!(code, 3, "{stdout}{stderr}");
    assert!(stdout.contains("0 printed numbers changed"), "{stdout}");
    assert!(stdout.contains("1 passage of text differ"), "{stdout}");
    assert!(
        project.path("out/fixture/fixture.pdf").is_file(),
        "the working tree was built"
    );
}

#[test]
fn a_side_that_is_nothing_known_is_a_clear_error() {
    let project = two_releases();
    let (code, _, stderr) = diff(&project, &["no-such-thing"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("`no-such-thing` is not a build output folder"),
        "{stderr}"
    );
    project.build_ok();
    let (code, _, stderr) = diff(&project, &["out"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(
            "`out` holds build outputs rather than being one; compare one of: out/fixture"
        ),
        "{stderr}"
    );
}

/// Debian's Chromium, or `None` with a note when it is not installed.
fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let out = Command::new("which").arg(name).output().ok()?;
            out.status
                .success()
                .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
        });
    if found.is_none() {
        assert!(
            std::env::var_os("RAPPORT_REQUIRE_BROWSER").is_none(),
            "RAPPORT_REQUIRE_BROWSER is set but Chromium is not installed (apt-get install -y chromium)"
        );
        eprintln!("SKIPPED: Chromium is not installed (apt-get install -y chromium)");
    }
    found
}

/// Runs headless Chromium on `page` with the flags a sandboxed machine without network needs.
fn headless(browser: &Path, profile: &Path, args: &[&str], page: &Path) -> std::process::Output {
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("Chromium runs")
}

#[test]
fn the_review_page_renders_in_a_real_browser() {
    let Some(browser) = chromium() else { return };
    let project = two_releases();
    let (code, stdout, stderr) = diff(&project, &["data/2020-06", "data/2020-07"]);
    assert_eq!(code, 3, "{stdout}{stderr}");
    let page = project
        .path("out/fixture-review/index.html")
        .canonicalize()
        .unwrap();

    // The DOM after the page's scripts ran: every section is there and every image decoded.
    let dom = headless(
        &browser,
        &project.tmp.path().join("profile-dom"),
        &["--dump-dom"],
        &page,
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains("data-rendered=\"ok\""),
        "images failed to load:\n{dom}"
    );
    assert!(
        dom.contains("data-images=\"5\""),
        "expected five images:\n{dom}"
    );
    for section in ["numbers", "tables", "figures", "text", "unchanged"] {
        assert!(
            dom.contains(&format!("<section id=\"{section}\">")),
            "no {section} section"
        );
    }

    // The pixels: a screenshot with the header band on top and the charts drawn below it.
    let shot = std::env::temp_dir().join(format!("rapport-review-{}.png", std::process::id()));
    let out = headless(
        &browser,
        &project.tmp.path().join("profile-shot"),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,1800",
        ],
        &page,
    );
    assert!(
        shot.is_file(),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let image = resvg::tiny_skia::Pixmap::decode_png(&std::fs::read(&shot).unwrap()).unwrap();
    assert_eq!((image.width(), image.height()), (1280, 1800));
    let header = image.pixel(5, 5).unwrap().demultiply();
    assert_eq!(
        (header.red(), header.green(), header.blue()),
        (0x14, 0x36, 0x5c),
        "the header band is not drawn"
    );
    let inked = |rows: std::ops::Range<u32>| {
        rows.flat_map(|y| (0..image.width()).map(move |x| (x, y)))
            .filter(|&(x, y)| {
                let p = image.pixel(x, y).unwrap().demultiply();
                u16::from(p.red()) + u16::from(p.green()) + u16::from(p.blue()) < 600
            })
            .count()
    };
    let body = inked(120..1800);
    assert!(
        body > 20_000,
        "the page body is nearly blank ({body} dark pixels)"
    );
    eprintln!("screenshot: {}", shot.display());
}

#[test]
fn the_working_tree_compares_against_a_git_revision() {
    let project = two_releases();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@t.invalid"])
            .args(args)
            .current_dir(&project.root)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "first edition"]);
    project.edit(
        "report_templates/main.typ",
        "of the mental health workforce.",
        "of the whole mental health workforce.",
    );
    let (code, stdout, stderr) = diff(&project, &["HEAD"]);
    assert_eq!(code, 3, "{stdout}{stderr}");
    assert!(stdout.contains("`fixture` HEAD → working tree"), "{stdout}");
    assert!(stdout.contains("0 printed numbers changed"), "{stdout}");
    let page = String::from_utf8(project.read("out/fixture-review/index.html")).unwrap();
    assert!(
        page.contains("Support staff are 46% of the whole mental health workforce."),
        "{page}"
    );
    // The committed edition was built from the revision's own files.
    assert!(
        project
            .path("out/fixture-review/builds/before/fixture/fixture.pdf")
            .is_file()
    );
}
