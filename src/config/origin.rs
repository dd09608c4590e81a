//! Where a declaration was written: its file, line and column.
//!
//! Declarations can be spread over many files (one per chapter), so a message about one must
//! say which file. The position is that of the declaration's `[kind.name]` header.

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
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl Origin {
    /// The position of the `[kind.name]` header in `text`, or the top of the file.
    pub fn of_header(file: &Path, shown: String, text: &str, kind: &str, name: &str) -> Origin {
        let headers = [format!("[{kind}.{name}]"), format!("[{kind}.\"{name}\"]")];
        let found = text.lines().enumerate().find_map(|(i, line)| {
            let trimmed = line.trim_start();
            let compact: String = trimmed.chars().filter(|c| *c != ' ').collect();
            headers
                .iter()
                .any(|h| compact.starts_with(h.as_str()))
                .then(|| (i + 1, line.len() - trimmed.len() + 1))
        });
        let (line, column) = found.unwrap_or((1, 1));
        Origin {
            file: file.to_path_buf(),
            shown,
            line,
            column,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
        let text = "[report]\nname = \"x\"\n\n  [tables.trend]\nsql = \"SELECT 1\"\n";
        let origin = Origin::of_header(
            Path::new("a.toml"),
            "a.toml".into(),
            text,
            "tables",
            "trend",
        );
        assert_eq!(origin.to_string(), "a.toml:4:3");
        let missing = Origin::of_header(Path::new("a.toml"), "a.toml".into(), text, "tables", "x");
        assert_eq!((missing.line, missing.column), (1, 1));
    }
}
