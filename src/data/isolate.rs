//! Untrusted binary files decoded in a child process, bounded in memory and time.
//!
//! calamine trusts the sizes a workbook declares, and Polars those of a Parquet file: a damaged
//! file can make them ask for tens of gigabytes (an abort no `catch_unwind` can catch) or loop
//! for minutes. So the `rapport` binary has a child of itself (the hidden `isolated`
//! subcommand) do the decoding: a worksheet's cells come back on stdout in a small binary
//! encoding; a Parquet file is checked there column by column before any table scans it in
//! the build's own process (the same pages, already decoded once without harm), and its
//! reference-path text comes back as Parquet that Polars itself wrote. The child runs under an
//! address-space limit (1 GiB plus 64 times the file's size) and a time limit (20 s plus 1 s
//! per MB). A child that aborts, is killed or runs out of time is an error naming the file; the
//! build goes on to exit 1. The binary turns this on ([`enable`]); the library's own tests
//! decode in-process, behind [`super::contain`]. This module only runs children: the readers
//! ask it to ([`run`]), and the data module answers inside the child.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use calamine::{CellErrorType, Data, ExcelDateTime, ExcelDateTimeType, Range};
use serde::{Deserialize, Serialize};

use crate::config::ColumnConfig;

/// The executable whose children decode untrusted files, once [`enable`]d.
static READER: OnceLock<PathBuf> = OnceLock::new();

/// The exit code of a child that read its input and found it wanting (its message is on
/// stderr), as opposed to one that crashed.
const REFUSED: i32 = 3;

/// Decodes workbooks and Parquet files in children of `exe` (the running `rapport` binary)
/// from now on.
pub(crate) fn enable(exe: PathBuf) {
    let _ = READER.set(exe);
}

/// The address space a child may use for a file of `len` bytes.
fn memory_bound(len: usize) -> u64 {
    (1u64 << 30) + 64 * len as u64
}

/// How long a child may take for a file of `len` bytes.
fn time_bound(len: usize) -> Duration {
    Duration::from_secs(20 + len as u64 / 1_000_000)
}

/// What a child is asked to do, passed as JSON on its command line; its input is on stdin.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Task {
    /// Read a worksheet of the workbook on stdin; answer with its cells ([`encode`]).
    Workbook {
        /// `xls` rather than `xlsx`.
        xls: bool,
        /// The sheet, or the first.
        sheet: Option<String>,
    },
    /// Check every declared column of the Parquet file at `path` in one streaming pass (as
    /// [`super::columnar`] does in-process); answer with the JSON of its result.
    ParquetCheck {
        /// The file.
        path: PathBuf,
        /// The declared columns.
        columns: Vec<ColumnConfig>,
        /// The suppression markers.
        markers: Vec<String>,
    },
    /// Read the whole Parquet file on stdin as text, for the reference path; answer with
    /// the text frame as Parquet written by Polars itself.
    ParquetText,
}

/// Runs `task` in a bounded child with `input` on stdin, for a file of `size` bytes, when the
/// binary enabled it; returns what the child wrote on stdout. `None`: decode in-process.
pub(crate) fn run(task: &Task, input: &[u8], size: usize) -> Option<Result<Vec<u8>>> {
    READER.get().map(|exe| in_child(exe, task, input, size))
}

