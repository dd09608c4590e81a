//! The columnar path of the dataset step: Polars scans each file lazily, typing every declared
//! column as it streams past ([`typed`]). A CSV release is parsed once and its typed rows
//! written once, as Parquet, into the cache; tables then scan that file with projection and
//! predicate pushdown. A Parquet release is not copied at all: the step checks it in one
//! streaming pass, and each table scans it in place through the same typing, so a query that
//! reads three columns reads and types three.
//!
//! The path either gives exactly what the reference path ([`super::schema`]) would give, or
//! gives up (`None`): an Excel file, a header it cannot match unambiguously, a cell the
//! reference path would report, a trailing blank row the reference path would drop, anything
//! Polars refuses to read. The step then reads the file on the reference path, which builds
//! the same frame or the exact error message. Memory stays flat in the number of rows: nothing
//! here holds a whole file, as text or typed.

use std::collections::BTreeSet;
use std::io::BufReader;
use std::path::Path;
use std::sync::Arc;

use polars::prelude::*;

use super::typed;
use super::{DatasetSpec, read, schema};
use crate::config::{ColumnConfig, DataFormat};

/// Where the typed rows of a dataset are, for the tables that read it.
pub(crate) enum Columnar {
    /// Written as Parquet to this scratch file, to be committed to the cache.
    Written(tempfile::TempPath),
    /// The dataset's one Parquet file, checked: tables scan it, through the typing for
    /// these columns.
    InPlace(BTreeSet<String>),
}

/// Types every file of `spec` on the columnar path, or gives up.
pub(crate) fn run(spec: &DatasetSpec, markers: &[String], scratch: &Path) -> Option<Columnar> {
    if let [(file, DataFormat::Parquet)] = spec.files.as_slice() {
        return checked_in_place(&file.path, &spec.config.columns, markers).map(Columnar::InPlace);
    }
    // Decompressed copies of gzip files live until the typed rows are written.
    let mut unpacked = Vec::new();
    let mut frames = Vec::with_capacity(spec.files.len());
    for (file, format) in &spec.files {
        let source = match format {
            DataFormat::Csv if is_gzip(&file.path) => {
                let copy = gunzip(&file.path, scratch)?;
                let lazy = scan_csv(&copy, spec.config.skip_rows)?;
                unpacked.push(copy);
                lazy
            }
            DataFormat::Csv => scan_csv(&file.path, spec.config.skip_rows)?,
            DataFormat::Parquet => scan_parquet(&file.path)?,
            DataFormat::Xls | DataFormat::Xlsx => return None,
        };
        frames.push(typed_columns(source, &spec.config.columns, markers)?);
    }
    let all = if frames.len() == 1 {
        frames.pop()?
    } else {
        concat(frames, UnionArgs::default()).ok()?
    };
    let written = scratch_file(scratch, "dataset-", ".parquet")
        .ok()?
        .into_temp_path();
    sink_parquet(all, &written)?;
    drop(unpacked);
    let csv = spec.files.iter().any(|(_, f)| *f == DataFormat::Csv);
    if csv && ends_with_blank_row(&written)? {
        // The reference path drops trailing blank lines, judged on every column of the file.
        return None;
    }
    Some(Columnar::Written(written))
}

/// The typed rows of a dataset kept in place ([`Columnar::InPlace`]), as tables scan them:
/// the columns named in `converted` through the typing, the others as they are in the file.
pub(crate) fn in_place(
    spec: &DatasetSpec,
    markers: &[String],
    converted: &BTreeSet<String>,
) -> PolarsResult<LazyFrame> {
    let unreadable = || polars_err!(ComputeError: "the dataset's file is no longer readable");
    let (file, _) = spec.files.first().ok_or_else(unreadable)?;
    let mut source = scan_parquet(&file.path).ok_or_else(unreadable)?;
    let names = column_names(&mut source).ok_or_else(unreadable)?;
    let mut exprs = Vec::with_capacity(spec.config.columns.len());
    for column in &spec.config.columns {
        let found = schema::find_column(&names, column).map_err(|_| unreadable())?;
        exprs.push(if converted.contains(&column.name) {
            typed_column(found, column, markers)
        } else {
            col(found.as_str()).alias(column.name.as_str())
        });
    }
    Ok(source.select(exprs))
}

/// [`check_in_place`], in a bounded child when the binary enabled it: every page of every
/// declared column is then decoded there first, so a damaged file that would make the decoder
/// ask for more memory than there is ends that child, not the build. A child that fails gives
/// up the columnar path; the reference path then says why.
fn checked_in_place(
    path: &Path,
    columns: &[ColumnConfig],
    markers: &[String],
) -> Option<BTreeSet<String>> {
    let size = std::fs::metadata(path).ok()?.len() as usize;
    let task = super::isolate::Task::ParquetCheck {
        path: path.to_path_buf(),
        columns: columns.to_vec(),
        markers: markers.to_vec(),
    };
    match super::isolate::run(&task, &[], size) {
        Some(answer) => serde_json::from_slice(&answer.ok()?).ok()?,
        None => check_in_place(path, columns, markers),
    }
}

