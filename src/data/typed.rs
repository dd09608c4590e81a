//! One batch of a raw column converted to its declared type — or refused.
//!
//! This is the columnar path's conversion: Polars runs it inside a lazy scan, one batch of one
//! column at a time, so a file is typed as it streams past and never sits in memory as text. It
//! accepts exactly the cells the reference path ([`super::schema`]) accepts, because it uses the
//! same rules ([`schema::classify`] and the same parsers), and it refuses a batch holding any
//! cell the reference path would report. A refusal is not an error message: the dataset step
//! then reads the file on the reference path, which finds the first bad cell and says where it
//! is, so every message stays exactly as it was.
//!
//! Typed input (a Parquet column) is taken as it is when it already has the declared type, and
//! cast when the cast gives what the reference path's text round trip would give (integers to
//! floats, narrower integers to `i64`); anything else is refused.

use std::collections::HashMap;

use polars::prelude::*;

use calamine::Data;

use super::{read, schema};
use crate::config::{ColumnConfig, ColumnType};

/// The Polars type a declared column is stored as.
pub(crate) fn dtype(kind: ColumnType) -> DataType {
    match kind {
        ColumnType::Text => DataType::String,
        ColumnType::Float => DataType::Float64,
        ColumnType::Integer => DataType::Int64,
        ColumnType::Date => DataType::Date,
    }
}

/// Converts one batch of `values` to `column`'s type.
pub(crate) fn convert(
    values: &Column,
    column: &ColumnConfig,
    markers: &[String],
) -> PolarsResult<Column> {
    converted(values, column, markers).map(|(column, _)| column)
}

/// Converts one batch, saying too whether the result is the input unchanged (then a scan can
/// read the column as it is, with no conversion at all).
pub(crate) fn converted(
    values: &Column,
    column: &ColumnConfig,
    markers: &[String],
) -> PolarsResult<(Column, bool)> {
    let refuse = || polars_err!(ComputeError: "column `{}` needs the reference path", column.name);
    if values.null_count() > 0 && !column.nullable {
        return Err(refuse());
    }
    let target = dtype(column.kind);
    let dtype = values.dtype();
    if dtype == &DataType::String {
        return convert_text(values.str()?, column, markers).ok_or_else(refuse);
    }
    if dtype == &target {
        if column.kind == ColumnType::Float && !values.f64()?.iter().flatten().all(f64::is_finite) {
            // The reference path reads NaN and infinity as text and refuses them.
            return Err(refuse());
        }
        return Ok((values.clone(), true));
    }
    let castable = match column.kind {
        ColumnType::Float => dtype.is_integer(),
        ColumnType::Integer => matches!(
            dtype,
            DataType::Int8
                | DataType::Int16
                | DataType::Int32
                | DataType::UInt8
                | DataType::UInt16
                | DataType::UInt32
        ),
        ColumnType::Text | ColumnType::Date => false,
    };
    if castable {
        Ok((values.cast(&target)?, false))
    } else {
        Err(refuse())
    }
}

/// Converts a batch of text cells, or `None` if any cell is bad.
fn convert_text<'a>(
    values: &'a StringChunked,
    column: &ColumnConfig,
    markers: &[String],
) -> Option<(Column, bool)> {
    let name = values.name().clone();
    let bad = std::cell::Cell::new(false);
    let cell = |value: Option<&'a str>| -> Option<&'a str> {
        schema::classify(value, column, markers).unwrap_or_else(|_| {
            bad.set(true);
            None
        })
    };
    let out = match column.kind {
        ColumnType::Text => {
            let untouched = values.iter().flatten().all(|text| {
                !text.is_empty() && !padded(text) && schema::unprintable(text).is_none()
            });
            if untouched {
                // Nothing to trim and no blank to turn into a null: the column as read.
                return Some((values.clone().into_column(), true));
            }
            let typed: StringChunked = values.iter().map(cell).collect();
            typed.with_name(name).into_column()
        }
        ColumnType::Float => {
            let typed: Float64Chunked = parse_cells(values, cell, &bad, schema::parse_float);
            typed.with_name(name).into_column()
        }
        ColumnType::Integer => {
            let typed: Int64Chunked = parse_cells(values, cell, &bad, schema::parse_integer);
            typed.with_name(name).into_column()
        }
        ColumnType::Date => {
            let format = column.date_format.as_deref().unwrap_or("%Y-%m-%d");
            let mut seen = DateMemo::default();
            let typed: Int32Chunked =
                parse_cells(values, cell, &bad, |text| seen.days(text, format));
            typed
                .with_name(name)
                .into_column()
                .cast(&DataType::Date)
                .ok()?
        }
    };
    (!bad.get()).then_some((out, false))
}

