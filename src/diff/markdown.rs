//! A Markdown summary of a comparison, short enough for a pull-request comment.
//!
//! It gives the counts, the largest changes among the printed numbers, and the names of the
//! changed tables and figures; the review page holds the rest.

use super::{Comparison, NumberStatus, html, show};

/// Printed numbers listed before "… and N more".
const MAX_NUMBERS: usize = 15;
/// Table or figure names listed before "… and N more".
const MAX_NAMES: usize = 12;

/// The summary, ending with a pointer to the review page.
pub(crate) fn summary(cmp: &Comparison, page: &str) -> String {
    let mut out = format!(
        "### rapport diff: `{}` {} → {}\n\n",
        cmp.after.manifest.report, cmp.before.label, cmp.after.label
    );
    if !cmp.has_changes() {
        out.push_str("No changes: every output file is byte-identical.\n");
        return out;
    }
    // Checks first: a new failure is what a reviewer must see before any number.
    let failing: Vec<&super::CheckChange> = cmp
        .checks
        .iter()
        .filter(|c| c.news == "new failure" || c.news == "still failing")
        .collect();
    for check in &failing {
        let record = check
            .after
            .as_ref()
            .expect("a failing check is in the new build");
        out.push_str(&format!(
            "**Check `{}` {}** ({}, {}) on {}: {}\n\n",
            check.name,
            if check.news == "new failure" {
                "newly fails"
            } else {
                "still fails"
            },
            record.kind,
            record.severity.word(),
            record.on,
            cell(&record.summary)
        ));
    }
    // Then claims whose words changed: a sentence that now says something else.
    for claim in &cmp.claims {
        let words = |r: &Option<super::ClaimRecord>| {
            r.as_ref()
                .map_or_else(|| "—".to_owned(), |r| format!("\"{}\"", r.text))
        };
        let sentence = claim
            .after
            .as_ref()
            .and_then(|r| r.sentences.first())
            .map(|s| format!(": “{} **{}** {}”", s.before, s.value, s.after))
            .unwrap_or_default();
        out.push_str(&format!(
            "**Claim `{}` {}** ({} → {}){}\n\n",
            claim.name,
            claim.news,
            words(&claim.before),
            words(&claim.after),
            cell(&sentence)
        ));
    }
    let fixed = cmp.checks.iter().filter(|c| c.news == "fixed").count();
    if fixed > 0 {
        out.push_str(&format!(
            "{} now pass.\n\n",
            plural(fixed, "check that failed", "checks that failed")
        ));
    }
    let count = |s| cmp.numbers_with(s).count();
    out.push_str(&format!(
        "**{} changed**{}; {}, {} and {} differ ({}).\n\n",
        plural(
            count(NumberStatus::Changed),
            "printed number",
            "printed numbers"
        ),
        extra_numbers(
            count(NumberStatus::Added),
            count(NumberStatus::Removed),
            count(NumberStatus::Moved)
        ),
        plural(cmp.tables.len(), "table", "tables"),
        plural(cmp.figures.len(), "figure", "figures"),
        plural(cmp.text.len(), "passage of text", "passages of text"),
        plural(cmp.files_changed.len(), "output file", "output files"),
    ));
    let shown: Vec<_> = cmp
        .numbers
        .iter()
        .filter(|n| n.status != NumberStatus::Moved)
        .collect();
    if !shown.is_empty() {
        out.push_str("| Number | Before | After | Change (unrounded) |\n|---|---:|---:|---:|\n");
        for n in shown.iter().take(MAX_NUMBERS) {
            let printed = |p: &Option<crate::number::NumberValue>| {
                p.as_ref().map_or("—".to_owned(), |p| cell(&p.formatted))
            };
            let change = match n.status {
                NumberStatus::Added => "added".to_owned(),
                NumberStatus::Removed => "removed".to_owned(),
                _ => match n.relative {
                    Some(_) => format!(
                        "{} ({})",
                        show::delta(n.delta, n.after.as_ref()),
                        show::relative(n.relative)
                    ),
                    None => show::delta(n.delta, n.after.as_ref()),
                },
            };
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                n.name,
                printed(&n.before),
                printed(&n.after),
                change
            ));
        }
        if shown.len() > MAX_NUMBERS {
            out.push_str(&format!(
                "\n… and {} more numbers.\n",
                shown.len() - MAX_NUMBERS
            ));
        }
        out.push('\n');
    }
    let tables: Vec<String> = cmp
        .tables
        .iter()
        .map(|t| format!("`{}` ({})", t.name, html::summary(&t.diff)))
        .collect();
    let figures: Vec<String> = cmp
        .figures
        .iter()
        .map(|f| match f.changed_pixels {
            Some(p) => format!("`{}` ({}% of pixels)", f.name, show::magnitude(p * 100.0)),
            None => format!("`{}` ({})", f.name, f.status),
        })
        .collect();
    list(&mut out, "Figures", &figures);
    list(&mut out, "Tables", &tables);
    out.push_str(&format!("\nFull review: `{page}`\n"));
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn extra_numbers(added: usize, removed: usize, moved: usize) -> String {
    let parts: Vec<String> = [
        (added, "added"),
        (removed, "removed"),
        (moved, "moved without changing print"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

fn list(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let mut line = items
        .iter()
        .take(MAX_NAMES)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > MAX_NAMES {
        line.push_str(&format!(" … and {} more", items.len() - MAX_NAMES));
    }
    out.push_str(&format!("**{title} ({}):** {line}\n\n", items.len()));
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}
