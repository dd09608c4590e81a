//! Line charts: one line per series over a date, numeric or categorical x axis.

use anyhow::Result;

use super::axis::Scale;
use super::canvas::{Align, Canvas, Label};
use super::data::{PlotData, month_label};
use super::layout::{PAD, PlotArea, ValueAxis, draw_axis_titles, title_space};
use super::legend;
use super::style::{INK, SMALL_PX, series_colour, text_width};
use crate::config::FigureConfig;

/// Draws a line chart.
pub fn draw(canvas: &Canvas, config: &FigureConfig, data: &PlotData) -> Result<()> {
    let legend = legend::draw_top(canvas, &legend::series_entries(data))?;

    let values = data
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied());
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let axis = ValueAxis::new(config, lo, hi, false);
    let (title_left, title_bottom) = title_space(config, true);
    let area = PlotArea {
        left: PAD + title_left + axis.label_width() + 8.0,
        top: PAD + legend.height + 6.0,
        right: canvas.width - PAD - 10.0,
        bottom: canvas.height - PAD - title_bottom - 22.0,
    };
    let y = axis.draw_vertical(canvas, area)?;
    draw_axis_titles(canvas, config, area, true)?;

    let (x_min, x_max) = data
        .x
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    let x = Scale {
        min: x_min,
        max: x_max,
        from_px: area.left,
        to_px: area.right,
    };
    draw_x_ticks(canvas, data, &x, area)?;
    canvas.line(
        &[(area.left, area.bottom), (area.right, area.bottom)],
        INK,
        1,
    )?;

    for (i, series) in data.series.iter().enumerate() {
        let mut run: Vec<(f64, f64)> = Vec::new();
        for (position, value) in data.x.iter().zip(&series.values) {
            match value {
                Some(v) => run.push((x.at(*position), y.at(*v))),
                None => {
                    if run.len() > 1 {
                        canvas.line(&run, series_colour(i), 2)?;
                    }
                    run.clear();
                }
            }
        }
        if run.len() > 1 {
            canvas.line(&run, series_colour(i), 2)?;
        }
    }
    Ok(())
}

/// x tick labels: January of each year on a date axis (thinned to fit), else the categories.
fn draw_x_ticks(canvas: &Canvas, data: &PlotData, x: &Scale, area: PlotArea) -> Result<()> {
    let mut ticks: Vec<(f64, String)> = Vec::new();
    if data.x_is_date {
        for (position, category) in data.x.iter().zip(&data.categories) {
            if category.get(5..7) == Some("01") {
                ticks.push((*position, category[..4].to_owned()));
            }
        }
        if ticks.len() < 2 {
            ticks = data.x.iter().map(|&p| (p, month_label(p))).collect();
        }
    } else {
        ticks = data
            .x
            .iter()
            .copied()
            .zip(data.categories.iter().cloned())
            .collect();
    }
    let widest = ticks
        .iter()
        .map(|(_, l)| text_width(l, SMALL_PX, false))
        .fold(0.0, f64::max);
    let spacing = if ticks.len() > 1 {
        (area.right - area.left) / (ticks.len() - 1) as f64
    } else {
        f64::MAX
    };
    let every = ((widest + 10.0) / spacing).ceil().max(1.0) as usize;
    for (i, (position, label)) in ticks.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        let px = x.at(*position);
        canvas.line(&[(px, area.bottom), (px, area.bottom + 4.0)], INK, 1)?;
        canvas.text(
            label,
            px,
            area.bottom + 13.0,
            Label::new(SMALL_PX, Align::Centre),
        )?;
    }
    Ok(())
}
