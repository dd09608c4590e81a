//! Disclosure control: counts of people protected before any value leaves its table.
//!
//! The rule is NHS England's automatable one for sub-national counts, declared per table
//! (`[tables.<name>.disclosure]`): a count from 1 to 7 becomes `[c]`, every other count is
//! rounded to the nearest 5, and each declared rate is computed again from the protected
//! numerator and denominator. Rows declared exempt (national totals) keep their values. A true
//! zero stays 0: it discloses nobody.
//!
//! A cell's status travels beside its value, in a column named `<column>__status` holding
//! the Government Statistical Service symbol (`c` confidential, `x` not available, `z` not
//! applicable) or nothing. Every output reads it: CSVs and the data pack print `[c]`, figures
//! leave a gap and say why, and a number that would print a protected cell is refused.
//!
//! The plan holds the gate (`plan::disclosure`): a dataset declares which of its columns count people; every
//! table that reads them, directly or through other tables, must declare how it protects
//! them or why it need not (national totals, values that do not describe people), and every
//! numeric column of a protected table must be declared a count, a rate or not about people.
//! A table that declares nothing is refused before anything runs.

use anyhow::{Result, bail};
use polars::prelude::*;

use crate::config::DisclosureConfig;
use crate::status::status_column;

/// The smallest count published by default: 1 to 7 are suppressed.
const SUPPRESS_BELOW: f64 = 8.0;
/// The default rounding base.
const ROUND_TO: f64 = 5.0;

/// Checks a table's declaration on its own (the plan checks what it reads).
pub(crate) fn resolve(table: &str, config: &DisclosureConfig) -> Result<()> {
    let controls = !config.counts.is_empty() || !config.rates.is_empty();
    match (&config.exempt, controls) {
        (Some(_), true) => bail!(
            "table `{table}`: `disclosure` gives a reason for exemption and counts to protect; \
             keep one"
        ),
        (None, false) => bail!(
            "table `{table}`: `disclosure` needs `counts` to protect (and any `rates` computed \
             from them), or `exempt` with the reason the table needs no control"
        ),
        _ => {}
    }
    if let Some(below) = config.suppress_below
        && !(1.0..=1000.0).contains(&below)
    {
        bail!("table `{table}`: `suppress_below` must be between 1 and 1000");
    }
    if let Some(base) = config.round_to
        && !(1.0..=1000.0).contains(&base)
    {
        bail!("table `{table}`: `round_to` must be between 1 and 1000");
    }
    for rate in &config.rates {
        for count in [&rate.numerator, &rate.denominator] {
            if !config.counts.contains(count) {
                bail!(
                    "table `{table}`: rate `{}` is computed from `{count}`, which is not one of \
                     the table's protected `counts`",
                    rate.column
                );
            }
        }
    }
    Ok(())
}

