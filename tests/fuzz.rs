//! Every reader is total: real NHS files, damaged at random (bytes flipped, zeroed, inserted,
//! deleted, duplicated, or the file cut short), and built through the `rapport` binary.
//!
//! Each build must end by itself (a bound of two minutes catches a hang) with exit 0 or 1 —
//! never a panic (101), an abort or a signal — and a failure must be one short `error:`
//! message that leaves the last good output folder exactly as it was. The readers: CSV, CSV
//! compressed with gzip, Parquet (written from the CSV), legacy Excel (`.xls`) and Excel
//! (`.xlsx`).
//!
//! `cargo test` runs 6 damaged files per reader. The longer run the note on hardening quotes:
//!
//! ```text
//! RAPPORT_FUZZ_CASES=150 cargo test --release --test fuzz -- --nocapture
//! ```
//!
//! The damage is drawn from a fixed seed (`RAPPORT_FUZZ_SEED` to change it), so a failure
//! names a case that reproduces.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A small, seeded pseudo-random generator (splitmix64): the same cases on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One kind of damage, applied to a copy of the file's bytes; returns what it did.
fn damage(bytes: &[u8], rng: &mut Rng) -> (Vec<u8>, String) {
    let mut out = bytes.to_vec();
    let len = out.len();
    let at = rng.below(len);
    let span = 1 + rng.below(64.min(len - at));
    let what = match rng.below(7) {
        0 => {
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            "flipped bits".to_owned()
        }
        1 => {
            out[at..at + span].fill(0);
            format!("zeroed {span} bytes at {at}")
        }
        2 => {
            let junk: Vec<u8> = (0..span).map(|_| rng.next() as u8).collect();
            out.splice(at..at, junk);
            format!("inserted {span} bytes at {at}")
        }
        3 => {
            out.drain(at..at + span);
            format!("deleted {span} bytes at {at}")
        }
        4 => {
            let chunk = out[at..at + span].to_vec();
            out.splice(at..at, chunk);
            format!("duplicated {span} bytes at {at}")
        }
        5 => {
            out.truncate(at);
            format!("cut short at {at} of {len} bytes")
        }
        _ => {
            // A large declared size is what makes decoders allocate: set four bytes to 0xFF.
            let end = (at + 4).min(len);
            out[at..end].fill(0xFF);
            format!("set bytes {at}..{end} to 0xFF")
        }
    };
    (out, what)
}

/// A reader under test: a real file and the dataset declaration that reads it.
struct Reader {
    name: &'static str,
    file: &'static str,
    bytes: Vec<u8>,
    declaration: &'static str,
}

fn real_data() -> Option<PathBuf> {
    let dir = common::repo().join("../shared/real-data");
    dir.is_dir().then(|| dir.canonicalize().unwrap())
}

const SICKNESS_COLUMNS: &str = r#"columns = [
  { name = "DATE", type = "date", date_format = "%d/%m/%Y" },
  { name = "ORG_CODE", type = "text" },
  { name = "FTE_DAYS_LOST", type = "float", suppressed = true },
]"#;

fn readers(real: &Path) -> Vec<Reader> {
    let sickness =
        std::fs::read(real.join("sickness-absence/nhs_sickness_absence_2024-04.csv")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&sickness).unwrap();
    let gzipped = gz.finish().unwrap();
    let parquet = {
        use polars::prelude::*;
        let mut df = CsvReadOptions::default()
            .with_has_header(true)
            .into_reader_with_file_handle(std::io::Cursor::new(sickness.clone()))
            .finish()
            .unwrap();
        let mut buf = Vec::new();
        ParquetWriter::new(&mut buf).finish(&mut df).unwrap();
        buf
    };
    let csv_declaration =
        Box::leak(format!("path = \"ds.csv\"\n{SICKNESS_COLUMNS}").into_boxed_str());
    let gz_declaration =
        Box::leak(format!("path = \"ds.csv.gz\"\n{SICKNESS_COLUMNS}").into_boxed_str());
    let parquet_declaration =
        Box::leak(format!("path = \"ds.parquet\"\n{SICKNESS_COLUMNS}").into_boxed_str());
    vec![
        Reader {
            name: "csv",
            file: "ds.csv",
            bytes: sickness,
            declaration: csv_declaration,
        },
        Reader {
            name: "csv.gz",
            file: "ds.csv.gz",
            bytes: gzipped,
            declaration: gz_declaration,
        },
        Reader {
            name: "parquet",
            file: "ds.parquet",
            bytes: parquet,
            declaration: parquet_declaration,
        },
        Reader {
            name: "xls",
            file: "ds.xls",
            bytes: std::fs::read(real.join("workforce-ethnicity-band/nhsworkforcedata.xls")).unwrap(),
            declaration: r#"path = "ds.xls"
sheet = "nhs-workforce-data-june-2022"
columns = [
  { name = "Time", type = "date" },
  { name = "Ethnicity", type = "text" },
  { name = "Value", type = "float", suppressed = true, nullable = true },
]"#,
        },
        Reader {
            name: "xlsx",
            file: "ds.xlsx",
            bytes: std::fs::read(real.join(
                "hchs-by-organisation/hchs-staff-by-staff-group-nationality-and-organisation-september-2017-and-june-2018_ah2324.xlsx",
            ))
            .unwrap(),
            declaration: r#"path = "ds.xlsx"
sheet = "Data"
columns = [
  { name = "Organisation code", type = "text" },
  { name = "FTE", type = "float", suppressed = true, nullable = true },
]"#,
        },
    ]
}

