//! The table step: a SQL query run with `polars-sql` over its input frames.
//!
//! The query is read and parsed once, when the plan is resolved: its relations are the step's
//! inputs. A query may be written inline or kept in a `.sql` file beside its declaration.
//!
//! Two things make Polars results vary between runs, and both are removed here so that table
//! snapshots and CSVs are byte-identical:
//! - `GROUP BY` output has no defined order, so a query without an outer `ORDER BY` is sorted
//!   by all its columns;
//! - a float aggregate over hash-ordered groups adds the same numbers in a different order, so
//!   its last bit can differ; float columns are therefore rounded to 10 significant digits,
//!   far beyond the precision of any published statistic.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use polars::prelude::*;
use polars::sql::SQLContext;
use serde::Serialize;

use crate::config::vars;
use crate::config::{Declared, DisclosureConfig, TableConfig};
use crate::fsx::{self, PROJECT};
use crate::release::Release;
use crate::sql::{self, SqlInfo};

/// A resolved table: its query text (inline or from its `.sql` file) and what the query reads.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TableSpec {
    /// What the table holds, for the data pack.
    pub description: String,
    /// The query, with release variables filled in.
    pub sql: String,
    /// The parsed query: the relations it reads and its ordering.
    #[serde(skip)]
    pub info: SqlInfo,
    /// The `.sql` file the query was read from, if any.
    #[serde(skip)]
    pub sql_file: Option<std::path::PathBuf>,
    /// How its counts of people are protected, or why they need not be.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disclosure: Option<DisclosureConfig>,
    /// Whether its CSV is published.
    #[serde(skip_serializing_if = "is_true")]
    pub publish: bool,
}

fn is_true(value: &bool) -> bool {
    *value
}

/// Reads a table's query (from its `.sql` file when it has one) and parses it.
pub(crate) fn resolve(
    name: &str,
    declared: &Declared<TableConfig>,
    release: &Release,
    root: &Path,
    project: &Path,
) -> Result<TableSpec> {
    let origin = &declared.origin;
    let config = &declared.value;
    let mut sql_file = None;
    let sql = match (&config.sql, &config.sql_file) {
        (Some(sql), None) => sql.clone(),
        (None, Some(file)) => {
            let base = origin.file.parent().unwrap_or(root);
            let path = fsx::confined(&base.join(file), project, "the SQL file", PROJECT)
                .with_context(|| format!("{origin}: table `{name}`"))?;
            let text = fsx::read_to_string(&path)
                .with_context(|| format!("{origin}: failed to read the SQL of table `{name}`"))?;
            let shown = fsx::display_relative(&path, root);
            let text = vars::render(&text, release, Path::new(&shown))?;
            sql_file = Some(path);
            text
        }
        (Some(_), Some(_)) => {
            bail!("{origin}: table `{name}` has both `sql` and `sql_file`; keep one")
        }
        (None, None) => bail!("{origin}: table `{name}` needs `sql` or `sql_file`"),
    };
    let info = sql::analyse(&sql).with_context(|| match &sql_file {
        Some(path) => format!(
            "{origin}: failed to read the SQL of table `{name}` in `{}`",
            fsx::display_relative(path, root)
        ),
        None => format!("{origin}: failed to read the SQL of table `{name}`"),
    })?;
    Ok(TableSpec {
        description: config.description.clone(),
        sql,
        info,
        sql_file,
        disclosure: config.disclosure.clone(),
        publish: config.publish,
    })
}

/// Runs a table's query with each input registered under its name. Inputs are lazy, so the
/// query's projections and filters reach the files datasets are scanned from; with
/// `streaming`, Polars' streaming engine runs it, batch by batch, so memory stays flat however
/// large the files (for frames held in memory the in-memory engine is quicker).
pub(crate) fn run(
    spec: &TableSpec,
    inputs: BTreeMap<String, LazyFrame>,
    streaming: bool,
) -> Result<DataFrame> {
    let engine = if streaming {
        Engine::Streaming
    } else {
        Engine::InMemory
    };
    run_query(&spec.sql, &spec.info, inputs, engine)
}

