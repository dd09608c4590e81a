//! Grouped bar charts (vertical or horizontal) and ranked bars by organisation.

use anyhow::Result;

use super::axis::format_tick;
use super::canvas::{Align, Canvas, Label};
use super::data::{PlotData, SeriesData};
use super::layout::{PAD, PlotArea, ValueAxis, draw_axis_titles, title_space};
use super::legend;
use super::style::{INK, MUTED, Rgb, SMALL_PX, series_colour, text_width, wrap};
use crate::config::{FigureConfig, Orientation};

/// Most categories that still get a name beside their bar.
const MAX_NAMED: usize = 30;

/// Draws grouped bars: each category holds one bar per series.
pub(crate) fn draw_grouped(canvas: &Canvas, config: &FigureConfig, data: &PlotData) -> Result<()> {
    let palette: Vec<usize> = (0..data.series.len()).collect();
    grouped(canvas, config, data, &palette, legend::series_entries(data))
}

/// Draws one panel of small multiples: grouped bars without a legend of their own (the
/// panels share one), each series in the palette colour `palette` gives it.
pub(crate) fn draw_panel(
    canvas: &Canvas,
    config: &FigureConfig,
    data: &PlotData,
    palette: &[usize],
) -> Result<()> {
    grouped(canvas, config, data, palette, Vec::new())
}

/// Grouped bars, series `s` in palette colour `palette[s]`, under the legend `entries`.
fn grouped(
    canvas: &Canvas,
    config: &FigureConfig,
    data: &PlotData,
    palette: &[usize],
    entries: Vec<(String, Rgb)>,
) -> Result<()> {
    let colours: Vec<Vec<Rgb>> = palette
        .iter()
        .map(|&i| vec![series_colour(i); data.categories.len()])
        .collect();
    draw_bars(
        canvas,
        config,
        data,
        &data.series,
        &colours,
        entries,
        config.orientation,
    )
}

/// Draws one bar per category, largest first, coloured by the highlight group.
pub(crate) fn draw_ranked(canvas: &Canvas, config: &FigureConfig, data: &PlotData) -> Result<()> {
    let values = &data.series[0].values;
    let mut order: Vec<usize> = (0..data.categories.len()).collect();
    order.sort_by(|&a, &b| {
        let (va, vb) = (
            values[a].unwrap_or(f64::NEG_INFINITY),
            values[b].unwrap_or(f64::NEG_INFINITY),
        );
        vb.total_cmp(&va).then(a.cmp(&b))
    });
    let mut groups: Vec<String> = Vec::new();
    for group in data.highlight.iter().flatten() {
        if !groups.contains(group) {
            groups.push(group.clone());
        }
    }
    let sorted = PlotData {
        categories: order.iter().map(|&i| data.categories[i].clone()).collect(),
        x: order.iter().map(|&i| data.x[i]).collect(),
        x_is_date: false,
        series: vec![SeriesData {
            name: data.series[0].name.clone(),
            values: order.iter().map(|&i| values[i]).collect(),
            status: order
                .iter()
                .map(|&i| data.series[0].status[i].clone())
                .collect(),
        }],
        highlight: order.iter().map(|&i| data.highlight[i].clone()).collect(),
        row_order: order.iter().map(|_| vec![0]).collect(),
    };
    let colours = vec![
        sorted
            .highlight
            .iter()
            .map(|g| match g {
                Some(g) => group_colour(groups.iter().position(|x| x == g).unwrap_or(0)),
                None => series_colour(0),
            })
            .collect(),
    ];
    let entries = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.clone(), group_colour(i)))
        .collect();
    let orientation = if sorted.categories.len() > MAX_NAMED {
        Orientation::Vertical
    } else {
        Orientation::Horizontal
    };
    draw_bars(
        canvas,
        config,
        &sorted,
        &sorted.series,
        &colours,
        entries,
        orientation,
    )
}

/// The first highlight group is coloured, the second muted (the comparison), the rest coloured.
fn group_colour(group: usize) -> Rgb {
    match group {
        0 => series_colour(0),
        1 => MUTED,
        g => series_colour(g - 1),
    }
}