/// Checks in one streaming pass that every cell of a Parquet file types cleanly; returns the
/// declared columns whose typing changes them (the rest can be read as they are). Every page
/// of every declared column is decoded (a sum, not an `any` that could stop early), so a
/// file that passes in [`super::isolate`]'s child decodes safely in the build's process.
pub(crate) fn check_in_place(
    path: &Path,
    columns: &[ColumnConfig],
    markers: &[String],
) -> Option<BTreeSet<String>> {
    let mut source = scan_parquet(path)?;
    let names = column_names(&mut source)?;
    let mut checks = Vec::with_capacity(columns.len());
    for column in columns {
        let found = schema::find_column(&names, column).ok()?;
        let config = column.clone();
        let markers = markers.to_vec();
        checks.push(
            col(found.as_str())
                .map(
                    move |values| {
                        let (_, same) = typed::converted(&values, &config, &markers)?;
                        let name = values.name().clone();
                        Ok(BooleanChunked::full(name, !same, values.len()).into_column())
                    },
                    |_, field| Ok(Field::new(field.name().clone(), DataType::Boolean)),
                )
                .cast(DataType::UInt32)
                .sum()
                .alias(column.name.as_str()),
        );
    }
    let changed = source
        .select(checks)
        .collect_with_engine(Engine::Streaming)
        .ok()?
        .unwrap_single();
    let mut converted = BTreeSet::new();
    for column in columns {
        let column_changed = changed
            .column(&column.name)
            .ok()?
            .cast(&DataType::UInt64)
            .ok()?;
        if column_changed.u64().ok()?.get(0) != Some(0) {
            converted.insert(column.name.clone());
        }
    }
    Some(converted)
}

/// The declared columns of `source`, found by name and typed batch by batch.
fn typed_columns(
    mut source: LazyFrame,
    columns: &[ColumnConfig],
    markers: &[String],
) -> Option<LazyFrame> {
    let names = column_names(&mut source)?;
    let mut exprs = Vec::with_capacity(columns.len());
    for column in columns {
        let found = schema::find_column(&names, column).ok()?;
        exprs.push(typed_column(found, column, markers));
    }
    Some(source.select(exprs))
}

/// File column `found` typed as declared `column`, batch by batch.
fn typed_column(found: &str, column: &ColumnConfig, markers: &[String]) -> Expr {
    let config = column.clone();
    let markers = markers.to_vec();
    let dtype = typed::dtype(column.kind);
    col(found)
        .map(
            move |values| typed::convert(&values, &config, &markers),
            move |_, field| Ok(Field::new(field.name().clone(), dtype.clone())),
        )
        .alias(column.name.as_str())
}

fn column_names(source: &mut LazyFrame) -> Option<Vec<String>> {
    let schema = source.collect_schema().ok()?;
    Some(schema.iter_names().map(|n| n.to_string()).collect())
}

/// A lazy scan of a CSV file, all columns as text; `None` for a file that does not end with a
/// line break (the reference path says it may be cut short).
fn scan_csv(path: &Path, skip_rows: usize) -> Option<LazyFrame> {
    if !ends_with_line_break(path)? {
        return None;
    }
    LazyCsvReader::new(PlRefPath::from(path.to_str()?))
        .with_has_header(true)
        .with_skip_rows(skip_rows)
        .with_infer_schema_length(Some(0))
        .with_raise_if_empty(true)
        .finish()
        .ok()
}

fn scan_parquet(path: &Path) -> Option<LazyFrame> {
    LazyFrame::scan_parquet(PlRefPath::from(path.to_str()?), ScanArgsParquet::default()).ok()
}

/// Rows per row group of a dataset's Parquet.
const ROW_GROUP_ROWS: usize = 1 << 18;

fn sink_parquet(frame: LazyFrame, path: &Path) -> Option<()> {
    let target = SinkTarget::Path(PlRefPath::from(path.to_str()?));
    frame
        .sink(
            SinkDestination::File { target },
            FileWriteFormat::Parquet(Arc::new(ParquetWriteOptions {
                // Row groups of a bounded size: the writer holds one at a time, and a table
                // scan can skip those its filter rules out.
                row_group_size: Some(ROW_GROUP_ROWS),
                ..ParquetWriteOptions::default()
            })),
            UnifiedSinkArgs::default(),
        )
        .ok()?
        .collect_with_engine(Engine::Streaming)
        .ok()?;
    Some(())
}

/// Whether the last row written holds no value at all.
fn ends_with_blank_row(path: &Path) -> Option<bool> {
    let last = scan_parquet(path)?.tail(1).collect().ok()?;
    Some(last.height() == 1 && last.columns().iter().all(|c| c.null_count() == 1))
}

/// A new file in the cache's scratch folder, removed when dropped unless it is committed.
pub(crate) fn scratch_file(
    scratch: &Path,
    prefix: &str,
    suffix: &str,
) -> std::io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(prefix)
        .suffix(suffix)
        .tempfile_in(scratch)
}

/// Whether the file's last byte is a line break (an empty file counts as ending with one).
fn ends_with_line_break(path: &Path) -> Option<bool> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path).ok()?;
    if file.metadata().ok()?.len() == 0 {
        return Some(true);
    }
    file.seek(SeekFrom::End(-1)).ok()?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last).ok()?;
    Some(last[0] == b'\n')
}

/// Whether the file starts with gzip's magic bytes.
pub(crate) fn is_gzip(path: &Path) -> bool {
    let mut magic = [0u8; 2];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
        .is_ok()
        && magic == [0x1f, 0x8b]
}

/// Decompresses a gzip file into the scratch folder, as a stream.
fn gunzip(path: &Path, scratch: &Path) -> Option<tempfile::TempPath> {
    let mut copy = scratch_file(scratch, "unpacked-", ".csv").ok()?;
    let file = std::fs::File::open(path).ok()?;
    let compressed = file.metadata().ok()?.len();
    // Past the bound, the reference path reads the file again and says why.
    read::gunzip_bounded(
        compressed,
        BufReader::with_capacity(1 << 20, file),
        copy.as_file_mut(),
    )
    .ok()?;
    Some(copy.into_temp_path())
}
