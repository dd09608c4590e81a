//! The plotted data of a figure, taken from its table: categories (or x values) × series.
//!
//! Categories and series keep the order in which they first appear in the table, so the table's
//! `ORDER BY` decides the order of bars, segments and legend entries. The same structure is
//! written out as the figure's tidy CSV, so a reviewer sees exactly the numbers drawn.

use anyhow::{Context, Result, bail};
use polars::prelude::{AnyValue, Column, DataFrame, DataType};

use crate::config::FigureConfig;

/// One series across all categories.
#[derive(Debug, Clone)]
pub(crate) struct SeriesData {
    /// Legend name.
    pub name: String,
    /// One value per category; `None` where the table has no row or the cell is protected.
    pub values: Vec<Option<f64>>,
    /// One disclosure status per category (`c`, `x`, `z`) where the table gives one: the
    /// value is a gap, drawn as a gap and marked with its symbol.
    pub status: Vec<Option<String>>,
}

/// Everything a chart draws.
#[derive(Debug, Clone)]
pub(crate) struct PlotData {
    /// Category or x labels, in order.
    pub categories: Vec<String>,
    /// Numeric x positions (days since 1970 for dates, else the category index).
    pub x: Vec<f64>,
    /// Whether x is a date axis.
    pub x_is_date: bool,
    /// Series in legend order.
    pub series: Vec<SeriesData>,
    /// Highlight group of each category (ranked charts).
    pub highlight: Vec<Option<String>>,
    /// Per category, its series in the order of the table's rows (a flow draws each group's
    /// destinations in this order).
    pub row_order: Vec<Vec<usize>>,
}

impl PlotData {
    /// Whether any plotted cell is protected by disclosure control.
    pub(crate) fn has_status(&self) -> bool {
        self.series
            .iter()
            .any(|s| s.status.iter().any(Option::is_some))
    }
}

/// Reads a figure's table into plot data.
pub(crate) fn extract(config: &FigureConfig, df: &DataFrame) -> Result<PlotData> {
    let column = |name: &str| {
        df.column(name).with_context(|| {
            let have: Vec<String> = df
                .get_column_names()
                .iter()
                .map(|n| format!("`{n}`"))
                .collect();
            format!(
                "table `{}` has no column `{name}` (it has {})",
                config.table,
                have.join(", ")
            )
        })
    };
    let x_col = column(&config.x)?;
    let x_is_date = matches!(x_col.dtype(), DataType::Date);
    let y_raw = column(&config.y)?;
    if !y_raw.dtype().is_primitive_numeric() {
        bail!(
            "column `{}` of table `{}` holds {}, not numbers, so it cannot be plotted",
            config.y,
            config.table,
            y_raw.dtype()
        );
    }
    let y_col = y_raw.cast(&DataType::Float64)?;
    let y = y_col.f64().expect("cast to Float64");
    if let Some(bad) = y.iter().flatten().find(|v| !v.is_finite()) {
        bail!(
            "column `{}` of table `{}` holds `{bad}`; check for a division by zero",
            config.y,
            config.table
        );
    }
    if y.iter().all(|v| v.is_none()) {
        bail!(
            "column `{}` of table `{}` has no values to plot",
            config.y,
            config.table
        );
    }
    let status_col = df
        .column(&crate::status::status_column(&config.y))
        .ok()
        .map(|c| c.cast(&DataType::String))
        .transpose()?;
    let x_is_numeric = x_col.dtype().is_primitive_numeric();
    let series_col = config.series.as_deref().map(column).transpose()?;
    let highlight_col = config.highlight.as_deref().map(column).transpose()?;
    if df.height() == 0 {
        bail!(
            "table `{}` is empty, so there is nothing to plot",
            config.table
        );
    }

    let mut data = PlotData {
        categories: Vec::new(),
        x: Vec::new(),
        x_is_date,
        series: Vec::new(),
        highlight: Vec::new(),
        row_order: Vec::new(),
    };
    let mut seen = std::collections::BTreeSet::new();
    for row in 0..df.height() {
        let x_value = x_col.get(row)?;
        let label = text_of(&x_value);
        let category = match data.categories.iter().position(|c| *c == label) {
            Some(i) => i,
            None => {
                // Dates and numbers are placed by value; anything else by its order of appearance.
                data.x.push(match &x_value {
                    AnyValue::Date(days) => f64::from(days.to_owned()),
                    other if x_is_numeric => other
                        .extract::<f64>()
                        .unwrap_or(data.categories.len() as f64),
                    _ => data.categories.len() as f64,
                });
                data.categories.push(label.clone());
                data.row_order.push(Vec::new());
                data.highlight.push(match &highlight_col {
                    Some(col) => Some(text_of(&col.get(row)?)),
                    None => None,
                });
                for series in &mut data.series {
                    series.values.push(None);
                    series.status.push(None);
                }
                data.categories.len() - 1
            }
        };
        let series_name = match &series_col {
            Some(col) => text_of(&col.get(row)?),
            None => config.y.clone(),
        };
        let series = match data.series.iter().position(|s| s.name == series_name) {
            Some(i) => i,
            None => {
                data.series.push(SeriesData {
                    name: series_name.clone(),
                    values: vec![None; data.categories.len()],
                    status: vec![None; data.categories.len()],
                });
                data.series.len() - 1
            }
        };
        if !seen.insert((category, series)) {
            bail!(
                "table `{}` has two rows for {} = `{label}` and series `{series_name}`",
                config.table,
                config.x
            );
        }
        data.row_order[category].push(series);
        let status = match &status_col {
            Some(col) => col.str()?.get(row).map(str::to_owned),
            None => None,
        };
        data.series[series].values[category] = if status.is_some() { None } else { y.get(row) };
        data.series[series].status[category] = status;
    }
    Ok(data)
}

