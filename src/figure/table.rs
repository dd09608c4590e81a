//! A chart's data as a table a reader can read without the chart: one row per category (per
//! panel), one column per series, values printed at the precision the chart shows them, and a
//! protected cell as its symbol. The document sets it in the appendix of chart data, where a
//! screen reader announces its header cells.

use serde::{Deserialize, Serialize};

use super::data::{PlotData, month_name_label};
use crate::config::{AxisFormat, FigureConfig, FigureKind, NumberFormat, Rounding};
use crate::number::format::{FormatSpec, format_value};

/// Series beyond which the table is long (category, series, value) rather than wide.
const WIDEST: usize = 6;

/// A chart's data table: a single header row and its body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct ChartTable {
    /// Column headings.
    pub header: Vec<String>,
    /// Cells, row by row, as printed.
    pub rows: Vec<Vec<String>>,
}

/// A column name as a heading: "age_band" → "Age band".
fn heading(name: &str) -> String {
    let words = name.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `value` in `format` with `decimals` places, rounded half up.
fn printed(value: f64, format: NumberFormat, decimals: u8) -> String {
    format_value(
        value,
        &FormatSpec {
            format,
            decimals: Some(decimals),
            round_to: None,
            rounding: Rounding::HalfUp,
            signed: false,
        },
    )
}

/// One value as the table prints it (a stacked bar's segment as its share of the bar, as the
/// chart draws it).
fn cell(config: &FigureConfig, value: Option<f64>, status: Option<&str>, scale: f64) -> String {
    if let Some(code) = status {
        return crate::status::symbol(code);
    }
    let Some(value) = value else {
        return String::new();
    };
    if matches!(config.kind, FigureKind::Waffle | FigureKind::Stacked) {
        return printed(value, NumberFormat::Percent, 1);
    }
    match config.value_format {
        AxisFormat::Percent => printed(value, NumberFormat::Percent, 1),
        AxisFormat::PercentPoints => {
            format!("{}%", printed(value, NumberFormat::Plain, 1))
        }
        // Large values to the unit with thousands separators; small ones with the decimals
        // that tell them apart.
        AxisFormat::Number if scale >= 100.0 => printed(value, NumberFormat::Thousands, 0),
        AxisFormat::Number if scale >= 10.0 => printed(value, NumberFormat::Plain, 1),
        AxisFormat::Number => printed(value, NumberFormat::Plain, 2),
    }
}

/// Category `i` as the table names it: months in words on a date axis.
fn category(data: &PlotData, i: usize) -> String {
    if data.x_is_date {
        month_name_label(data.x[i])
    } else {
        data.categories[i].clone()
    }
}

/// The table of a chart's plotted data.
pub(crate) fn build(config: &FigureConfig, panels: &[(String, PlotData)]) -> ChartTable {
    let scale = panels
        .iter()
        .flat_map(|(_, d)| d.series.iter().flat_map(|s| s.values.iter().flatten()))
        .fold(0.0f64, |m, v| m.max(v.abs()));
    let mut names: Vec<String> = Vec::new();
    for (_, data) in panels {
        for s in &data.series {
            if !names.contains(&s.name) {
                names.push(s.name.clone());
            }
        }
    }
    // A ranked chart's axis title describes the ranking, not the column.
    let x_heading = if config.x_label.is_empty() || config.kind == FigureKind::Ranked {
        heading(&config.x)
    } else {
        config.x_label.clone()
    };
    let y_heading = if config.y_label.is_empty() {
        heading(&config.y)
    } else {
        config.y_label.clone()
    };
    let long = names.len() > WIDEST;
    let mut header = Vec::new();
    if let Some(panel) = &config.panel {
        header.push(heading(panel));
    }
    header.push(x_heading);
    if let Some(highlight) = &config.highlight {
        header.push(heading(highlight));
    }
    match (&config.series, long) {
        (Some(series), true) => {
            header.extend([heading(series), y_heading]);
            if config.kind == FigureKind::Flow {
                header.push("Share of the group".to_owned());
            }
        }
        (Some(_), false) => header.extend(names.iter().cloned()),
        (None, _) => header.push(y_heading),
    }
    let mut rows = Vec::new();
    for (panel, data) in panels {
        for i in 0..data.categories.len() {
            let lead = || {
                let mut row = Vec::new();
                if config.panel.is_some() {
                    row.push(panel.clone());
                }
                row.push(category(data, i));
                if config.highlight.is_some() {
                    row.push(data.highlight[i].clone().unwrap_or_default());
                }
                row
            };
            if long {
                let total: f64 = data.series.iter().filter_map(|s| s.values[i]).sum();
                for &s in &data.row_order[i] {
                    let series = &data.series[s];
                    let mut row = lead();
                    row.push(series.name.clone());
                    row.push(cell(
                        config,
                        series.values[i],
                        series.status[i].as_deref(),
                        scale,
                    ));
                    if config.kind == FigureKind::Flow {
                        let share = series.values[i].filter(|_| total > 0.0).map(|v| v / total);
                        row.push(
                            share
                                .map_or_else(String::new, |v| printed(v, NumberFormat::Percent, 1)),
                        );
                    }
                    rows.push(row);
                }
            } else {
                let mut row = lead();
                // A stacked bar's segments as shares of the bar, as the chart draws them.
                let total: f64 = data.series.iter().filter_map(|s| s.values[i]).sum();
                let shown = |v: Option<f64>| match config.kind {
                    FigureKind::Stacked => v.filter(|_| total > 0.0).map(|v| v / total),
                    _ => v,
                };
                for name in &names {
                    let text = data
                        .series
                        .iter()
                        .find(|s| s.name == *name)
                        .map(|s| cell(config, shown(s.values[i]), s.status[i].as_deref(), scale))
                        .unwrap_or_default();
                    row.push(text);
                }
                rows.push(row);
            }
        }
    }
    ChartTable { header, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::data::{SeriesData, extract};
    use polars::prelude::{Column, DataFrame};

    fn config(toml: &str) -> FigureConfig {
        toml::from_str(&format!(
            "table = \"t\"\ntitle = \"T\"\nsource = \"S\"\nalt = \"A\"\n{toml}"
        ))
        .unwrap()
    }

    #[test]
    fn a_wide_table_has_a_column_per_series_and_months_in_words() {
        let cfg = config("kind = \"line\"\nx = \"month\"\ny = \"fte\"\nseries = \"group\"");
        let data = PlotData {
            categories: vec!["2020-01-31".into(), "2020-02-29".into()],
            x: vec![18292.0, 18321.0],
            x_is_date: true,
            series: vec![
                SeriesData {
                    name: "Support".into(),
                    values: vec![Some(41_000.4), Some(41_250.0)],
                    status: vec![None, None],
                },
                SeriesData {
                    name: "Nurses".into(),
                    values: vec![Some(38_000.0), None],
                    status: vec![None, Some("c".into())],
                },
            ],
            highlight: vec![None, None],
            row_order: vec![vec![0, 1], vec![0, 1]],
        };
        let table = build(&cfg, &[(String::new(), data)]);
        assert_eq!(table.header, vec!["Month", "Support", "Nurses"]);
        assert_eq!(
            table.rows,
            vec![
                vec!["January 2020", "41,000", "38,000"],
                vec!["February 2020", "41,250", "[c]"],
            ]
        );
    }

    #[test]
    fn a_flow_is_long_with_each_destination_and_its_share_of_the_group() {
        let cfg = config("kind = \"flow\"\nx = \"cohort\"\ny = \"hc\"\nseries = \"to\"");
        let names: Vec<String> = (0..7).map(|i| format!("role {i}")).collect();
        let df = DataFrame::new_infer_height(vec![
            Column::new("cohort".into(), vec!["A"; 7]),
            Column::new("to".into(), names.clone()),
            Column::new("hc".into(), vec![40.0, 20.0, 10.0, 10.0, 10.0, 5.0, 5.0]),
        ])
        .unwrap();
        let data = extract(&cfg, &df).unwrap();
        let table = build(&cfg, &[(String::new(), data)]);
        assert_eq!(
            table.header,
            vec!["Cohort", "To", "Hc", "Share of the group"]
        );
        assert_eq!(table.rows.len(), 7);
        assert_eq!(table.rows[0], vec!["A", "role 0", "40.0", "40.0%"]);
    }

    #[test]
    fn headings_read_as_words() {
        assert_eq!(heading("age_band"), "Age band");
        assert_eq!(heading(""), "");
    }
}
