//! The data pack workbook: one sheet per figure with the plotted data, for readers who want
//! the numbers behind each chart in a spreadsheet.
//!
//! The workbook's creation date is fixed so the file is byte-identical across builds.

use std::io::Cursor;

use anyhow::{Context, Result};
use polars::prelude::{AnyValue, CsvReadOptions, SerReader};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

/// Builds the workbook from (figure name, tidy CSV bytes) pairs, in order.
pub fn workbook(figures: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
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
    for (name, csv) in figures {
        let df = CsvReadOptions::default()
            .with_has_header(true)
            .into_reader_with_file_handle(Cursor::new(csv.clone()))
            .finish()
            .with_context(|| format!("failed to read the plotted data of figure `{name}`"))?;
        let sheet = workbook.add_worksheet();
        // Sheet names are limited to 31 characters.
        sheet.set_name(name.chars().take(31).collect::<String>())?;
        for (c, column) in df.columns().iter().enumerate() {
            let c = u16::try_from(c).context("too many columns for a worksheet")?;
            sheet.write_string_with_format(0, c, column.name().as_str(), &bold)?;
            for r in 0..df.height() {
                let row = u32::try_from(r + 1).context("too many rows for a worksheet")?;
                match column.get(r)? {
                    AnyValue::Null => {}
                    AnyValue::String(s) => {
                        sheet.write_string(row, c, s)?;
                    }
                    other => match other.extract::<f64>() {
                        Some(number) => {
                            sheet.write_number(row, c, number)?;
                        }
                        None => {
                            sheet.write_string(row, c, other.str_value().as_ref())?;
                        }
                    },
                }
            }
        }
        sheet.autofit();
    }
    workbook
        .save_to_buffer()
        .context("failed to write the data pack workbook")
}
