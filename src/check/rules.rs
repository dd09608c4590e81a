//! The row rules: grain, not-null, accepted values, ranges, reconciliation and periods, each
//! a Polars query over the relation's rows (lazy, so a large dataset streams through it).
//!
//! Every rule returns the same [`Outcome`]: how many rows (or groups) break it and the first
//! few, printed as `COLUMN = value` so a statistician can find them in the file.

use std::collections::BTreeMap;

use anyhow::{Result, bail};
use polars::prelude::*;

use super::{EXAMPLES, Outcome};
use crate::config::Rounding;
use crate::config::{CheckConfig, CheckKind, PeriodExpectation};
use crate::predicate::{equals, value_text};

/// Runs the row rule `config` declares over `rows`.
pub(super) fn evaluate(config: &CheckConfig, rows: LazyFrame) -> Result<Outcome> {
    let schema = rows
        .clone()
        .collect_schema()
        .map_err(|e| anyhow::anyhow!("{}", crate::table::polars_message(&e)))?;
    let named: Vec<&String> = config
        .columns
        .iter()
        .chain(&config.column)
        .chain(&config.by)
        .chain(config.total.keys())
        .chain(config.parts.keys())
        .chain(&config.sum_of)
        .collect();
    for name in named {
        if schema.get(name).is_none() {
            let have: Vec<String> = schema.iter_names().map(|n| format!("`{n}`")).collect();
            bail!(
                "`{}` has no column `{name}` (it has {})",
                config.on,
                have.join(", ")
            );
        }
    }
    let total = count(rows.clone())?;
    let mut outcome = match config.kind {
        CheckKind::Grain => grain(config, rows)?,
        CheckKind::NotNull => not_null(&config.columns, rows)?,
        CheckKind::AcceptedValues => accepted(config, &schema, rows)?,
        CheckKind::Range => range(config, rows)?,
        CheckKind::Reconcile if !config.sum_of.is_empty() => sum_of(config, rows)?,
        CheckKind::Reconcile => reconcile(config, &schema, rows)?,
        CheckKind::Periods => periods(config, &schema, rows)?,
        CheckKind::PreviousRelease => unreachable!("previous_release checks are profiles"),
    };
    outcome.rows = total;
    Ok(outcome)
}

fn grain(config: &CheckConfig, rows: LazyFrame) -> Result<Outcome> {
    let nulls = not_null(&config.columns, rows.clone())?;
    if !nulls.passed {
        return Ok(nulls);
    }
    let keys: Vec<Expr> = config.columns.iter().map(|c| col(c.as_str())).collect();
    let shared = collect(
        rows.group_by(keys)
            .agg([len().alias("__rows")])
            .filter(col("__rows").gt(lit(1)))
            .sort(config.columns.clone(), SortMultipleOptions::default()),
    )?;
    let list = config.columns.join(", ");
    if shared.height() == 0 {
        return Ok(pass(format!("no two rows share {list}")));
    }
    let repeated: u64 = shared
        .column("__rows")?
        .cast(&DataType::UInt64)?
        .u64()?
        .iter()
        .flatten()
        .sum();
    let mut examples = describe(&shared, &config.columns)?;
    for (line, n) in examples
        .iter_mut()
        .zip(shared.column("__rows")?.u32()?.iter())
    {
        line.push_str(&format!(
            " ({})",
            counted(n.unwrap_or(0) as usize, "row", "rows")
        ));
    }
    Ok(fail(
        shared.height(),
        format!(
            "{} share their {list} with another row ({}): the same rows read twice, or periods \
             stacked",
            counted(repeated as usize, "row", "rows"),
            counted(shared.height(), "repeated key", "repeated keys")
        ),
        examples,
    ))
}

