//! The dataset step: raw files matched in the release folder, read, checked against the
//! declared schema and stacked into one typed frame.
//!
//! Every reader produces an all-text frame; one schema step ([`schema`]) then types it, so CSV,
//! Excel and Parquet files get identical validation and identical error messages. Files are
//! matched and their formats settled when the plan is resolved; the step itself only reads the
//! bytes the build already hashed.

pub(crate) mod read;
pub(crate) mod schema;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use polars::prelude::DataFrame;
use serde::Serialize;

use crate::config::{DataFormat, DatasetConfig, Declared};
use crate::inputs::{InputFiles, InputPath};
use crate::release::Release;

/// Default suppression markers, as NHS Digital and ONS publish them.
pub(crate) const DEFAULT_MARKERS: [&str; 4] = ["*", "-", "..", "[c]"];

/// A resolved dataset: its declaration, the files it matched and the format of each.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DatasetSpec {
    /// The declaration as written.
    pub config: DatasetConfig,
    /// Matched files with their formats, in path order.
    #[serde(skip)]
    pub files: Vec<(InputPath, DataFormat)>,
}

/// Matches a dataset's files in the release and settles their formats.
pub(crate) fn resolve(
    name: &str,
    declared: &Declared<DatasetConfig>,
    release: &Release,
    root: &Path,
) -> Result<DatasetSpec> {
    let origin = &declared.origin;
    let config = &declared.value;
    let paths = match_files(release, &config.path)
        .with_context(|| format!("{origin}: failed to plan dataset `{name}`"))?;
    if paths.is_empty() {
        bail!(
            "{origin}: dataset `{name}`: no file in `{}` matches `{}`",
            release.dir.display(),
            config.path
        );
    }
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let format = match config.format.or_else(|| DataFormat::infer(&path)) {
            Some(format) => format,
            None => bail!(
                "{origin}: dataset `{name}`: cannot tell the format of `{}`; set `format` on the dataset",
                path.display()
            ),
        };
        if matches!(format, DataFormat::Xls | DataFormat::Xlsx) && config.columns.is_empty() {
            bail!("{origin}: dataset `{name}`: declare at least one column");
        }
        files.push((InputPath::new(path, root), format));
    }
    Ok(DatasetSpec {
        config: config.clone(),
        files,
    })
}

/// Reads, validates and stacks every file of a dataset.
pub(crate) fn run(name: &str, spec: &DatasetSpec, inputs: &InputFiles) -> Result<DataFrame> {
    let config = &spec.config;
    let markers: Vec<String> = config
        .suppression_markers
        .clone()
        .unwrap_or_else(|| DEFAULT_MARKERS.iter().map(|m| (*m).to_owned()).collect());
    let mut stacked: Option<DataFrame> = None;
    for (file, format) in &spec.files {
        let shown = &file.shown;
        let raw = read::read_text_frame(inputs.bytes(&file.path)?, *format, config)
            .with_context(|| format!("failed to read `{shown}`"))?;
        let typed = schema::apply(&raw, &config.columns, &markers)
            .with_context(|| format!("`{shown}` does not fit the schema of dataset `{name}`"))?;
        stacked = Some(match stacked {
            None => typed,
            Some(mut acc) => {
                acc.vstack_mut_owned(typed)
                    .with_context(|| format!("failed to stack `{shown}` onto the earlier files"))?;
                acc
            }
        });
    }
    let mut df = stacked.context("a dataset has at least one file")?;
    df.rechunk_mut();
    Ok(df)
}

