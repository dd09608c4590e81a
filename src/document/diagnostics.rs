//! Typst diagnostics as `path:line:column: error: message`, pointing at files a user can open.
//!
//! The document step resolves each diagnostic's span while it still has the Typst world
//! ([`collect`]); where the rendered sources are shown is decided later, by the pipeline once
//! the output folder has written them ([`TypstFailure::render`]): steps never write under `out/`.

use std::path::Path;

use typst::diag::{Severity, SourceDiagnostic};
use typst::syntax::DiagSpan;
use typst::{World, WorldExt};

/// Errors shown in full; later ones are usually knock-on effects of the first.
const SHOWN: usize = 3;

/// A place in a rendered source: virtual path (without the leading `/`), line, column, text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    /// Path in the virtual project (`typst/main.typ`).
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The text of that line.
    pub text: String,
}

/// One diagnostic with its places resolved.
#[derive(Debug, Clone)]
pub(crate) struct Diagnostic {
    /// `error` or `warning`.
    pub severity: &'static str,
    /// Typst's message.
    pub message: String,
    /// Where, when Typst knows.
    pub place: Option<Place>,
    /// Typst's hints.
    pub hints: Vec<String>,
    /// The call trace, innermost first.
    pub trace: Vec<(Place, String)>,
}

/// Typst rejected the rendered document: its diagnostics and the sources it saw.
#[derive(Debug, thiserror::Error)]
#[error("Typst reported errors")]
pub(crate) struct TypstFailure {
    /// The rendered sources, by virtual path (`typst/main.typ`).
    pub sources: Vec<(String, String)>,
    /// Every diagnostic, in Typst's order.
    pub diagnostics: Vec<Diagnostic>,
}

impl TypstFailure {
    /// The first few diagnostics, each located in the sources as written under `shown_root`.
    pub(crate) fn render(&self, shown_root: &Path) -> String {
        let at = |place: &Place| {
            format!(
                "{}:{}:{}",
                shown_root.join(&place.path).display(),
                place.line,
                place.column
            )
        };
        let mut out = Vec::new();
        for diagnostic in self.diagnostics.iter().take(SHOWN) {
            let mut text = match &diagnostic.place {
                Some(place) => format!(
                    "{}: {}: {}\n{:>6} | {}",
                    at(place),
                    diagnostic.severity,
                    diagnostic.message,
                    place.line,
                    place.text
                ),
                None => format!("{}: {}", diagnostic.severity, diagnostic.message),
            };
            for hint in &diagnostic.hints {
                text.push_str(&format!("\n    hint: {hint}"));
            }
            for (place, step) in &diagnostic.trace {
                text.push_str(&format!("\n    {}: {step}", at(place)));
            }
            out.push(text);
        }
        if self.diagnostics.len() > SHOWN {
            out.push(format!(
                "({} more, probably caused by the first)",
                self.diagnostics.len() - SHOWN
            ));
        }
        out.join("\n")
    }
}

/// The place of a span, with the text of its line.
fn place(world: &dyn World, span: DiagSpan) -> Option<Place> {
    let id = span.id()?;
    let range = world.range(span)?;
    let lines = match world.source(id) {
        Ok(source) => source.lines().clone(),
        Err(_) => world.file(id).ok()?.lines().ok()?,
    };
    let (line, column) = lines.byte_to_line_column(range.start)?;
    let text = lines
        .text()
        .lines()
        .nth(line)
        .unwrap_or_default()
        .trim_end()
        .to_owned();
    Some(Place {
        path: id.vpath().get_without_slash().to_owned(),
        line: line + 1,
        column: column + 1,
        text,
    })
}

/// Resolves every diagnostic's places while the world is at hand.
pub(crate) fn collect(world: &dyn World, diagnostics: &[SourceDiagnostic]) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .map(|diagnostic| Diagnostic {
            severity: match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            message: diagnostic.message.to_string(),
            place: place(world, diagnostic.span),
            hints: diagnostic.hints.iter().map(|h| h.v.to_string()).collect(),
            trace: diagnostic
                .trace
                .iter()
                .filter_map(|step| Some((place(world, step.span.into())?, step.v.to_string())))
                .collect(),
        })
        .collect()
}
