//! The dataset step: raw files matched in the release folder, read, checked against the
//! declared schema and stacked into one typed table, which is what tables query.
//!
//! Two paths give the same result. The columnar path ([`columnar`]) has Polars scan each file
//! lazily and type it batch by batch as it streams, writing the typed rows once as Parquet (or,
//! for a Parquet file that already holds the declared types, leaving it where it is); memory
//! stays flat and nothing is held as text. The reference path reads each file whole as text
//! ([`read`]) and types it cell by cell ([`schema`]), naming the line and column of the first
//! bad cell. The columnar path uses the reference path's rules for every cell and gives up
//! whenever the reference path would say something, so every message is the reference path's.
//! Files are matched and their formats settled when the plan is resolved.

pub(crate) mod columnar;
pub(crate) mod contain;
pub(crate) mod isolate;
pub(crate) mod read;
pub(crate) mod schema;
pub(crate) mod typed;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use polars::prelude::{DataFrame, LazyFrame, PlRefPath, ScanArgsParquet};
use serde::{Deserialize, Serialize};

use crate::config::{DataFormat, DatasetConfig, Declared, Encoding};
use crate::inputs::{InputFiles, InputPath};
use crate::release::Release;
use crate::store::Store;

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
    for column in &config.columns {
        if let Some(format) = &column.date_format
            && !schema::valid_date_format(format)
        {
            bail!(
                "{origin}: dataset `{name}`, column `{}`: `date_format = \"{format}\"` is not a \
                 date format (see chrono's strftime, e.g. `%d/%m/%Y`)",
                column.name
            );
        }
    }
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

/// What a dataset step produces: its typed rows, or where they are.
pub(crate) enum DatasetOutput {
    /// The rows of small files, in memory (stored in the cache as Parquet bytes).
    Frame(DataFrame),
    /// A Parquet file in the cache's scratch folder, committed to the cache as an object.
    Written(tempfile::TempPath),
    /// The dataset's one Parquet file, scanned in place: [`InPlace`] as JSON.
    InPlace(String),
}

/// What is stored of a dataset read in place.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct InPlace {
    /// The file (as shown) and its content hash, so the fingerprint changes with the file.
    pub hashes: std::collections::BTreeMap<String, String>,
    /// The declared columns that are typed as they are scanned; the others are read as is.
    pub converted: std::collections::BTreeSet<String>,
}

/// The artifact file holding a dataset's typed rows.
pub(crate) const PARQUET: &str = "rows.parquet";
/// The artifact saying a dataset is read in place.
pub(crate) const IN_PLACE: &str = "in-place.json";

/// Reads, validates and stacks every file of a dataset. Files small enough to be held in
/// memory are typed there ([`in_memory`]); larger ones on the columnar path when it applies
/// (writing to `scratch`), else in memory too, which reports the first bad cell.
pub(crate) fn run(
    name: &str,
    spec: &DatasetSpec,
    inputs: &InputFiles,
    scratch: &Path,
) -> Result<DatasetOutput> {
    let markers = markers(&spec.config);
    let small = |(file, format): &(InputPath, DataFormat)| match format {
        DataFormat::Xls | DataFormat::Xlsx => true,
        // Polars reads UTF-8 only, so a Latin-1 file is decoded in memory.
        DataFormat::Csv => {
            spec.config.encoding == Some(Encoding::Latin1)
                || (inputs.is_held(&file.path) && !columnar::is_gzip(&file.path))
        }
        // A few megabytes of Parquet can hold millions of rows.
        DataFormat::Parquet => false,
    };
    if spec.files.iter().all(small) {
        // Small files (and workbooks) are typed in memory, and kept there for the tables.
        return Ok(DatasetOutput::Frame(in_memory(
            name, spec, inputs, &markers,
        )?));
    }
    // A reader that panics on a damaged file gives the path up; the reference path then says
    // which file it is.
    let typed = contain::contained(|| Ok(columnar::run(spec, &markers, scratch)))
        .ok()
        .flatten();
    if let Some(typed) = typed {
        // Polars read the files itself: check they are still the ones the key was made from.
        for (file, _) in &spec.files {
            inputs.check_unchanged(&file.path)?;
        }
        return Ok(match typed {
            columnar::Columnar::Written(path) => DatasetOutput::Written(path),
            columnar::Columnar::InPlace(converted) => {
                let mut hashes = std::collections::BTreeMap::new();
                for (file, _) in &spec.files {
                    hashes.insert(file.shown.clone(), inputs.get(&file.path)?.hash.clone());
                }
                DatasetOutput::InPlace(serde_json::to_string(&InPlace { hashes, converted })?)
            }
        });
    }
    let df = in_memory(name, spec, inputs, &markers)?;
    let written = columnar::scratch_file(scratch, "dataset-", ".parquet")
        .with_context(|| format!("failed to write in `{}`", scratch.display()))?;
    crate::frame::write_parquet(&df, written.as_file())?;
    Ok(DatasetOutput::Written(written.into_temp_path()))
}