/// Files in the release folder matching a name or glob pattern, sorted.
fn match_files(release: &Release, pattern: &str) -> Result<Vec<PathBuf>> {
    if Path::new(pattern).is_absolute() || pattern.split('/').any(|part| part == "..") {
        bail!("`{pattern}` must be a path inside the release folder");
    }
    let full = release.dir.join(pattern);
    let full = full
        .to_str()
        .with_context(|| format!("`{pattern}` is not valid UTF-8"))?;
    let mut files = Vec::new();
    for entry in glob::glob(full).with_context(|| format!("`{pattern}` is not a valid pattern"))? {
        let path = entry.with_context(|| format!("failed to list files matching `{pattern}`"))?;
        if path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ColumnConfig, ColumnType};
    use polars::prelude::{ParquetWriter, df};

    fn column(name: &str, kind: ColumnType) -> ColumnConfig {
        ColumnConfig {
            name: name.into(),
            kind,
            from: None,
            suppressed: true,
            nullable: false,
            date_format: None,
        }
    }

    fn dataset(path: &str, columns: Vec<ColumnConfig>) -> DatasetConfig {
        DatasetConfig {
            path: path.into(),
            format: None,
            sheet: None,
            skip_rows: 0,
            suppression_markers: None,
            description: String::new(),
            columns,
        }
    }

    fn load_one(path: &Path, config: &DatasetConfig) -> Result<DataFrame> {
        let format = DataFormat::infer(path).context("no format")?;
        let raw = read::read_text_frame(&std::fs::read(path)?, format, config)?;
        let markers: Vec<String> = DEFAULT_MARKERS.iter().map(|m| (*m).to_owned()).collect();
        schema::apply(&raw, &config.columns, &markers)
    }

    fn expected() -> DataFrame {
        df!("GROUP" => ["Support", "Nurses"], "FTE" => [Some(1234.5), None]).unwrap()
    }

    #[test]
    fn csv_with_bom_crlf_quotes_reordering_and_gzip() {
        let dir = tempfile::tempdir().unwrap();
        let text = "\u{feff}FTE , GROUP\r\n\"1,234.5\",Support\r\n*,Nurses\r\n\r\n";
        let plain = dir.path().join("a.csv");
        std::fs::write(&plain, text).unwrap();
        let config = dataset(
            "a.csv",
            vec![
                column("GROUP", ColumnType::Text),
                column("FTE", ColumnType::Float),
            ],
        );
        assert!(
            load_one(&plain, &config)
                .unwrap()
                .equals_missing(&expected())
        );

        let gz = dir.path().join("a.csv.gz");
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut encoder, text.as_bytes()).unwrap();
        std::fs::write(&gz, encoder.finish().unwrap()).unwrap();
        assert!(load_one(&gz, &config).unwrap().equals_missing(&expected()));
    }

    #[test]
    fn xlsx_with_a_title_row() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.xlsx");
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet().set_name("Data").unwrap();
        sheet.write_string(0, 0, "Table 1: staff").unwrap();
        sheet.write_string(1, 0, "GROUP").unwrap();
        sheet.write_string(1, 1, "FTE").unwrap();
        sheet.write_string(2, 0, "Support").unwrap();
        sheet.write_number(2, 1, 1234.5).unwrap();
        sheet.write_string(3, 0, "Nurses").unwrap();
        sheet.write_string(3, 1, "*").unwrap();
        workbook.save(&path).unwrap();
        let mut config = dataset(
            "a.xlsx",
            vec![
                column("GROUP", ColumnType::Text),
                column("FTE", ColumnType::Float),
            ],
        );
        config.sheet = Some("Data".into());
        config.skip_rows = 1;
        assert!(
            load_one(&path, &config)
                .unwrap()
                .equals_missing(&expected())
        );
        config.columns[0].suppressed = false;
        config.columns[1] = ColumnConfig {
            suppressed: false,
            ..column("FTE", ColumnType::Float)
        };
        let err = format!("{:#}", load_one(&path, &config).unwrap_err());
        assert!(
            err.contains("row 4, column `FTE`: suppression marker `*`"),
            "{err}"
        );
    }

    #[test]
    fn parquet_is_validated_like_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.parquet");
        let mut df = df!("GROUP" => ["Support", "Nurses"], "FTE" => [Some(1234.5), None]).unwrap();
        let file = std::fs::File::create(&path).unwrap();
        ParquetWriter::new(file).finish(&mut df).unwrap();
        let mut config = dataset(
            "a.parquet",
            vec![
                column("GROUP", ColumnType::Text),
                column("FTE", ColumnType::Float),
            ],
        );
        config.columns[1].nullable = true;
        assert!(
            load_one(&path, &config)
                .unwrap()
                .equals_missing(&expected())
        );
    }

    #[test]
    fn errors_name_the_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, "GROUP,FTE\nSupport,1\nNurses,n/a\nDoctors,x\n").unwrap();
        let config = dataset(
            "a.csv",
            vec![
                column("GROUP", ColumnType::Text),
                column("FTE", ColumnType::Float),
            ],
        );
        let err = format!("{:#}", load_one(&path, &config).unwrap_err());
        assert_eq!(
            err,
            "line 3, column `FTE`: expected a number, found `n/a` (1 more bad value(s) in this column)"
        );
        let config = dataset("a.csv", vec![column("AGE", ColumnType::Text)]);
        let err = format!("{:#}", load_one(&path, &config).unwrap_err());
        assert!(
            err.starts_with("missing column `AGE`; the file has: `GROUP`, `FTE`"),
            "{err}"
        );
    }
}
