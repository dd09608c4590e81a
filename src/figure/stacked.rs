//! Horizontal 100% stacked bars: each category's series as shares of the category total.

use anyhow::Result;

use super::axis::nice_ticks;
use super::canvas::{Align, Canvas, Label, contrast_text};
use super::data::PlotData;
use super::layout::{PAD, PlotArea, ValueAxis, draw_axis_titles, title_space};
use super::legend;
use super::style::{SMALL_PX, series_colour, text_width, wrap};
use crate::config::{AxisFormat, FigureConfig, Rounding};
use crate::number::format::round;

/// Most rows that still get a name beside their bar.
const MAX_NAMED: usize = 30;

/// Each category's values divided by its total (`None` where the total is not positive).
pub(crate) fn shares(data: &PlotData) -> Vec<Vec<Option<f64>>> {
    (0..data.categories.len())
        .map(|c| {
            let total: f64 = data.series.iter().filter_map(|s| s.values[c]).sum();
            data.series
                .iter()
                .map(|s| s.values[c].filter(|_| total > 0.0).map(|v| v / total))
                .collect()
        })
        .collect()
}

/// Draws the chart.
pub(crate) fn draw(canvas: &Canvas, config: &FigureConfig, data: &PlotData) -> Result<()> {
    let legend = legend::draw_top(canvas, &legend::series_entries(data))?;

    let n = data.categories.len();
    let named = n <= MAX_NAMED;
    let max_label = canvas.width * 0.3;
    let wrapped: Vec<Vec<String>> = data
        .categories
        .iter()
        .map(|c| wrap(c, SMALL_PX, max_label))
        .collect();
    let label_width = if named {
        wrapped
            .iter()
            .flatten()
            .map(|l| text_width(l, SMALL_PX, false))
            .fold(0.0, f64::max)
    } else {
        0.0
    };
    let (title_left, title_bottom) = title_space(config, false);
    let area = PlotArea {
        left: PAD + title_left + label_width + 8.0,
        top: PAD + legend.height + 6.0,
        right: canvas.width - PAD - 12.0,
        bottom: canvas.height - PAD - title_bottom - 22.0,
    };
    let axis = ValueAxis {
        ticks: nice_ticks(0.0, 1.0, 10),
        format: AxisFormat::Percent,
    };
    let scale = axis.draw_horizontal(canvas, area)?;
    let band = (area.bottom - area.top) / n as f64;
    let bar = band * if named { 0.66 } else { 0.85 };
    for (c, row) in shares(data).iter().enumerate() {
        let y0 = area.top + band * c as f64 + (band - bar) / 2.0;
        let mut cumulative = 0.0;
        for (s, share) in row.iter().enumerate() {
            let Some(share) = share else { continue };
            let (x0, x1) = (scale.at(cumulative), scale.at(cumulative + share));
            let colour = series_colour(s);
            canvas.rect(x0, y0, x1, y0 + bar, colour)?;
            let text = format!("{}%", round(share * 100.0, 0, Rounding::HalfUp));
            let label = Label {
                colour: contrast_text(colour),
                ..Label::new(SMALL_PX, Align::Centre)
            };
            if named && text_width(&text, SMALL_PX, false) + 6.0 <= x1 - x0 && bar >= SMALL_PX {
                canvas.text(&text, (x0 + x1) / 2.0, y0 + bar / 2.0, label)?;
            }
            cumulative += share;
        }
        if named {
            let y = area.top + band * (c as f64 + 0.5);
            canvas.text_block(
                &wrapped[c],
                area.left - 6.0,
                y,
                Label::new(SMALL_PX, Align::Right),
            )?;
        }
    }
    draw_axis_titles(canvas, config, area, false)?;
    Ok(())
}
