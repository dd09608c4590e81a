//! The data pack workbook: the data behind every chart, laid out as the Government Statistical
//! Service asks of statistics released in spreadsheets (the layout ONS's `gptables` writes).
//!
//! - **Cover**: what the workbook holds, the release and its dates, how symbols are used.
//! - **Contents**: one row per table sheet, with its title, linked to the sheet.
//! - **Notes**: every note a sheet refers to (`[note 1]`), numbered.
//! - **One sheet per figure**: its title in A1, what the sheet holds and its source in the
//!   rows below, then the data as one named Excel table with a single header row; no merged
//!   cells and no blank rows inside a table. Protected cells print as `[c]`, `[x]` or `[z]`.
//!
//! The workbook's creation date is fixed so the file is byte-identical across builds.

use std::io::Cursor;

use anyhow::{Context, Result};
use polars::prelude::{AnyValue, CsvReadOptions, SerReader};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Table, TableColumn, Workbook};

/// What the cover says about the publication.
pub(crate) struct Cover {
    /// The report's title.
    pub title: String,
    /// The data release's name and title.
    pub release: String,
    /// The publication date, as `YYYY-MM-DD`, when known.
    pub published: String,
}

/// One chart's data, for one sheet.
#[derive(Debug)]
pub(crate) struct Sheet {
    /// The figure's declared name (the sheet's name and its table's).
    pub name: String,
    /// The figure's title.
    pub title: String,
    /// Where the data come from.
    pub source: String,
    /// The figure's notes.
    pub notes: String,
    /// The plotted data as tidy CSV.
    pub csv: Vec<u8>,
}

/// The note every sheet refers to: the symbols and what the numbers are.
const SYMBOLS_NOTE: &str = "Shorthand in cells: [c] confidential (suppressed to protect people's \
    identity: a count from 1 to 7, with other counts rounded to the nearest 5), [x] not \
    available, [z] not applicable. Shares and rates are given as proportions (0.25 is 25%); \
    other values are in the units the sheet's title names.";

/// A sheet name Excel accepts (31 characters at most) and not yet used in this workbook.
fn sheet_name(figure: &str, used: &mut std::collections::BTreeSet<String>) -> String {
    let base: String = figure.chars().take(31).collect();
    let mut name = base.clone();
    let mut n = 2;
    while !used.insert(name.clone()) {
        let suffix = format!("~{n}");
        name = format!(
            "{}{suffix}",
            base.chars().take(31 - suffix.len()).collect::<String>()
        );
        n += 1;
    }
    name
}

/// An Excel table name: letters, digits and `_`, starting with a letter.
fn table_name(sheet: &str) -> String {
    let cleaned: String = sheet
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("table_{cleaned}")
}

