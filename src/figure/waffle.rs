//! Part-to-whole charts as a waffle: 100 squares, one per percentage point of the total,
//! filled in category order, with a legend that names each category and its share.
//!
//! Squares are allotted by the largest-remainder rule, so they always add up to 100 and a
//! category's squares differ from its exact share by less than one.

use anyhow::{Result, bail};

use super::canvas::{Align, Canvas, Label};
use super::data::PlotData;
use super::layout::PAD;
use super::style::{SMALL_PX, TEXT_PX, series_colour, wrap};
use crate::config::Rounding;
use crate::number::format::round;

/// Squares per side of the grid.
const SIDE: usize = 10;

/// Each category's value over the total of all categories.
pub(crate) fn shares(data: &PlotData) -> Result<Vec<f64>> {
    let values: Vec<f64> = data.series[0]
        .values
        .iter()
        .map(|v| v.unwrap_or(0.0))
        .collect();
    if let Some(v) = values.iter().find(|v| **v < 0.0) {
        bail!("a part-to-whole chart cannot show the negative value {v}");
    }
    let total: f64 = values.iter().sum();
    if total <= 0.0 {
        bail!("a part-to-whole chart needs a positive total");
    }
    Ok(values.iter().map(|v| v / total).collect())
}

/// Squares per category: the floors of the shares of 100, then one more to the largest
/// remainders (earlier categories first on ties) until there are 100.
pub(crate) fn squares(shares: &[f64]) -> Vec<usize> {
    let cells = (SIDE * SIDE) as f64;
    let exact: Vec<f64> = shares.iter().map(|s| s * cells).collect();
    let mut counts: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    let short = (SIDE * SIDE).saturating_sub(counts.iter().sum());
    for &i in order.iter().cycle().take(short) {
        counts[i] += 1;
    }
    counts
}

/// Draws the chart: the grid on the left, the legend with shares on the right.
pub(crate) fn draw(canvas: &Canvas, data: &PlotData) -> Result<()> {
    let shares = shares(data)?;
    let counts = squares(&shares);
    let grid = (canvas.height - 2.0 * PAD).min(canvas.width * 0.5);
    let cell = grid / SIDE as f64;
    let gap = (cell * 0.12).max(1.0);
    let mut fill = counts
        .iter()
        .enumerate()
        .flat_map(|(c, &n)| std::iter::repeat_n(c, n));
    // Column by column from the bottom left, so each category is one contiguous block.
    for col in 0..SIDE {
        for row in (0..SIDE).rev() {
            let Some(category) = fill.next() else { break };
            let x0 = PAD + cell * col as f64;
            let y0 = PAD + cell * row as f64;
            canvas.rect(
                x0,
                y0,
                x0 + cell - gap,
                y0 + cell - gap,
                series_colour(category),
            )?;
        }
    }
    let left = PAD + grid + 24.0;
    let width = canvas.width - left - PAD;
    let swatch = 14.0;
    let entries: Vec<(Vec<String>, String)> = data
        .categories
        .iter()
        .zip(&shares)
        .map(|(name, share)| {
            (
                wrap(name, TEXT_PX, width - swatch - 8.0),
                format!("{}%", round(share * 100.0, 0, Rounding::HalfUp)),
            )
        })
        .collect();
    let line = TEXT_PX * 1.15;
    let block: f64 = entries
        .iter()
        .map(|(lines, _)| (lines.len() + 1) as f64 * line + 10.0)
        .sum();
    let mut y = PAD + ((grid - block) / 2.0).max(0.0);
    for (c, (lines, share)) in entries.iter().enumerate() {
        canvas.rect(
            left,
            y + 2.0,
            left + swatch,
            y + 2.0 + swatch,
            series_colour(c),
        )?;
        let text_left = left + swatch + 8.0;
        let bold = Label {
            bold: true,
            ..Label::new(TEXT_PX, Align::Left)
        };
        canvas.text(share, text_left, y + line / 2.0 + 2.0, bold)?;
        for (i, l) in lines.iter().enumerate() {
            canvas.text(
                l,
                text_left,
                y + line * (i as f64 + 1.5) + 2.0,
                Label::new(SMALL_PX, Align::Left),
            )?;
        }
        y += (lines.len() + 1) as f64 * line + 10.0;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squares_add_up_to_one_hundred_by_largest_remainder() {
        // Figure 4's shares: 32.0, 7.0, 32.3 and 28.7 squares.
        let counts = squares(&[0.3199, 0.0700, 0.3232, 0.2868]);
        assert_eq!(counts, vec![32, 7, 32, 29]);
        assert_eq!(squares(&[1.0 / 3.0; 3]), vec![34, 33, 33]);
        assert_eq!(squares(&[1.0]), vec![100]);
    }
}