/// A lazy scan of a large dataset's rows (step `index`): its Parquet object in the cache, or
/// its own Parquet file read in place. `None` for a small dataset, whose frame is held whole.
pub(crate) fn scan(
    spec: &DatasetSpec,
    index: usize,
    store: &Store<'_>,
) -> Result<Option<LazyFrame>> {
    if store.holds_frame(index) {
        return Ok(None);
    }
    let scanned = if let Some(path) = store.object_file(index, PARQUET) {
        let path = path
            .to_str()
            .context("the cache folder's path is not UTF-8")?;
        LazyFrame::scan_parquet(PlRefPath::from(path), ScanArgsParquet::default())
    } else if store.has_artifact(index, IN_PLACE) {
        let artifacts = store.artifacts(index)?;
        let json = artifacts.get(IN_PLACE).context("listed above")?;
        let kept: InPlace =
            serde_json::from_slice(json).context("a cached dataset's record is corrupt")?;
        columnar::in_place(spec, &markers(&spec.config), &kept.converted)
    } else {
        return Ok(None);
    };
    scanned.map(Some).map_err(|e| {
        anyhow::anyhow!(
            "failed to read the rows: {}",
            crate::table::polars_message(&e)
        )
    })
}

/// The dataset's suppression markers: declared, or the defaults.
pub(crate) fn markers(config: &DatasetConfig) -> Vec<String> {
    config
        .suppression_markers
        .clone()
        .unwrap_or_else(|| DEFAULT_MARKERS.iter().map(|m| (*m).to_owned()).collect())
}

