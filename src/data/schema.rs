//! Checking a text frame against a dataset's declared columns and giving each its type.
//!
//! Columns are found by name (surrounding spaces and letter case ignored, `from` for renamed
//! columns), so reordered columns are fine and a missing one is a clear error. Values are parsed
//! one by one so the first bad cell is reported with its line or row and column.

use anyhow::{Result, bail};
use chrono::NaiveDate;
use polars::prelude::*;

use super::read::TextFrame;
use crate::config::{ColumnConfig, ColumnType};

/// Returns the typed frame with exactly the declared columns, in declared order.
pub(crate) fn apply(
    raw: &TextFrame,
    columns: &[ColumnConfig],
    markers: &[String],
) -> Result<DataFrame> {
    let names: Vec<String> = raw
        .df
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let mut typed = Vec::with_capacity(columns.len());
    for column in columns {
        let found = find_column(&names, column)?;
        let values = raw.df.column(found)?.str()?;
        typed.push(parse_column(raw, column, values, markers)?);
    }
    Ok(DataFrame::new(raw.df.height(), typed)?)
}

/// The file's column that holds declared `column`: matched by name, ignoring surrounding
/// spaces and letter case, through `from` for a renamed column. Exactly one must match.
pub(crate) fn find_column<'a>(names: &'a [String], column: &ColumnConfig) -> Result<&'a String> {
    let wanted = match &column.from {
        Some(from) => from.names(),
        None => vec![column.name.as_str()],
    };
    let present: Vec<&String> = names
        .iter()
        .filter(|n| {
            wanted
                .iter()
                .any(|w| n.trim().eq_ignore_ascii_case(w.trim()))
        })
        .collect();
    match present.as_slice() {
        [one] => Ok(one),
        [] => {
            let renamed = match &column.from {
                Some(from) => format!("column `{}` (read from {from})", column.name),
                None => format!("column `{}`", column.name),
            };
            bail!(
                "missing {renamed}; the file has: {}. If the publisher renamed it, map it \
                 with `from = \"<name in the file>\"` (or a list of accepted names) on the \
                 column in `report.toml`",
                listed(names)
            );
        }
        many => bail!(
            "column `{}`: the file has more than one of its accepted names ({}); keep one \
             in `from`",
            column.name,
            many.iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A file's column names for a message: at most 40, each cut to 60 characters, so a header
/// that is really a whole file cannot flood the terminal.
fn listed(names: &[String]) -> String {
    const NAMES: usize = 40;
    const CHARS: usize = 60;
    let mut shown: Vec<String> = names
        .iter()
        .take(NAMES)
        .map(|n| match n.char_indices().nth(CHARS) {
            Some((cut, _)) => format!(
                "`{}…` ({} characters)",
                &n[..cut],
                super::read::group_digits(n.chars().count())
            ),
            None => format!("`{n}`"),
        })
        .collect();
    if names.len() > NAMES {
        shown.push(format!("and {} more", names.len() - NAMES));
    }
    shown.join(", ")
}

/// What went wrong with one cell.
struct BadCell {
    row: usize,
    problem: String,
}

fn parse_column(
    raw: &TextFrame,
    column: &ColumnConfig,
    values: &StringChunked,
    markers: &[String],
) -> Result<Column> {
    let name: PlSmallStr = column.name.as_str().into();
    let mut first_bad: Option<BadCell> = None;
    let mut bad = 0usize;
    let mut note = |row: usize, problem: String| {
        bad += 1;
        if first_bad.is_none() {
            first_bad = Some(BadCell { row, problem });
        }
    };
    let cells: Vec<Option<&str>> = values
        .iter()
        .enumerate()
        .map(|(row, value)| {
            classify(value, column, markers).unwrap_or_else(|problem| {
                note(row, problem);
                None
            })
        })
        .collect();

    let out = match column.kind {
        // A text column whose cells needed no trimming and hold no blanks is the column as
        // read: shared, not copied cell by cell.
        ColumnType::Text
            if values.null_count() == 0
                && cells
                    .iter()
                    .zip(values.iter())
                    .all(|(cell, value)| *cell == value) =>
        {
            values.clone().with_name(name).into_column()
        }
        ColumnType::Text => Column::new(name, cells),
        ColumnType::Float => {
            let parsed: Vec<Option<f64>> = cells
                .iter()
                .enumerate()
                .map(|(row, cell)| {
                    cell.and_then(|text| {
                        parse_float(text).or_else(|| {
                            note(row, format!("expected a number, found `{text}`"));
                            None
                        })
                    })
                })
                .collect();
            Column::new(name, parsed)
        }
        ColumnType::Integer => {
            let parsed: Vec<Option<i64>> = cells
                .iter()
                .enumerate()
                .map(|(row, cell)| {
                    cell.and_then(|text| {
                        parse_integer(text).or_else(|| {
                            note(row, format!("expected a whole number, found `{text}`"));
                            None
                        })
                    })
                })
                .collect();
            Column::new(name, parsed)
        }
        ColumnType::Date => {
            let format = column.date_format.as_deref().unwrap_or("%Y-%m-%d");
            // A release holds few distinct dates (one per month) in many rows: each distinct
            // text is parsed once.
            let mut seen: std::collections::HashMap<&str, Option<i32>> =
                std::collections::HashMap::new();
            let parsed: Vec<Option<i32>> = cells
                .iter()
                .enumerate()
                .map(|(row, cell)| {
                    let day = |text: &str| date_days(text, format);
                    cell.and_then(
                        |text| match *seen.entry(text).or_insert_with(|| day(text)) {
                            Some(days) => Some(days),
                            None => {
                                note(
                                    row,
                                    format!("expected a date like `{format}`, found `{text}`"),
                                );
                                None
                            }
                        },
                    )
                })
                .collect();
            Column::new(name, parsed).cast(&DataType::Date)?
        }
    };
    if let Some(cell) = first_bad {
        let more = if bad > 1 {
            format!(" ({} more bad value(s) in this column)", bad - 1)
        } else {
            String::new()
        };
        bail!(
            "{}, column `{}`: {}{more}",
            raw.locate(cell.row),
            column.name,
            cell.problem
        );
    }
    Ok(out)
}

/// What a cell holds before it is parsed: `Ok(Some(text))` to parse (trimmed), `Ok(None)` for
/// an allowed null, `Err(problem)` for a blank or a suppression marker the column does not allow.
///
/// The one rule for blanks and markers, shared by the reference path here and the columnar path
/// ([`super::typed`]), so both accept exactly the same cells.
pub(crate) fn classify<'a>(
    value: Option<&'a str>,
    column: &ColumnConfig,
    markers: &[String],
) -> Result<Option<&'a str>, String> {
    let text = value.map(str::trim).unwrap_or("");
    if let Some(problem) = unprintable(text) {
        Err(problem)
    } else if text.is_empty() {
        if column.nullable {
            Ok(None)
        } else {
            Err("empty value (set `nullable = true` if blanks are expected)".into())
        }
    } else if column.kind != ColumnType::Text && markers.iter().any(|m| m == text) {
        if column.suppressed {
            Ok(None)
        } else {
            Err(format!(
                "suppression marker `{text}` (set `suppressed = true` if the column may hold them)"
            ))
        }
    } else {
        Ok(Some(text))
    }
}

