//! The scale benchmark: a large synthetic release in the `workforce_org` schema, a small
//! report over it, and the floor — the same aggregations run by Polars alone.
//!
//! `rapport bench --scale ROWS` writes the release (CSV and Parquet, deterministically: every
//! value is a function of the row number), times rapport's cold build, no-op rebuild and
//! template edit on it, and times Polars alone running the report's four queries lazily over
//! the same file — in a process of its own (`rapport bench-floor`), so that Polars has all its
//! threads, as a user running Polars would. Each cold build runs in a process of its own too
//! (`rapport bench-cold`), so that both peaks are read the same way, from `/proc/self/status`
//! (`VmHWM`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use polars::prelude::*;
use polars::sql::SQLContext;

use crate::fsx;

/// Rows written per batch, so generating a large release needs little memory.
const BATCH: usize = 1_000_000;

const MONTHS: [&str; 12] = [
    "2020-07-31",
    "2020-08-31",
    "2020-09-30",
    "2020-10-31",
    "2020-11-30",
    "2020-12-31",
    "2021-01-31",
    "2021-02-28",
    "2021-03-31",
    "2021-04-30",
    "2021-05-31",
    "2021-06-30",
];
const REGIONS: [&str; 7] = [
    "London",
    "South East",
    "South West",
    "Midlands",
    "East of England",
    "North East and Yorkshire",
    "North West",
];
const CLUSTERS: [&str; 4] = ["Acute", "Mental Health", "Community", "Ambulance"];
const GROUPS: [&str; 8] = [
    "Support to doctors, nurses and midwives",
    "Support to ambulance staff",
    "Support to ST&T staff",
    "Nurses & health visitors",
    "Midwives",
    "HCHS doctors",
    "Scientific, therapeutic & technical staff",
    "Central functions",
];
const SETTINGS: [&str; 5] = [
    "Acute",
    "Mental health",
    "Community",
    "Learning disabilities",
    "Other",
];
const BANDS: [&str; 9] = [
    "Band 2", "Band 3", "Band 4", "Band 5", "Band 6", "Band 7", "Band 8a", "Band 9", "Non-AfC",
];
const ORGS: u64 = 200;

/// The four queries of the benchmark report, written once for rapport and for the floor.
pub(crate) const QUERIES: [(&str, &str); 4] = [
    (
        "fte_by_month",
        r#"SELECT "DATE" AS month, SUM("FTE") AS fte FROM workforce_org GROUP BY "DATE" ORDER BY month"#,
    ),
    (
        "fte_by_region",
        r#"SELECT "NHSE_REGION_NAME" AS region, SUM("FTE") AS fte FROM workforce_org WHERE "MH_SERVICES" = 'Y' GROUP BY "NHSE_REGION_NAME" ORDER BY region"#,
    ),
    (
        "band_mix",
        r#"SELECT "AFC_BAND" AS band, SUM("FTE") AS fte, SUM("HC") AS hc FROM workforce_org WHERE "STAFF_GROUP" = 'Support to doctors, nurses and midwives' GROUP BY "AFC_BAND" ORDER BY band"#,
    ),
    (
        "org_totals",
        r#"SELECT "ORG_CODE" AS org, SUM("FTE") AS fte FROM workforce_org GROUP BY "ORG_CODE" ORDER BY fte DESC, org"#,
    ),
];