/// Small files, read whole and typed in memory, stacked: a workbook's cells typed straight
/// from the sheet ([`typed::sheet`]) where they all fit, everything else on the reference path
/// (the file as text, typed cell by cell).
pub(crate) fn in_memory(
    name: &str,
    spec: &DatasetSpec,
    inputs: &InputFiles,
    markers: &[String],
) -> Result<DataFrame> {
    let config = &spec.config;
    let mut stacked: Option<DataFrame> = None;
    for (file, format) in &spec.files {
        let shown = &file.shown;
        let bytes = inputs.bytes(&file.path)?;
        let read_failed = || format!("failed to read `{shown}`");
        let does_not_fit = || format!("`{shown}` does not fit the schema of dataset `{name}`");
        let typed = if let DataFormat::Xls | DataFormat::Xlsx = format {
            let sheet = read::open_sheet(bytes, *format, config).with_context(read_failed)?;
            match typed::sheet(&sheet, &config.columns, markers) {
                Some(typed) => typed,
                None => {
                    let raw = read::sheet_text(&sheet).with_context(read_failed)?;
                    schema::apply(&raw, &config.columns, markers).with_context(does_not_fit)?
                }
            }
        } else {
            let raw = read::read_text_frame(bytes, *format, config).with_context(read_failed)?;
            schema::apply(&raw, &config.columns, markers).with_context(does_not_fit)?
        };
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
            // A symlink in the release is followed only to a file inside the release.
            crate::fsx::confined(&path, &release.dir, "the data file", "the release folder")?;
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The child's side of [`isolate`]: decodes what a task asks for, in this (bounded) process.
pub(crate) fn serve_isolated(task: &str, memory: u64, seconds: u64) -> std::process::ExitCode {
    isolate::serve(task, memory, seconds, |task, input| match task {
        isolate::Task::Workbook { xls, sheet } => {
            let format = if xls {
                DataFormat::Xls
            } else {
                DataFormat::Xlsx
            };
            Ok(isolate::encode(&read::workbook_range(
                input,
                format,
                sheet.as_deref(),
            )?))
        }
        isolate::Task::ParquetCheck {
            path,
            columns,
            markers,
        } => Ok(serde_json::to_vec(&columnar::check_in_place(
            &path, &columns, &markers,
        ))?),
        isolate::Task::ParquetText => {
            let mut df = read::parquet_text(input)?;
            let mut out = Vec::new();
            polars::prelude::ParquetWriter::new(&mut out)
                .finish(&mut df)
                .context("failed to write the text frame")?;
            Ok(out)
        }
    })
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
            encoding: None,
            columns,
            disclosure: None,
        }
    }

    fn load_one(path: &Path, config: &DatasetConfig) -> Result<DataFrame> {
        let format = DataFormat::infer(path).context("no format")?;
        let raw = read::read_text_frame(&std::fs::read(path)?, format, config)?;
        let markers: Vec<String> = DEFAULT_MARKERS.iter().map(|m| (*m).to_owned()).collect();
        schema::apply(&raw, &config.columns, &markers)
    }

    /// The frame the columnar path gives for `path`, or `None` where it gives up.
    fn load_columnar(path: &Path, config: &DatasetConfig) -> Option<DataFrame> {
        let dir = path.parent().unwrap();
        let format = DataFormat::infer(path).unwrap();
        let spec = DatasetSpec {
            config: config.clone(),
            files: vec![(InputPath::new(path.to_path_buf(), dir), format)],
        };
        let markers = markers(config);
        let lazy = match columnar::run(&spec, &markers, dir)? {
            columnar::Columnar::Written(file) => {
                let bytes = std::fs::read(&file).unwrap();
                return Some(crate::frame::from_parquet(&bytes).unwrap());
            }
            columnar::Columnar::InPlace(converted) => {
                columnar::in_place(&spec, &markers, &converted).unwrap()
            }
        };
        Some(lazy.collect().unwrap())
    }

    /// Both paths agree: the reference path's frame is the columnar path's, where it applies.
    fn load_both(path: &Path, config: &DatasetConfig) -> Result<DataFrame> {
        let reference = load_one(path, config);
        if let Some(columnar) = load_columnar(path, config) {
            let reference = reference.as_ref().expect("the columnar path accepted it");
            assert!(
                columnar.equals_missing(reference),
                "{columnar}\n{reference}"
            );
        }
        reference
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
            load_both(&plain, &config)
                .unwrap()
                .equals_missing(&expected())
        );
        let clean = dir.path().join("clean.csv");
        std::fs::write(&clean, "GROUP,FTE\nSupport,\"1,234.5\"\nNurses,*\n").unwrap();
        assert!(load_columnar(&clean, &config).is_some());
        assert!(
            load_both(&clean, &config)
                .unwrap()
                .equals_missing(&expected())
        );

        let gz = dir.path().join("a.csv.gz");
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut encoder, text.as_bytes()).unwrap();
        std::fs::write(&gz, encoder.finish().unwrap()).unwrap();
        assert!(load_both(&gz, &config).unwrap().equals_missing(&expected()));
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
        // The cells typed straight from the sheet are the reference path's frame.
        let sheet =
            read::open_sheet(&std::fs::read(&path).unwrap(), DataFormat::Xlsx, &config).unwrap();
        let markers = markers(&config);
        let direct = typed::sheet(&sheet, &config.columns, &markers).unwrap();
        assert!(direct.equals_missing(&expected()), "{direct}");
        config.columns[0].suppressed = false;
        config.columns[1] = ColumnConfig {
            suppressed: false,
            ..column("FTE", ColumnType::Float)
        };
        assert!(typed::sheet(&sheet, &config.columns, &markers).is_none());
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
        assert!(load_columnar(&path, &config).is_some());
        assert!(
            load_both(&path, &config)
                .unwrap()
                .equals_missing(&expected())
        );
        // A null in a column that may not hold one: the columnar path gives up, and the
        // reference path names the row.
        config.columns[1].nullable = false;
        assert!(load_columnar(&path, &config).is_none());
        let err = format!("{:#}", load_one(&path, &config).unwrap_err());
        assert!(err.starts_with("row 2, column `FTE`: empty value"), "{err}");
    }

    /// `a.csv` in `dir` holding `bytes`, and a dataset of its `GROUP` (text) and `FTE` (float).
    fn group_fte_csv(dir: &Path, bytes: &[u8]) -> (PathBuf, DatasetConfig) {
        let path = dir.join("a.csv");
        std::fs::write(&path, bytes).unwrap();
        let config = dataset(
            "a.csv",
            vec![
                column("GROUP", ColumnType::Text),
                column("FTE", ColumnType::Float),
            ],
        );
        (path, config)
    }

    #[test]
    fn text_that_is_not_utf8_is_an_error_unless_declared_latin1() {
        let dir = tempfile::tempdir().unwrap();
        let (path, mut config) = group_fte_csv(dir.path(), b"GROUP,FTE\nSupport,1\nCaf\xe9,2\n");
        let err = format!("{:#}", load_one(&path, &config).unwrap_err());
        assert!(
            err.starts_with("line 3, byte 4: not UTF-8 text (byte 0xE9)"),
            "{err}"
        );
        config.encoding = Some(Encoding::Latin1);
        let df = load_one(&path, &config).unwrap();
        let groups: Vec<Option<&str>> = df.column("GROUP").unwrap().str().unwrap().iter().collect();
        assert_eq!(groups, vec![Some("Support"), Some("Café")]);
    }

    #[test]
    fn a_file_cut_short_inside_its_last_line_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let (path, config) = group_fte_csv(dir.path(), b"GROUP,FTE\nSupport,3226.29\nNurses,32");
        assert!(load_columnar(&path, &config).is_none());
        let err = format!("{:#}", load_one(&path, &config).unwrap_err());
        assert!(err.contains("line 3: the file ends inside a line"), "{err}");
    }

    #[test]
    fn errors_name_the_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let (path, config) =
            group_fte_csv(dir.path(), b"GROUP,FTE\nSupport,1\nNurses,n/a\nDoctors,x\n");
        assert!(load_columnar(&path, &config).is_none());
        let err = format!("{:#}", load_one(&path, &config).unwrap_err());
        assert_eq!(
            err,
            "line 3, column `FTE`: expected a number, found `n/a` (1 more bad value(s) in this column)"
        );
        let config = dataset("a.csv", vec![column("AGE", ColumnType::Text)]);
        assert!(load_columnar(&path, &config).is_none());
        let err = format!("{:#}", load_one(&path, &config).unwrap_err());
        assert!(
            err.starts_with("missing column `AGE`; the file has: `GROUP`, `FTE`"),
            "{err}"
        );
    }

    /// A file too large to hold in memory takes the columnar path through `run`; a bad cell
    /// deep inside it is still reported with its line, by the reference path.
    #[test]
    fn a_large_file_is_typed_on_the_columnar_path_and_its_errors_keep_their_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        let rows = 500_000;
        let mut text = String::from("DATE,GROUP,FTE\n");
        for i in 0..rows {
            text.push_str(&format!(
                "2020-0{}-01, Support staff {},{}.5\n",
                1 + i % 9,
                i % 7,
                i
            ));
        }
        std::fs::write(&path, &text).unwrap();
        assert!(text.len() as u64 > crate::inputs::KEEP_BYTES);
        let config = dataset(
            "big.csv",
            vec![
                column("DATE", ColumnType::Date),
                column("GROUP", ColumnType::Text),
                column("FTE", ColumnType::Float),
            ],
        );
        let spec = DatasetSpec {
            config: config.clone(),
            files: vec![(InputPath::new(path.clone(), dir.path()), DataFormat::Csv)],
        };
        let files = InputFiles::read(spec.files.iter().map(|(f, _)| f), None).unwrap();
        let DatasetOutput::Written(written) = run("big", &spec, &files, dir.path()).unwrap() else {
            panic!("a large CSV is written as typed Parquet");
        };
        let typed = crate::frame::from_parquet(&std::fs::read(&written).unwrap()).unwrap();
        assert!(typed.equals_missing(&load_one(&path, &config).unwrap()));
        assert_eq!(typed.height(), rows);

        let bad_line = 300_001;
        let broken = text.replacen("299999.5", "2999x9.5", 1);
        std::fs::write(&path, broken).unwrap();
        let files = InputFiles::read(spec.files.iter().map(|(f, _)| f), None).unwrap();
        let Err(err) = run("big", &spec, &files, dir.path()) else {
            panic!("a bad cell is an error");
        };
        let err = format!("{err:#}");
        assert!(
            err.contains(&format!(
                "line {}, column `FTE`: expected a number, found `2999x9.5`",
                read::group_digits(bad_line)
            )),
            "{err}"
        );
    }
}
