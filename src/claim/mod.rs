//! The claim step: the data-dependent words of one comparative sentence, decided by a
//! declared rule and checked on every build.
//!
//! A claim reads declared numbers (`compare`, `multiple`, `change`, `share`) or one table
//! (`rank`, `extreme`, `every`). *Worded*, it chooses its words from the data ("rose" or
//! "fell", "more than a quarter", "every staff group except doctors"). *Asserted* (with
//! `expect`), it prints the words the sentence was written with and records whether the data
//! bear them out; the document refuses to print a claim that does not hold, naming the claim,
//! its values and the sentence ([`crate::document`]). Templates print `{{ claims.<name> }}`.

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};
use polars::prelude::{DataFrame, DataType};
use serde::{Deserialize, Serialize};

use crate::cache::Artifacts;
use crate::config::{ClaimConfig, ClaimKind, Declared};
use crate::number::words::{self, Direction};

/// A resolved claim: its declaration, validated for its kind.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ClaimSpec {
    /// The declaration as written.
    pub config: ClaimConfig,
}

/// What a claim step produces: its words and whether the data bear them out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ClaimOutput {
    /// The words printed.
    pub text: String,
    /// `worded` or `asserted`.
    pub mode: String,
    /// Whether the data bear the words out (a worded claim always does).
    pub holds: bool,
    /// What the data say, in the claim's own words (for an asserted claim, what it would have
    /// to say).
    pub found: String,
    /// The values the claim was decided on, in words: `left = 0.41 (number `x`)`.
    pub values: Vec<String>,
    /// What the claim says, as declared.
    pub description: String,
}

const OUTPUT: &str = "claim.json";

impl ClaimOutput {
    /// The output as cache artifacts.
    pub(crate) fn encode(&self) -> Result<Artifacts> {
        Ok(Artifacts::from([(
            OUTPUT.to_owned(),
            serde_json::to_vec_pretty(self)?,
        )]))
    }

    /// The output back from cache artifacts.
    pub(crate) fn decode(artifacts: &Artifacts) -> Result<ClaimOutput> {
        let bytes = artifacts
            .get(OUTPUT)
            .context("a cached claim has no output")?;
        serde_json::from_slice(bytes).context("a cached claim's output does not parse")
    }
}

/// The fields each kind reads: (required, optional).
fn fields(kind: ClaimKind) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        ClaimKind::Compare => (&["left", "right"], &["same_within", "words", "expect"]),
        ClaimKind::Multiple => (&[], &["left", "right", "value", "expect"]),
        ClaimKind::Change => (
            &[],
            &["value", "from", "to", "same_within", "words", "expect"],
        ),
        ClaimKind::Share => (&["value"], &["expect"]),
        ClaimKind::Rank => (
            &["table", "column", "label", "subject"],
            &["where", "words", "expect"],
        ),
        ClaimKind::Extreme => (&["table", "column", "label"], &["where", "pick"]),
        ClaimKind::Every => (
            &["table", "column", "label", "noun"],
            &["than", "threshold", "where", "pick", "expect"],
        ),
    }
}