/// Reads a figure's table into one plot per value of the `panel` column, in the order the
/// values first appear.
pub(crate) fn extract_panels(
    config: &FigureConfig,
    panel: &str,
    df: &DataFrame,
) -> Result<Vec<(String, PlotData)>> {
    let column = df.column(panel).with_context(|| {
        format!(
            "table `{}` has no column `{panel}` to split the figure into panels",
            config.table
        )
    })?;
    let labels: Vec<String> = (0..df.height())
        .map(|row| column.get(row).map(|v| text_of(&v)))
        .collect::<std::result::Result<_, _>>()?;
    let mut names: Vec<String> = Vec::new();
    for label in &labels {
        if !names.contains(label) {
            names.push(label.clone());
        }
    }
    names
        .into_iter()
        .map(|name| {
            let mask: polars::prelude::BooleanChunked = labels.iter().map(|l| *l == name).collect();
            let part = df.filter(&mask)?;
            let plot = extract(config, &part)
                .with_context(|| format!("in panel `{name}` (column `{panel}`)"))?;
            Ok((name, plot))
        })
        .collect()
}

/// A cell as display text (dates as ISO dates).
fn text_of(value: &AnyValue) -> String {
    match value {
        AnyValue::Null => String::new(),
        AnyValue::String(s) => (*s).to_owned(),
        AnyValue::StringOwned(s) => s.to_string(),
        AnyValue::Date(days) => crate::release::iso_date(*days),
        other => other.to_string(),
    }
}

/// The plotted data as a tidy frame: panel (when the figure has panels), category, series,
/// value.
pub(crate) fn tidy_frame(
    config: &FigureConfig,
    panels: &[(String, PlotData)],
) -> Result<DataFrame> {
    let mut names = Vec::new();
    let mut categories = Vec::new();
    let mut series = Vec::new();
    let mut values = Vec::new();
    let mut statuses: Vec<Option<&str>> = Vec::new();
    for (panel, data) in panels {
        for (i, category) in data.categories.iter().enumerate() {
            for s in &data.series {
                names.push(panel.as_str());
                categories.push(category.as_str());
                series.push(s.name.as_str());
                values.push(s.values[i]);
                statuses.push(s.status[i].as_deref());
            }
        }
    }
    let series_name = config.series.as_deref().unwrap_or("series");
    let mut columns = Vec::new();
    if let Some(panel) = &config.panel {
        columns.push(Column::new(panel.as_str().into(), names));
    }
    columns.extend([
        Column::new(config.x.as_str().into(), categories),
        Column::new(series_name.into(), series),
        Column::new(config.y.as_str().into(), values),
    ]);
    // Protected cells keep their status, so the figure's CSV prints `[c]`, not a blank.
    if panels.iter().any(|(_, data)| data.has_status()) {
        columns.push(Column::new(
            crate::status::status_column(&config.y).into(),
            statuses,
        ));
    }
    Ok(DataFrame::new_infer_height(columns)?)
}

/// "December 2020" for a date given as days since 1970: how alt text says a month.
pub(crate) fn month_name_label(days: f64) -> String {
    crate::release::date_of_days(days as i64)
        .format("%B %Y")
        .to_string()
}

/// "Jan 2010" for a date given as days since 1970.
pub(crate) fn month_label(days: f64) -> String {
    crate::release::date_of_days(days as i64)
        .format("%b %Y")
        .to_string()
}
