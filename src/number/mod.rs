//! The number step: pick a value from a table and format it for the text.
//!
//! A number selects rows with `where` (column = value), then takes the single match or combines
//! the matches with `agg`. Templates print only these values, so the numbers snapshot pins
//! every figure quoted in the prose. The step also settles the number's rounding
//! [`Qualifier`] ("nearly", "just over"), so wording stays true when the value moves.

pub(crate) mod format;
pub(crate) mod words;

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};
use polars::prelude::{AnyValue, DataFrame, DataType};
use serde::{Deserialize, Serialize};

use crate::cache::Artifacts;
use crate::config::{Aggregate, Declared, NumberConfig};
use format::FormatSpec;
pub(crate) use format::Qualifier;

/// A number as published in `numbers.json` and compared by `rapport diff`: the one record of
/// a number's value. Fields are in the order `numbers.json` has always printed them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct NumberValue {
    /// What it measures.
    pub description: String,
    /// The text printed in the report.
    pub formatted: String,
    /// The unrounded value.
    pub raw: f64,
}

/// A resolved number: its declaration (the table it reads is a step input).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NumberSpec {
    /// The declaration as written.
    pub config: NumberConfig,
}

/// What a number step produces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct NumberOutput {
    /// The value as published.
    pub value: NumberValue,
    /// How the printed value relates to the raw one.
    pub qualifier: Qualifier,
}

/// The artifact holding a number's output in the cache.
const VALUE: &str = "value.json";

impl NumberOutput {
    /// The output as cache artifacts.
    pub(crate) fn encode(&self) -> Result<Artifacts> {
        let mut out = Artifacts::new();
        out.insert(VALUE.into(), serde_json::to_vec_pretty(self)?);
        Ok(out)
    }

    /// The output back from cache artifacts.
    pub(crate) fn decode(artifacts: &Artifacts) -> Result<NumberOutput> {
        let bytes = artifacts
            .get(VALUE)
            .context("a cached number has no value")?;
        serde_json::from_slice(bytes).context("a cached number's value does not parse")
    }
}

/// A number's declaration, checked (a `round_to` step a float can divide by); its table is a
/// step input.
pub(crate) fn resolve(name: &str, declared: &Declared<NumberConfig>) -> Result<NumberSpec> {
    if let Some(step) = declared.value.round_to
        && !(step.is_finite() && (1e-9..=1e15).contains(&step))
    {
        anyhow::bail!(
            "{}: number `{name}`: `round_to` is {step}; it must be a step between 1e-9 and 1e15",
            declared.origin
        );
    }
    // A cache key is the declaration as JSON, where NaN and infinity would all print as
    // `null`; and no row can be matched on them anyway.
    for (column, value) in &declared.value.filter {
        if let toml::Value::Float(f) = value
            && !f.is_finite()
        {
            anyhow::bail!(
                "{}: number `{name}`: `where.{column}` is {f}; a row is matched on a finite number",
                declared.origin
            );
        }
    }
    Ok(NumberSpec {
        config: declared.value.clone(),
    })
}

/// Computes a number and its qualifier from its table.
pub(crate) fn run(spec: &NumberSpec, df: &DataFrame) -> Result<NumberOutput> {
    let value = evaluate(&spec.config, df)?;
    let qualifier = format::qualifier(value.raw, &FormatSpec::of(&spec.config));
    Ok(NumberOutput { value, qualifier })
}

/// Which rows of `table` (its frame `df`) a `where` filter selects.
fn mask(table: &str, filter: &BTreeMap<String, toml::Value>, df: &DataFrame) -> Result<Vec<bool>> {
    let mut mask = vec![true; df.height()];
    for (column, wanted) in filter {
        let values = df.column(column).with_context(|| {
            let have: Vec<String> = df
                .get_column_names()
                .iter()
                .map(|n| format!("`{n}`"))
                .collect();
            format!(
                "table `{table}` has no column `{column}` (it has {})",
                have.join(", ")
            )
        })?;
        for (row, keep) in mask.iter_mut().enumerate() {
            if *keep && !matches(&values.get(row)?, wanted) {
                *keep = false;
            }
        }
    }
    Ok(mask)
}

/// The rows of `table` (its frame `df`) that a `where` filter selects: what a number reads
/// (for `rapport explain`) and what a table claim ranks.
pub(crate) fn selected_rows(
    table: &str,
    filter: &BTreeMap<String, toml::Value>,
    df: &DataFrame,
) -> Result<DataFrame> {
    let keep: polars::prelude::BooleanChunked =
        mask(table, filter, df)?.into_iter().map(Some).collect();
    Ok(df.filter(&keep)?)
}