/// Validates a claim's declaration for its kind.
pub(crate) fn resolve(name: &str, declared: &Declared<ClaimConfig>) -> Result<ClaimSpec> {
    let c = &declared.value;
    let origin = &declared.origin;
    let kind = c.kind.name();
    let given = [
        ("left", c.left.is_some()),
        ("right", c.right.is_some()),
        ("value", c.value.is_some()),
        ("from", c.from.is_some()),
        ("to", c.to.is_some()),
        ("table", c.table.is_some()),
        ("column", c.column.is_some()),
        ("label", c.label.is_some()),
        ("where", !c.filter.is_empty()),
        ("subject", c.subject.is_some()),
        ("than", c.than.is_some()),
        ("noun", c.noun.is_some()),
        ("threshold", c.threshold.is_some()),
        ("same_within", c.same_within.is_some()),
        ("words", !c.words.is_empty()),
        ("expect", c.expect.is_some()),
        ("pick", c.pick.is_some()),
    ];
    let (required, optional) = fields(c.kind);
    for (field, present) in given {
        if present && !required.contains(&field) && !optional.contains(&field) {
            bail!("{origin}: claim `{name}`: a `{kind}` claim does not use `{field}`");
        }
        if !present && required.contains(&field) {
            bail!("{origin}: claim `{name}`: a `{kind}` claim needs `{field}`");
        }
    }
    if c.kind == ClaimKind::Change && c.value.is_some() == (c.from.is_some() || c.to.is_some()) {
        bail!(
            "{origin}: claim `{name}`: a `change` claim reads either `value` (a signed change) or \
             `from` and `to`"
        );
    }
    if c.kind == ClaimKind::Multiple
        && !(c.value.is_some() != (c.left.is_some() && c.right.is_some())
            && (c.left.is_some() == c.right.is_some()))
    {
        bail!(
            "{origin}: claim `{name}`: a `multiple` claim reads `left` and `right`, or `value` \
             (a ratio already computed)"
        );
    }
    if c.kind == ClaimKind::Change && c.value.is_none() && (c.from.is_none() || c.to.is_none()) {
        bail!("{origin}: claim `{name}`: a `change` claim needs both `from` and `to`");
    }
    if c.kind == ClaimKind::Every && c.than.is_some() == c.threshold.is_some() {
        bail!(
            "{origin}: claim `{name}`: an `every` claim compares with `than` (a number) or \
             `threshold` (a value); give one"
        );
    }
    let expected_words = match c.kind {
        ClaimKind::Compare | ClaimKind::Change => 3,
        ClaimKind::Rank => 2,
        _ => 0,
    };
    if !c.words.is_empty() && c.words.len() != expected_words {
        bail!(
            "{origin}: claim `{name}`: `words` lists {} for a `{kind}` claim: {}",
            expected_words,
            match c.kind {
                ClaimKind::Rank => "the words for the lowest and the highest",
                _ => "the words for less, the same and more",
            }
        );
    }
    if let Some(margin) = c.same_within
        && (!margin.is_finite() || margin < 0.0)
    {
        bail!("{origin}: claim `{name}`: `same_within` must be 0 or more");
    }
    if let Some(expect) = &c.expect {
        let understood = match c.kind {
            ClaimKind::Compare | ClaimKind::Change => Direction::named(expect).is_some(),
            ClaimKind::Rank => matches!(expect.as_str(), "lowest" | "highest"),
            ClaimKind::Every => matches!(expect.as_str(), "above" | "below"),
            ClaimKind::Share => words::share_holds(expect, 0.5).is_ok(),
            ClaimKind::Multiple => words::multiple_holds(expect, 1.0).is_ok(),
            ClaimKind::Extreme => false,
        };
        if !understood {
            bail!(
                "{origin}: claim `{name}`: `expect = \"{expect}\"` is not an outcome of a `{kind}` \
                 claim ({})",
                match c.kind {
                    ClaimKind::Compare | ClaimKind::Change => "less, same or more",
                    ClaimKind::Rank => "lowest or highest",
                    ClaimKind::Every => "above or below",
                    ClaimKind::Share => "a proportion such as \"more than a quarter\"",
                    ClaimKind::Multiple => "a multiple such as \"more than twice\"",
                    ClaimKind::Extreme => "an extreme claim words itself: drop `expect`",
                }
            );
        }
    }
    if let Some(pick) = &c.pick {
        let ok = match c.kind {
            ClaimKind::Extreme => matches!(pick.as_str(), "lowest" | "highest"),
            _ => matches!(pick.as_str(), "above" | "below"),
        };
        if !ok {
            bail!("{origin}: claim `{name}`: `pick = \"{pick}\"` is not understood");
        }
    }
    Ok(ClaimSpec { config: c.clone() })
}

impl ClaimSpec {
    /// The numbers the claim reads, by name.
    pub(crate) fn numbers(&self) -> Vec<String> {
        let c = &self.config;
        [&c.left, &c.right, &c.value, &c.from, &c.to, &c.than]
            .into_iter()
            .flatten()
            .cloned()
            .collect()
    }
}

