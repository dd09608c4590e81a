//! Running a table's SQL with `polars-sql` over its input frames.
//!
//! Polars `GROUP BY` output has no defined order, so a query without an outer `ORDER BY` is
//! sorted by all its columns: the same inputs always give the same rows in the same order,
//! which the table snapshots and the byte-identical CSVs depend on.

use std::collections::BTreeMap;

use anyhow::{Result, anyhow};
use polars::prelude::*;
use polars::sql::SQLContext;

use crate::sql;

/// Routes Polars warnings through our own voice, dropping one that SQL date literals trigger.
///
/// `DATE '2020-06-30'` is how an analyst writes a date in SQL; Polars implements it as a
/// string-to-date cast and prints a deprecation notice for every chunk, which would bury the
/// build summary.
fn install_warning_filter() {
    fn forward(message: &str, warning: polars::error::PolarsWarning) {
        if !message.starts_with("Casting from String to Date") {
            eprintln!("warning: polars ({warning:?}): {message}");
        }
    }
    polars::error::set_warning_function(forward);
}

/// Runs `query` with each input registered under its name.
pub fn run(query: &str, inputs: BTreeMap<String, DataFrame>) -> Result<DataFrame> {
    let info = sql::analyse(query)?;
    install_warning_filter();
    let mut context = SQLContext::new();
    for (name, df) in inputs {
        context.register(&name, df.lazy());
    }
    let df = context
        .execute(query)
        .and_then(LazyFrame::collect)
        .map_err(|e| anyhow!("the SQL query failed: {}", polars_message(&e)))?;
    if info.ordered || df.width() == 0 {
        return Ok(df);
    }
    let by: Vec<PlSmallStr> = df.get_column_names().into_iter().cloned().collect();
    df.sort(by, SortMultipleOptions::default().with_maintain_order(true))
        .map_err(|e| anyhow!("failed to sort the result into a stable order: {e}"))
}

/// A Polars error without the query-plan dump that follows the message.
pub fn polars_message(err: &PolarsError) -> String {
    let text = err.to_string();
    match text.find("\n\nResolved plan") {
        Some(cut) => text[..cut].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unordered_group_by_results_come_back_sorted() {
        let df = df!("g" => ["b", "a", "b", "c"], "v" => [1.0, 2.0, 3.0, 4.0]).unwrap();
        let mut inputs = BTreeMap::new();
        inputs.insert("t".to_owned(), df);
        let out = run("SELECT g, SUM(v) AS total FROM t GROUP BY g", inputs).unwrap();
        let expected = df!("g" => ["a", "b", "c"], "total" => [2.0, 4.0, 4.0]).unwrap();
        assert!(out.equals(&expected), "{out}");
    }

    #[test]
    fn window_functions_and_ctes_run() {
        let df = df!("g" => ["x", "x", "y"], "m" => [1i64, 2, 1], "v" => [10.0, 20.0, 5.0]).unwrap();
        let mut inputs = BTreeMap::new();
        inputs.insert("t".to_owned(), df);
        let out = run(
            "WITH s AS (SELECT g, m, v / SUM(v) OVER (PARTITION BY g) AS share FROM t) \
             SELECT g, m, share FROM s ORDER BY g, m",
            inputs,
        )
        .unwrap();
        let shares: Vec<Option<f64>> = out.column("share").unwrap().f64().unwrap().into_iter().collect();
        assert_eq!(shares, vec![Some(10.0 / 30.0), Some(20.0 / 30.0), Some(1.0)]);
    }
}
