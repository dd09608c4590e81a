//! The data pack workbook: one sheet per figure with the plotted data, for readers who want
//! the numbers behind each chart in a spreadsheet.
//!
//! The workbook's creation date is fixed so the file is byte-identical across builds.

use std::io::Cursor;

use anyhow::{Context, Result};
use polars::prelude::{AnyValue, CsvReadOptions, SerReader};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

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

/// Builds the workbook from (figure name, tidy CSV bytes) pairs, in order.
pub(crate) fn workbook(figures: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1).context("fixed workbook date")?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    if figures.is_empty() {
        workbook.add_worksheet().set_name("about")?.write_string(
            0,
            0,
            "This report has no figures.",
        )?;
    }
    let mut used = std::collections::BTreeSet::new();
    for (name, csv) in figures {
        // Read as text so codes such as `01` stay text; only the last (value) column is numeric.
        let df = CsvReadOptions::default()
            .with_has_header(true)
            .with_infer_schema_length(Some(0))
            .into_reader_with_file_handle(Cursor::new(csv.clone()))
            .finish()
            .with_context(|| format!("failed to read the plotted data of figure `{name}`"))?;
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(name, &mut used))?;
        for (c, column) in df.columns().iter().enumerate() {
            let c = u16::try_from(c).context("too many columns for a worksheet")?;
            sheet.write_string_with_format(0, c, column.name().as_str(), &bold)?;
            for r in 0..df.height() {
                let row = u32::try_from(r + 1).context("too many rows for a worksheet")?;
                let is_value_column = usize::from(c) + 1 == df.width();
                if let AnyValue::String(s) = column.get(r)? {
                    match s.parse::<f64>() {
                        Ok(number) if is_value_column => {
                            sheet.write_number(row, c, number)?;
                        }
                        _ => {
                            sheet.write_string(row, c, s)?;
                        }
                    }
                }
            }
        }
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
    }
}