/// Runs `task` in a child of `exe` with `input` on stdin, bounded for a file of `size`
/// bytes; returns what it wrote on stdout.
fn in_child(exe: &PathBuf, task: &Task, input: &[u8], size: usize) -> Result<Vec<u8>> {
    let mut child = Command::new(exe)
        .arg("isolated")
        .args(["--task", &serde_json::to_string(task)?])
        .args(["--memory", &memory_bound(size).to_string()])
        .args(["--seconds", &time_bound(size).as_secs().to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("failed to start the reader")?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let (answer, message) = std::thread::scope(|scope| {
        // A child that stops reading (it failed early) closes the pipe: not an error here.
        scope.spawn(move || {
            let _ = stdin.write_all(input);
        });
        let answer = scope.spawn(move || {
            let mut buf = Vec::new();
            stdout.read_to_end(&mut buf).map(|_| buf)
        });
        let message = scope.spawn(move || {
            let mut buf = Vec::new();
            let _ = stderr.read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).trim().to_owned()
        });
        let status = wait(&mut child, time_bound(size));
        (
            status.map(|status| (status, answer.join().expect("the reading thread ends"))),
            message.join().expect("the reading thread ends"),
        )
    });
    let (status, answer) = answer?;
    match status {
        Some(status) if status.success() => answer.context("failed to read the reader's output"),
        Some(status) if status.code() == Some(REFUSED) => bail!("{message}"),
        Some(_) => {
            // An abort (an allocation beyond the bound) or a crash: its last line says which.
            let last = message
                .lines()
                .last()
                .unwrap_or("it stopped without a message");
            bail!(
                "the file is damaged or not what its name says: its reader failed ({last}; a reader may use {} MB for this file)",
                memory_bound(size) >> 20
            )
        }
        None => bail!(
            "the file is damaged or not what its name says: its reader took longer than {} s",
            time_bound(size).as_secs()
        ),
    }
}

/// Waits for the child until `limit`; kills it and returns `None` when time runs out.
fn wait(
    child: &mut std::process::Child,
    limit: Duration,
) -> Result<Option<std::process::ExitStatus>> {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().context("failed to wait for the reader")? {
            return Ok(Some(status));
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// The child's side: limits itself, has `answer` do `task` (JSON) with stdin as its input,
/// writes the answer to stdout. Returns the process's exit code.
pub(crate) fn serve(
    task: &str,
    memory: u64,
    seconds: u64,
    answer: impl FnOnce(Task, &[u8]) -> Result<Vec<u8>>,
) -> std::process::ExitCode {
    limit_self(memory, seconds);
    // The child's stderr carries its one message: a decoder's panic, on whichever thread
    // (Polars decodes on its own workers), is reported through that, never printed.
    std::panic::set_hook(Box::new(|_| {}));
    let answered = serde_json::from_str::<Task>(task)
        .context("not a task")
        .and_then(|task| {
            let mut input = Vec::new();
            std::io::stdin()
                .read_to_end(&mut input)
                .context("failed to read the reader's input")?;
            // A decoder's panic is the file's fault: said as an error, like the parent's own.
            super::contain::contained(|| answer(task, &input))
        });
    match answered {
        Ok(bytes) => {
            let mut stdout = std::io::stdout().lock();
            if stdout
                .write_all(&bytes)
                .and_then(|()| stdout.flush())
                .is_err()
            {
                return std::process::ExitCode::from(1);
            }
            std::process::ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err:#}");
            std::process::ExitCode::from(REFUSED as u8)
        }
    }
}

/// Bounds this child: its address space, its CPU time (the parent's clock stops with the
/// parent; this one does not), and its life (it dies with the parent).
#[cfg(target_os = "linux")]
fn limit_self(memory: u64, seconds: u64) {
    for (resource, bound) in [(libc::RLIMIT_AS, memory), (libc::RLIMIT_CPU, seconds)] {
        let limit = libc::rlimit {
            rlim_cur: bound,
            rlim_max: bound,
        };
        // SAFETY: setrlimit reads the struct it is given; a failure leaves the bound unset,
        // which the parent's own time limit still covers.
        unsafe {
            libc::setrlimit(resource, &limit);
        }
    }
    // SAFETY: PR_SET_PDEATHSIG takes a signal number and changes nothing else.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
    }
}

#[cfg(not(target_os = "linux"))]
fn limit_self(_memory: u64, _seconds: u64) {}

/// Range → bytes: the start, the size, then each cell as a tag and its value.
pub(crate) fn encode(range: &Range<Data>) -> Vec<u8> {
    let mut out = Vec::new();
    let (row, col) = range.start().unwrap_or((0, 0));
    let (height, width) = range.get_size();
    for n in [row, col, height as u32, width as u32] {
        out.extend_from_slice(&n.to_le_bytes());
    }
    let text = |out: &mut Vec<u8>, tag: u8, s: &str| {
        out.push(tag);
        out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    };
    for cell in range.cells().map(|(_, _, cell)| cell) {
        match cell {
            Data::Empty => out.push(0),
            Data::Int(v) => {
                out.push(1);
                out.extend_from_slice(&v.to_le_bytes());
            }
            Data::Float(v) => {
                out.push(2);
                out.extend_from_slice(&v.to_bits().to_le_bytes());
            }
            Data::String(s) => text(&mut out, 3, s),
            Data::Bool(b) => out.extend_from_slice(&[4, u8::from(*b)]),
            Data::DateTime(dt) => {
                out.push(5);
                out.extend_from_slice(&dt.as_f64().to_bits().to_le_bytes());
                // calamine keeps the epoch private: a 1900-epoch twin that differs is 1904.
                let kind = if dt.is_duration() {
                    ExcelDateTimeType::TimeDelta
                } else {
                    ExcelDateTimeType::DateTime
                };
                let is_1904 = ExcelDateTime::new(dt.as_f64(), kind, false) != *dt;
                out.push(u8::from(dt.is_duration()) | (u8::from(is_1904) << 1));
            }
            Data::DateTimeIso(s) => text(&mut out, 6, s),
            Data::DurationIso(s) => text(&mut out, 7, s),
            Data::Error(e) => out.extend_from_slice(&[8, error_code(e)]),
        }
    }
    out
}

const ERRORS: [CellErrorType; 8] = [
    CellErrorType::Div0,
    CellErrorType::NA,
    CellErrorType::Name,
    CellErrorType::Null,
    CellErrorType::Num,
    CellErrorType::Ref,
    CellErrorType::Value,
    CellErrorType::GettingData,
];

fn error_code(e: &CellErrorType) -> u8 {
    ERRORS.iter().position(|x| x == e).unwrap_or(0) as u8
}

/// Reads the encoding front to back, refusing a short read.
struct Cursor<'a> {
    bytes: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.bytes.len() < n {
            bail!("the workbook reader's output is cut short");
        }
        let (part, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(part)
    }
    fn byte(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("four bytes"),
        ))
    }
    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("eight bytes"),
        ))
    }
    fn text(&mut self) -> Result<String> {
        let len = self.u32()? as usize;
        String::from_utf8(self.take(len)?.to_vec())
            .context("the workbook reader sent text that is not UTF-8")
    }
}

