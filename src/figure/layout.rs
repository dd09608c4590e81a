//! Shared chart geometry: the plot rectangle and the value axis drawn with gridlines.

use anyhow::Result;

use super::axis::{Scale, format_tick, nice_ticks};
use super::canvas::{Align, Canvas, Label};
use super::style::{GRID, INK, SMALL_PX, TEXT_PX, text_width};
use crate::config::{AxisFormat, FigureConfig};

/// Outer padding of every chart, in pixels.
pub(crate) const PAD: f64 = 8.0;

/// The rectangle data are drawn in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PlotArea {
    /// Left edge.
    pub left: f64,
    /// Top edge.
    pub top: f64,
    /// Right edge.
    pub right: f64,
    /// Bottom edge.
    pub bottom: f64,
}

/// A value axis: its ticks and the labels' widest extent.
pub(crate) struct ValueAxis {
    /// Tick values, ascending.
    pub ticks: Vec<f64>,
    /// Format of tick labels.
    pub format: AxisFormat,
}

impl ValueAxis {
    /// Ticks for data in `[lo, hi]`, honouring the figure's `y_min`/`y_max`.
    pub(crate) fn new(config: &FigureConfig, lo: f64, hi: f64, include_zero: bool) -> ValueAxis {
        let lo = config
            .y_min
            .unwrap_or(if include_zero { lo.min(0.0) } else { lo });
        let hi = config.y_max.unwrap_or(hi);
        ValueAxis {
            ticks: nice_ticks(lo, hi, 5),
            format: config.value_format,
        }
    }

    /// The step between ticks.
    pub(crate) fn step(&self) -> f64 {
        if self.ticks.len() > 1 {
            self.ticks[1] - self.ticks[0]
        } else {
            1.0
        }
    }

    /// Tick label texts.
    pub(crate) fn labels(&self) -> Vec<String> {
        self.ticks
            .iter()
            .map(|&t| format_tick(t, self.format, self.step()))
            .collect()
    }

    /// Widest tick label in pixels.
    pub(crate) fn label_width(&self) -> f64 {
        self.labels()
            .iter()
            .map(|l| text_width(l, SMALL_PX, false))
            .fold(0.0, f64::max)
    }

    /// Scale between the first and last tick over a pixel range.
    pub(crate) fn scale(&self, from_px: f64, to_px: f64) -> Scale {
        Scale {
            min: *self.ticks.first().expect("at least one tick"),
            max: *self.ticks.last().expect("at least one tick"),
            from_px,
            to_px,
        }
    }

    /// Draws horizontal gridlines and labels at the left of `area` (vertical value axis).
    pub(crate) fn draw_vertical(&self, canvas: &Canvas, area: PlotArea) -> Result<Scale> {
        let scale = self.scale(area.bottom, area.top);
        for (tick, label) in self.ticks.iter().zip(self.labels()) {
            let y = scale.at(*tick);
            let colour = if *tick == 0.0 { INK } else { GRID };
            canvas.line(&[(area.left, y), (area.right, y)], colour, 1)?;
            canvas.text(
                &label,
                area.left - 6.0,
                y,
                Label::new(SMALL_PX, Align::Right),
            )?;
        }
        Ok(scale)
    }

    /// Draws vertical gridlines and labels under `area` (horizontal value axis).
    pub(crate) fn draw_horizontal(&self, canvas: &Canvas, area: PlotArea) -> Result<Scale> {
        let scale = self.scale(area.left, area.right);
        for (tick, label) in self.ticks.iter().zip(self.labels()) {
            let x = scale.at(*tick);
            let colour = if *tick == 0.0 { INK } else { GRID };
            canvas.line(&[(x, area.top), (x, area.bottom)], colour, 1)?;
            canvas.text(
                &label,
                x,
                area.bottom + 12.0,
                Label::new(SMALL_PX, Align::Centre),
            )?;
        }
        Ok(scale)
    }
}

/// Draws the axis titles: the value-axis title rotated at the left, the other under the plot.
pub(crate) fn draw_axis_titles(
    canvas: &Canvas,
    config: &FigureConfig,
    area: PlotArea,
    vertical_values: bool,
) -> Result<()> {
    let (left_title, bottom_title) = if vertical_values {
        (&config.y_label, &config.x_label)
    } else {
        (&config.x_label, &config.y_label)
    };
    if !left_title.is_empty() {
        let label = Label {
            vertical: true,
            ..Label::new(TEXT_PX, Align::Centre)
        };
        canvas.text(
            left_title,
            PAD + TEXT_PX / 2.0,
            (area.top + area.bottom) / 2.0,
            label,
        )?;
    }
    if !bottom_title.is_empty() {
        let y = canvas.height - PAD - TEXT_PX / 2.0;
        canvas.text(
            bottom_title,
            (area.left + area.right) / 2.0,
            y,
            Label::new(TEXT_PX, Align::Centre),
        )?;
    }
    Ok(())
}

/// Space the axis titles need: (left, bottom).
pub(crate) fn title_space(config: &FigureConfig, vertical_values: bool) -> (f64, f64) {
    let (left_title, bottom_title) = if vertical_values {
        (&config.y_label, &config.x_label)
    } else {
        (&config.x_label, &config.y_label)
    };
    let left = if left_title.is_empty() {
        0.0
    } else {
        TEXT_PX + 8.0
    };
    let bottom = if bottom_title.is_empty() {
        0.0
    } else {
        TEXT_PX + 8.0
    };
    (left, bottom)
}