fn run_query(
    query: &str,
    info: &SqlInfo,
    inputs: BTreeMap<String, LazyFrame>,
    engine: Engine,
) -> Result<DataFrame> {
    let mut context = SQLContext::new();
    for (name, lazy) in inputs {
        context.register(&name, lazy);
    }
    let df = context
        .execute(query)
        .and_then(|lazy| lazy.collect_with_engine(engine))
        .map(|result| result.unwrap_single())
        .map_err(|e| anyhow!("the SQL query failed: {}", polars_message(&e)))?;
    let df = round_floats(df)?;
    if df.width() == 0 || (info.ordered && info.order_keys.is_none()) {
        // An ORDER BY on expressions is kept as written; its keys must identify rows.
        return Ok(df);
    }
    // Rows that tie on the ORDER BY keys come out of Polars in hash order; breaking ties on
    // every remaining column makes the order total, and a stable sort keeps the user's order.
    let keys = info.order_keys.clone().unwrap_or_default();
    let mut by: Vec<PlSmallStr> = keys
        .iter()
        .map(|(k, _)| PlSmallStr::from(k.as_str()))
        .collect();
    let mut descending: Vec<bool> = keys.iter().map(|(_, d)| *d).collect();
    for name in df.get_column_names() {
        if !by.contains(name) {
            by.push(name.clone());
            descending.push(false);
        }
    }
    if by.iter().any(|k| df.column(k).is_err()) {
        return Ok(df);
    }
    df.sort(
        by,
        SortMultipleOptions::default()
            .with_order_descending_multi(descending)
            .with_maintain_order(true),
    )
    .map_err(|e| anyhow!("failed to sort the result into a stable order: {e}"))
}

/// Significant digits kept in float results.
const SIGNIFICANT_DIGITS: i32 = 10;

/// Rounds `value` to [`SIGNIFICANT_DIGITS`] significant digits.
pub(crate) fn round_significant(value: f64) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let magnitude = value.abs().log10().floor() as i32;
    let exponent = SIGNIFICANT_DIGITS - 1 - magnitude;
    // Scale by an exact power of ten in the direction that keeps the factor representable.
    if exponent >= 0 {
        let factor = 10f64.powi(exponent);
        (value * factor).round() / factor
    } else {
        let factor = 10f64.powi(-exponent);
        (value / factor).round() * factor
    }
}

fn round_floats(mut df: DataFrame) -> Result<DataFrame> {
    let names: Vec<PlSmallStr> = df
        .columns()
        .iter()
        .filter(|c| matches!(c.dtype(), DataType::Float64 | DataType::Float32))
        .map(|c| c.name().clone())
        .collect();
    for name in names {
        let rounded: Float64Chunked = df
            .column(&name)?
            .cast(&DataType::Float64)?
            .f64()?
            .apply_values(round_significant);
        df.replace(&name, rounded.into_series().into_column())?;
    }
    Ok(df)
}

/// A Polars error without the query-plan dump that follows the message.
pub(crate) fn polars_message(err: &PolarsError) -> String {
    let text = err.to_string();
    match text.find("\n\nResolved plan") {
        Some(cut) => text[..cut].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(query: &str, inputs: BTreeMap<String, DataFrame>) -> Result<DataFrame> {
        let lazy = inputs.into_iter().map(|(n, df)| (n, df.lazy())).collect();
        run_query(query, &sql::analyse(query)?, lazy, Engine::InMemory)
    }

    #[test]
    fn floats_keep_ten_significant_digits() {
        assert_eq!(
            round_significant(0.3199217570468462),
            round_significant(0.31992175704684617)
        );
        assert_eq!(round_significant(0.3199217570468462), 0.319921757);
        assert_eq!(round_significant(339247.58), 339247.58);
        assert_eq!(round_significant(-1234567890123.0), -1234567890000.0);
        assert_eq!(round_significant(0.0), 0.0);
    }

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
    fn ties_under_order_by_are_broken_by_the_other_columns() {
        let df =
            df!("g" => ["a", "a", "a"], "h" => ["z", "x", "y"], "v" => [1.0, 2.0, 3.0]).unwrap();
        let mut inputs = BTreeMap::new();
        inputs.insert("t".to_owned(), df);
        let out = run(
            "SELECT g, h, SUM(v) AS v FROM t GROUP BY g, h ORDER BY g",
            inputs,
        )
        .unwrap();
        let h: Vec<Option<&str>> = out.column("h").unwrap().str().unwrap().iter().collect();
        assert_eq!(h, vec![Some("x"), Some("y"), Some("z")]);
    }

    #[test]
    fn window_functions_and_ctes_run() {
        let df =
            df!("g" => ["x", "x", "y"], "m" => [1i64, 2, 1], "v" => [10.0, 20.0, 5.0]).unwrap();
        let mut inputs = BTreeMap::new();
        inputs.insert("t".to_owned(), df);
        let out = run(
            "WITH s AS (SELECT g, m, v / SUM(v) OVER (PARTITION BY g) AS share FROM t) \
             SELECT g, m, share FROM s ORDER BY g, m",
            inputs,
        )
        .unwrap();
        let shares: Vec<Option<f64>> = out.column("share").unwrap().f64().unwrap().iter().collect();
        assert_eq!(
            shares,
            vec![Some(0.3333333333), Some(0.6666666667), Some(1.0)]
        );
    }
}
