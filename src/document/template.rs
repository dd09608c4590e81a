//! Rendering the template tree with minijinja into Typst sources.
//!
//! Every value printed with `{{ … }}` is escaped for Typst markup, so a number or a name can
//! never inject markup; `figure("name")` returns ready Typst code that places a figure with its
//! caption, notes, source and alt text. Undefined names are errors (strict mode) that give the
//! template and line, so a typo in a number's name cannot silently print nothing.

use std::collections::BTreeMap;

use anyhow::{Result, anyhow};
use minijinja::{
    AutoEscape, Environment, Error, ErrorKind, Output, State, UndefinedBehavior, Value,
};

use super::escape;
use crate::figure::FigureMeta;

/// Typst code placing figure `name` (the template library defines `report-figure`).
pub(crate) fn figure_call(name: &str, meta: &FigureMeta) -> String {
    format!(
        "#report-figure(image({path}, alt: {alt}, width: 100%), title: [{title}], notes: [{notes}], source: [{source}], data: [{data}]) <fig-{name}>",
        path = escape::string_literal(&format!("/figures/{name}.svg")),
        alt = escape::string_literal(&meta.alt),
        title = escape::markup(&meta.title),
        notes = escape::markup(&meta.notes),
        source = escape::markup(&meta.source),
        data = escape::markup(&format!(
            "sheet {name} of the data pack (data-pack.xlsx) and the file data/{name}.csv, published with this report, hold the plotted values."
        )),
    )
}

/// Typst code setting figure `name`'s plotted data as a table with a header row that repeats
/// across pages, under a heading that names the figure it belongs to.
pub(crate) fn figure_table_call(name: &str, meta: &FigureMeta) -> String {
    let table = &meta.table;
    let columns = table.header.len().max(1);
    // Text columns (the category, a panel, a highlight group) to the left, numbers to the right.
    let align: Vec<&str> = (0..columns)
        .map(|c| {
            let numeric = !table.rows.is_empty()
                && table.rows.iter().all(|row| {
                    row.get(c).is_none_or(|cell| {
                        cell.is_empty()
                            || cell.starts_with('[')
                            || cell.chars().next().is_some_and(|ch| {
                                ch.is_ascii_digit() || ch == '-' || ch == '−' || ch == '£'
                            })
                    })
                });
            if numeric && c > 0 { "right" } else { "left" }
        })
        .collect();
    let mut out = format!(
        "#chart-data(<fig-{name}>, [{title}], columns: {columns}, align: ({align},), header: ({header},), cells: (",
        title = escape::markup(&meta.title),
        align = align.join(", "),
        header = table
            .header
            .iter()
            .map(|h| format!("[{}]", escape::markup(h)))
            .collect::<Vec<_>>()
            .join(", "),
    );
    for row in &table.rows {
        for cell in row {
            out.push('[');
            out.push_str(&escape::markup(cell));
            out.push_str("], ");
        }
    }
    out.push_str("))");
    out
}

/// A template function printing the Typst code `code` makes for a declared figure, or an error
/// naming a figure that is not declared.
fn placing(
    figures: std::sync::Arc<BTreeMap<String, FigureMeta>>,
    code: fn(&str, &FigureMeta) -> String,
) -> impl Fn(String) -> Result<Value, Error> + Send + Sync + 'static {
    move |name: String| match figures.get(&name) {
        Some(meta) => Ok(Value::from_safe_string(code(&name, meta))),
        None => Err(Error::new(
            ErrorKind::UndefinedError,
            format!("figure `{name}` is not declared"),
        )),
    }
}

/// Instructions a template render may run (minijinja's fuel).
const TEMPLATE_FUEL: u64 = 50_000_000;

/// Builds the environment over `templates` (path → source) with the given figures.
pub(crate) fn environment(
    templates: BTreeMap<String, String>,
    figures: BTreeMap<String, FigureMeta>,
) -> Result<Environment<'static>> {
    let mut env = Environment::new();
    // A bound on the work one render may do: both reports here render within a million, so
    // this leaves fifty times that, and a runaway loop is an error, not a hang.
    env.set_fuel(Some(TEMPLATE_FUEL));
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_debug(true);
    env.set_keep_trailing_newline(true);
    env.set_auto_escape_callback(|_| AutoEscape::Custom("typst"));
    env.set_formatter(|out: &mut Output, state: &State, value: &Value| {
        if value.is_safe() || !matches!(state.auto_escape(), AutoEscape::Custom("typst")) {
            return minijinja::escape_formatter(out, state, value);
        }
        out.write_str(&escape::markup(&value.to_string()))
            .map_err(Error::from)
    });
    // Capitalises the first letter and leaves the rest alone ("just over" → "Just over"), so a
    // number traced for the review page (wrapped in marker characters) is capitalised too.
    env.add_filter("capitalize", |text: String| -> String {
        match text.char_indices().find(|(_, c)| c.is_alphabetic()) {
            Some((at, c)) => format!(
                "{}{}{}",
                &text[..at],
                c.to_uppercase(),
                &text[at + c.len_utf8()..]
            ),
            None => text,
        }
    });
    // For cells of the tables a template prints: numbers formatted, a protected cell's
    // symbol (`[c]`) as it is.
    use crate::config::NumberFormat;
    use crate::figure::alt::formatter;
    env.add_filter("thousands", formatter(NumberFormat::Thousands, None));
    env.add_filter("percent", formatter(NumberFormat::Percent, None));
    // For values that go inside a Typst string literal rather than markup.
    env.add_filter("typst_string", |text: String| {
        Value::from_safe_string(escape::string_literal(&text))
    });
    let figures = std::sync::Arc::new(figures);
    env.add_function("figure", placing(figures.clone(), figure_call));
    env.add_function("figure_table", placing(figures, figure_table_call));
    for (name, source) in &templates {
        env.add_template_owned(name.clone(), source.clone())
            .map_err(|e| anyhow!(describe(&e, &templates)))?;
    }
    Ok(env)
}

/// A minijinja error as `` template `main.typ` line 12: undefined value `` plus that line's text.
pub(crate) fn describe(err: &Error, templates: &BTreeMap<String, String>) -> String {
    /// minijinja's words for the error, or rapport's where they would puzzle a user.
    fn kind(err: &Error) -> String {
        match err.kind() {
            ErrorKind::OutOfFuel => format!(
                "the template did more than {} steps of work, far more than any report needs: \
                 does a loop run over a far larger range than intended?",
                crate::data::read::group_digits(TEMPLATE_FUEL as usize)
            ),
            other => other.to_string(),
        }
    }
    let mut text = match (err.name(), err.line()) {
        (Some(name), Some(line)) => {
            let source = templates
                .get(name)
                .and_then(|t| t.lines().nth(line.saturating_sub(1)));
            let excerpt = source
                .map(|l| format!("\n{line:>6} | {}", l.trim_end()))
                .unwrap_or_default();
            format!("template `{name}` line {line}: {}{excerpt}", kind(err))
        }
        _ => kind(err),
    };
    if let Some(detail) = err.detail() {
        text.push_str(&format!(": {detail}"));
    }
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        text.push_str(&format!("; {inner}"));
        source = inner.source();
    }
    text
}
