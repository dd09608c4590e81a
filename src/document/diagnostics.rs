//! Typst diagnostics as `path:line:column: error: message`, pointing at files a user can open.

use std::path::Path;

use typst::diag::{Severity, SourceDiagnostic};
use typst::syntax::DiagSpan;
use typst::{World, WorldExt};

/// `shown_root` is how the virtual root is shown (the folder the rendered sources are written to).
fn location(world: &dyn World, span: DiagSpan, shown_root: &Path) -> Option<String> {
    let id = span.id()?;
    let range = world.range(span)?;
    let (line, column) = match world.source(id) {
        Ok(source) => source.lines().byte_to_line_column(range.start)?,
        Err(_) => world.file(id).ok()?.lines().ok()?.byte_to_line_column(range.start)?,
    };
    let path = shown_root.join(id.vpath().get_without_slash());
    Some(format!("{}:{}:{}", path.display(), line + 1, column + 1))
}

/// All diagnostics, one block each.
pub fn render(world: &dyn World, diagnostics: &[SourceDiagnostic], shown_root: &Path) -> String {
    let mut out = Vec::new();
    for diagnostic in diagnostics {
        let severity = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut text = match location(world, diagnostic.span, shown_root) {
            Some(at) => format!("{at}: {severity}: {}", diagnostic.message),
            None => format!("{severity}: {}", diagnostic.message),
        };
        for hint in &diagnostic.hints {
            text.push_str(&format!("\n    hint: {}", hint.v));
        }
        for step in &diagnostic.trace {
            if let Some(at) = location(world, step.span.into(), shown_root) {
                text.push_str(&format!("\n    {at}: {}", step.v));
            }
        }
        out.push(text);
    }
    out.join("\n")
}
