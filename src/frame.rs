//! Data frame encodings: Parquet for the cache, CSV for people; the one way a frame is stored.
//!
//! Parquet keeps column types across cache round-trips; CSV is what analysts open, what the
//! data pack ships and what table snapshots pin. Both are deterministic for the same frame.

use std::io::Cursor;

use anyhow::{Context, Result};
use polars::prelude::{CsvWriter, DataFrame, ParquetReader, ParquetWriter, SerReader, SerWriter};

use crate::cache::Artifacts;

/// The artifact holding a frame in the cache.
const PARQUET: &str = "frame.parquet";
/// The artifact holding a table's CSV, published as `tables/<name>.csv`.
pub(crate) const CSV: &str = "table.csv";

/// A frame as cache artifacts: Parquet, and CSV too when the frame is published.
pub(crate) fn encode(df: &DataFrame, with_csv: bool) -> Result<Artifacts> {
    let mut out = Artifacts::new();
    out.insert(PARQUET.into(), to_parquet(df)?);
    if with_csv {
        out.insert(CSV.into(), to_csv(df)?);
    }
    Ok(out)
}

/// A frame back from cache artifacts.
pub(crate) fn decode(artifacts: &Artifacts) -> Result<DataFrame> {
    from_parquet(
        artifacts
            .get(PARQUET)
            .context("a cached table has no Parquet frame")?,
    )
}

/// Encodes a frame as Parquet bytes.
pub(crate) fn to_parquet(df: &DataFrame) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut df = df.clone();
    ParquetWriter::new(&mut bytes)
        .finish(&mut df)
        .context("failed to encode a table as Parquet")?;
    Ok(bytes)
}

/// Writes a frame as Parquet to `file`, as [`to_parquet`] encodes it.
pub(crate) fn write_parquet(df: &DataFrame, file: &std::fs::File) -> Result<()> {
    let mut df = df.clone();
    ParquetWriter::new(std::io::BufWriter::new(file))
        .finish(&mut df)
        .context("failed to write a dataset as Parquet")?;
    Ok(())
}

/// Decodes Parquet bytes written by [`to_parquet`].
pub(crate) fn from_parquet(bytes: &[u8]) -> Result<DataFrame> {
    ParquetReader::new(Cursor::new(bytes))
        .finish()
        .context("failed to decode a cached table")
}

/// Encodes a frame as CSV with a header row and `\n` line ends. A protected cell is printed
/// as its GSS symbol (`[c]`) in place of its value, and status columns are not printed.
pub(crate) fn to_csv(df: &DataFrame) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut df = with_symbols(df)?;
    CsvWriter::new(&mut bytes)
        .include_header(true)
        .finish(&mut df)
        .context("failed to encode a table as CSV")?;
    Ok(bytes)
}

/// `df` with each column that has a status column printed as text, its protected cells as
/// `[c]`, `[x]` or `[z]`, and the status columns dropped.
pub(crate) fn with_symbols(df: &DataFrame) -> Result<DataFrame> {
    use polars::prelude::{DataType, IntoLazy, col, lit, when};
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let statused: Vec<&String> = names
        .iter()
        .filter(|n| names.contains(&crate::status::status_column(n)))
        .collect();
    if statused.is_empty() {
        return Ok(df.clone());
    }
    let mut exprs = Vec::new();
    for name in &statused {
        let status = col(crate::status::status_column(name).as_str());
        let symbol = |code: &str| lit(crate::status::symbol(code));
        let printed = when(status.clone().is_null())
            .then(col(name.as_str()).cast(DataType::String))
            .when(status.clone().eq(lit("c")))
            .then(symbol("c"))
            .when(status.clone().eq(lit("x")))
            .then(symbol("x"))
            .when(status.clone().eq(lit("z")))
            .then(symbol("z"))
            .otherwise(status);
        exprs.push(printed.alias(name.as_str()));
    }
    let statuses: Vec<String> = statused
        .iter()
        .map(|n| crate::status::status_column(n))
        .collect();
    let kept: Vec<polars::prelude::Expr> = names
        .iter()
        .filter(|n| !statuses.contains(n))
        .map(|n| col(n.as_str()))
        .collect();
    df.clone()
        .lazy()
        .with_columns(exprs)
        .select(kept)
        .collect()
        .context("failed to print the protected cells of a table")
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::df;

    #[test]
    fn parquet_round_trips_and_csv_is_stable() {
        let df = df!("group" => ["a", "b"], "fte" => [1.5, 2.25]).unwrap();
        let back = from_parquet(&to_parquet(&df).unwrap()).unwrap();
        assert!(back.equals(&df));
        assert_eq!(to_parquet(&df).unwrap(), to_parquet(&df).unwrap());
        assert_eq!(
            String::from_utf8(to_csv(&df).unwrap()).unwrap(),
            "group,fte\na,1.5\nb,2.25\n"
        );
    }
}
