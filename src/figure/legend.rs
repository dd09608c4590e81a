//! The legend: swatches and names in rows across the top of a chart.

use anyhow::Result;

use super::canvas::{Align, Canvas, Label};
use super::data::PlotData;
use super::layout::PAD;
use super::style::{Rgb, SMALL_PX, series_colour, text_width};

const SWATCH: f64 = 11.0;
const GAP: f64 = 6.0;
const ENTRY_GAP: f64 = 18.0;
const ROW: f64 = 18.0;

/// One entry placed at its top-left corner.
struct Placed {
    name: String,
    colour: Rgb,
    x: f64,
    y: f64,
}

/// Entry positions, laid out in rows no wider than `max_width`.
pub(crate) struct Legend {
    entries: Vec<Placed>,
    /// Total height in pixels (0 when there is nothing to show).
    pub height: f64,
}

impl Legend {
    /// Lays out `entries` starting at (`left`, `top`).
    pub(crate) fn layout(entries: &[(String, Rgb)], left: f64, top: f64, max_width: f64) -> Legend {
        if entries.len() < 2 {
            return Legend {
                entries: Vec::new(),
                height: 0.0,
            };
        }
        let mut placed = Vec::new();
        let (mut x, mut y) = (left, top);
        for (name, colour) in entries {
            let width = SWATCH + GAP + text_width(name, SMALL_PX, false);
            if x > left && x + width > left + max_width {
                x = left;
                y += ROW;
            }
            placed.push(Placed {
                name: name.clone(),
                colour: *colour,
                x,
                y,
            });
            x += width + ENTRY_GAP;
        }
        Legend {
            entries: placed,
            height: y - top + ROW + 6.0,
        }
    }

    /// Draws the entries.
    pub(crate) fn draw(&self, canvas: &Canvas) -> Result<()> {
        for Placed { name, colour, x, y } in &self.entries {
            let mid = y + ROW / 2.0;
            canvas.rect(
                *x,
                mid - SWATCH / 2.0,
                x + SWATCH,
                mid + SWATCH / 2.0,
                *colour,
            )?;
            canvas.text(
                name,
                x + SWATCH + GAP,
                mid,
                Label::new(SMALL_PX, Align::Left),
            )?;
        }
        Ok(())
    }
}

/// One entry per series, in palette order.
pub(crate) fn series_entries(data: &PlotData) -> Vec<(String, Rgb)> {
    data.series
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.clone(), series_colour(i)))
        .collect()
}

/// Lays out and draws a legend across the top of the canvas.
pub(crate) fn draw_top(canvas: &Canvas, entries: &[(String, Rgb)]) -> Result<Legend> {
    let legend = Legend::layout(entries, PAD, PAD, canvas.width - 2.0 * PAD);
    legend.draw(canvas)?;
    Ok(legend)
}
