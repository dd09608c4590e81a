//! Rasterising a chart's SVG to PNG with resvg, using only the embedded chart fonts.

use std::sync::{Arc, OnceLock};

use anyhow::{Context, Result};
use resvg::{tiny_skia, usvg};

use super::style;

/// Pixels per SVG pixel in the PNG (2 gives ~200 dpi at print size).
const SCALE: f32 = 2.0;

fn font_database() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        let fonts = style::fonts();
        db.load_font_data(fonts.regular.to_vec());
        db.load_font_data(fonts.bold.to_vec());
        // usvg falls back to the generic serif family; point it at the chart font too.
        db.set_serif_family(style::FONT_FAMILY);
        db.set_sans_serif_family(style::FONT_FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// Renders `svg` to PNG bytes.
/// Rasterises `svg`, drawn at `resolution` device pixels per chart pixel, at the review page's
/// scale whatever the resolution.
pub(crate) fn render(svg: &str, resolution: f32) -> Result<Vec<u8>> {
    let scale = SCALE / resolution;
    let options = usvg::Options {
        font_family: style::FONT_FAMILY.to_owned(),
        fontdb: font_database(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).context("the chart SVG does not parse")?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .context("the chart has no size")?;
    let mut pixmap =
        tiny_skia::Pixmap::new(size.width(), size.height()).context("the chart is too large")?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .context("failed to encode the chart as PNG")
}
