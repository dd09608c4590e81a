//! Readers that turn a CSV (optionally gzip), Excel or Parquet file into an all-text frame.
//!
//! Real releases drift: byte-order marks, CRLF line ends, padded header names and blank trailing
//! lines are all accepted here. Each reader also says how a row index maps to what a person sees
//! in the file (a line in a CSV, a sheet row in Excel) so errors point at the right place.

use std::io::{Cursor, Read};

use anyhow::{Context, Result, bail};
use calamine::{Data, Range, Reader, Sheets, open_workbook_from_rs};
use polars::prelude::{
    Column, CsvReadOptions, DataFrame, DataType, ParquetReader, PolarsResult, SerReader,
};

use crate::config::{DataFormat, DatasetConfig, Encoding};

/// A file read as text, with the rule for naming rows.
pub(crate) struct TextFrame {
    /// All columns as nullable strings, header names trimmed.
    pub df: DataFrame,
    /// Noun for a position in the file (`line` or `row`).
    pub unit: &'static str,
    /// What to add to a 0-based data row index to get that position.
    pub offset: usize,
}

impl TextFrame {
    /// Where data row `index` sits in the file, for messages.
    pub(crate) fn locate(&self, index: usize) -> String {
        format!("{} {}", self.unit, group_digits(index + self.offset))
    }
}

/// `1204` → `1,204`.
pub(crate) fn group_digits(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Reads the bytes of one file in the given format.
pub(crate) fn read_text_frame(
    bytes: &[u8],
    format: DataFormat,
    config: &DatasetConfig,
) -> Result<TextFrame> {
    super::contain::contained(|| read_format(bytes, format, config))
}

fn read_format(bytes: &[u8], format: DataFormat, config: &DatasetConfig) -> Result<TextFrame> {
    match format {
        DataFormat::Csv => read_csv(bytes, config),
        DataFormat::Xlsx | DataFormat::Xls => read_excel(bytes, format, config),
        DataFormat::Parquet => read_parquet(bytes),
    }
}

/// How many times its size a gzip file may grow when decompressed. CSV compresses 5 to 20
/// times; a file that grows more is damaged or built to exhaust the disk or memory.
pub(crate) const MAX_GZIP_RATIO: u64 = 200;

/// Decompresses gzip from `reader` into `writer`, refusing to write more than
/// [`MAX_GZIP_RATIO`] times the compressed size (plus 64 MB); returns the bytes written.
pub(crate) fn gunzip_bounded(
    compressed: u64,
    reader: impl Read,
    mut writer: impl std::io::Write,
) -> Result<u64> {
    let limit = (64 << 20) + MAX_GZIP_RATIO * compressed;
    let mut decoder = flate2::read::MultiGzDecoder::new(reader).take(limit + 1);
    let written = std::io::copy(&mut decoder, &mut writer)
        .context("the file looks gzip-compressed but does not decompress")?;
    if written > limit {
        bail!(
            "the file decompresses to more than {} MB, over {MAX_GZIP_RATIO} times its size: \
             it is damaged, or not a data file",
            limit >> 20
        );
    }
    Ok(written)
}

fn read_csv(raw: &[u8], config: &DatasetConfig) -> Result<TextFrame> {
    let skip_rows = config.skip_rows;
    let mut bytes = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        gunzip_bounded(raw.len() as u64, raw, &mut out)?;
        out
    } else {
        raw.to_vec()
    };
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    if !bytes.is_empty() && !bytes.ends_with(b"\n") {
        let line = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        bail!(
            "line {}: the file ends inside a line, as a file cut short does; if it is \
             complete, end its last line with a line break",
            group_digits(line)
        );
    }
    if config.encoding == Some(Encoding::Latin1) {
        // Every byte is one character.
        bytes = bytes
            .iter()
            .map(|&b| char::from(b))
            .collect::<String>()
            .into_bytes();
    } else if let Err(error) = std::str::from_utf8(&bytes) {
        // Re-decoding a whole file because of one stray byte would print every accented
        // letter wrongly; the byte is an error the user can find.
        let at = error.valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let column = at
            - bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        bail!(
            "line {}, byte {column}: not UTF-8 text (byte 0x{:02X}); if the publisher writes \
             Latin-1, declare `encoding = \"latin-1\"` on the dataset",
            group_digits(line),
            bytes[at]
        );
    }
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .with_skip_rows(skip_rows)
        .with_infer_schema_length(Some(0))
        .with_raise_if_empty(true)
        .into_reader_with_file_handle(Cursor::new(bytes.as_slice()))
        .finish()
        .map_err(|e| {
            // Say where, when the csv crate can find it; else keep Polars' first sentence (its
            // advice names Polars options, not rapport's).
            if let Some(problem) = csv_problem(&bytes, skip_rows) {
                return anyhow::anyhow!("not a readable CSV file: {problem}");
            }
            let message = e.to_string();
            let first = message.split("\n").next().unwrap_or_default().trim().to_owned();
            anyhow::anyhow!("not a readable CSV file: {first} (check for unquoted commas or a missing closing quote)")
        })?;
    let df = drop_blank_rows(trim_headers(df)?)?;
    Ok(TextFrame {
        df,
        unit: "line",
        offset: skip_rows + 2,
    })
}

