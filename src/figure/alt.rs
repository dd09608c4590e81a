//! Alt text generated from the plotted data with a minijinja template from `report.toml`.
//!
//! The template sees the categories and, per series, its values with first/last/min/max and
//! where they occur, plus `percent`, `thousands` and `decimal` filters that use the same
//! formatting rules as numbers. Alt text therefore always describes the data actually drawn.

use anyhow::{Result, anyhow};
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior, Value, context};
use serde::Serialize;

use super::data::PlotData;
use super::stacked::shares;
use crate::config::{FigureConfig, FigureKind, NumberFormat, Rounding};
use crate::number::format::{FormatSpec, format_value};

#[derive(Serialize)]
struct Point {
    x: String,
    value: Option<Cell>,
    share: Option<f64>,
}

/// A plotted value, or the words for a protected cell ("suppressed"), which the number
/// filters print as they are.
#[derive(Serialize)]
#[serde(untagged)]
enum Cell {
    Number(f64),
    Withheld(&'static str),
}

#[derive(Serialize)]
struct SeriesSummary {
    name: String,
    points: Vec<Point>,
    first: Option<f64>,
    last: Option<f64>,
    first_x: String,
    last_x: String,
    min: Option<f64>,
    min_x: String,
    max: Option<f64>,
    max_x: String,
}

/// Category `i` as a reader says it: "December 2020" on a date axis, the label otherwise.
fn spoken(data: &PlotData, i: usize) -> String {
    if data.x_is_date {
        super::data::month_name_label(data.x[i])
    } else {
        data.categories[i].clone()
    }
}

/// One panel of small multiples, as the template sees it.
#[derive(Serialize)]
struct PanelSummary {
    name: String,
    categories: Vec<String>,
    series: Vec<SeriesSummary>,
}

/// Each point's share: of its category's total (stacked bars), of the whole (waffle) or of
/// its group (flow); none for other kinds.
fn point_shares(data: &PlotData, kind: FigureKind) -> Option<Vec<Vec<Option<f64>>>> {
    match kind {
        FigureKind::Stacked | FigureKind::Flow => Some(shares(data)),
        FigureKind::Waffle => super::waffle::shares(data)
            .ok()
            .map(|s| s.into_iter().map(|v| vec![Some(v)]).collect()),
        _ => None,
    }
}

fn summarise(data: &PlotData, kind: FigureKind) -> Vec<SeriesSummary> {
    let row_shares = point_shares(data, kind);
    data.series
        .iter()
        .enumerate()
        .map(|(s, series)| {
            let present: Vec<(usize, f64)> = series
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i, v)))
                .collect();
            let label =
                |i: Option<&(usize, f64)>| i.map(|(i, _)| spoken(data, *i)).unwrap_or_default();
            let min = present.iter().min_by(|a, b| a.1.total_cmp(&b.1));
            let max = present.iter().max_by(|a, b| a.1.total_cmp(&b.1));
            SeriesSummary {
                name: series.name.clone(),
                points: series
                    .values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| Point {
                        x: spoken(data, i),
                        value: match (&series.status[i], v) {
                            (Some(code), _) => Some(Cell::Withheld(crate::status::words(code))),
                            (None, Some(v)) => Some(Cell::Number(*v)),
                            (None, None) => None,
                        },
                        share: row_shares.as_ref().and_then(|r| r[i][s]),
                    })
                    .collect(),
                first: present.first().map(|p| p.1),
                last: present.last().map(|p| p.1),
                first_x: label(present.first()),
                last_x: label(present.last()),
                min: min.map(|p| p.1),
                min_x: label(min),
                max: max.map(|p| p.1),
                max_x: label(max),
            }
        })
        .collect()
}

/// A filter that formats a value, or says "no data" where the table has none; text (a
/// protected cell's symbol or words) passes through.
///
/// An undefined value (a typo such as `p.valu`) is an error, so strict mode still catches it.
pub(crate) fn formatter(
    format: NumberFormat,
    default_decimals: Option<u8>,
) -> impl Fn(Value, Option<u8>) -> Result<String, Error> {
    move |value, decimals| {
        if value.is_undefined() {
            return Err(Error::new(
                ErrorKind::UndefinedError,
                "the value to format is undefined",
            ));
        }
        if value.is_none() {
            return Ok("no data".to_owned());
        }
        // A protected cell is printed as its symbol or its words, never as a number.
        if let Some(text) = value.as_str() {
            return Ok(text.to_owned());
        }
        let number = f64::try_from(value)?;
        Ok(format_value(
            number,
            &FormatSpec {
                format,
                decimals: decimals.or(default_decimals),
                round_to: None,
                rounding: Rounding::HalfUp,
                signed: false,
            },
        ))
    }
}

/// Renders the figure's alt-text template.
pub(crate) fn render(
    name: &str,
    config: &FigureConfig,
    panels: &[(String, PlotData)],
) -> Result<String> {
    let data = &panels[0].1;
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.add_filter("percent", formatter(NumberFormat::Percent, None));
    env.add_filter("thousands", formatter(NumberFormat::Thousands, None));
    env.add_filter("decimal", formatter(NumberFormat::Plain, Some(1)));
    let template_name = format!("alt text of figure `{name}`");
    env.add_template_owned(template_name.clone(), config.alt.clone())
        .map_err(|e| anyhow!("{e:#}"))?;
    let template = env
        .get_template(&template_name)
        .map_err(|e| anyhow!("{e:#}"))?;
    let text = template
        .render(context! {
            title => config.title,
            categories => (0..data.categories.len()).map(|i| spoken(data, i)).collect::<Vec<_>>(),
            series => summarise(data, config.kind),
            panels => panels.iter().map(|(name, data)| PanelSummary {
                name: name.clone(),
                categories: (0..data.categories.len()).map(|i| spoken(data, i)).collect(),
                series: summarise(data, config.kind),
            }).collect::<Vec<_>>(),
        })
        .map_err(|e| anyhow!("{e:#}"))?;
    Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
}
