//! Escaping values for Typst markup and Typst string literals.
//!
//! In Typst markup a backslash before any non-space character yields that character literally,
//! so escaping every ASCII punctuation character neutralises all markup (`#`, `*`, `_`, `$`,
//! `@`, `<`, `//`, `--`, list markers) without a list of special cases to keep up to date.

/// Escapes text for Typst markup.
pub(crate) fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Quotes text as a Typst string literal.
pub(crate) fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_escapes_every_special_character() {
        assert_eq!(markup("14% of #1 *staff*"), "14\\% of \\#1 \\*staff\\*");
        assert_eq!(
            markup("a // b <c> @d $e$"),
            "a \\/\\/ b \\<c\\> \\@d \\$e\\$"
        );
        assert_eq!(markup("£23,189"), "£23\\,189");
    }

    #[test]
    fn string_literals_escape_quotes_and_backslashes() {
        assert_eq!(string_literal(r#"a "b" \c"#), r#""a \"b\" \\c""#);
    }
}