fn not_null(columns: &[String], rows: LazyFrame) -> Result<Outcome> {
    let any_null = columns
        .iter()
        .map(|c| col(c.as_str()).is_null())
        .reduce(|a, b| a.or(b))
        .expect("a grain or not_null check has columns");
    let failing = collect(rows.filter(any_null))?;
    let list = columns.join(", ");
    if failing.height() == 0 {
        return Ok(pass(format!("no row has an empty {list}")));
    }
    Ok(fail(
        failing.height(),
        format!(
            "{} an empty {list}",
            counted(failing.height(), "row has", "rows have")
        ),
        describe(&failing, &all_columns(&failing))?,
    ))
}

fn accepted(config: &CheckConfig, schema: &Schema, rows: LazyFrame) -> Result<Outcome> {
    let column = config.column.as_deref().expect("resolved");
    let allowed = config
        .values
        .iter()
        .map(|v| equals(schema, column, v))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .reduce(|a, b| a.or(b))
        .expect("resolved: values are given");
    let failing = collect(
        rows.filter(allowed.not().or(col(column).is_null()))
            .group_by([col(column)])
            .agg([len().alias("__rows")])
            .sort([column], SortMultipleOptions::default()),
    )?;
    if failing.height() == 0 {
        return Ok(pass(format!("`{column}` holds only the accepted values")));
    }
    let mut examples = describe(&failing, &[column.to_owned()])?;
    for (line, n) in examples
        .iter_mut()
        .zip(failing.column("__rows")?.u32()?.iter())
    {
        line.push_str(&format!(
            " ({})",
            counted(n.unwrap_or(0) as usize, "row", "rows")
        ));
    }
    Ok(fail(
        failing.height(),
        format!(
            "`{column}` holds {} (accepted: {})",
            counted(
                failing.height(),
                "value that is not accepted",
                "values that are not accepted"
            ),
            config
                .values
                .iter()
                .map(value_text)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        examples,
    ))
}

fn range(config: &CheckConfig, rows: LazyFrame) -> Result<Outcome> {
    let column = config.column.as_deref().expect("resolved");
    let value = col(column).cast(DataType::Float64);
    let mut outside = lit(false);
    if let Some(min) = config.min {
        outside = outside.or(value.clone().lt(lit(min)));
    }
    if let Some(max) = config.max {
        outside = outside.or(value.clone().gt(lit(max)));
    }
    let bounds = match (config.min, config.max) {
        (Some(min), Some(max)) => format!("between {min} and {max}"),
        (Some(min), None) => format!("{min} or more"),
        (None, Some(max)) => format!("{max} or less"),
        (None, None) => unreachable!("resolved: a range has a bound"),
    };
    let failing = collect(rows.filter(outside))?;
    if failing.height() == 0 {
        return Ok(pass(format!("every `{column}` is {bounds}")));
    }
    Ok(fail(
        failing.height(),
        format!(
            "{} a `{column}` that is not {bounds}",
            counted(failing.height(), "row has", "rows have")
        ),
        describe(&failing, &all_columns(&failing))?,
    ))
}

fn reconcile(config: &CheckConfig, schema: &Schema, rows: LazyFrame) -> Result<Outcome> {
    let column = config.column.as_deref().expect("resolved");
    let is_total = conjunction(schema, &config.total)?;
    let is_part = if config.parts.is_empty() {
        is_total.clone().not()
    } else {
        conjunction(schema, &config.parts)?
    };
    let tolerance = config.tolerance.unwrap_or(0.0);
    let value = col(column).cast(DataType::Float64);
    let sums = [
        value
            .clone()
            .filter(is_total.clone())
            .sum()
            .alias("__total"),
        value.filter(is_part).sum().alias("__parts"),
        is_total.cast(DataType::UInt32).sum().alias("__totals"),
    ];
    let grouped = if config.by.is_empty() {
        rows.select(sums)
    } else {
        let by: Vec<Expr> = config.by.iter().map(|c| col(c.as_str())).collect();
        rows.group_by(by).agg(sums)
    };
    let gap = (col("__parts") - col("__total")).abs();
    let failing = collect(
        grouped
            .filter(col("__totals").gt(lit(0)))
            .filter(gap.gt(col("__total").abs() * lit(tolerance) + lit(1e-9)))
            .sort(config.by.clone(), SortMultipleOptions::default()),
    )?;
    let total_rows = config
        .total
        .iter()
        .map(|(k, v)| format!("{k} = {}", value_text(v)))
        .collect::<Vec<_>>()
        .join(", ");
    let within = if tolerance > 0.0 {
        format!(" within {}%", tolerance * 100.0)
    } else {
        String::new()
    };
    if failing.height() == 0 {
        return Ok(pass(format!(
            "the parts of `{column}` add up to the {total_rows} row{within}"
        )));
    }
    let mut examples = describe(&failing, &config.by)?;
    let totals = failing.column("__total")?.f64()?;
    let parts = failing.column("__parts")?.f64()?;
    for (i, line) in examples.iter_mut().enumerate() {
        let (t, p) = (totals.get(i).unwrap_or(0.0), parts.get(i).unwrap_or(0.0));
        line.push_str(&format!(
            "{}parts add up to {}, the total is {}",
            if line.is_empty() { "" } else { ": " },
            plain(p),
            plain(t)
        ));
    }
    Ok(fail(
        failing.height(),
        format!(
            "in {} the parts of `{column}` do not add up to the {total_rows} row{within}",
            counted(failing.height(), "group", "groups")
        ),
        examples,
    ))
}

fn sum_of(config: &CheckConfig, rows: LazyFrame) -> Result<Outcome> {
    let column = config.column.as_deref().expect("resolved");
    let tolerance = config.tolerance.unwrap_or(0.0);
    let total = col(column).cast(DataType::Float64);
    let parts = config
        .sum_of
        .iter()
        .map(|c| col(c.as_str()).cast(DataType::Float64))
        .reduce(|a, b| a + b)
        .expect("resolved: sum_of is given");
    let gap = (parts - total.clone()).abs();
    let failing = collect(rows.filter(gap.gt(total.abs() * lit(tolerance) + lit(1e-9))))?;
    let list = config.sum_of.join(" + ");
    let within = if tolerance > 0.0 {
        format!(" within {}%", tolerance * 100.0)
    } else {
        String::new()
    };
    if failing.height() == 0 {
        return Ok(pass(format!("`{column}` = {list} in every row{within}")));
    }
    Ok(fail(
        failing.height(),
        format!(
            "in {} `{column}` is not {list}{within}",
            counted(failing.height(), "row", "rows")
        ),
        describe(&failing, &all_columns(&failing))?,
    ))
}

fn periods(config: &CheckConfig, schema: &Schema, rows: LazyFrame) -> Result<Outcome> {
    let column = config.column.as_deref().expect("resolved");
    let distinct = collect(
        rows.select([col(column)])
            .unique(None, UniqueKeepStrategy::First)
            .sort([column], SortMultipleOptions::default()),
    )?;
    let values = describe(&distinct, &[column.to_owned()])?;
    match config.expect.expect("resolved") {
        PeriodExpectation::One => {
            if distinct.height() == 1 {
                return Ok(pass(format!("one period: {}", values[0])));
            }
            let all = distinct
                .column(column)?
                .as_materialized_series()
                .iter()
                .map(|v| cell_text(&v))
                .collect::<Vec<_>>();
            Ok(fail(
                distinct.height(),
                format!(
                    "expected one period in `{column}`, found {}: {}",
                    distinct.height(),
                    all.join("; ")
                ),
                values,
            ))
        }
        PeriodExpectation::Monthly => {
            if !matches!(schema.get(column), Some(DataType::Date)) {
                bail!("a `monthly` periods check needs a date column; `{column}` is not one");
            }
            let months: Vec<i32> = distinct
                .column(column)?
                .date()?
                .as_date_iter()
                .flatten()
                .map(|d| {
                    use chrono::Datelike;
                    d.year() * 12 + d.month0() as i32
                })
                .collect();
            let present: std::collections::BTreeSet<i32> = months.iter().copied().collect();
            let (Some(&first), Some(&last)) = (present.first(), present.last()) else {
                return Ok(fail(0, format!("`{column}` holds no dates"), Vec::new()));
            };
            let missing: Vec<String> = (first..=last)
                .filter(|m| !present.contains(m))
                .map(month_name)
                .collect();
            if missing.is_empty() {
                return Ok(pass(format!(
                    "every month from {} to {} is present",
                    month_name(first),
                    month_name(last)
                )));
            }
            Ok(fail(
                missing.len(),
                format!(
                    "{} between {} and {} {}",
                    counted(missing.len(), "month", "months"),
                    month_name(first),
                    month_name(last),
                    if missing.len() == 1 {
                        "is missing"
                    } else {
                        "are missing"
                    }
                ),
                missing.into_iter().take(EXAMPLES).collect(),
            ))
        }
    }
}

/// A count with its thousands grouped: "2,775".
pub(crate) fn many(n: usize) -> String {
    crate::number::format::grouped(n as f64, 0, Rounding::HalfUp)
}

/// "1 row" or "2,775 rows".
pub(crate) fn counted(n: usize, one: &str, other: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{} {other}", many(n)),
    }
}