/// Decides a claim from the raw values of the numbers it reads and, for table claims, the
/// table's rows.
pub(crate) fn run(
    spec: &ClaimSpec,
    numbers: &BTreeMap<String, f64>,
    table: Option<&DataFrame>,
) -> Result<ClaimOutput> {
    let c = &spec.config;
    let number = |name: &Option<String>| -> Result<(String, f64)> {
        let name = name.as_deref().expect("resolved");
        let value = numbers
            .get(name)
            .copied()
            .with_context(|| format!("the claim reads number `{name}`, which is not declared"))?;
        Ok((name.to_owned(), value))
    };
    let shown = |role: &str, (name, value): &(String, f64)| {
        format!("{role} = {} (number `{name}`)", crate::check::plain(*value))
    };
    let (found, holds, values) = match c.kind {
        ClaimKind::Compare => {
            let (l, r) = (number(&c.left)?, number(&c.right)?);
            let words = words_or(&c.words, ["lower than", "about the same as", "higher than"]);
            let direction = Direction::of(l.1 - r.1, c.same_within.unwrap_or(0.0));
            let holds = c
                .expect
                .as_deref()
                .and_then(Direction::named)
                .is_none_or(|d| d == direction);
            (
                direction.pick(&words),
                holds,
                vec![shown("left", &l), shown("right", &r)],
            )
        }
        ClaimKind::Change => {
            let (difference, base, values) = match &c.value {
                Some(_) => {
                    let v = number(&c.value)?;
                    (v.1, 1.0, vec![shown("change", &v)])
                }
                None => {
                    let (f, t) = (number(&c.from)?, number(&c.to)?);
                    (
                        t.1 - f.1,
                        f.1.abs(),
                        vec![shown("from", &f), shown("to", &t)],
                    )
                }
            };
            let words = words_or(&c.words, ["fell", "was unchanged", "rose"]);
            let margin = c.same_within.unwrap_or(0.0) * if base > 0.0 { base } else { 1.0 };
            let direction = Direction::of(difference, margin);
            let holds = c
                .expect
                .as_deref()
                .and_then(Direction::named)
                .is_none_or(|d| d == direction);
            (direction.pick(&words), holds, values)
        }
        ClaimKind::Share => {
            let v = number(&c.value)?;
            let holds = match &c.expect {
                Some(phrase) => words::share_holds(phrase, v.1)?,
                None => true,
            };
            (words::share(v.1), holds, vec![shown("share", &v)])
        }
        ClaimKind::Multiple => {
            let (ratio, mut values) = match &c.value {
                Some(_) => (number(&c.value)?.1, Vec::new()),
                None => {
                    let (l, r) = (number(&c.left)?, number(&c.right)?);
                    if r.1 == 0.0 {
                        bail!("the claim divides by `{}`, which is 0", r.0);
                    }
                    (l.1 / r.1, vec![shown("left", &l), shown("right", &r)])
                }
            };
            let holds = match &c.expect {
                Some(phrase) => words::multiple_holds(phrase, ratio)?,
                None => true,
            };
            values.push(format!("ratio = {}", crate::check::plain(ratio)));
            (words::multiple(ratio), holds, values)
        }
        ClaimKind::Rank | ClaimKind::Extreme | ClaimKind::Every => {
            let table = table.context("a table claim has its table")?;
            let rows = labelled(c, table)?;
            table_claim(c, &rows, numbers)?
        }
    };
    let text = c.expect.clone().map_or_else(
        || found.clone(),
        |expect| match c.kind {
            // An asserted direction prints the word for it; a phrase prints itself.
            ClaimKind::Compare | ClaimKind::Change => {
                let words = match c.kind {
                    ClaimKind::Compare => {
                        words_or(&c.words, ["lower than", "about the same as", "higher than"])
                    }
                    _ => words_or(&c.words, ["fell", "was unchanged", "rose"]),
                };
                Direction::named(&expect).expect("resolved").pick(&words)
            }
            ClaimKind::Rank => {
                let words = words_or(&c.words, ["lowest", "highest"]);
                format!(
                    "the {}",
                    if expect == "lowest" {
                        &words[0]
                    } else {
                        &words[1]
                    }
                )
            }
            ClaimKind::Every => found.clone(),
            _ => expect,
        },
    );
    Ok(ClaimOutput {
        text,
        mode: if c.expect.is_some() {
            "asserted"
        } else {
            "worded"
        }
        .to_owned(),
        holds,
        found,
        values,
        description: c.description.clone(),
    })
}