/// A worksheet's declared columns typed straight from its cells, or `None` where the reference
/// path must speak (a bad cell, a missing or doubled header).
///
/// Number cells go straight into number columns (a float's text is its shortest round-trip
/// form, so reading the text back gives the same float); every other cell is read through its
/// text, by the reference path's rules. Trailing blank rows are dropped as the reference path
/// drops them, judged on every column of the sheet.
pub(crate) fn sheet(
    sheet: &read::Sheet,
    columns: &[ColumnConfig],
    markers: &[String],
) -> Option<DataFrame> {
    let mut names = std::collections::BTreeSet::new();
    if !sheet.header.iter().all(|name| names.insert(name)) {
        return None;
    }
    let width = sheet.header.len();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let filled = |row: &[Data]| {
        (0..width).any(|i| {
            row.get(i)
                .and_then(read::cell_text)
                .is_some_and(|text| !text.trim().is_empty())
        })
    };
    let height = rows
        .iter()
        .rposition(|row| filled(row))
        .map_or(0, |i| i + 1);
    let rows = &rows[..height];
    let mut typed = Vec::with_capacity(columns.len());
    for column in columns {
        let found = schema::find_column(&sheet.header, column).ok()?;
        let index = sheet
            .header
            .iter()
            .position(|name| std::ptr::eq(name, found))?;
        let bad = std::cell::Cell::new(false);
        // The reference path's rule for a cell read through its text.
        let text_cell = |cell: Option<&Data>| -> Option<String> {
            let text = cell.and_then(read::cell_text);
            match schema::classify(text.as_deref(), column, markers) {
                Ok(value) => value.map(str::to_owned),
                Err(_) => {
                    bad.set(true);
                    None
                }
            }
        };
        let parsed = |value: Option<String>, parse: &dyn Fn(&str) -> bool| {
            if let Some(text) = &value
                && !parse(text)
            {
                bad.set(true);
            }
            value
        };
        let name: PlSmallStr = column.name.as_str().into();
        let values = rows.iter().map(|row| row.get(index));
        let out = match column.kind {
            ColumnType::Text => Column::new(name, values.map(text_cell).collect::<Vec<_>>()),
            ColumnType::Float => {
                let floats: Vec<Option<f64>> = values
                    .map(|cell| match cell {
                        Some(Data::Float(f)) if f.is_finite() => Some(*f),
                        Some(Data::Int(i)) => Some(*i as f64),
                        other => parsed(text_cell(other), &|t| schema::parse_float(t).is_some())
                            .and_then(|t| schema::parse_float(&t)),
                    })
                    .collect();
                Column::new(name, floats)
            }
            ColumnType::Integer => {
                let ints: Vec<Option<i64>> = values
                    .map(|cell| match cell {
                        Some(Data::Int(i)) => Some(*i),
                        other => parsed(text_cell(other), &|t| schema::parse_integer(t).is_some())
                            .and_then(|t| schema::parse_integer(&t)),
                    })
                    .collect();
                Column::new(name, ints)
            }
            ColumnType::Date => {
                let format = column.date_format.as_deref().unwrap_or("%Y-%m-%d");
                let days: Vec<Option<i32>> = values
                    .map(|cell| {
                        parsed(text_cell(cell), &|t| schema::date_days(t, format).is_some())
                            .and_then(|t| schema::date_days(&t, format))
                    })
                    .collect();
                Column::new(name, days).cast(&DataType::Date).ok()?
            }
        };
        if bad.get() {
            return None;
        }
        typed.push(out);
    }
    DataFrame::new(height, typed).ok()
}

/// Parses every cell that `cell` lets through with `parse`, noting in `bad` a cell that does
/// not parse.
fn parse_cells<'a, T>(
    values: &'a StringChunked,
    cell: impl Fn(Option<&'a str>) -> Option<&'a str>,
    bad: &std::cell::Cell<bool>,
    mut parse: impl FnMut(&'a str) -> Option<T::Native>,
) -> ChunkedArray<T>
where
    T: PolarsNumericType,
    ChunkedArray<T>: FromIterator<Option<T::Native>>,
{
    values
        .iter()
        .map(|value| {
            let parsed = parse(cell(value)?);
            bad.set(bad.get() || parsed.is_none());
            parsed
        })
        .collect()
}

/// Whether trimming would change `text`: it starts or ends with white space.
fn padded(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_whitespace)
        || text.chars().next_back().is_some_and(char::is_whitespace)
}