/// "June 2020" for a month counted as `year * 12 + month0`.
fn month_name(month: i32) -> String {
    format!(
        "{} {}",
        crate::release::MONTHS[month.rem_euclid(12) as usize],
        month.div_euclid(12)
    )
}

/// Every `column = value` of `map`, all holding.
fn conjunction(schema: &Schema, map: &BTreeMap<String, toml::Value>) -> Result<Expr> {
    map.iter()
        .map(|(c, v)| equals(schema, c, v))
        .collect::<Result<Vec<_>>>()
        .map(|all| all.into_iter().reduce(|a, b| a.and(b)).unwrap_or(lit(true)))
}

fn count(rows: LazyFrame) -> Result<usize> {
    let df = collect(rows.select([len().alias("__rows")]))?;
    Ok(df
        .column("__rows")?
        .cast(&DataType::UInt64)?
        .u64()?
        .get(0)
        .unwrap_or(0) as usize)
}

fn collect(rows: LazyFrame) -> Result<DataFrame> {
    rows.collect()
        .map_err(|e| anyhow::anyhow!("{}", crate::table::polars_message(&e)))
}

fn all_columns(df: &DataFrame) -> Vec<String> {
    df.get_column_names()
        .iter()
        .filter(|n| !n.starts_with("__"))
        .map(|n| n.to_string())
        .collect()
}

