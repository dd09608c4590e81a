//! Cell-by-cell comparison of two CSV tables (computed tables and plotted figure data).
//!
//! Rows are matched on their key: the columns that hold text or dates rather than numbers
//! (region, staff group, month): the shortest run of them, left to right, that identifies rows
//! on both sides; in an all-numeric table, a first column of rising whole numbers (a year).
//! When no key fits, when no row matches by key although the row counts agree (every label
//! changed, as a period label does between editions), or when both tables have one row,
//! rows are matched by position. Numeric cells that print differently but hold the same value
//! (`1.0` and `1`) are equal.

use anyhow::{Context, Result};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A parsed CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Csv {
    /// Column names.
    pub header: Vec<String>,
    /// Rows of cells, as written.
    pub rows: Vec<Vec<String>>,
}

impl Csv {
    /// Parses CSV bytes with a header row.
    pub(crate) fn parse(bytes: &[u8]) -> Result<Self> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
        let header = reader
            .headers()
            .context("cannot read the header row")?
            .iter()
            .map(str::to_owned)
            .collect();
        let mut rows = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record = record.with_context(|| format!("cannot read CSV row {}", i + 2))?;
            rows.push(record.iter().map(str::to_owned).collect());
        }
        Ok(Self { header, rows })
    }

    fn cell(&self, row: usize, column: &str) -> Option<&str> {
        let at = self.header.iter().position(|h| h == column)?;
        self.rows[row].get(at).map(String::as_str)
    }
}

/// One changed cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct CellChange {
    /// The row, as `column=value` pairs of its key (or `row N`).
    pub row: String,
    /// The column.
    pub column: String,
    /// Old text.
    pub before: String,
    /// New text.
    pub after: String,
    /// New minus old, when both are numbers.
    pub delta: Option<f64>,
    /// Relative change, when both are numbers and the old one is not zero.
    pub relative: Option<f64>,
}

/// A row present on one side only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct RowOnly {
    /// The row's key.
    pub row: String,
    /// Its non-key cells as `column=value`.
    pub cells: String,
}

/// Everything that differs between two versions of a table.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct CellDiff {
    /// Columns used to match rows (empty when rows are matched by position).
    pub key: Vec<String>,
    /// Columns only in the new table.
    pub columns_added: Vec<String>,
    /// Columns only in the old table.
    pub columns_removed: Vec<String>,
    /// Changed cells of matched rows.
    pub cells: Vec<CellChange>,
    /// Rows only in the new table.
    pub rows_added: Vec<RowOnly>,
    /// Rows only in the old table.
    pub rows_removed: Vec<RowOnly>,
    /// Matched rows with no changed cell.
    pub rows_unchanged: usize,
}

#[cfg(test)]
impl CellDiff {
    /// Does anything differ?
    fn is_empty(&self) -> bool {
        self.columns_added.is_empty()
            && self.columns_removed.is_empty()
            && self.cells.is_empty()
            && self.rows_added.is_empty()
            && self.rows_removed.is_empty()
    }
}

/// Compares two versions of a table.
pub(crate) fn compare(before: &Csv, after: &Csv) -> CellDiff {
    let common: Vec<String> = after
        .header
        .iter()
        .filter(|c| before.header.contains(c))
        .cloned()
        .collect();
    let mut diff = CellDiff {
        columns_added: missing_from(&after.header, &before.header),
        columns_removed: missing_from(&before.header, &after.header),
        ..CellDiff::default()
    };
    let (key, old_rows, new_rows) = match_rows(before, after, &common);
    let values: Vec<&String> = common.iter().filter(|c| !key.contains(c)).collect();
    for (row_key, &new_row) in &new_rows {
        let Some(&old_row) = old_rows.get(row_key) else {
            diff.rows_added
                .push(row_only(after, new_row, row_key, &key));
            continue;
        };
        let mut changed = false;
        for column in &values {
            let old = before.cell(old_row, column).unwrap_or("");
            let new = after.cell(new_row, column).unwrap_or("");
            if let Some(change) = cell_change(row_key, column, old, new) {
                diff.cells.push(change);
                changed = true;
            }
        }
        if !changed {
            diff.rows_unchanged += 1;
        }
    }
    for (row_key, &old_row) in &old_rows {
        if !new_rows.contains_key(row_key) {
            diff.rows_removed
                .push(row_only(before, old_row, row_key, &key));
        }
    }
    diff.diff_order(&old_rows, &new_rows);
    diff.key = key;
    diff
}