/// Parsed dates by text. A release holds few distinct dates (one a month) in many rows, so
/// each distinct text is parsed once. A small direct-mapped table, indexed by a cheap hash of
/// the bytes, answers most cells with one comparison; the map holds the rest.
struct DateMemo<'a> {
    slots: Vec<Option<(&'a str, Option<i32>)>>,
    many: HashMap<&'a str, Option<i32>>,
}

impl Default for DateMemo<'_> {
    fn default() -> Self {
        DateMemo {
            slots: vec![None; Self::SLOTS],
            many: HashMap::new(),
        }
    }
}

impl<'a> DateMemo<'a> {
    const SLOTS: usize = 256;

    fn days(&mut self, text: &'a str, format: &str) -> Option<i32> {
        // FNV-1a over the bytes: a handful of operations for a ten-byte date.
        let hash = text.bytes().fold(0x811c_9dc5u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        });
        let slot = &mut self.slots[hash as usize % Self::SLOTS];
        match slot {
            Some((seen, days)) if *seen == text => *days,
            Some(_) => *self
                .many
                .entry(text)
                .or_insert_with(|| schema::date_days(text, format)),
            None => {
                let days = schema::date_days(text, format);
                *slot = Some((text, days));
                days
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(kind: ColumnType, nullable: bool, suppressed: bool) -> ColumnConfig {
        ColumnConfig {
            name: "V".into(),
            kind,
            from: None,
            suppressed,
            nullable,
            date_format: None,
        }
    }

    fn markers() -> Vec<String> {
        super::super::DEFAULT_MARKERS
            .iter()
            .map(|m| (*m).to_owned())
            .collect()
    }

    fn text(values: &[Option<&str>]) -> Column {
        Column::new("V".into(), values)
    }

    #[test]
    fn cells_are_typed_as_the_reference_path_types_them() {
        let floats = convert(
            &text(&[Some(" 1,234.5 "), Some("*"), Some("-3")]),
            &column(ColumnType::Float, false, true),
            &markers(),
        )
        .unwrap();
        let got: Vec<Option<f64>> = floats.f64().unwrap().iter().collect();
        assert_eq!(got, vec![Some(1234.5), None, Some(-3.0)]);

        let dates = convert(
            &text(&[Some("30/06/2024"), Some("2024-06-30T00:00:00")]),
            &ColumnConfig {
                date_format: Some("%d/%m/%Y".into()),
                ..column(ColumnType::Date, false, false)
            },
            &markers(),
        )
        .unwrap();
        assert_eq!(dates.dtype(), &DataType::Date);
        assert_eq!(dates.null_count(), 0);
    }

    #[test]
    fn a_batch_with_a_cell_the_reference_path_reports_is_refused() {
        let refused = |values: &[Option<&str>], config: ColumnConfig| {
            convert(&text(values), &config, &markers()).is_err()
        };
        let cases = [
            (&[Some("1"), Some("n/a")][..], ColumnType::Float, true, true),
            (&[Some("*")][..], ColumnType::Integer, false, true),
            (&[Some(" ")][..], ColumnType::Text, false, true),
            (&[Some("NaN")][..], ColumnType::Float, false, true),
            (&[Some("12.5")][..], ColumnType::Integer, false, true),
            (&[Some("12.0")][..], ColumnType::Integer, false, false),
        ];
        for (values, kind, suppressed, expected) in cases {
            let config = column(kind, false, suppressed);
            assert_eq!(refused(values, config), expected, "{values:?} as {kind:?}");
        }
        // Markers are text in a text column.
        assert!(!refused(
            &[Some("*")],
            column(ColumnType::Text, false, false)
        ));
    }

    #[test]
    fn typed_input_is_taken_or_cast_as_its_text_would_be_read() {
        let float = column(ColumnType::Float, false, false);
        let ints = Column::new("V".into(), [1i32, 2]);
        let cast = convert(&ints, &float, &markers()).unwrap();
        assert_eq!(cast.dtype(), &DataType::Float64);
        let nan = Column::new("V".into(), [1.0f64, f64::NAN]);
        assert!(convert(&nan, &float, &markers()).is_err());
        let text = column(ColumnType::Text, false, false);
        assert!(convert(&ints, &text, &markers()).is_err());
    }
}