fn draw_bars(
    canvas: &Canvas,
    config: &FigureConfig,
    data: &PlotData,
    series: &[SeriesData],
    colours: &[Vec<Rgb>],
    entries: Vec<(String, Rgb)>,
    orientation: Orientation,
) -> Result<()> {
    let legend = legend::draw_top(canvas, &entries)?;
    let values = series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied());
    let (lo, hi) = values.fold((0.0f64, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let axis = ValueAxis::new(config, lo, hi, true);
    let n = data.categories.len();
    let named = n <= MAX_NAMED;
    let vertical = orientation == Orientation::Vertical;
    let (title_left, title_bottom) = title_space(config, vertical);
    let top = PAD + legend.height + 6.0;
    let line_px = SMALL_PX * 1.15;

    if vertical {
        let left = PAD + title_left + axis.label_width() + 8.0;
        let band = (canvas.width - PAD - left) / n as f64;
        let wrapped: Vec<Vec<String>> = data
            .categories
            .iter()
            .map(|c| wrap(c, SMALL_PX, band - 4.0))
            .collect();
        let label_lines = if named {
            wrapped.iter().map(Vec::len).max().unwrap_or(1)
        } else {
            0
        };
        let area = PlotArea {
            left,
            top,
            right: canvas.width - PAD,
            bottom: canvas.height - PAD - title_bottom - label_lines as f64 * line_px - 8.0,
        };
        let scale = axis.draw_vertical(canvas, area)?;
        let inner = band * if named { 0.78 } else { 0.9 };
        let bar = inner / series.len() as f64;
        // Labels go on every bar or on none: a partial set reads as missing data.
        let show_labels = config.labels
            && series
                .iter()
                .flat_map(|s| s.values.iter().flatten())
                .all(|&v| text_width(&value_label(config, &axis, v), SMALL_PX, false) <= bar + 4.0);
        for (c, lines) in wrapped.iter().enumerate() {
            let start = area.left + band * c as f64 + (band - inner) / 2.0;
            for (s, ser) in series.iter().enumerate() {
                let x0 = start + bar * s as f64;
                let Some(v) = ser.values[c] else {
                    // A protected cell is a gap marked with its symbol, never a zero bar.
                    if let Some(code) = &ser.status[c] {
                        canvas.text(
                            &crate::status::symbol(code),
                            x0 + bar / 2.0,
                            scale.at(0f64.max(axis.ticks[0])) - 8.0,
                            Label::new(SMALL_PX, Align::Centre),
                        )?;
                    }
                    continue;
                };
                canvas.rect(
                    x0,
                    scale.at(v.max(axis.ticks[0])),
                    x0 + bar - 1.0,
                    scale.at(0f64.max(axis.ticks[0])),
                    colours[s][c],
                )?;
                if show_labels {
                    let y = if v < 0.0 {
                        scale.at(v) + 8.0
                    } else {
                        scale.at(v) - 8.0
                    };
                    canvas.text(
                        &value_label(config, &axis, v),
                        x0 + bar / 2.0,
                        y,
                        Label::new(SMALL_PX, Align::Centre),
                    )?;
                }
            }
            if named {
                let y = area.bottom + 6.0 + line_px * lines.len() as f64 / 2.0;
                canvas.text_block(
                    lines,
                    area.left + band * (c as f64 + 0.5),
                    y,
                    Label::new(SMALL_PX, Align::Centre),
                )?;
            }
        }
        draw_axis_titles(canvas, config, area, true)?;
        return Ok(());
    }

    let max_label = canvas.width * 0.34;
    let wrapped: Vec<Vec<String>> = data
        .categories
        .iter()
        .map(|c| wrap(c, SMALL_PX, max_label))
        .collect();
    let label_width = wrapped
        .iter()
        .flatten()
        .map(|l| text_width(l, SMALL_PX, false))
        .fold(0.0, f64::max);
    let value_room = if config.labels { 40.0 } else { 12.0 };
    let area = PlotArea {
        left: PAD + title_left + label_width + 8.0,
        top,
        right: canvas.width - PAD - value_room,
        bottom: canvas.height - PAD - title_bottom - 22.0,
    };
    let scale = axis.draw_horizontal(canvas, area)?;
    let band = (area.bottom - area.top) / n as f64;
    let inner = band * 0.78;
    let bar = inner / series.len() as f64;
    for (c, lines) in wrapped.iter().enumerate() {
        let start = area.top + band * c as f64 + (band - inner) / 2.0;
        for (s, ser) in series.iter().enumerate() {
            let y0 = start + bar * s as f64;
            let Some(v) = ser.values[c] else {
                if let Some(code) = &ser.status[c] {
                    canvas.text(
                        &crate::status::symbol(code),
                        scale.at(0f64.max(axis.ticks[0])) + 4.0,
                        y0 + bar / 2.0,
                        Label::new(SMALL_PX, Align::Left),
                    )?;
                }
                continue;
            };
            canvas.rect(
                scale.at(0f64.max(axis.ticks[0])),
                y0,
                scale.at(v),
                y0 + bar - 1.0,
                colours[s][c],
            )?;
            if config.labels {
                // Beyond the end of the bar: right of positive bars, left of negative ones.
                let (x, align) = if v < 0.0 {
                    (scale.at(v) - 4.0, Align::Right)
                } else {
                    (scale.at(v) + 4.0, Align::Left)
                };
                canvas.text(
                    &value_label(config, &axis, v),
                    x,
                    y0 + bar / 2.0,
                    Label::new(SMALL_PX, align),
                )?;
            }
        }
        canvas.text_block(
            lines,
            area.left - 6.0,
            area.top + band * (c as f64 + 0.5),
            Label::new(SMALL_PX, Align::Right),
        )?;
    }
    canvas.line(&[(area.left, area.top), (area.left, area.bottom)], INK, 1)?;
    draw_axis_titles(canvas, config, area, false)?;
    Ok(())
}

/// A bar's value at the precision of the value axis (whole percentages on a 5% grid).
fn value_label(config: &FigureConfig, axis: &ValueAxis, value: f64) -> String {
    format_tick(value, config.value_format, axis.step())
}