/// The most characters a cell may hold: Excel's own limit. A longer cell is a missing
/// closing quote or not a table at all, and would stall every figure and page it reached.
pub(crate) const MAX_CELL_CHARS: usize = 32_767;

/// Why a cell cannot be printed, if it cannot: longer than [`MAX_CELL_CHARS`], or holding a
/// control character (a NUL, say) that no PDF, SVG or CSV reader expects. Tabs and line
/// breaks are allowed.
pub(crate) fn unprintable(text: &str) -> Option<String> {
    let plain = text.len() <= MAX_CELL_CHARS
        && text
            .bytes()
            .all(|b| (b >= 0x20 && b != 0x7F && b != 0xC2) || matches!(b, b'\t' | b'\n' | b'\r'));
    if plain {
        return None;
    }
    let chars = text.chars().count();
    if chars > MAX_CELL_CHARS {
        return Some(format!(
            "the cell holds {} characters; a cell holds at most {} (Excel's limit): is a closing quote missing?",
            super::read::group_digits(chars),
            super::read::group_digits(MAX_CELL_CHARS)
        ));
    }
    text.chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| {
            format!(
                "the cell holds the control character U+{:04X}, which no report can print",
                u32::from(c)
            )
        })
}

/// Parses `1234.5`, `1,234.5` or `-3`; thousands separators are common in published files.
pub(crate) fn parse_float(text: &str) -> Option<f64> {
    let value: f64 = text.parse().ok().or_else(|| {
        let plain = text.replace(',', "");
        let grouped_ok = text.split('.').next().is_some_and(|int| {
            let int = int.trim_start_matches('-');
            let mut groups = int.split(',');
            groups.next().is_some_and(|g| (1..=3).contains(&g.len()))
                && groups.all(|g| g.len() == 3)
        });
        if grouped_ok { plain.parse().ok() } else { None }
    })?;
    value.is_finite().then_some(value)
}

