//! The static review page: `index.html` plus the figure images it shows, in one folder.
//!
//! The page is a minijinja template with HTML escaping, so no name or value from a build can
//! inject markup. It needs no server and no network: open `index.html` in any browser.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use minijinja::{Environment, context};
use serde::Serialize;

use super::cells::{CellChange, CellDiff, RowOnly};
use super::{Comparison, NumberStatus, show};
use crate::fsx;

/// Changed cells and one-sided rows shown per table before "… and N more".
const MAX_CELLS: usize = 200;
const MAX_ROWS: usize = 40;

/// Writes `index.html` and `assets/` into `dir`; returns the page's path.
pub(crate) fn write(cmp: &Comparison, dir: &Path) -> Result<PathBuf> {
    let assets = dir.join("assets");
    fsx::remove_dir_all_if_exists(&assets)?;
    let mut figures = Vec::new();
    for f in &cmp.figures {
        let save = |which: &str, png: &Option<Vec<u8>>| -> Result<Option<String>> {
            let Some(png) = png else { return Ok(None) };
            let rel = format!("assets/{}-{which}.png", f.name);
            fsx::write_atomic(&dir.join(&rel), png)?;
            Ok(Some(rel))
        };
        figures.push(context! {
            name => f.name,
            status => f.status,
            before_src => save("before", &f.before_png)?,
            after_src => save("after", &f.after_png)?,
            diff_src => save("difference", &f.difference_png)?,
            changed_pixels => f.changed_pixels.map(|p| format!("{}%", show::magnitude(p * 100.0))),
            data => f.data.as_ref().map(CellView::new),
        });
    }
    // Each changed number's trail, as `rapport explain` prints it, beside the page.
    let explain = dir.join("explain");
    fsx::remove_dir_all_if_exists(&explain)?;
    for n in &cmp.numbers {
        if let Some(text) = &n.explanation {
            fsx::write_atomic(&explain.join(format!("{}.txt", n.name)), text.as_bytes())?;
        }
    }
    let page = render(cmp, figures)?;
    let path = dir.join("index.html");
    fsx::write_atomic(&path, page.as_bytes())?;
    Ok(path)
}

fn render(cmp: &Comparison, figures: Vec<minijinja::Value>) -> Result<String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_template("index.html", include_str!("review.html"))?;
    env.add_template("cells.html", include_str!("cells.html"))?;
    let side = |b: &super::BuildOutput| {
        context! { label => b.label, release => b.manifest.release, tool => b.manifest.tool }
    };
    let changed: Vec<NumberView> = cmp
        .numbers
        .iter()
        .filter(|n| n.status != NumberStatus::Moved)
        .map(NumberView::new)
        .collect();
    let moved: Vec<NumberView> = cmp
        .numbers_with(NumberStatus::Moved)
        .map(NumberView::new)
        .collect();
    let tables: Vec<_> = cmp
        .tables
        .iter()
        .map(|t| {
            let view = CellView::new(&t.diff);
            context! { name => t.name, status => t.status, summary => view.summary.clone(), diff => view }
        })
        .collect();
    let unchanged = &cmp.unchanged;
    let title = format!("{} ({})", cmp.after.manifest.report, cmp.after.label);
    let ctx = context! {
        title,
        report => cmp.after.manifest.report,
        tool => cmp.after.manifest.tool,
        before => side(&cmp.before),
        after => side(&cmp.after),
        has_changes => cmp.has_changes(),
        counts => context! {
            numbers => changed.len(),
            tables => tables.len(),
            figures => figures.len(),
            text => cmp.text.len(),
            checks => cmp.checks.iter().filter(|c| c.news == "new failure").count(),
            claims => cmp.claims.len(),
            unchanged => unchanged.numbers.len() + unchanged.tables.len() + unchanged.figures.len(),
        },
        numbers_changed => changed,
        checks => cmp.checks.iter().map(CheckView::new).collect::<Vec<_>>(),
        checks_passing => cmp.checks_passing,
        claims => cmp.claims.iter().map(ClaimView::new).collect::<Vec<_>>(),
        numbers_moved => moved,
        tables,
        figures,
        text => cmp.text,
        unchanged,
        files_changed => cmp.files_changed,
    };
    env.get_template("index.html")?
        .render(ctx)
        .context("failed to render the review page")
}

/// A number as the page shows it.
#[derive(Serialize)]
struct NumberView {
    name: String,
    status: NumberStatus,
    description: String,
    before: String,
    after: String,
    raw_before: String,
    raw_after: String,
    delta: String,
    relative: String,
    direction: &'static str,
    sentences: Vec<SentenceView>,
    /// The number's trail in the new build (`rapport explain`), if it was built here.
    explanation: Option<String>,
}

/// A sentence with the spaces around the number as the template had them.
#[derive(Serialize)]
struct SentenceView {
    before: String,
    value: String,
    after: String,
}

impl SentenceView {
    fn new(s: &crate::document::sentences::Sentence) -> Self {
        let space = |yes: bool| if yes { " " } else { "" };
        Self {
            before: format!("{}{}", s.before, space(s.space_before)),
            value: s.value.clone(),
            after: format!("{}{}", space(s.space_after), s.after),
        }
    }
}