/// Chooses the key columns and maps each side's key text to its row index.
///
/// The key is the shortest run of text columns, left to right, that identifies rows on both
/// sides (so a label column after the key, such as a period, is compared as a value). In an
/// all-numeric table a first column of rising whole numbers (a year) is the key. When no key
/// fits, when no row matches by key while the row counts agree (every label changed, as a
/// period does between editions), or when each side has a single row, rows match by position.
fn match_rows(
    before: &Csv,
    after: &Csv,
    common: &[String],
) -> (
    Vec<String>,
    BTreeMap<String, usize>,
    BTreeMap<String, usize>,
) {
    let text: Vec<String> = common
        .iter()
        .filter(|c| !is_numeric_column(before, c) || !is_numeric_column(after, c))
        .cloned()
        .collect();
    let mut candidates: Vec<Vec<String>> = (1..=text.len()).map(|n| text[..n].to_vec()).collect();
    if text.is_empty() {
        candidates.extend(
            common
                .first()
                .filter(|c| is_rising_whole_column(before, c) && is_rising_whole_column(after, c))
                .map(|c| vec![c.clone()]),
        );
    }
    let single = before.rows.len() == 1 && after.rows.len() == 1;
    for key in candidates {
        if let (Some(old), Some(new)) = (row_keys(before, &key), row_keys(after, &key)) {
            let matched = new.keys().filter(|k| old.contains_key(*k)).count();
            if single || (matched == 0 && old.len() == new.len()) {
                break;
            }
            return (key, old, new);
        }
    }
    (Vec::new(), positional(before), positional(after))
}

impl CellDiff {
    /// Orders changes as the rows appear in the tables (new table; old one for removed rows).
    fn diff_order(
        &mut self,
        old_rows: &BTreeMap<String, usize>,
        new_rows: &BTreeMap<String, usize>,
    ) {
        self.cells
            .sort_by_key(|c| new_rows.get(&c.row).copied().unwrap_or(usize::MAX));
        self.rows_added
            .sort_by_key(|r| new_rows.get(&r.row).copied().unwrap_or(usize::MAX));
        self.rows_removed
            .sort_by_key(|r| old_rows.get(&r.row).copied().unwrap_or(usize::MAX));
    }
}

fn missing_from(these: &[String], other: &[String]) -> Vec<String> {
    these
        .iter()
        .filter(|c| !other.contains(c))
        .cloned()
        .collect()
}

/// A column whose every non-empty cell is a number.
fn is_numeric_column(csv: &Csv, column: &str) -> bool {
    (0..csv.rows.len())
        .filter_map(|r| csv.cell(r, column))
        .filter(|v| !v.is_empty())
        .all(|v| parse_number(v).is_some())
}

/// A column of whole numbers that rise row by row (years, periods).
fn is_rising_whole_column(csv: &Csv, column: &str) -> bool {
    let values: Option<Vec<i64>> = (0..csv.rows.len())
        .map(|r| csv.cell(r, column)?.trim().parse().ok())
        .collect();
    values.is_some_and(|v| v.windows(2).all(|w| w[0] < w[1]))
}

fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Key text → row index, or `None` when two rows share a key.
fn row_keys(csv: &Csv, key: &[String]) -> Option<BTreeMap<String, usize>> {
    let mut rows = BTreeMap::new();
    for r in 0..csv.rows.len() {
        let text = key
            .iter()
            .map(|c| format!("{c}={}", csv.cell(r, c).unwrap_or("")))
            .collect::<Vec<_>>()
            .join(", ");
        if rows.insert(text, r).is_some() {
            return None;
        }
    }
    Some(rows)
}

fn positional(csv: &Csv) -> BTreeMap<String, usize> {
    (0..csv.rows.len())
        .map(|r| (format!("row {}", r + 1), r))
        .collect()
}

fn row_only(csv: &Csv, row: usize, row_key: &str, key: &[String]) -> RowOnly {
    let cells = csv
        .header
        .iter()
        .filter(|c| !key.contains(c))
        .map(|c| format!("{c}={}", csv.cell(row, c).unwrap_or("")))
        .collect::<Vec<_>>()
        .join(", ");
    RowOnly {
        row: row_key.to_owned(),
        cells,
    }
}

fn cell_change(row: &str, column: &str, old: &str, new: &str) -> Option<CellChange> {
    if old == new {
        return None;
    }
    let (delta, relative) = match (parse_number(old), parse_number(new)) {
        (Some(a), Some(b)) if a == b => return None,
        (Some(a), Some(b)) => (Some(b - a), (a != 0.0).then(|| (b - a) / a.abs())),
        _ => (None, None),
    };
    Some(CellChange {
        row: row.to_owned(),
        column: column.to_owned(),
        before: old.to_owned(),
        after: new.to_owned(),
        delta,
        relative,
    })
}