fn words_or<const N: usize>(declared: &[String], default: [&str; N]) -> Vec<String> {
    if declared.is_empty() {
        default.iter().map(|w| (*w).to_owned()).collect()
    } else {
        declared.to_vec()
    }
}

/// The rows a table claim reads: (label, value), in table order, after `where`.
fn labelled(c: &ClaimConfig, df: &DataFrame) -> Result<Vec<(String, f64)>> {
    let label = c.label.as_deref().expect("resolved");
    let column = c.column.as_deref().expect("resolved");
    let table = c.table.as_deref().unwrap_or_default();
    let rows = crate::number::selected_rows(table, &c.filter, df)?;
    let labels = rows
        .column(label)
        .with_context(|| format!("table `{table}` has no column `{label}`"))?;
    let values = rows
        .column(column)
        .with_context(|| format!("table `{table}` has no column `{column}`"))?
        .cast(&DataType::Float64)?;
    let values = values.f64()?;
    let mut out = Vec::new();
    for i in 0..rows.height() {
        let Some(value) = values.get(i) else {
            bail!(
                "row {} of table `{table}` has no `{column}`: a protected or missing cell cannot be \
                 compared",
                i + 1
            );
        };
        out.push((crate::check::cell_text(&labels.get(i)?), value));
    }
    if out.is_empty() {
        bail!("no row of table `{table}` is selected");
    }
    Ok(out)
}

