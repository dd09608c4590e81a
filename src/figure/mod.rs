//! Figure nodes: a table drawn as an SVG chart, rasterised to PNG, with its data and alt text.
//!
//! Titles, notes and sources are not drawn into the SVG: the document sets them as real text
//! in the caption, where they are searchable and read by screen readers. The SVG holds the
//! plot, axes and legend, in Libertinus Serif, so it is byte-identical on every machine.

pub mod alt;
pub mod axis;
pub mod bars;
pub mod canvas;
pub mod data;
pub mod layout;
pub mod legend;
pub mod line;
pub mod png;
pub mod stacked;
pub mod style;

use anyhow::Result;
use polars::prelude::DataFrame;
use serde::{Deserialize, Serialize};

use crate::cache::Artifacts;
use crate::config::{FigureConfig, FigureKind};
use crate::frame;
use canvas::Canvas;

/// What the document needs to place a figure, stored as `meta.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FigureMeta {
    /// Caption title.
    pub title: String,
    /// Notes under the figure.
    pub notes: String,
    /// Source line.
    pub source: String,
    /// Alt text generated from the data.
    pub alt: String,
    /// Printed width in millimetres.
    pub width_mm: f64,
}

/// Draws a figure and returns its artifacts (`figure.svg`, `figure.png`, `data.csv`, `meta.json`).
pub fn render(name: &str, config: &FigureConfig, df: &DataFrame) -> Result<Artifacts> {
    let plot = data::extract(config, df)?;
    let width_mm = config.width_mm.unwrap_or(160.0);
    let height_mm = config.height_mm.unwrap_or(90.0);
    let mut svg = String::new();
    {
        let canvas = Canvas::new(
            &mut svg,
            width_mm * style::PX_PER_MM,
            height_mm * style::PX_PER_MM,
        )?;
        match config.kind {
            FigureKind::Line => line::draw(&canvas, config, &plot)?,
            FigureKind::Bar => bars::draw_grouped(&canvas, config, &plot)?,
            FigureKind::Stacked => stacked::draw(&canvas, config, &plot)?,
            FigureKind::Ranked => bars::draw_ranked(&canvas, config, &plot)?,
        }
        canvas.finish()?;
    }
    let meta = FigureMeta {
        title: config.title.clone(),
        notes: config.notes.clone(),
        source: config.source.clone(),
        alt: alt::render(name, config, &plot)?,
        width_mm,
    };
    let mut out = Artifacts::new();
    out.insert("figure.png".into(), png::render(&svg)?);
    out.insert("figure.svg".into(), svg.into_bytes());
    out.insert(
        "data.csv".into(),
        frame::to_csv(&data::tidy_frame(config, &plot)?)?,
    );
    out.insert("meta.json".into(), serde_json::to_vec_pretty(&meta)?);
    Ok(out)
}