impl NumberView {
    fn new(n: &super::NumberChange) -> Self {
        let printed =
            |p: &Option<crate::number::NumberValue>| p.as_ref().map(|p| p.formatted.clone());
        let raw = |p: &Option<crate::number::NumberValue>| p.as_ref().map(|p| format!("{}", p.raw));
        Self {
            name: n.name.clone(),
            status: n.status,
            description: n.description.clone(),
            before: printed(&n.before).unwrap_or_else(|| "—".into()),
            after: printed(&n.after).unwrap_or_else(|| "—".into()),
            raw_before: raw(&n.before).unwrap_or_default(),
            raw_after: raw(&n.after).unwrap_or_default(),
            delta: show::delta(n.delta, n.after.as_ref()),
            relative: show::relative(n.relative),
            direction: show::direction(n.delta),
            sentences: n.sentences.iter().map(SentenceView::new).collect(),
            explanation: n.explanation.clone(),
        }
    }
}

/// A claim as the page shows it: its words before and after, and the sentences of the new
/// build (or the old one) it is printed in.
#[derive(Serialize)]
struct ClaimView {
    name: String,
    news: &'static str,
    description: String,
    before: String,
    after: String,
    values: Vec<String>,
    sentences: Vec<SentenceView>,
}

impl ClaimView {
    fn new(c: &super::ClaimChange) -> Self {
        let text = |r: &Option<super::ClaimRecord>| {
            r.as_ref()
                .map_or_else(|| "—".to_owned(), |r| r.text.clone())
        };
        let record = c
            .after
            .as_ref()
            .or(c.before.as_ref())
            .expect("a claim is in one build at least");
        Self {
            name: c.name.clone(),
            news: c.news,
            description: record.description.clone(),
            before: text(&c.before),
            after: text(&c.after),
            values: record.values.clone(),
            sentences: record.sentences.iter().map(SentenceView::new).collect(),
        }
    }
}

/// A check as the page shows it: what became of it, and its record in the new build (or the
/// old one, if it was removed).
#[derive(Serialize)]
struct CheckView {
    name: String,
    news: &'static str,
    severity: String,
    kind: String,
    on: String,
    declared: String,
    before: String,
    after: String,
    summary: String,
    examples: Vec<String>,
}

impl CheckView {
    fn new(c: &super::CheckChange) -> Self {
        let status = |r: &Option<crate::check::verdict::CheckRecord>| {
            r.as_ref()
                .map(|r| format!("{:?}", r.status).to_lowercase())
                .unwrap_or_else(|| "—".into())
        };
        let record = c
            .after
            .as_ref()
            .or(c.before.as_ref())
            .expect("a check is in one build at least");
        Self {
            name: c.name.clone(),
            news: c.news,
            severity: record.severity.word().to_owned(),
            kind: record.kind.clone(),
            on: record.on.clone(),
            declared: record.declared.clone(),
            before: status(&c.before),
            after: status(&c.after),
            summary: record.summary.clone(),
            examples: record.examples.clone(),
        }
    }
}

/// A cell diff as the page shows it, cut to a readable length.
#[derive(Serialize)]
struct CellView {
    summary: String,
    key: Vec<String>,
    columns_added: Vec<String>,
    columns_removed: Vec<String>,
    cells: Vec<CellRow>,
    more_cells: usize,
    rows_added: Vec<RowOnly>,
    more_added: usize,
    rows_removed: Vec<RowOnly>,
    more_removed: usize,
    rows_unchanged: usize,
}

#[derive(Serialize)]
struct CellRow {
    row: String,
    column: String,
    before: String,
    after: String,
    delta: String,
    relative: String,
    direction: &'static str,
}

impl CellView {
    fn new(d: &CellDiff) -> Self {
        let cell = |c: &CellChange| CellRow {
            row: c.row.clone(),
            column: c.column.clone(),
            before: c.before.clone(),
            after: c.after.clone(),
            delta: c.delta.map(show::signed).unwrap_or_default(),
            relative: show::relative(c.relative),
            direction: show::direction(c.delta),
        };
        Self {
            summary: summary(d),
            key: d.key.clone(),
            columns_added: d.columns_added.clone(),
            columns_removed: d.columns_removed.clone(),
            cells: d.cells.iter().take(MAX_CELLS).map(cell).collect(),
            more_cells: d.cells.len().saturating_sub(MAX_CELLS),
            rows_added: d.rows_added.iter().take(MAX_ROWS).cloned().collect(),
            more_added: d.rows_added.len().saturating_sub(MAX_ROWS),
            rows_removed: d.rows_removed.iter().take(MAX_ROWS).cloned().collect(),
            more_removed: d.rows_removed.len().saturating_sub(MAX_ROWS),
            rows_unchanged: d.rows_unchanged,
        }
    }
}

/// "3 cells changed, 12 rows added, 1 column renamed" for a summary line.
pub(crate) fn summary(d: &CellDiff) -> String {
    let mut parts = Vec::new();
    let mut count = |n: usize, one: &str, many: &str| {
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    };
    count(d.cells.len(), "cell changed", "cells changed");
    count(d.rows_added.len(), "row added", "rows added");
    count(d.rows_removed.len(), "row removed", "rows removed");
    count(d.columns_added.len(), "column added", "columns added");
    count(d.columns_removed.len(), "column removed", "columns removed");
    if parts.is_empty() {
        "same values, different bytes".into()
    } else {
        parts.join(", ")
    }
}
