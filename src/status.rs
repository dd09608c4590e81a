//! The status of a published cell, as the Government Statistical Service writes it: `[c]`
//! confidential (suppressed by disclosure control), `[x]` not available, `[z]` not applicable.
//!
//! A protected value travels with its status in a column beside it, `<column>__status`,
//! holding the code (`c`, `x`, `z`) or nothing. Every output prints the status in place of the
//! value: this module names the column, the symbol and the words.

/// The suffix of a status column.
pub(crate) const STATUS: &str = "__status";
/// The status column of `column`.
pub(crate) fn status_column(column: &str) -> String {
    format!("{column}{STATUS}")
}

/// The GSS symbol printed for a status code: `[c]`, `[x]`, `[z]`.
pub(crate) fn symbol(code: &str) -> String {
    format!("[{code}]")
}

/// What a status code means, in words a screen reader says: "suppressed".
pub(crate) fn words(code: &str) -> &'static str {
    match code {
        "c" => "suppressed",
        "z" => "not applicable",
        _ => "not available",
    }
}

/// The note of a figure with protected cells.
pub(crate) const SYMBOLS_NOTE: &str = "Gaps marked [c] are suppressed to protect confidentiality \
     (small counts), [x] are not available and [z] are not applicable.";
