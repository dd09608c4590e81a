//! Flows between two moments (Figure 16): for each starting group (`x`), a bar on the left
//! for everyone in it, and bands to where they were a year later (`series`), each as wide as
//! its share of the group. Each group is its own flow, so destinations of different groups are
//! never merged into one node.

use anyhow::{Result, bail};

use super::canvas::{Align, Canvas, Label};
use super::data::PlotData;
use super::layout::PAD;
use super::style::{INK, MUTED, SMALL_PX, series_colour, text_width, wrap};
use crate::config::Rounding;
use crate::number::format::round;

/// Gap between destination nodes, in pixels.
const NODE_GAP: f64 = 5.0;
/// Gap between two groups' flows.
const GROUP_GAP: f64 = 26.0;
/// Thinnest node drawn, so a share of 0.5% is still seen.
const MIN_NODE: f64 = 2.5;
/// Points along each edge of a band.
const STEPS: usize = 32;

/// Each group's destinations as (series index, share of the group), in the order of the
/// table's rows, leaving out destinations the group has no one in.
pub(crate) fn shares(data: &PlotData) -> Result<Vec<Vec<(usize, f64)>>> {
    (0..data.categories.len())
        .map(|c| {
            let values: Vec<(usize, f64)> = data.row_order[c]
                .iter()
                .filter_map(|&s| data.series[s].values[c].map(|v| (s, v)))
                .collect();
            if let Some((_, v)) = values.iter().find(|(_, v)| *v < 0.0) {
                bail!("a flow cannot carry the negative value {v}");
            }
            let total: f64 = values.iter().map(|(_, v)| v).sum();
            if total <= 0.0 {
                bail!("`{}` has no one to draw a flow from", data.categories[c]);
            }
            Ok(values
                .into_iter()
                .filter(|(_, v)| *v > 0.0)
                .map(|(s, v)| (s, v / total))
                .collect())
        })
        .collect()
}

/// A share as the chart prints it: one decimal place, as the original labels its flows.
fn percent(share: f64) -> String {
    format!("{:.1}%", round(share * 100.0, 1, Rounding::HalfUp))
}

/// Label centres no closer than `step` apart, as near their wanted positions as possible and
/// inside `[top, bottom]`.
fn spread(wanted: &[f64], step: f64, top: f64, bottom: f64) -> Vec<f64> {
    let mut at: Vec<f64> = Vec::with_capacity(wanted.len());
    for &w in wanted {
        let floor = at.last().map_or(top, |last| last + step);
        at.push(w.max(floor));
    }
    // Pushed past the bottom: move the run back up, keeping the spacing.
    let mut ceiling = bottom;
    for y in at.iter_mut().rev() {
        if *y > ceiling {
            *y = ceiling;
        }
        ceiling = *y - step;
    }
    at
}

/// Smooth step from 0 to 1: the band leaves and arrives level.
fn ease(t: f64) -> f64 {
    t * t * (3.0 - 2.0 * t)
}