/// SplitMix64: a value for row `i` and column `salt`, the same on every machine.
fn mix(i: u64, salt: u64) -> u64 {
    let mut z = i
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(salt.wrapping_mul(0xBF58_476D_1CE4_E5B9));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Rows `start..start + len` of the release.
fn batch(start: usize, len: usize) -> Result<DataFrame> {
    let rows = (start as u64)..(start + len) as u64;
    let pick = |table: &[&'static str], salt: u64| -> Vec<&'static str> {
        rows.clone()
            .map(|i| table[(mix(i, salt) % table.len() as u64) as usize])
            .collect()
    };
    let org = |i: u64| mix(i, 1) % ORGS;
    let codes: Vec<String> = (0..ORGS).map(|o| format!("R{o:03}")).collect();
    let names: Vec<String> = (0..ORGS).map(|o| format!("Trust {o:03}")).collect();
    let fte: Vec<f64> = rows
        .clone()
        .map(|i| (mix(i, 7) % 4_000) as f64 / 100.0)
        .collect();
    let hc: Vec<i64> = fte.iter().map(|f| f.ceil() as i64).collect();
    let settings = pick(&SETTINGS, 5);
    let mh: Vec<&str> = settings
        .iter()
        .map(|s| if *s == "Mental health" { "Y" } else { "N" })
        .collect();
    let df = DataFrame::new_infer_height(vec![
        Column::new(
            "DATE".into(),
            rows.clone()
                .map(|i| MONTHS[(i % 12) as usize])
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "ORG_CODE".into(),
            rows.clone()
                .map(|i| codes[org(i) as usize].as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "ORG_NAME".into(),
            rows.clone()
                .map(|i| names[org(i) as usize].as_str())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "CLUSTER_GROUP".into(),
            rows.clone()
                .map(|i| CLUSTERS[(org(i) % 4) as usize])
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "NHSE_REGION_NAME".into(),
            rows.clone()
                .map(|i| REGIONS[(org(i) % 7) as usize])
                .collect::<Vec<_>>(),
        ),
        Column::new("STAFF_GROUP".into(), pick(&GROUPS, 3)),
        Column::new("CARE_SETTING".into(), settings),
        Column::new("MH_SERVICES".into(), mh),
        Column::new("AFC_BAND".into(), pick(&BANDS, 4)),
        Column::new("FTE".into(), fte),
        Column::new("HC".into(), hc),
    ])?;
    Ok(df)
}

/// The release's files: the same rows three ways.
pub(crate) struct ReleaseFiles {
    /// `workforce_org.csv`.
    pub csv: PathBuf,
    /// `workforce_org.csv.gz`, the CSV gzip-compressed, as NHS Digital ships large files.
    pub gzip: PathBuf,
    /// `workforce_org.parquet`.
    pub parquet: PathBuf,
}

/// Writes `rows` rows as `workforce_org.csv`, `workforce_org.csv.gz` and
/// `workforce_org.parquet` in `dir`.
pub(crate) fn write_release(dir: &Path, rows: usize) -> Result<ReleaseFiles> {
    fsx::create_dir_all(dir)?;
    let csv = dir.join("workforce_org.csv");
    let parquet = dir.join("workforce_org.parquet");
    let mut csv_file = std::io::BufWriter::new(
        std::fs::File::create(&csv)
            .with_context(|| format!("cannot create `{}`", csv.display()))?,
    );
    let parquet_file = std::fs::File::create(&parquet)
        .with_context(|| format!("cannot create `{}`", parquet.display()))?;
    let mut parquet_writer = None;
    let mut start = 0;
    while start < rows {
        let len = BATCH.min(rows - start);
        let mut df = batch(start, len)?;
        CsvWriter::new(&mut csv_file)
            .include_header(start == 0)
            .finish(&mut df)?;
        if parquet_writer.is_none() {
            parquet_writer = Some(ParquetWriter::new(&parquet_file).batched(df.schema())?);
        }
        parquet_writer
            .as_mut()
            .expect("made above")
            .write_batch(&df)?;
        start += len;
    }
    if let Some(writer) = parquet_writer {
        writer.finish()?;
    }
    drop(csv_file);
    let gzip = dir.join("workforce_org.csv.gz");
    let mut encoder = flate2::write::GzEncoder::new(
        std::io::BufWriter::new(
            std::fs::File::create(&gzip)
                .with_context(|| format!("cannot create `{}`", gzip.display()))?,
        ),
        flate2::Compression::fast(),
    );
    std::io::copy(
        &mut std::io::BufReader::new(std::fs::File::open(&csv)?),
        &mut encoder,
    )?;
    encoder.finish()?;
    Ok(ReleaseFiles { csv, gzip, parquet })
}

/// Runs the benchmark queries with Polars alone, lazily over `file`; returns the time taken.
/// A gzip file is first decompressed to a temporary file, as a stream (Polars is built here
/// without its in-memory decompression), and that time counts.
pub(crate) fn floor(file: &Path) -> Result<Duration> {
    let started = Instant::now();
    let mut unpacked = None;
    let file = if file.extension().is_some_and(|e| e == "gz") {
        let mut copy = tempfile::NamedTempFile::new_in(file.parent().unwrap_or(Path::new(".")))?;
        let mut decoder =
            flate2::read::MultiGzDecoder::new(std::io::BufReader::new(std::fs::File::open(file)?));
        std::io::copy(&mut decoder, copy.as_file_mut())?;
        unpacked.insert(copy.into_temp_path()).to_path_buf()
    } else {
        file.to_path_buf()
    };
    let path = PlRefPath::from(file.to_str().context("a scratch path is UTF-8")?);
    let lazy = if file.extension().is_some_and(|e| e == "parquet") {
        LazyFrame::scan_parquet(path, ScanArgsParquet::default())?
    } else {
        LazyCsvReader::new(path).with_has_header(true).finish()?
    };
    let mut context = SQLContext::new();
    context.register("workforce_org", lazy);
    for (_, query) in QUERIES {
        context.execute(query)?.collect()?;
    }
    Ok(started.elapsed())
}

/// The declarations of the benchmark report over `file` (a name inside the release folder).
pub(crate) fn report_toml(file: &str) -> String {
    let mut out = format!(
        r#"[report]
name = "scale"
title = "Scale benchmark"
data = "data"

[datasets.workforce_org]
path = "{file}"
columns = [
  {{ name = "DATE", type = "date" }},
  {{ name = "ORG_CODE", type = "text" }},
  {{ name = "ORG_NAME", type = "text" }},
  {{ name = "CLUSTER_GROUP", type = "text" }},
  {{ name = "NHSE_REGION_NAME", type = "text" }},
  {{ name = "STAFF_GROUP", type = "text" }},
  {{ name = "CARE_SETTING", type = "text" }},
  {{ name = "MH_SERVICES", type = "text" }},
  {{ name = "AFC_BAND", type = "text" }},
  {{ name = "FTE", type = "float", suppressed = true }},
  {{ name = "HC", type = "integer", suppressed = true }},
]
"#
    );
    for (name, query) in QUERIES {
        out.push_str(&format!("\n[tables.{name}]\nsql = '''{query}'''\n"));
    }
    out.push_str(
        r#"
[numbers.total_fte]
table = "fte_by_month"
column = "fte"
agg = "sum"
format = "thousands"

[numbers.largest_org]
table = "org_totals"
column = "fte"
agg = "max"
format = "thousands"

[numbers.band_rows]
table = "band_mix"
column = "hc"
agg = "count"
format = "plain"

[figures.trend]
kind = "line"
table = "fte_by_month"
x = "month"
y = "fte"
title = "FTE by month"
source = "Synthetic"
alt = "Line chart of FTE by month."

[figures.regions]
kind = "bar"
table = "fte_by_region"
x = "region"
y = "fte"
orientation = "horizontal"
title = "Mental health FTE by region"
source = "Synthetic"
alt = "Bar chart of mental health FTE by region."

[document]
templates = "templates"
main = "main.typ"
"#,
    );
    out
}

/// The benchmark report's template.
pub(crate) const MAIN_TYP: &str = r#"#set document(title: "Scale benchmark")
#set text(lang: "en")
#let report-figure(body, title: [], notes: [], source: []) = figure(body, caption: title)

= Scale benchmark

The release holds {{ numbers.total_fte }} FTE; the largest organisation {{ numbers.largest_org }}.

{{ figure("trend") }}

{{ figure("regions") }}
"#;

/// `release.toml` of the benchmark release.
pub(crate) const RELEASE_TOML: &str = r#"[release]
name = "scale"
title = "Synthetic scale release"
period_end = "2021-06-30"
published = "2021-08-20"
"#;

/// The peak memory of this process, in MB.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Peak {
    /// Peak resident set size (`VmHWM`): every page resident, including the pages of input
    /// files Polars maps into memory, which the kernel can drop at will.
    pub resident: f64,
    /// Peak anonymous memory (`RssAnon`, sampled every 5 ms): what the process allocated,
    /// the memory that grows when a tool holds data.
    pub anonymous: f64,
}

/// Samples this process's anonymous memory until stopped.
pub(crate) struct PeakSampler {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<f64>,
}

impl PeakSampler {
    /// Starts sampling.
    pub(crate) fn start() -> PeakSampler {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut peak = 0.0f64;
            while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(status_mb("RssAnon:").unwrap_or(0.0));
                std::thread::sleep(Duration::from_millis(5));
            }
            peak.max(status_mb("RssAnon:").unwrap_or(0.0))
        });
        PeakSampler { stop, thread }
    }

    /// Stops sampling; the peaks, where Linux reports them.
    pub(crate) fn stop(self) -> Option<Peak> {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let anonymous = self.thread.join().ok()?;
        Some(Peak {
            resident: status_mb("VmHWM:")?,
            anonymous,
        })
    }
}

