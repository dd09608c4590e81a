//! Typst diagnostics as `path:line:column: error: message`, pointing at files a user can open.

use std::path::Path;

use typst::diag::{Severity, SourceDiagnostic};
use typst::syntax::DiagSpan;
use typst::{World, WorldExt};

/// Errors shown in full; later ones are usually knock-on effects of the first.
const SHOWN: usize = 3;

/// `path:line:column` and the text of that line.
///
/// `shown_root` is how the virtual root is shown (the folder the rendered sources are written to).
fn location(world: &dyn World, span: DiagSpan, shown_root: &Path) -> Option<(String, String)> {
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
    let path = shown_root.join(id.vpath().get_without_slash());
    Some((
        format!("{}:{}:{}", path.display(), line + 1, column + 1),
        format!("{:>6} | {text}", line + 1),
    ))
}

/// The first few diagnostics, each with its location and source line.
pub fn render(world: &dyn World, diagnostics: &[SourceDiagnostic], shown_root: &Path) -> String {
    let mut out = Vec::new();
    for diagnostic in diagnostics.iter().take(SHOWN) {
        let severity = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut text = match location(world, diagnostic.span, shown_root) {
            Some((at, line)) => format!("{at}: {severity}: {}\n{line}", diagnostic.message),
            None => format!("{severity}: {}", diagnostic.message),
        };
        for hint in &diagnostic.hints {
            text.push_str(&format!("\n    hint: {}", hint.v));
        }
        for step in &diagnostic.trace {
            if let Some((at, _)) = location(world, step.span.into(), shown_root) {
                text.push_str(&format!("\n    {at}: {}", step.v));
            }
        }
        out.push(text);
    }
    if diagnostics.len() > SHOWN {
        out.push(format!(
            "({} more, probably caused by the first)",
            diagnostics.len() - SHOWN
        ));
    }
    out.join("\n")
}