/// Builds the workbook: cover, contents, notes, then one sheet per figure, in order.
pub(crate) fn workbook(cover: &Cover, sheets: &[Sheet]) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1).context("fixed workbook date")?;
    workbook.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_title(format!("{}: data behind the charts", cover.title)),
    );
    let heading = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new().set_text_wrap();

    let mut used = std::collections::BTreeSet::from([
        "Cover".to_owned(),
        "Contents".to_owned(),
        "Notes".to_owned(),
    ]);
    let names: Vec<String> = sheets
        .iter()
        .map(|s| sheet_name(&s.name, &mut used))
        .collect();

    // Cover.
    let sheet = workbook.add_worksheet().set_name("Cover")?;
    sheet.write_string_with_format(
        0,
        0,
        format!("{}: data behind the charts", cover.title),
        &heading,
    )?;
    let lines = [
        (
            "This workbook",
            "The data plotted in each chart of the report, one table per sheet; the Contents sheet lists them.",
        ),
        ("Release", cover.release.as_str()),
        ("Published", cover.published.as_str()),
        ("Shorthand", SYMBOLS_NOTE),
        (
            "How it was made",
            "Every value is computed by rapport from the files of the release; the report's data note says which files are official and which reconstructed.",
        ),
    ];
    for (i, (label, text)) in lines.iter().enumerate() {
        let row = u32::try_from(i + 1).context("cover rows")?;
        sheet.write_string(row, 0, *label)?;
        sheet.write_string_with_format(row, 1, *text, &wrap)?;
    }
    sheet.set_column_width(0, 18)?;
    sheet.set_column_width(1, 100)?;

    // Contents.
    let sheet = workbook.add_worksheet().set_name("Contents")?;
    sheet.write_string_with_format(0, 0, "Contents", &heading)?;
    sheet.write_string(
        1,
        0,
        "This worksheet contains one table, with a link to each sheet.",
    )?;
    for (i, (s, name)) in sheets.iter().zip(&names).enumerate() {
        let row = u32::try_from(i + 3).context("contents rows")?;
        sheet.write_url_with_text(row, 0, format!("internal:'{name}'!A1").as_str(), name)?;
        sheet.write_string(row, 1, &s.title)?;
        sheet.write_string(row, 2, &s.source)?;
    }
    let columns = ["Sheet", "Title", "Source"].map(|h| TableColumn::new().set_header(h));
    let last = u32::try_from(sheets.len() + 2).context("contents rows")?;
    sheet.add_table(
        2,
        0,
        last.max(3),
        2,
        &Table::new().set_columns(&columns).set_name("contents"),
    )?;
    sheet.set_column_width(0, 32)?;
    sheet.set_column_width(1, 90)?;
    sheet.set_column_width(2, 60)?;

    // Notes: the symbols first, then each figure's own notes.
    let sheet = workbook.add_worksheet().set_name("Notes")?;
    sheet.write_string_with_format(0, 0, "Notes", &heading)?;
    sheet.write_string(1, 0, "This worksheet contains one table.")?;
    let mut notes = vec![SYMBOLS_NOTE.to_owned()];
    let mut note_of: Vec<Option<usize>> = Vec::new();
    for s in sheets {
        if s.notes.trim().is_empty() {
            note_of.push(None);
        } else {
            notes.push(s.notes.clone());
            note_of.push(Some(notes.len()));
        }
    }
    for (i, text) in notes.iter().enumerate() {
        let row = u32::try_from(i + 3).context("notes rows")?;
        sheet.write_string(row, 0, format!("note {}", i + 1))?;
        sheet.write_string_with_format(row, 1, text, &wrap)?;
    }
    let columns = ["Note number", "Note text"].map(|h| TableColumn::new().set_header(h));
    let last = u32::try_from(notes.len() + 2).context("notes rows")?;
    sheet.add_table(
        2,
        0,
        last,
        1,
        &Table::new().set_columns(&columns).set_name("notes"),
    )?;
    sheet.set_column_width(0, 14)?;
    sheet.set_column_width(1, 110)?;

    // One sheet per figure.
    for ((s, name), note) in sheets.iter().zip(&names).zip(&note_of) {
        // Read as text so codes such as `01` stay text; only the last (value) column is numeric.
        let df = CsvReadOptions::default()
            .with_has_header(true)
            .with_infer_schema_length(Some(0))
            .into_reader_with_file_handle(Cursor::new(s.csv.clone()))
            .finish()
            .with_context(|| format!("failed to read the plotted data of figure `{}`", s.name))?;
        let sheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        sheet.write_string_with_format(0, 0, &s.title, &heading)?;
        let notes = match note {
            Some(n) => format!(" [note 1] [note {n}]"),
            None => " [note 1]".to_owned(),
        };
        sheet.write_string(1, 0, format!("This worksheet contains one table.{notes}"))?;
        sheet.write_string(2, 0, format!("Source: {}", s.source))?;
        const FIRST: u32 = 4;
        for (c, column) in df.columns().iter().enumerate() {
            let c = u16::try_from(c).context("too many columns for a worksheet")?;
            for r in 0..df.height() {
                let row = u32::try_from(r).context("too many rows for a worksheet")? + FIRST;
                let is_value_column = usize::from(c) + 1 == df.width();
                if let AnyValue::String(text) = column.get(r)? {
                    match text.parse::<f64>() {
                        Ok(number) if is_value_column => {
                            sheet.write_number(row, c, number)?;
                        }
                        _ => {
                            sheet.write_string(row, c, text)?;
                        }
                    }
                }
            }
        }
        let columns: Vec<TableColumn> = df
            .get_column_names()
            .iter()
            .map(|h| TableColumn::new().set_header(h.as_str()))
            .collect();
        let last_row = FIRST + u32::try_from(df.height().max(1)).context("rows")? - 1;
        let last_col = u16::try_from(df.width().max(1) - 1).context("columns")?;
        sheet.add_table(
            FIRST - 1,
            0,
            last_row,
            last_col,
            &Table::new()
                .set_columns(&columns)
                .set_name(table_name(name)),
        )?;
        sheet.autofit();
    }
    workbook
        .save_to_buffer()
        .context("failed to write the data pack workbook")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_short_and_unique() {
        let mut used = std::collections::BTreeSet::new();
        let long = "mental_health_fte_by_staff_group_and_region";
        let first = sheet_name(long, &mut used);
        let second = sheet_name(long, &mut used);
        assert_eq!(first.chars().count(), 31);
        assert!(second.chars().count() <= 31 && second.ends_with("~2"));
        assert_ne!(first, second);
        assert_eq!(table_name("fig01~2"), "table_fig01_2");
    }
}