/// Applies `config` to a table's rows: the only frame of the table anything downstream sees.
pub(crate) fn apply(table: &str, config: &DisclosureConfig, df: DataFrame) -> Result<DataFrame> {
    if config.exempt.is_some() {
        return Ok(df);
    }
    let original = df.clone();
    let schema = df.schema().clone();
    classify(table, config, &schema)?;
    let below = config.suppress_below.unwrap_or(SUPPRESS_BELOW);
    let base = config.round_to.unwrap_or(ROUND_TO);
    let exempt = exempt_rows(config, &schema)?;
    let mut exprs = Vec::new();
    for count in &config.counts {
        let value = col(count.as_str()).cast(DataType::Float64);
        let small = value
            .clone()
            .gt_eq(lit(1.0))
            .and(value.clone().lt(lit(below)))
            .and(exempt.clone().not());
        let status = when(value.clone().is_null())
            .then(lit("x"))
            .when(small.clone())
            .then(lit("c"))
            .otherwise(lit(NULL).cast(DataType::String));
        let rounded = when(exempt.clone()).then(value.clone()).otherwise(
            (value.clone() / lit(base)).round(0, RoundMode::HalfAwayFromZero) * lit(base),
        );
        let mut protected = when(small)
            .then(lit(NULL).cast(DataType::Float64))
            .otherwise(rounded);
        // Counts keep their type: a published count of people is a whole number.
        if let Some(dtype) = schema.get(count)
            && dtype.is_integer()
        {
            protected = protected.cast(dtype.clone());
        }
        exprs.push(protected.alias(count.as_str()));
        exprs.push(status.alias(status_column(count)));
    }
    let protected = df
        .lazy()
        .with_columns(exprs)
        .collect()
        .map_err(|e| anyhow::anyhow!("{}", crate::table::polars_message(&e)))?;
    let mut exprs = Vec::new();
    for rate in &config.rates {
        let numerator = col(rate.numerator.as_str()).cast(DataType::Float64);
        let denominator = col(rate.denominator.as_str()).cast(DataType::Float64);
        let withheld = col(status_column(&rate.numerator).as_str())
            .eq(lit("c"))
            .fill_null(lit(false))
            .or(col(status_column(&rate.denominator).as_str())
                .eq(lit("c"))
                .fill_null(lit(false)));
        let status = when(withheld.clone())
            .then(lit("c"))
            .when(
                numerator
                    .clone()
                    .is_null()
                    .or(denominator.clone().is_null()),
            )
            .then(lit("x"))
            .when(denominator.clone().eq(lit(0.0)))
            .then(lit("z"))
            .otherwise(lit(NULL).cast(DataType::String));
        let value = when(withheld.or(denominator.clone().eq(lit(0.0)).fill_null(lit(false))))
            .then(lit(NULL).cast(DataType::Float64))
            .otherwise(numerator / denominator);
        exprs.push(value.alias(rate.column.as_str()));
        exprs.push(status.alias(status_column(&rate.column)));
    }
    let mut out = protected
        .lazy()
        .with_columns(exprs)
        .collect()
        .map_err(|e| anyhow::anyhow!("{}", crate::table::polars_message(&e)))?;
    // Keep each status column beside its value, in the table's column order; a rate the
    // query did not compute comes last.
    let mut order: Vec<String> = Vec::new();
    let names = schema.iter_names().map(|n| n.to_string()).chain(
        config
            .rates
            .iter()
            .map(|r| r.column.clone())
            .filter(|c| !schema.contains(c)),
    );
    for name in names {
        let status = status_column(&name);
        order.push(name);
        if out.schema().contains(&status) {
            order.push(status);
        }
    }
    out = out.select(order)?;
    verify(table, config, &original, &out, below)?;
    Ok(out)
}

/// Every numeric column must be declared a count, a rate or not about people, so that no
/// number reaches an output unprotected because nobody said what it counts.
fn classify(table: &str, config: &DisclosureConfig, schema: &Schema) -> Result<()> {
    for name in config.counts.iter().chain(&config.not_people) {
        if schema.get(name).is_none() {
            bail!(
                "table `{table}`: `disclosure` names `{name}`, which is not a column of the table"
            );
        }
    }
    for (name, dtype) in schema.iter() {
        let declared = config.counts.iter().any(|c| c == name.as_str())
            || config.rates.iter().any(|r| r.column == name.as_str())
            || config.not_people.iter().any(|c| c == name.as_str());
        if dtype.is_primitive_numeric() && !declared {
            bail!(
                "table `{table}`: column `{name}` holds numbers, and its `disclosure` does not say \
                 what they are; list it under `counts` (people, protected), `rates` (computed \
                 from protected counts) or `not_people`"
            );
        }
    }
    Ok(())
}

/// The rows declared exempt (all of `exempt_rows` hold), as a predicate.
fn exempt_rows(config: &DisclosureConfig, schema: &Schema) -> Result<Expr> {
    let mut predicate: Option<Expr> = None;
    for (column, value) in &config.exempt_rows {
        if schema.get(column).is_none() {
            bail!("`exempt_rows` names `{column}`, which is not a column of the table");
        }
        let one = crate::predicate::equals(schema, column, value)?;
        predicate = Some(match predicate {
            Some(p) => p.and(one),
            None => one,
        });
    }
    Ok(predicate.unwrap_or(lit(false)).fill_null(lit(false)))
}

