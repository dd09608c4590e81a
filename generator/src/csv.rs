//! Plain UTF-8 CSV writing and reading, plus the single file-output function.
//!
//! Output rules: comma separated, `\n` line ends, header row first, a field is quoted
//! only when it contains a comma or a double quote (quotes doubled inside).  All disk
//! writes go through `write_file(path, bytes)` so that compression can be added in one
//! place later.  `read_csv` is the matching minimal parser used by the self-check.

use std::io::{Read, Write};
use std::path::Path;

/// An in-memory CSV document built row by row.
pub(crate) struct Table {
    buf: String,
    ncol: usize,
    pub rows: usize,
}

impl Table {
    /// Start a table with its header row.
    pub(crate) fn new(header: &[&str]) -> Self {
        let mut t = Table {
            buf: String::new(),
            ncol: header.len(),
            rows: 0,
        };
        t.push(header);
        t.rows = 0;
        t
    }

    /// Append one data row (must have as many fields as the header).
    pub(crate) fn row(&mut self, fields: &[&str]) {
        assert_eq!(fields.len(), self.ncol, "row width mismatch");
        self.push(fields);
    }

    fn push(&mut self, fields: &[&str]) {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.buf.push(',');
            }
            if f.contains(',') || f.contains('"') {
                self.buf.push('"');
                self.buf.push_str(&f.replace('"', "\"\""));
                self.buf.push('"');
            } else {
                self.buf.push_str(f);
            }
        }
        self.buf.push('\n');
        self.rows += 1;
    }

    /// The document as bytes.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.buf.into_bytes()
    }
}

/// Format an integer count of hundredths as a fixed two-decimal number.
pub(crate) fn hund(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let a = v.abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// Write `bytes` to `path`, creating parent directories.  The one place files are written.
///
/// A `.gz` path is gzip-compressed with a fixed header (no name, mtime 0), so the bytes
/// are identical on every run.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let data = if path.extension().is_some_and(|e| e == "gz") {
        let mut encoder = flate2::GzBuilder::new()
            .mtime(0)
            .write(Vec::new(), flate2::Compression::best());
        encoder
            .write_all(bytes)
            .and_then(|()| encoder.finish())
            .map_err(|e| format!("cannot compress {}: {e}", path.display()))?
    } else {
        bytes.to_vec()
    };
    std::fs::write(path, data).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// A parsed CSV file: header and rows of fields.
pub(crate) struct Parsed {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Parsed {
    /// Column index by name (panics with the file's header if missing).
    pub(crate) fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("column {name} not in {:?}", self.header))
    }
}

/// Read and parse a CSV file written by `Table`.
pub(crate) fn read_csv(path: &Path) -> Result<Parsed, String> {
    let raw = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let raw = if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .map_err(|e| format!("cannot decompress {}: {e}", path.display()))?;
        out
    } else {
        raw
    };
    let text =
        String::from_utf8(raw).map_err(|e| format!("{} is not UTF-8: {e}", path.display()))?;
    let mut lines = text.lines().map(parse_line);
    let header = lines
        .next()
        .ok_or_else(|| format!("{} is empty", path.display()))?;
    Ok(Parsed {
        header,
        rows: lines.collect(),
    })
}

fn parse_line(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(ch) = chars.next() {
        match (ch, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if cur.is_empty() => quoted = true,
            (',', false) => out.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// Parse a two-decimal number into hundredths exactly.
pub(crate) fn parse_hund(s: &str) -> i64 {
    let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
    let (a, b) = s.split_once('.').unwrap_or((s, "0"));
    let frac = format!("{b:0<2}");
    let v =
        a.parse::<i64>().expect("integer part") * 100 + frac[..2].parse::<i64>().expect("fraction");
    if neg { -v } else { v }
}
