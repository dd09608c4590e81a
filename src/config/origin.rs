//! Where a declaration was written: its file, line and column.
//!
//! Declarations can be spread over many files (one per chapter), so a message about one must
//! say which file. The position is that of the declaration's `[kind.name]` header.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Deref;
use std::path::{Path, PathBuf};

/// A file position, shown as `chapters/02_workforce.toml:120:1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file, as read.
    pub file: PathBuf,
    /// The file as shown to the user (relative to the project root).
    pub shown: String,
    /// 1-based line, or 0 when the declaration has no `[kind.name]` header of its own (a
    /// dotted key or an inline table): then only the file is shown.
    pub line: usize,
    /// 1-based column (0 with line 0).
    pub column: usize,
}

/// The `[kind.name]` table headers of one file, with their positions: read once per file.
#[derive(Debug, Default)]
pub(crate) struct Headers {
    positions: BTreeMap<String, (usize, usize)>,
}

impl Headers {
    /// Finds every `[kind.name]` header in `text` (spaces inside the brackets and a quoted
    /// name are allowed, as TOML allows them).
    pub(crate) fn of(text: &str) -> Headers {
        let mut positions = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            if !trimmed.starts_with('[') || trimmed.starts_with("[[") {
                continue;
            }
            let Some(end) = trimmed.find(']') else {
                continue;
            };
            let key: String = trimmed[1..end]
                .chars()
                .filter(|c| *c != ' ' && *c != '"')
                .collect();
            positions
                .entry(key)
                .or_insert((i + 1, line.len() - trimmed.len() + 1));
        }
        Headers { positions }
    }

    /// The origin of `[kind.name]` in `file`, or just the file when it has no such header.
    pub(crate) fn origin(&self, file: &Path, shown: &str, kind: &str, name: &str) -> Origin {
        let (line, column) = self
            .positions
            .get(&format!("{kind}.{name}"))
            .copied()
            .unwrap_or((0, 0));
        Origin {
            file: file.to_path_buf(),
            shown: shown.to_owned(),
            line,
            column,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            return f.write_str(&self.shown);
        }
        write!(f, "{}:{}:{}", self.shown, self.line, self.column)
    }
}

/// A declaration with the place it was written.
#[derive(Debug, Clone)]
pub struct Declared<T> {
    /// What the user wrote.
    pub value: T,
    /// Where.
    pub origin: Origin,
}

impl<T> Deref for Declared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_header_line_and_column() {
        let text =
            "[report]\nname = \"x\"\n\n  [tables.trend]\nsql = \"SELECT 1\"\n[ figures.\"f\" ]\n";
        let headers = Headers::of(text);
        let at = |kind, name| headers.origin(Path::new("a.toml"), "a.toml", kind, name);
        assert_eq!(at("tables", "trend").to_string(), "a.toml:4:3");
        assert_eq!(at("figures", "f").to_string(), "a.toml:6:1");
        assert_eq!(at("tables", "x").to_string(), "a.toml");
    }
}