/// The gate: every count that was from 1 to below the threshold, outside exempt rows, left
/// the table suppressed. (Rows keep their order through protection.)
fn verify(
    table: &str,
    config: &DisclosureConfig,
    original: &DataFrame,
    out: &DataFrame,
    below: f64,
) -> Result<()> {
    let exempt = original
        .clone()
        .lazy()
        .select([exempt_rows(config, original.schema())?.alias("__exempt")])
        .collect()
        .map_err(|e| anyhow::anyhow!("{}", crate::table::polars_message(&e)))?;
    let exempt = exempt.column("__exempt")?.bool()?.clone();
    for count in &config.counts {
        let before = original.column(count)?.cast(&DataType::Float64)?;
        let after = out.column(count)?.cast(&DataType::Float64)?;
        let leaks = before
            .f64()?
            .iter()
            .zip(after.f64()?.iter())
            .zip(exempt.iter())
            .filter(|((b, a), exempt)| {
                b.is_some_and(|b| (1.0..below).contains(&b)) && a.is_some() && *exempt != Some(true)
            })
            .count();
        if leaks > 0 {
            bail!(
                "table `{table}`: {leaks} cells of `{count}` from 1 to {} would be published \
                 unsuppressed",
                below - 1.0
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn control(text: &str) -> DisclosureConfig {
        toml::from_str(text).expect("a disclosure table")
    }

    fn counts() -> DataFrame {
        df!(
            "trust" => ["A", "B", "C", "D", "England"],
            "leavers" => [Some(3.0), Some(0.0), Some(12.0), None, Some(4.0)],
            "staff" => [Some(103.0), Some(41.0), Some(0.0), Some(10.0), Some(148.0)],
        )
        .expect("a frame")
    }

    fn column(df: &DataFrame, name: &str) -> Vec<Option<String>> {
        df.column(name)
            .expect("a column")
            .cast(&DataType::String)
            .expect("as text")
            .str()
            .expect("text")
            .iter()
            .map(|v| v.map(str::to_owned))
            .collect()
    }

    #[test]
    fn small_counts_are_suppressed_others_rounded_and_a_true_zero_kept() {
        let config = control(
            "counts = [\"leavers\", \"staff\"]\nexempt_rows = { trust = \"England\" }\n\
             rates = [{ column = \"rate\", numerator = \"leavers\", denominator = \"staff\" }]",
        );
        let df = counts()
            .lazy()
            .with_column(lit(0.0).alias("rate"))
            .collect()
            .expect("a frame");
        let out = apply("t", &config, df).expect("protected");
        let some = |v: &[Option<&str>]| v.iter().map(|s| s.map(str::to_owned)).collect::<Vec<_>>();
        assert_eq!(
            column(&out, "leavers"),
            some(&[None, Some("0.0"), Some("10.0"), None, Some("4.0")])
        );
        assert_eq!(
            column(&out, "leavers__status"),
            some(&[Some("c"), None, None, Some("x"), None])
        );
        assert_eq!(
            column(&out, "staff"),
            some(&[
                Some("105.0"),
                Some("40.0"),
                Some("0.0"),
                Some("10.0"),
                Some("148.0")
            ])
        );
        // The rate is computed from the protected counts: [c] where a count is, [z] over zero.
        assert_eq!(
            column(&out, "rate__status"),
            some(&[Some("c"), None, Some("z"), Some("x"), None])
        );
        assert_eq!(column(&out, "rate")[1].as_deref(), Some("0.0"));
    }

    #[test]
    fn an_unclassified_numeric_column_is_refused() {
        let err = apply("t", &control("counts = [\"leavers\"]"), counts()).unwrap_err();
        assert!(
            err.to_string().contains("column `staff` holds numbers"),
            "{err}"
        );
    }

    #[test]
    fn a_threshold_and_a_base_can_be_declared() {
        let config =
            control("counts = [\"leavers\", \"staff\"]\nsuppress_below = 11\nround_to = 10");
        let out = apply("t", &config, counts()).expect("protected");
        assert_eq!(column(&out, "leavers__status")[2], None);
        assert_eq!(column(&out, "staff")[3], None);
        assert_eq!(column(&out, "staff")[0].as_deref(), Some("100.0"));
    }
}
