//! Release variables: the period a release covers, for `report.toml` and the templates.
//!
//! An annual report rolls forward a year at a time. Rather than retyping "June 2020" and
//! `DATE '2020-06-30'` for each edition, `report.toml` writes `${ period.label }` and
//! `DATE '${ period.end }'`, and a snapshot's year is `${ period.year - 1 }`. The values come
//! from the release's `release.toml` (`period_end`), so the data decide the period. The
//! `${ … }` syntax leaves `{{ … }}` free for the figure alt-text templates in the same file.

use std::path::Path;

use anyhow::{Result, anyhow, bail};
use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, UndefinedBehavior, Value, context};

use crate::release::Release;

/// The period object: `end` (ISO date), `year`, `month`, `month_name`, `label` ("June 2020").
pub fn period(release: &Release) -> Value {
    match &release.period {
        Some(period) => Value::from_serialize(period),
        None => Value::UNDEFINED,
    }
}

/// The text with each `${ … }` replaced by a distinct number (`0`, `1`, …), valid TOML before
/// the period is known (it is read only to find the release folder).
pub fn placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut count = 0;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => {
                out.push_str(&count.to_string());
                count += 1;
                rest = &rest[start + end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Substitutes `${ … }` expressions in the text of a declaration file or `.sql` file; `path`
/// is how messages show that file.
pub fn render(text: &str, release: &Release, path: &Path) -> Result<String> {
    if !text.contains("${") {
        return Ok(text.to_owned());
    }
    if release.period.is_none() {
        bail!(
            "`{}` uses release variables such as `${{ period.year }}`, which need \
             `period_end` in `{}`",
            path.display(),
            release.dir.join("release.toml").display()
        );
    }
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_keep_trailing_newline(true);
    let syntax = SyntaxConfig::builder()
        .variable_delimiters("${", "}")
        .block_delimiters("<%", "%>")
        .comment_delimiters("<#", "#>")
        .build()
        .map_err(|e| anyhow!("{e}"))?;
    env.set_syntax(syntax);
    let ctx = context! {
        period => period(release),
        release => release.meta.release,
    };
    env.render_str(text, ctx).map_err(|e| {
        let line = e
            .line()
            .and_then(|n| Some((n, text.lines().nth(n.checked_sub(1)?)?)))
            .map(|(n, l)| format!(" line {n}: {}", l.trim()))
            .unwrap_or_default();
        anyhow!(
            "`{}`{line}: cannot substitute a release variable: {}{}",
            path.display(),
            e.kind(),
            e.detail().map(|d| format!(" ({d})")).unwrap_or_default()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::{ReleaseFile, ReleaseInfo};

    fn release(end: &str) -> Release {
        Release::from_meta(
            "/data".into(),
            ReleaseFile {
                release: ReleaseInfo {
                    name: "r".into(),
                    title: "R".into(),
                    period_end: end.into(),
                    published: "2021-08-20".into(),
                    generator: String::new(),
                    previous: None,
                },
                files: Vec::new(),
                changes: Vec::new(),
            },
        )
    }

    #[test]
    fn periods_roll_forward_with_the_release() {
        let text = "sql = \"WHERE d = DATE '${ period.end }' OR y = ${ period.year - 1 }\"\ntitle = \"${ period.label }\"\nalt = \"{{ series[0].name }}\"\n";
        let out = render(text, &release("2021-06-30"), Path::new("report.toml")).unwrap();
        assert_eq!(
            out,
            "sql = \"WHERE d = DATE '2021-06-30' OR y = 2020\"\ntitle = \"June 2021\"\nalt = \"{{ series[0].name }}\"\n"
        );
    }

    #[test]
    fn placeholders_keep_the_text_valid_toml() {
        assert_eq!(
            placeholders("y = ${ period.year }\np = \"a_${ period.year - 1 }\"\n"),
            "y = 0\np = \"a_1\"\n"
        );
    }

    #[test]
    fn an_unknown_variable_names_the_line() {
        let err = render(
            "a = 1\nb = \"${ period.yaer }\"\n",
            &release("2021-06-30"),
            Path::new("report.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("line 2: b = \"${ period.yaer }\""), "{err}");
    }
}