/// Decides a `rank`, `extreme` or `every` claim over its rows.
fn table_claim(
    c: &ClaimConfig,
    rows: &[(String, f64)],
    numbers: &BTreeMap<String, f64>,
) -> Result<(String, bool, Vec<String>)> {
    let listed = |rows: &[(String, f64)]| {
        rows.iter()
            .map(|(l, v)| format!("{l} = {}", crate::check::plain(*v)))
            .collect::<Vec<_>>()
    };
    Ok(match c.kind {
        ClaimKind::Rank => {
            let subject = c.subject.as_deref().expect("resolved");
            let value = rows
                .iter()
                .find(|(l, _)| l == subject)
                .map(|(_, v)| *v)
                .with_context(|| format!("no selected row is labelled `{subject}`"))?;
            let below = rows.iter().filter(|(_, v)| *v < value).count();
            let above = rows.iter().filter(|(_, v)| *v > value).count();
            let words = words_or(&c.words, ["lowest", "highest"]);
            let found = if below <= above {
                format!("the {}{}", words::place(below + 1), words[0])
            } else {
                format!("the {}{}", words::place(above + 1), words[1])
            };
            let holds = match c.expect.as_deref() {
                Some("lowest") => below == 0,
                Some("highest") => above == 0,
                _ => true,
            };
            (found, holds, listed(rows))
        }
        ClaimKind::Extreme => {
            let highest = c.pick.as_deref() != Some("lowest");
            let pick = rows
                .iter()
                .fold(None::<&(String, f64)>, |best, row| match best {
                    Some(b) if (highest && b.1 >= row.1) || (!highest && b.1 <= row.1) => Some(b),
                    _ => Some(row),
                })
                .expect("rows are not empty");
            (pick.0.clone(), true, listed(rows))
        }
        ClaimKind::Every => {
            let (threshold, source) = match (&c.than, c.threshold) {
                (Some(than), _) => (
                    numbers.get(than).copied().with_context(|| {
                        format!("the claim reads number `{than}`, which is not declared")
                    })?,
                    format!(" (number `{than}`)"),
                ),
                (None, Some(value)) => (value, String::new()),
                (None, None) => unreachable!("resolved: than or threshold"),
            };
            let above = c.expect.as_deref().or(c.pick.as_deref()) != Some("below");
            let fails: Vec<String> = rows
                .iter()
                .filter(|(_, v)| {
                    if above {
                        *v <= threshold
                    } else {
                        *v >= threshold
                    }
                })
                .map(|(l, _)| l.clone())
                .collect();
            let noun = c.noun.as_deref().expect("resolved");
            let found = if fails.is_empty() {
                format!("every {noun}")
            } else if fails.len() == rows.len() {
                format!("no {noun}")
            } else if fails.len() <= 3 {
                format!("every {noun} except {}", words::list(&fails))
            } else {
                format!("{} of the {} {noun}s", rows.len() - fails.len(), rows.len())
            };
            let mut values = listed(rows);
            values.push(format!(
                "threshold = {}{source}",
                crate::check::plain(threshold)
            ));
            (found, fails.is_empty() || c.expect.is_none(), values)
        }
        _ => unreachable!("number claims are decided above"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::df;

    fn claim(text: &str) -> ClaimSpec {
        let config: ClaimConfig = toml::from_str(text).expect("a claim");
        ClaimSpec { config }
    }

    fn numbers(values: &[(&str, f64)]) -> BTreeMap<String, f64> {
        values.iter().map(|(n, v)| ((*n).to_owned(), *v)).collect()
    }

    #[test]
    fn a_worded_change_follows_the_data_and_an_asserted_one_records_the_truth() {
        let worded = claim("kind = \"change\"\nfrom = \"a\"\nto = \"b\"");
        let rose = run(&worded, &numbers(&[("a", 10.0), ("b", 12.0)]), None).unwrap();
        assert_eq!((rose.text.as_str(), rose.holds), ("rose", true));
        let fell = run(&worded, &numbers(&[("a", 10.0), ("b", 8.0)]), None).unwrap();
        assert_eq!(fell.text, "fell");
        let asserted = claim("kind = \"change\"\nfrom = \"a\"\nto = \"b\"\nexpect = \"up\"");
        let false_claim = run(&asserted, &numbers(&[("a", 10.0), ("b", 8.0)]), None).unwrap();
        assert_eq!(
            (
                false_claim.text.as_str(),
                false_claim.found.as_str(),
                false_claim.holds
            ),
            ("rose", "fell", false)
        );
    }

    #[test]
    fn rank_extreme_and_every_read_a_table() {
        let regions = df!(
            "region" => ["London", "Midlands", "North"],
            "share" => [0.28, 0.32, 0.30],
        )
        .unwrap();
        let rank = claim(
            "kind = \"rank\"\ntable = \"t\"\ncolumn = \"share\"\nlabel = \"region\"\nsubject = \"North\"",
        );
        assert_eq!(
            run(&rank, &BTreeMap::new(), Some(&regions)).unwrap().text,
            "the second lowest"
        );
        let peak =
            claim("kind = \"extreme\"\ntable = \"t\"\ncolumn = \"share\"\nlabel = \"region\"");
        assert_eq!(
            run(&peak, &BTreeMap::new(), Some(&regions)).unwrap().text,
            "Midlands"
        );
        let every = claim(
            "kind = \"every\"\ntable = \"t\"\ncolumn = \"share\"\nlabel = \"region\"\nthreshold = 0.29\nnoun = \"region\"",
        );
        assert_eq!(
            run(&every, &BTreeMap::new(), Some(&regions)).unwrap().text,
            "every region except London"
        );
        let asserted = claim(
            "kind = \"every\"\ntable = \"t\"\ncolumn = \"share\"\nlabel = \"region\"\nthreshold = 0.29\nnoun = \"region\"\nexpect = \"above\"",
        );
        assert!(
            !run(&asserted, &BTreeMap::new(), Some(&regions))
                .unwrap()
                .holds
        );
    }

    #[test]
    fn a_field_the_kind_does_not_read_is_refused() {
        let declared = Declared {
            value: toml::from_str::<ClaimConfig>("kind = \"share\"\nvalue = \"a\"\nleft = \"b\"")
                .unwrap(),
            origin: crate::config::Origin {
                file: "report.toml".into(),
                shown: "report.toml".into(),
                line: 1,
                column: 1,
            },
        };
        let err = resolve("x", &declared).unwrap_err().to_string();
        assert!(err.contains("a `share` claim does not use `left`"), "{err}");
    }
}