/// Names present on both sides, on one side only, in order.
pub(crate) fn split_names<'a>(
    before: impl IntoIterator<Item = &'a String>,
    after: impl IntoIterator<Item = &'a String>,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let before: BTreeSet<&String> = before.into_iter().collect();
    let after: BTreeSet<&String> = after.into_iter().collect();
    (
        before.intersection(&after).map(|s| (*s).clone()).collect(),
        after.difference(&before).map(|s| (*s).clone()).collect(),
        before.difference(&after).map(|s| (*s).clone()).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> Csv {
        Csv::parse(text.as_bytes()).unwrap()
    }

    #[test]
    fn rows_match_on_text_columns_whatever_their_order() {
        let diff = compare(
            &csv("region,fte\nLondon,10\nMidlands,20\n"),
            &csv("region,fte\nMidlands,20.0\nLondon,12\nNorth West,5\n"),
        );
        assert_eq!(diff.key, vec!["region"]);
        assert_eq!(diff.cells.len(), 1);
        let cell = &diff.cells[0];
        assert_eq!(
            (cell.row.as_str(), cell.column.as_str()),
            ("region=London", "fte")
        );
        assert_eq!((cell.delta, cell.relative), (Some(2.0), Some(0.2)));
        assert_eq!(diff.rows_added[0].row, "region=North West");
        assert_eq!(diff.rows_unchanged, 1);
        assert!(diff.rows_removed.is_empty());
    }

    #[test]
    fn an_all_numeric_table_matches_rows_on_its_first_column() {
        let diff = compare(
            &csv("year,v\n2019,1\n2020,2\n"),
            &csv("year,v\n2020,3\n2021,4\n"),
        );
        assert_eq!(diff.key, vec!["year"]);
        assert_eq!(diff.cells[0].row, "year=2020");
        assert_eq!((diff.rows_added.len(), diff.rows_removed.len()), (1, 1));
    }

    #[test]
    fn a_one_row_table_of_values_is_matched_by_position() {
        let diff = compare(
            &csv("ratio,share\n1.5,0.2\n"),
            &csv("ratio,share\n1.7,0.2\n"),
        );
        assert!(diff.key.is_empty());
        assert_eq!(diff.cells[0].column, "ratio");
        assert!(diff.rows_added.is_empty());
    }

    #[test]
    fn a_one_row_table_is_the_same_row_whatever_its_text() {
        let diff = compare(
            &csv("first,last\nApril 2024,September 2024\n"),
            &csv("first,last\nApril 2024,October 2024\n"),
        );
        assert_eq!(diff.cells.len(), 1);
        assert_eq!(
            (diff.cells[0].before.as_str(), diff.cells[0].after.as_str()),
            ("September 2024", "October 2024")
        );
    }

    #[test]
    fn a_label_after_the_key_is_compared_as_a_value() {
        let diff = compare(
            &csv("group,period,v\na,Aug 2020,1\nb,Aug 2020,2\n"),
            &csv("group,period,v\na,Aug 2021,1\nb,Aug 2021,3\n"),
        );
        assert_eq!(diff.key, vec!["group"]);
        assert_eq!(diff.cells.len(), 3, "{:?}", diff.cells);
    }

    #[test]
    fn rows_whose_every_label_changed_match_by_position() {
        let diff = compare(
            &csv("period,v\nSep 2018 to Aug 2020,1\nAug 2020,2\n"),
            &csv("period,v\nSep 2019 to Aug 2021,1\nAug 2021,3\n"),
        );
        assert!(diff.key.is_empty());
        assert!(diff.rows_added.is_empty() && diff.rows_removed.is_empty());
        assert_eq!(diff.cells.len(), 3);
    }

    #[test]
    fn duplicate_keys_fall_back_to_row_positions() {
        let diff = compare(&csv("g,v\na,1\na,2\n"), &csv("g,v\na,1\na,3\nb,4\n"));
        assert!(diff.key.is_empty());
        assert_eq!(diff.cells[0].row, "row 2");
        assert_eq!(diff.rows_added.len(), 1);
    }

    #[test]
    fn renamed_columns_are_reported() {
        let diff = compare(&csv("a,b\nx,1\n"), &csv("a,c\nx,1\n"));
        assert_eq!(diff.columns_added, vec!["c"]);
        assert_eq!(diff.columns_removed, vec!["b"]);
        assert!(!diff.is_empty());
        assert!(compare(&csv("a,b\nx,1\n"), &csv("a,b\nx,1\n")).is_empty());
    }
}