/// The first `n` rows of `df` as `COLUMN = value, …` over every column, protected cells
/// as their symbols.
pub(crate) fn describe_rows(df: &DataFrame, n: usize) -> Result<Vec<String>> {
    let df = crate::frame::with_symbols(df)?;
    let mut lines = describe_first(&df, &all_columns(&df), n)?;
    lines.truncate(n);
    Ok(lines)
}

/// The first rows of `df` as `COLUMN = value, …` over `columns`.
pub(crate) fn describe(df: &DataFrame, columns: &[String]) -> Result<Vec<String>> {
    describe_first(df, columns, EXAMPLES)
}

fn describe_first(df: &DataFrame, columns: &[String], n: usize) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    for row in 0..df.height().min(n) {
        let mut parts = Vec::new();
        for name in columns {
            let value = df.column(name)?.get(row)?;
            parts.push(format!("{name} = {}", cell_text(&value)));
        }
        lines.push(parts.join(", "));
    }
    Ok(lines)
}

/// A cell as a reader would write it: text unquoted, dates as ISO dates, empty as `(empty)`.
pub(crate) fn cell_text(value: &AnyValue) -> String {
    match value {
        AnyValue::Null => "(empty)".to_owned(),
        AnyValue::String(s) => (*s).to_owned(),
        AnyValue::StringOwned(s) => s.to_string(),
        AnyValue::Date(days) => crate::release::iso_date(*days),
        AnyValue::Float64(f) => plain(*f),
        AnyValue::Float32(f) => plain(f64::from(*f)),
        other => other.to_string(),
    }
}