/// Where a CSV that Polars refused goes wrong, found by the `csv` crate: the first record
/// whose number of fields differs from the header's (saying so when a quote left open made
/// it run on over several lines), or a line the crate itself cannot read.
fn csv_problem(bytes: &[u8], skip_rows: usize) -> Option<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut header_fields = None;
    for (index, record) in reader.byte_records().enumerate() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line() as usize);
                return Some(format!("line {}: {error}", group_digits(line)));
            }
        };
        if index < skip_rows {
            continue;
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        let fields = record.len();
        match header_fields {
            None => header_fields = Some(fields),
            // Polars reads a short row (its last cells empty); only a long one, or one a
            // quote left open made run on, is what it refused.
            Some(expected) if fields > expected || (fields != expected && runs_on(&record)) => {
                return Some(if runs_on(&record) {
                    format!(
                        "line {}: a quoted field opens here and runs on over several lines; \
                         is its closing quote missing?",
                        group_digits(line)
                    )
                } else {
                    format!(
                        "line {}: {fields} fields where the header has {expected}; is a comma \
                         unquoted or a closing quote missing?",
                        group_digits(line)
                    )
                });
            }
            Some(_) => {}
        }
    }
    None
}

/// Whether a record holds a line break inside a field: a quote that opened and ran on.
fn runs_on(record: &csv::ByteRecord) -> bool {
    record.iter().any(|field| field.contains(&b'\n'))
}

/// A worksheet as calamine reads it: typed cells, the header found, nothing converted yet.
pub(crate) struct Sheet {
    range: Range<Data>,
    /// Rows before the header (`skip_rows`).
    skip: usize,
    /// The header's names, trimmed; a blank one is named `(blank column N)`.
    pub header: Vec<String>,
    /// What to add to a 0-based data row index to get the sheet's row number.
    pub offset: usize,
}

impl Sheet {
    /// The data rows, below the header.
    pub(crate) fn rows(&self) -> impl Iterator<Item = &[Data]> {
        self.range.rows().skip(self.skip + 1)
    }
}

/// Opens the declared sheet of a workbook and reads its header. The cells are read in a
/// bounded child process when the binary enabled it ([`super::isolate`]).
pub(crate) fn open_sheet(
    bytes: &[u8],
    format: DataFormat,
    config: &DatasetConfig,
) -> Result<Sheet> {
    let task = super::isolate::Task::Workbook {
        xls: format == DataFormat::Xls,
        sheet: config.sheet.clone(),
    };
    let range = match super::isolate::run(&task, bytes, bytes.len()) {
        Some(cells) => super::isolate::decode(&cells?)?,
        None => {
            super::contain::contained(|| workbook_range(bytes, format, config.sheet.as_deref()))?
        }
    };
    let sheet = config
        .sheet
        .as_ref()
        .map_or_else(|| "the first sheet".to_owned(), |s| format!("sheet `{s}`"));
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let header: Vec<String> = range
        .rows()
        .nth(config.skip_rows)
        .with_context(|| format!("{sheet} has no header row"))?
        .iter()
        .enumerate()
        .map(|(i, cell)| {
            // Blank separator columns are common in published workbooks; give them a name
            // that cannot clash with a real header.
            let name = cell_text(cell).unwrap_or_default().trim().to_owned();
            if name.is_empty() {
                format!("(blank column {})", i + 1)
            } else {
                name
            }
        })
        .collect();
    Ok(Sheet {
        range,
        skip: config.skip_rows,
        header,
        // Sheet rows are 1-based; the header occupies one row.
        offset: first_row + config.skip_rows + 2,
    })
}

/// The cells of sheet `sheet` (or the first sheet) of a workbook, read by calamine in this
/// process: what [`super::isolate`]'s child runs.
pub(crate) fn workbook_range(
    bytes: &[u8],
    format: DataFormat,
    sheet: Option<&str>,
) -> Result<Range<Data>> {
    let cursor = Cursor::new(bytes);
    let opened = if format == DataFormat::Xls {
        open_workbook_from_rs(cursor)
            .map(Sheets::Xls)
            .map_err(calamine::Error::Xls)
    } else {
        open_workbook_from_rs(cursor)
            .map(Sheets::Xlsx)
            .map_err(calamine::Error::Xlsx)
    };
    let mut workbook = opened.map_err(|e| anyhow::anyhow!("not a readable workbook: {e}"))?;
    let names = workbook.sheet_names();
    let sheet = match sheet {
        Some(sheet) if names.iter().any(|n| n == sheet) => sheet.to_owned(),
        Some(sheet) => bail!(
            "the workbook has no sheet `{sheet}` (it has: {})",
            names.join(", ")
        ),
        None => names
            .first()
            .cloned()
            .context("the workbook has no sheets")?,
    };
    workbook
        .worksheet_range(&sheet)
        .map_err(|e| anyhow::anyhow!("failed to read sheet `{sheet}`: {e}"))
}