/// Bytes → range: the inverse of [`encode`], refusing anything malformed.
pub(crate) fn decode(bytes: &[u8]) -> Result<Range<Data>> {
    let mut cursor = Cursor { bytes };
    let (row, col, height, width) = (cursor.u32()?, cursor.u32()?, cursor.u32()?, cursor.u32()?);
    if height == 0 || width == 0 {
        return Ok(Range::empty());
    }
    // Each cell takes at least its tag byte: a size the bytes cannot hold is refused before
    // anything is allocated.
    if (height as u64) * (width as u64) > cursor.bytes.len() as u64 {
        bail!("the workbook reader's output is cut short");
    }
    let mut range = Range::new((row, col), (row + height - 1, col + width - 1));
    for r in 0..height {
        for c in 0..width {
            let cell = match cursor.byte()? {
                0 => Data::Empty,
                1 => Data::Int(cursor.u64()? as i64),
                2 => Data::Float(f64::from_bits(cursor.u64()?)),
                3 => Data::String(cursor.text()?),
                4 => Data::Bool(cursor.byte()? != 0),
                5 => {
                    let value = f64::from_bits(cursor.u64()?);
                    let flags = cursor.byte()?;
                    let kind = if flags & 1 != 0 {
                        ExcelDateTimeType::TimeDelta
                    } else {
                        ExcelDateTimeType::DateTime
                    };
                    Data::DateTime(ExcelDateTime::new(value, kind, flags & 2 != 0))
                }
                6 => Data::DateTimeIso(cursor.text()?),
                7 => Data::DurationIso(cursor.text()?),
                8 => {
                    let code = usize::from(cursor.byte()?).min(ERRORS.len() - 1);
                    Data::Error(ERRORS[code].clone())
                }
                other => bail!("the workbook reader sent an unknown cell tag {other}"),
            };
            range.set_value((row + r, col + c), cell);
        }
    }
    Ok(range)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_cell_survives_the_trip() {
        let mut range = Range::new((2, 1), (3, 5));
        let cells = [
            Data::Int(-7),
            Data::Float(0.1 + 0.2),
            Data::String("Ärzte, \"nurses\"".into()),
            Data::Bool(true),
            Data::DateTime(ExcelDateTime::new(
                44377.5,
                ExcelDateTimeType::DateTime,
                true,
            )),
            Data::DateTimeIso("2021-06-30T00:00:00".into()),
            Data::DurationIso("PT1H".into()),
            Data::Error(CellErrorType::NA),
            Data::Empty,
        ];
        for (i, cell) in cells.iter().enumerate() {
            range.set_value((2 + i as u32 / 5, 1 + i as u32 % 5), cell.clone());
        }
        let back = decode(&encode(&range)).unwrap();
        assert_eq!(back.start(), range.start());
        assert_eq!(back.end(), range.end());
        let pairs: Vec<_> = back.cells().zip(range.cells()).collect();
        assert!(pairs.iter().all(|(a, b)| a == b), "{pairs:?}");
        assert!(decode(&encode(&range)[..20]).is_err());
        assert_eq!(decode(&encode(&Range::empty())).unwrap().get_size(), (0, 0));
    }
}
