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

/// Encodes a frame as CSV with a header row and `\n` line ends.
pub(crate) fn to_csv(df: &DataFrame) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut df = df.clone();
    CsvWriter::new(&mut bytes)
        .include_header(true)
        .finish(&mut df)
        .context("failed to encode a table as CSV")?;
    Ok(bytes)
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