/// A one-dataset project: the dataset, a row count, a sentence that prints it.
fn project(dir: &Path, reader: &Reader) {
    let manifest = format!(
        r#"[report]
name = "fuzz"
title = "Fuzz"
data = "data"

[datasets.ds]
{}

[tables.counted]
sql = "SELECT COUNT(*) AS n FROM ds"

[numbers.rows]
table = "counted"
column = "n"
format = "thousands"

[document]
templates = "templates"
main = "main.typ"
"#,
        reader.declaration
    );
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::write(dir.join("report.toml"), manifest).unwrap();
    std::fs::write(
        dir.join("templates/main.typ"),
        "#set document(title: [Fuzz])\n= {{ report.title }}\n\nThe file has {{ numbers.rows }} rows.\n",
    )
    .unwrap();
}

/// How one build ended.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
enum Ending {
    Built,
    Refused,
}

fn run_build(dir: &Path) -> Result<(Ending, String), String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["build", "--quiet"])
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read as it comes: a child blocked on a full pipe would look like a hang.
    let mut pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut pipe, &mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            return Err("the build ran for two minutes: a hang".to_owned());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stderr = reader.join().unwrap();
    match status.code() {
        Some(0) => Ok((Ending::Built, stderr)),
        Some(1) if stderr.contains("panicked") || stderr.contains("memory allocation") => Err(
            format!("exit 1, but with a crash in its message:\n{stderr}"),
        ),
        Some(1) if !stderr.starts_with("error: ") || stderr.len() > 4000 => {
            Err(format!("exit 1 without one short error message:\n{stderr}"))
        }
        Some(1) => Ok((Ending::Refused, stderr)),
        other => Err(format!(
            "ended with {other:?} (a signal, a panic or an abort):\n{stderr}"
        )),
    }
}

#[test]
fn damaged_files_of_every_format_fail_cleanly() {
    let Some(real) = real_data() else {
        eprintln!(
            "SKIPPED: `../shared/real-data` is not beside the repository, so no real file was damaged"
        );
        return;
    };
    let cases: usize = std::env::var("RAPPORT_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6);
    let seed: u64 = std::env::var("RAPPORT_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2026);
    let mut failures = Vec::new();
    let mut counts: BTreeMap<(&str, Ending), usize> = BTreeMap::new();
    let mut naming_file = 0;
    for reader in readers(&real) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        project(dir, &reader);
        let data = dir.join("data").join(reader.file);
        // The undamaged file builds: the folder every failed build must leave alone.
        std::fs::write(&data, &reader.bytes).unwrap();
        let (ending, stderr) = run_build(dir).unwrap();
        assert_eq!(
            ending,
            Ending::Built,
            "{}: the real file builds: {stderr}",
            reader.name
        );
        let mut good = common::output_tree(&dir.join("out/fuzz"));
        let mut rng = Rng(seed ^ reader.name.len() as u64 ^ (reader.bytes.len() as u64) << 8);
        for case in 0..cases {
            let (bytes, what) = damage(&reader.bytes, &mut rng);
            std::fs::write(&data, &bytes).unwrap();
            let label = format!("{} case {case} ({what})", reader.name);
            match run_build(dir) {
                Err(problem) => failures.push(format!("{label}: {problem}")),
                Ok((ending, stderr)) => {
                    *counts.entry((reader.name, ending)).or_default() += 1;
                    let now = common::output_tree(&dir.join("out/fuzz"));
                    if ending == Ending::Built {
                        good = now;
                    } else {
                        naming_file += usize::from(stderr.contains(reader.file));
                        if now != good {
                            failures.push(format!("{label}: a failed build changed out/"));
                        }
                    }
                }
            }
        }
    }
    eprintln!("fuzz: {cases} damaged files per reader, seed {seed}");
    for ((reader, ending), n) in &counts {
        eprintln!("  {reader:8} {ending:?}: {n}");
    }
    eprintln!("  refusals naming the file: {naming_file}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