/// Draws the chart.
pub(crate) fn draw(canvas: &Canvas, data: &PlotData) -> Result<()> {
    let groups = shares(data)?;
    let n = groups.len();
    let left_label = canvas.width * 0.22;
    let right_label = data
        .series
        .iter()
        .map(|s| text_width(&format!("{} 100.0%", s.name), SMALL_PX, false))
        .fold(0.0, f64::max)
        .min(canvas.width * 0.4);
    let node = 12.0;
    let x_left = PAD + left_label + 8.0;
    let x_right = canvas.width - PAD - right_label - 14.0 - node;
    let block = (canvas.height - 2.0 * PAD - GROUP_GAP * (n as f64 - 1.0)) / n as f64;
    let line = SMALL_PX * 1.15;
    for (g, destinations) in groups.iter().enumerate() {
        let top = PAD + g as f64 * (block + GROUP_GAP);
        // The whole group on the left.
        canvas.rect(x_left, top, x_left + node, top + block, MUTED)?;
        let lines = wrap(&data.categories[g], SMALL_PX, left_label);
        canvas.text_block(
            &lines,
            x_left - 6.0,
            top + block / 2.0 - line / 2.0,
            Label::new(SMALL_PX, Align::Right),
        )?;
        canvas.text(
            "100%",
            x_left - 6.0,
            top + block / 2.0 + line * (lines.len() as f64) / 2.0,
            Label::new(SMALL_PX, Align::Right),
        )?;
        // Destinations on the right, separated by gaps; the thinnest still visible.
        let room = block - NODE_GAP * (destinations.len() as f64 - 1.0);
        let heights: Vec<f64> = destinations
            .iter()
            .map(|(_, share)| (share * room).max(MIN_NODE))
            .collect();
        let scale = room / heights.iter().sum::<f64>();
        let mut source = top;
        let mut target = top;
        let mut centres = Vec::new();
        // Colours by place within the group: each flow uses the palette from its start.
        for (place, ((_, share), h)) in destinations.iter().zip(&heights).enumerate() {
            let h = h * scale;
            let from = share * block;
            let colour = series_colour(place);
            // The band runs a pixel into both nodes, so no seam shows where they meet.
            let (x0, x1) = (x_left + node - 1.0, x_right + 1.0);
            let mut band = Vec::with_capacity(2 * (STEPS + 1));
            for i in 0..=STEPS {
                let t = i as f64 / STEPS as f64;
                let y = source + (target - source) * ease(t);
                band.push((x0 + (x1 - x0) * t, y));
            }
            for i in (0..=STEPS).rev() {
                let t = i as f64 / STEPS as f64;
                let y = (source + from) + ((target + h) - (source + from)) * ease(t);
                band.push((x0 + (x1 - x0) * t, y));
            }
            canvas.polygon(&band, colour)?;
            canvas.rect(x_right, target, x_right + node, target + h, colour)?;
            centres.push(target + h / 2.0);
            source += from;
            target += h + NODE_GAP;
        }
        let placed = spread(&centres, line, top + line / 2.0, top + block - line / 2.0);
        let label_x = x_right + node + 14.0;
        for (((s, share), want), y) in destinations.iter().zip(&centres).zip(&placed) {
            if (want - y).abs() > 1.0 {
                canvas.line(
                    &[(x_right + node + 1.0, *want), (label_x - 3.0, *y)],
                    INK,
                    1,
                )?;
            }
            canvas.text(
                &format!("{} {}", data.series[*s].name, percent(*share)),
                label_x,
                *y,
                Label::new(SMALL_PX, Align::Left),
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_keep_their_spacing_and_stay_inside() {
        assert_eq!(
            spread(&[10.0, 11.0, 50.0], 5.0, 0.0, 100.0),
            vec![10.0, 15.0, 50.0]
        );
        // Crowded at the bottom: pushed back up from the bottom edge.
        assert_eq!(
            spread(&[98.0, 99.0, 99.5], 5.0, 0.0, 100.0),
            vec![90.0, 95.0, 100.0]
        );
    }

    #[test]
    fn shares_are_of_each_group_and_skip_empty_destinations() {
        use super::super::data::SeriesData;
        let series = |name: &str, values: Vec<Option<f64>>| SeriesData {
            name: name.into(),
            status: vec![None; values.len()],
            values,
        };
        let data = PlotData {
            categories: vec!["A".into(), "B".into()],
            x: vec![0.0, 1.0],
            x_is_date: false,
            series: vec![
                series("stay", vec![Some(3.0), Some(1.0)]),
                series("move", vec![Some(1.0), Some(0.0)]),
            ],
            highlight: vec![None, None],
            row_order: vec![vec![1, 0], vec![0, 1]],
        };
        assert_eq!(
            shares(&data).unwrap(),
            vec![vec![(1, 0.25), (0, 0.75)], vec![(0, 1.0)]]
        );
    }
}
