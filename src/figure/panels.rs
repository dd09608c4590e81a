//! Small multiples: a bar chart split by the figure's `panel` column into panels side by
//! side (three to a row), on one shared value axis and under one legend, each titled with its
//! panel's value (Figures 23 and 24, by pay band).

use anyhow::Result;

use super::bars;
use super::canvas::{Align, Canvas, Label};
use super::data::PlotData;
use super::layout::PAD;
use super::legend;
use super::style::{TEXT_PX, series_colour};
use crate::config::FigureConfig;

/// Panels to a row.
const PER_ROW: usize = 3;

/// Every series name of every panel, in first-seen order, with its colour: one legend for all.
fn entries(panels: &[(String, PlotData)]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (_, data) in panels {
        for s in &data.series {
            if !names.contains(&s.name) {
                names.push(s.name.clone());
            }
        }
    }
    names
}

/// Draws the panels.
pub(crate) fn draw(
    canvas: &Canvas,
    config: &FigureConfig,
    panels: &[(String, PlotData)],
) -> Result<()> {
    let names = entries(panels);
    let legend = legend::draw_top(
        canvas,
        &names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), series_colour(i)))
            .collect::<Vec<_>>(),
    )?;
    // One axis for all: every panel's values, and the declared bounds.
    let values = panels.iter().flat_map(|(_, d)| {
        d.series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied())
    });
    let (lo, hi) = values.fold((0.0f64, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let per_row = panels.len().clamp(1, PER_ROW);
    let rows = panels.len().div_ceil(per_row);
    let top = PAD + legend.height;
    let width = (canvas.width - 2.0 * PAD) / per_row as f64;
    let height = (canvas.height - top - PAD) / rows as f64;
    for (i, (name, data)) in panels.iter().enumerate() {
        let (row, col) = (i / per_row, i % per_row);
        let x = PAD + width * col as f64;
        let y = top + height * row as f64;
        canvas.text(
            name,
            x + width / 2.0,
            y + TEXT_PX / 2.0 + 2.0,
            Label {
                bold: true,
                ..Label::new(TEXT_PX, Align::Centre)
            },
        )?;
        let panel = canvas.part(x, y + TEXT_PX + 6.0, width, height - TEXT_PX - 6.0);
        // Every panel keeps the axis titles, so all plot areas line up.
        let mut config = config.clone();
        config.y_min = Some(config.y_min.unwrap_or(lo.min(0.0)));
        config.y_max = Some(config.y_max.unwrap_or(hi));
        // The series keep their colours across panels, whatever each panel holds.
        let colours: Vec<usize> = data
            .series
            .iter()
            .map(|s| names.iter().position(|n| *n == s.name).unwrap_or(0))
            .collect();
        bars::draw_panel(&panel, &config, data, &colours)?;
    }
    Ok(())
}
