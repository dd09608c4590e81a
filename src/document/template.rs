//! Rendering the template tree with minijinja into Typst sources.
//!
//! Every value printed with `{{ … }}` is escaped for Typst markup, so a number or a name can
//! never inject markup; `figure("name")` returns ready Typst code that places a figure with its
//! caption, notes, source and alt text. Undefined names are errors (strict mode) that give the
//! template and line, so a typo in a number's name cannot silently print nothing.

use std::collections::BTreeMap;

use anyhow::{Result, anyhow};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, Output, State, UndefinedBehavior, Value};

use super::escape;
use crate::figure::FigureMeta;

/// Typst code placing figure `name` (the template library defines `report-figure`).
pub fn figure_call(name: &str, meta: &FigureMeta) -> String {
    format!(
        "#report-figure(image({path}, alt: {alt}, width: 100%), title: [{title}], notes: [{notes}], source: [{source}]) <fig-{name}>",
        path = escape::string_literal(&format!("/figures/{name}.svg")),
        alt = escape::string_literal(&meta.alt),
        title = escape::markup(&meta.title),
        notes = escape::markup(&meta.notes),
        source = escape::markup(&meta.source),
    )
}

/// Builds the environment over `templates` (path → source) with the given figures.
pub fn environment(
    templates: BTreeMap<String, String>,
    figures: BTreeMap<String, FigureMeta>,
) -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_debug(true);
    env.set_keep_trailing_newline(true);
    env.set_auto_escape_callback(|_| AutoEscape::Custom("typst"));
    env.set_formatter(|out: &mut Output, state: &State, value: &Value| {
        if value.is_safe() || !matches!(state.auto_escape(), AutoEscape::Custom("typst")) {
            return minijinja::escape_formatter(out, state, value);
        }
        out.write_str(&escape::markup(&value.to_string())).map_err(Error::from)
    });
    env.add_function("figure", move |name: String| -> Result<Value, Error> {
        match figures.get(&name) {
            Some(meta) => Ok(Value::from_safe_string(figure_call(&name, meta))),
            None => Err(Error::new(
                ErrorKind::UndefinedError,
                format!("figure `{name}` is not declared in `report.toml`"),
            )),
        }
    });
    for (name, source) in templates {
        env.add_template_owned(name, source).map_err(|e| anyhow!(describe(&e)))?;
    }
    Ok(env)
}

/// A minijinja error as `` `main.typ` line 12: undefined value ``.
pub fn describe(err: &Error) -> String {
    let mut text = match (err.name(), err.line()) {
        (Some(name), Some(line)) => format!("template `{name}` line {line}: {}", err.kind()),
        _ => format!("{}", err.kind()),
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