fn read_excel(bytes: &[u8], format: DataFormat, config: &DatasetConfig) -> Result<TextFrame> {
    sheet_text(&open_sheet(bytes, format, config)?)
}

/// A worksheet as an all-text frame, trailing blank rows dropped.
pub(crate) fn sheet_text(sheet: &Sheet) -> Result<TextFrame> {
    let mut columns: Vec<Vec<Option<String>>> = vec![Vec::new(); sheet.header.len()];
    for row in sheet.rows() {
        for (i, column) in columns.iter_mut().enumerate() {
            column.push(row.get(i).and_then(cell_text));
        }
    }
    let columns = sheet
        .header
        .iter()
        .zip(columns)
        .map(|(name, values)| Column::new(name.as_str().into(), values))
        .collect::<Vec<_>>();
    let df = DataFrame::new_infer_height(columns).context("duplicate or empty header names")?;
    Ok(TextFrame {
        df: drop_blank_rows(df)?,
        unit: "row",
        offset: sheet.offset,
    })
}

/// Excel cell → text, keeping full float precision and dates as ISO dates.
pub(crate) fn cell_text(cell: &Data) -> Option<String> {
    match cell {
        Data::Empty => None,
        Data::String(s) => Some(s.clone()),
        Data::Float(f) => Some(format!("{f}")),
        Data::Int(i) => Some(i.to_string()),
        Data::Bool(b) => Some(b.to_string()),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Some(format!("{y:04}-{m:02}-{d:02}"))
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some(s.clone()),
        Data::Error(e) => Some(format!("#{e:?}")),
    }
}

fn read_parquet(bytes: &[u8]) -> Result<TextFrame> {
    let df = match super::isolate::run(&super::isolate::Task::ParquetText, bytes, bytes.len()) {
        // Parquet that Polars itself wrote, in the child, from the damaged file.
        Some(trusted) => ParquetReader::new(Cursor::new(trusted?))
            .finish()
            .context("failed to read the Parquet reader's output")?,
        None => super::contain::contained(|| parquet_text(bytes))?,
    };
    Ok(TextFrame {
        df,
        unit: "row",
        offset: 1,
    })
}

/// Every column of a Parquet file as text, decoded in this process: what
/// [`super::isolate`]'s child runs.
pub(crate) fn parquet_text(bytes: &[u8]) -> Result<DataFrame> {
    let df = ParquetReader::new(Cursor::new(bytes))
        .finish()
        .map_err(|e| anyhow::anyhow!("not a readable Parquet file: {e}"))?;
    let columns = df
        .columns()
        .iter()
        .map(|c| c.cast(&DataType::String))
        .collect::<PolarsResult<Vec<_>>>()
        .context("failed to read a Parquet column as text")?;
    Ok(DataFrame::new_infer_height(columns)?)
}

fn trim_headers(mut df: DataFrame) -> Result<DataFrame> {
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| n.trim().to_owned())
        .collect();
    df.set_column_names(&names)
        .context("header names collide once surrounding spaces are removed")?;
    Ok(df)
}

/// Drops trailing rows in which every cell is empty (blank lines at the end of a file).
///
/// Only trailing rows go, so the positions reported for every other row stay exact.
fn drop_blank_rows(df: DataFrame) -> Result<DataFrame> {
    let mut last_filled = 0;
    for column in df.columns() {
        let values = column.str().context("text frames hold only text")?;
        if let Some(i) = values
            .iter()
            .rposition(|v| v.is_some_and(|v| !v.trim().is_empty()))
        {
            last_filled = last_filled.max(i + 1);
        }
    }
    Ok(df.slice(0, last_filled))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gzip_that_grows_past_the_bound_is_refused() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        for _ in 0..100 {
            gz.write_all(&[b'0'; 1 << 20]).unwrap();
        }
        let bomb = gz.finish().unwrap();
        let err = gunzip_bounded(bomb.len() as u64, bomb.as_slice(), std::io::sink()).unwrap_err();
        assert!(err.to_string().contains("times its size"), "{err}");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(b"A,B\n1,2\n").unwrap();
        let small = gz.finish().unwrap();
        let mut out = Vec::new();
        gunzip_bounded(small.len() as u64, small.as_slice(), &mut out).unwrap();
        assert_eq!(out, b"A,B\n1,2\n");
    }

    #[test]
    fn a_csv_problem_is_found_on_its_line() {
        let extra = b"A,B\n1,2\n3,4,5\n";
        assert_eq!(
            csv_problem(extra, 0).unwrap(),
            "line 3: 3 fields where the header has 2; is a comma unquoted or a closing quote missing?"
        );
        let open = b"A,B\n\"1,2\n3,4\n";
        assert!(
            csv_problem(open, 0)
                .unwrap()
                .starts_with("line 2: a quoted field opens here")
        );
        assert_eq!(csv_problem(b"A,B\n1,2\n", 0), None);
    }
}
