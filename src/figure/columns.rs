//! Stacked columns over time: one column per x value, its series stacked from zero, so the
//! column's height is the total and each segment its part (Figure 12's hours by how they were
//! filled).

use anyhow::{Result, bail};

use super::axis::Scale;
use super::canvas::Canvas;
use super::data::PlotData;
use super::layout::{PAD, PlotArea, ValueAxis, draw_axis_titles, title_space};
use super::legend;
use super::line::{draw_x_axis, x_ticks};
use super::style::series_colour;
use crate::config::FigureConfig;

/// Each column's total (protected or missing cells count as nothing).
pub(crate) fn totals(data: &PlotData) -> Vec<f64> {
    (0..data.categories.len())
        .map(|c| data.series.iter().filter_map(|s| s.values[c]).sum())
        .collect()
}

/// Draws the chart.
pub(crate) fn draw(canvas: &Canvas, config: &FigureConfig, data: &PlotData) -> Result<()> {
    if let Some(v) = data
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .find(|v| **v < 0.0)
    {
        bail!("stacked columns cannot show the negative value {v}");
    }
    let legend = legend::draw_top(canvas, &legend::series_entries(data))?;
    let hi = totals(data).into_iter().fold(0.0, f64::max);
    let axis = ValueAxis::new(config, 0.0, hi, true);
    let (title_left, title_bottom) = title_space(config, true);
    let area = PlotArea {
        left: PAD + title_left + axis.label_width() + 8.0,
        top: PAD + legend.height + 6.0,
        right: canvas.width - PAD - 12.0,
        bottom: canvas.height - PAD - title_bottom - 22.0,
    };
    let y = axis.draw_vertical(canvas, area)?;
    let n = data.categories.len();
    let band = (area.right - area.left) / n as f64;
    let width = band * 0.8;
    for c in 0..n {
        let x0 = area.left + band * c as f64 + (band - width) / 2.0;
        let mut base = 0.0;
        for (s, series) in data.series.iter().enumerate() {
            let Some(v) = series.values[c] else { continue };
            canvas.rect(x0, y.at(base + v), x0 + width, y.at(base), series_colour(s))?;
            base += v;
        }
    }
    // Tick labels under the columns they name: an x value's column is its position in order.
    let ticks: Vec<(f64, String)> = x_ticks(data)
        .into_iter()
        .filter_map(|(at, label)| {
            data.x
                .iter()
                .position(|x| *x == at)
                .map(|i| (i as f64, label))
        })
        .collect();
    let x = Scale {
        min: -0.5,
        max: n as f64 - 0.5,
        from_px: area.left,
        to_px: area.right,
    };
    draw_x_axis(canvas, &ticks, &x, area)?;
    draw_axis_titles(canvas, config, area, true)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::data::SeriesData;

    #[test]
    fn a_column_is_the_sum_of_its_segments_with_gaps_as_nothing() {
        let series = |values: Vec<Option<f64>>| SeriesData {
            name: String::new(),
            status: vec![None; values.len()],
            values,
        };
        let data = PlotData {
            categories: vec!["a".into(), "b".into()],
            x: vec![0.0, 1.0],
            x_is_date: false,
            series: vec![
                series(vec![Some(3.0), None]),
                series(vec![Some(2.0), Some(4.0)]),
            ],
            highlight: vec![None, None],
            row_order: vec![vec![0, 1], vec![1]],
        };
        assert_eq!(totals(&data), vec![5.0, 4.0]);
    }
}
