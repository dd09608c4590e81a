//! Line charts: one line per series over a date, numeric or categorical x axis.

use anyhow::Result;
use chrono::Datelike;

use super::axis::Scale;
use super::canvas::{Align, Canvas, Label};
use super::data::{PlotData, month_label};
use super::layout::{PAD, PlotArea, ValueAxis, draw_axis_titles, title_space};
use super::legend;
use super::style::{INK, SMALL_PX, series_colour, text_width};
use crate::config::FigureConfig;

/// Draws a line chart.
pub(crate) fn draw(canvas: &Canvas, config: &FigureConfig, data: &PlotData) -> Result<()> {
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
    let ticks = x_ticks(data);
    let last_label_half = ticks
        .iter()
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or(0.0, |(_, label)| text_width(label, SMALL_PX, false) / 2.0);
    let area = PlotArea {
        left: PAD + title_left + axis.label_width() + 8.0,
        top: PAD + legend.height + 6.0,
        // Room for half of the last x label, which is centred on the last point.
        right: canvas.width - PAD - last_label_half.max(10.0),
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
    draw_x_axis(canvas, &ticks, &x, area)?;

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

/// Ticks for a date axis, placed on data points so a label always names the period plotted
/// there: the first point of each calendar year, or every point when the data span fewer than
/// two years (labelled with the month). Positions are days since 1970.
fn date_ticks(points: &[f64]) -> Vec<(f64, String)> {
    let mut sorted: Vec<f64> = points.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.dedup();
    let date = |p: f64| crate::release::date_of_days(p as i64);
    let mut years: Vec<(f64, String)> = Vec::new();
    for &p in &sorted {
        let year = date(p).year().to_string();
        if years.last().is_none_or(|(_, y)| *y != year) {
            years.push((p, year));
        }
    }
    if years.len() >= 2 {
        return years;
    }
    sorted.iter().map(|&p| (p, month_label(p))).collect()
}

/// Candidate x ticks: calendar ticks on a date axis, else the categories.
pub(crate) fn x_ticks(data: &PlotData) -> Vec<(f64, String)> {
    if data.x_is_date {
        date_ticks(&data.x)
    } else {
        data.x
            .iter()
            .copied()
            .zip(data.categories.iter().cloned())
            .collect()
    }
}

/// Draws the x axis along the bottom of `area` and its tick labels, thinned so labels never
/// overlap, using the real pixel distance.
pub(crate) fn draw_x_axis(
    canvas: &Canvas,
    ticks: &[(f64, String)],
    x: &Scale,
    area: PlotArea,
) -> Result<()> {
    draw_x_ticks(canvas, ticks, x, area)?;
    canvas.line(
        &[(area.left, area.bottom), (area.right, area.bottom)],
        INK,
        1,
    )
}

/// Draws x tick labels, thinned so labels never overlap, using the real pixel distance.
fn draw_x_ticks(canvas: &Canvas, ticks: &[(f64, String)], x: &Scale, area: PlotArea) -> Result<()> {
    let mut last_right = f64::NEG_INFINITY;
    for (position, label) in ticks {
        let px = x.at(*position);
        let half = text_width(label, SMALL_PX, false) / 2.0;
        if px - half < last_right + 8.0 {
            continue;
        }
        last_right = px + half;
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