pub(crate) fn parse_integer(text: &str) -> Option<i64> {
    text.parse().ok().or_else(|| {
        let value = parse_float(text)?;
        (value.fract() == 0.0 && value.abs() < 9.0e15).then_some(value as i64)
    })
}

/// Parses a date with the declared format; Excel date cells arrive as ISO dates and are accepted too.
pub(crate) fn parse_date(text: &str, format: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, format)
        .ok()
        .or_else(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .or_else(|| {
            // Datetime strings such as `2020-06-30 00:00:00` or `2020-06-30T00:00:00` (how
            // Excel and Parquet timestamps read as text): a date and a whole time, nothing else.
            [
                "%Y-%m-%d %H:%M:%S%.f",
                "%Y-%m-%dT%H:%M:%S%.f",
                "%Y-%m-%d %H:%M",
                "%Y-%m-%dT%H:%M",
            ]
            .iter()
            .find_map(|f| chrono::NaiveDateTime::parse_from_str(text, f).ok())
            .map(|t| t.date())
        })
}

/// Whether `format` is a date format chrono understands (a typo such as `%Q` would otherwise
/// be ignored, every cell falling back to ISO dates).
pub(crate) fn valid_date_format(format: &str) -> bool {
    !chrono::format::StrftimeItems::new(format).any(|item| item == chrono::format::Item::Error)
}

/// A date text as days since 1970-01-01, Polars' storage for dates.
pub(crate) fn date_days(text: &str, format: &str) -> Option<i32> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("the epoch is a date");
    parse_date(text, format).map(|date| (date - epoch).num_days() as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_accept_thousands_separators_only_when_grouped() {
        assert_eq!(parse_float("1,234.5"), Some(1234.5));
        assert_eq!(parse_float("-12"), Some(-12.0));
        assert_eq!(parse_float("1,23"), None);
        assert_eq!(parse_float("n/a"), None);
        assert_eq!(parse_float("inf"), None);
        assert_eq!(parse_integer("41,000"), Some(41_000));
        assert_eq!(parse_integer("12.0"), Some(12));
        assert_eq!(parse_integer("12.5"), None);
    }

    #[test]
    fn dates_follow_the_declared_format() {
        let d = NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();
        assert_eq!(parse_date("30/06/2024", "%d/%m/%Y"), Some(d));
        assert_eq!(parse_date("2024-06-30", "%d/%m/%Y"), Some(d));
        assert_eq!(parse_date("2024-06-30T00:00:00", "%Y-%m-%d"), Some(d));
        assert_eq!(parse_date("31/02/2024", "%d/%m/%Y"), None);
        assert_eq!(
            parse_date("2024-06-30 00:00:00.000000", "%Y-%m-%d"),
            Some(d)
        );
        assert_eq!(parse_date("2024-06-30xyz", "%Y-%m-%d"), None);
        assert_eq!(parse_date("2024-06-30 junk", "%Y-%m-%d"), None);
    }
}