/// Computes one number from its table.
pub(crate) fn evaluate(config: &NumberConfig, df: &DataFrame) -> Result<NumberValue> {
    let available = || {
        df.get_column_names()
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mask = mask(&config.table, &config.filter, df)?;
    let column = df.column(&config.column).with_context(|| {
        format!(
            "table `{}` has no column `{}` (it has {})",
            config.table,
            config.column,
            available()
        )
    })?;
    if !column.dtype().is_primitive_numeric() {
        bail!(
            "column `{}` of table `{}` holds {}, not numbers",
            config.column,
            config.table,
            column.dtype()
        );
    }
    let column = column.cast(&DataType::Float64).with_context(|| {
        format!(
            "column `{}` of table `{}` is not numeric",
            config.column, config.table
        )
    })?;
    let values = column.f64().expect("cast to Float64");
    let selected: Vec<Option<f64>> = values
        .iter()
        .zip(&mask)
        .filter(|(_, keep)| **keep)
        .map(|(v, _)| v)
        .collect();
    // A protected cell is never printed, nor counted into a sum or a mean.
    if let Ok(status) = df.column(&crate::status::status_column(&config.column)) {
        let status = status.cast(&DataType::String)?;
        let withheld = status
            .str()?
            .iter()
            .zip(&mask)
            .find_map(|(code, keep)| code.filter(|_| *keep));
        if let Some(code) = withheld {
            bail!(
                "a selected cell of `{}` in table `{}` is {} (disclosure control): a protected \
                 value cannot be printed; choose a cell that is published, or an exempt total",
                config.column,
                config.table,
                crate::status::symbol(code)
            );
        }
    }
    let describe_filter = || {
        if config.filter.is_empty() {
            String::new()
        } else {
            let parts: Vec<String> = config
                .filter
                .iter()
                .map(|(k, v)| format!("{k} = {v}"))
                .collect();
            format!(" where {}", parts.join(", "))
        }
    };
    let raw = match config.agg {
        None => match selected.as_slice() {
            [Some(value)] => *value,
            [None] => bail!(
                "the selected cell of `{}` is empty{}",
                config.column,
                describe_filter()
            ),
            [] => bail!(
                "no row of table `{}` matches{}",
                config.table,
                describe_filter()
            ),
            many => bail!(
                "{} rows of table `{}` match{}; narrow `where` or set `agg`",
                many.len(),
                config.table,
                describe_filter()
            ),
        },
        Some(Aggregate::Count) => selected.len() as f64,
        Some(agg) => {
            let present: Vec<f64> = selected.iter().flatten().copied().collect();
            if present.is_empty() {
                bail!(
                    "no non-empty value of `{}` in table `{}`{}",
                    config.column,
                    config.table,
                    describe_filter()
                );
            }
            match agg {
                Aggregate::Sum => present.iter().sum(),
                Aggregate::Mean => present.iter().sum::<f64>() / present.len() as f64,
                Aggregate::Min => present.iter().copied().fold(f64::INFINITY, f64::min),
                Aggregate::Max => present.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                Aggregate::Count => unreachable!("handled above"),
            }
        }
    };
    if !raw.is_finite() {
        bail!(
            "the value is not a finite number ({raw}); check for a division by zero in table `{}`",
            config.table
        );
    }
    let spec = FormatSpec::of(config);
    Ok(NumberValue {
        formatted: format::format_value(raw, &spec),
        raw,
        description: config.description.clone(),
    })
}

/// Whether a cell equals a `where` value from `report.toml`.
fn matches(cell: &AnyValue, wanted: &toml::Value) -> bool {
    match (cell, wanted) {
        (AnyValue::String(s), toml::Value::String(w)) => s == w,
        (AnyValue::StringOwned(s), toml::Value::String(w)) => s.as_str() == w,
        (AnyValue::Boolean(b), toml::Value::Boolean(w)) => b == w,
        (cell, toml::Value::Integer(w)) => cell.extract::<f64>() == Some(*w as f64),
        (cell, toml::Value::Float(w)) => cell.extract::<f64>() == Some(*w),
        (AnyValue::Date(_), toml::Value::Datetime(w)) => {
            matches(cell, &toml::Value::String(w.to_string()))
        }
        (AnyValue::Date(days), toml::Value::String(w)) => crate::release::iso_date(*days) == *w,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{NumberFormat, Rounding};
    use polars::prelude::df;

    fn config(filter: &[(&str, &str)], agg: Option<Aggregate>) -> NumberConfig {
        NumberConfig {
            table: "t".into(),
            column: "v".into(),
            filter: filter
                .iter()
                .map(|(k, v)| ((*k).to_owned(), toml::Value::String((*v).to_owned())))
                .collect(),
            agg,
            format: NumberFormat::Percent,
            decimals: None,
            round_to: None,
            rounding: Rounding::HalfUp,
            signed: false,
            description: String::new(),
        }
    }

    #[test]
    fn selects_one_cell_or_aggregates() {
        let df = df!("g" => ["a", "b", "b"], "v" => [0.14, 0.25, 0.5]).unwrap();
        assert_eq!(
            evaluate(&config(&[("g", "a")], None), &df)
                .unwrap()
                .formatted,
            "14%"
        );
        assert_eq!(
            evaluate(&config(&[("g", "b")], Some(Aggregate::Sum)), &df)
                .unwrap()
                .formatted,
            "75%"
        );
        let err = evaluate(&config(&[("g", "b")], None), &df)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("2 rows of table `t` match where g = \"b\""),
            "{err}"
        );
        let err = evaluate(&config(&[("g", "z")], None), &df)
            .unwrap_err()
            .to_string();
        assert!(err.contains("no row"), "{err}");
        let err = evaluate(&config(&[("h", "a")], None), &df)
            .unwrap_err()
            .to_string();
        assert!(err.contains("no column `h`"), "{err}");
    }
}
