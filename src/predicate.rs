//! `column = value` over a frame's columns, as checks and disclosure control declare them
//! (`total = { GROUP = "All" }`, `exempt_rows = { region = "England" }`): the value is read by
//! the column's type, so `1` matches a float column and `"2020-06-30"` a date column.

use anyhow::{Result, bail};
use polars::prelude::*;

/// `column = value` as a Polars predicate, the value read by the column's type.
pub(crate) fn equals(schema: &Schema, column: &str, value: &toml::Value) -> Result<Expr> {
    let dtype = schema.get(column).cloned().unwrap_or(DataType::Null);
    Ok(match value {
        toml::Value::Integer(i) if dtype.is_primitive_numeric() => {
            col(column).cast(DataType::Float64).eq(lit(*i as f64))
        }
        toml::Value::Float(f) if dtype.is_primitive_numeric() => {
            col(column).cast(DataType::Float64).eq(lit(*f))
        }
        toml::Value::Boolean(b) => col(column).eq(lit(*b)),
        toml::Value::String(_) | toml::Value::Datetime(_) | toml::Value::Integer(_) => col(column)
            .cast(DataType::String)
            .eq(lit(value_text(value))),
        other => bail!("`{column}` cannot be compared with `{other}`"),
    })
}

/// A TOML value as the text a cell of it would show.
pub(crate) fn value_text(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