/// A number as a statistician writes it: at most 10 significant digits, thousands grouped
/// ("1,456,972,219", "0.0425").
pub(crate) fn plain(value: f64) -> String {
    let text = format!("{}", crate::table::round_significant(value));
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, format!(".{f}")),
        None => (digits, String::new()),
    };
    if whole.len() <= 3 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return text;
    }
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}{fraction}")
}

fn pass(summary: String) -> Outcome {
    Outcome {
        passed: true,
        rows: 0,
        failing: 0,
        summary,
        examples: Vec::new(),
    }
}

fn fail(failing: usize, summary: String, examples: Vec<String>) -> Outcome {
    Outcome {
        passed: false,
        rows: 0,
        failing,
        summary,
        examples,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(toml_text: &str) -> CheckConfig {
        toml::from_str(&format!("on = \"t\"\n{toml_text}")).expect("a check")
    }

    fn rows() -> LazyFrame {
        df!(
            "org" => ["A", "A", "B", "B", "C", "C"],
            "group" => ["All", "Nurses", "All", "Nurses", "All", "Nurses"],
            "fte" => [10.0, 10.0, 5.0, 4.0, 0.0, 0.0],
        )
        .expect("a frame")
        .lazy()
    }

    #[test]
    fn grain_names_the_repeated_keys() {
        let ok = evaluate(
            &check("kind = \"grain\"\ncolumns = [\"org\", \"group\"]"),
            rows(),
        );
        assert!(ok.expect("runs").passed);
        let bad = evaluate(&check("kind = \"grain\"\ncolumns = [\"org\"]"), rows()).expect("runs");
        assert!(!bad.passed);
        assert_eq!(bad.failing, 3);
        assert_eq!(bad.examples[0], "org = A (2 rows)");
    }

    #[test]
    fn reconcile_finds_the_group_whose_parts_miss_its_total() {
        let bad = evaluate(
            &check(
                "kind = \"reconcile\"\ncolumn = \"fte\"\nby = [\"org\"]\ntotal = { group = \"All\" }",
            ),
            rows(),
        )
        .expect("runs");
        assert_eq!(bad.failing, 1);
        assert_eq!(bad.examples, ["org = B: parts add up to 4, the total is 5"]);
        let loose = evaluate(
            &check(
                "kind = \"reconcile\"\ncolumn = \"fte\"\nby = [\"org\"]\ntotal = { group = \"All\" }\ntolerance = 0.25",
            ),
            rows(),
        )
        .expect("runs");
        assert!(loose.passed);
    }

    #[test]
    fn ranges_and_accepted_values_list_what_breaks_them() {
        let bad = evaluate(
            &check("kind = \"range\"\ncolumn = \"fte\"\nmin = 1"),
            rows(),
        )
        .expect("runs");
        assert_eq!(bad.failing, 2);
        let values = evaluate(
            &check("kind = \"accepted_values\"\ncolumn = \"group\"\nvalues = [\"All\"]"),
            rows(),
        )
        .expect("runs");
        assert_eq!(values.examples, ["group = Nurses (3 rows)"]);
    }

    #[test]
    fn a_missing_month_is_named() {
        let dates = df!("month" => ["2020-01-31", "2020-02-29", "2020-04-30"])
            .expect("a frame")
            .lazy()
            .with_column(col("month").cast(DataType::Date));
        let outcome = evaluate(
            &check("kind = \"periods\"\ncolumn = \"month\"\nexpect = \"monthly\""),
            dates.clone(),
        )
        .expect("runs");
        assert_eq!(outcome.examples, ["March 2020"]);
        let one = evaluate(
            &check("kind = \"periods\"\ncolumn = \"month\"\nexpect = \"one\""),
            dates,
        )
        .expect("runs");
        assert_eq!(one.failing, 3);
    }
}
