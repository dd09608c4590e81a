//! The plain text of the laid-out document, page by page, for reviewers and snapshots.
//!
//! Text runs are taken in layout order; a run on a new baseline starts a new line. This is
//! what a reviewer diffs to see every sentence and number that changed in the PDF.

use typst::layout::{Abs, Frame, FrameItem, Point};
use typst_layout::PagedDocument;

/// One line per baseline, pages separated by a `--- page N ---` marker.
pub(crate) fn plain_text(document: &PagedDocument) -> String {
    let mut out = String::new();
    for (number, page) in document.pages().iter().enumerate() {
        out.push_str(&format!("--- page {} ---\n", number + 1));
        let mut lines: Vec<(Abs, String)> = Vec::new();
        collect(&page.frame, Point::zero(), &mut lines);
        for (_, line) in lines {
            let line = line.trim();
            if !line.is_empty() {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

fn collect(frame: &Frame, origin: Point, lines: &mut Vec<(Abs, String)>) {
    for (position, item) in frame.items() {
        let at = origin + *position;
        match item {
            FrameItem::Group(group) => collect(&group.frame, at, lines),
            FrameItem::Text(text) => match lines.last_mut() {
                Some((baseline, line)) if (*baseline - at.y).abs() < Abs::pt(0.5) => {
                    line.push(' ');
                    line.push_str(&text.text);
                }
                _ => lines.push((at.y, text.text.to_string())),
            },
            _ => {}
        }
    }
}