/// A `/proc/self/status` field in MB.
fn status_mb(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_release_is_the_same_every_time_and_spans_batches() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let ReleaseFiles {
            csv: csv_a,
            parquet: parquet_a,
            gzip,
        } = write_release(a.path(), BATCH + 10).unwrap();
        let csv_b = write_release(b.path(), BATCH + 10).unwrap().csv;
        assert!(std::fs::read(&csv_a).unwrap() == std::fs::read(&csv_b).unwrap());
        let text = std::fs::read_to_string(&csv_a).unwrap();
        assert_eq!(text.lines().count(), BATCH + 11, "one header and every row");
        assert!(text.starts_with("DATE,ORG_CODE,ORG_NAME,"));
        let mut unpacked = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(std::fs::File::open(gzip).unwrap()),
            &mut unpacked,
        )
        .unwrap();
        assert!(unpacked == text);
        let rows = LazyFrame::scan_parquet(
            PlRefPath::from(parquet_a.to_str().unwrap()),
            ScanArgsParquet::default(),
        )
        .unwrap()
        .collect()
        .unwrap()
        .height();
        assert_eq!(rows, BATCH + 10);
    }

    #[test]
    fn the_report_declares_every_query() {
        let toml: toml::Table = toml::from_str(&report_toml("workforce_org.csv")).unwrap();
        let tables = toml["tables"].as_table().unwrap();
        for (name, query) in QUERIES {
            assert_eq!(tables[name]["sql"].as_str(), Some(query));
        }
    }
}
