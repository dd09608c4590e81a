//! Where each number is printed: the sentence around every use of `numbers.<name>`.
//!
//! The templates are rendered a second time with every number wrapped in private-use
//! characters that carry its index. The marked Typst source is then cut into sentences and
//! stripped of markup, so a reviewer sees "fell by 8% between January 2010 and January 2020"
//! next to a changed number. The markers never reach the PDF: only this trace sees them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

const OPEN: char = '\u{E000}';
const MID: char = '\u{E001}';
const CLOSE: char = '\u{E002}';
/// Longest excerpt kept on either side of a number, in characters.
const MAX_SIDE: usize = 240;

/// One printed use of a number: the text before it, the printed value, the text after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Sentence {
    /// Sentence text before the number.
    pub before: String,
    /// The number as printed.
    pub value: String,
    /// Sentence text after the number.
    pub after: String,
    /// Whether a space separates the number from the text before it.
    #[serde(default)]
    pub space_before: bool,
    /// Whether a space separates the number from the text after it.
    #[serde(default)]
    pub space_after: bool,
}

impl Sentence {
    /// The sentence with its value in brackets, spaced as printed: `In June, [14%] of …`.
    pub(crate) fn marked(&self) -> String {
        let gap = |yes: bool| if yes { " " } else { "" };
        format!(
            "{}{}[{}]{}{}",
            self.before,
            gap(self.space_before),
            self.value,
            gap(self.space_after),
            self.after
        )
    }
}

/// The numbers with their printed values wrapped in index markers, in name order.
pub(crate) fn marked(numbers: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    numbers
        .iter()
        .enumerate()
        .map(|(i, (name, text))| (name.clone(), format!("{OPEN}{i}{MID}{text}{CLOSE}")))
        .collect()
}

/// The sentences of every marked number found in `sources` (rendered with [`marked`]).
pub(crate) fn extract(
    numbers: &BTreeMap<String, String>,
    sources: &[String],
) -> BTreeMap<String, Vec<Sentence>> {
    let names: Vec<&String> = numbers.keys().collect();
    let mut found: BTreeMap<String, Vec<Sentence>> = BTreeMap::new();
    for source in sources {
        for paragraph in source.split("\n\n") {
            let chars: Vec<char> = paragraph.chars().collect();
            for (at, _) in chars.iter().enumerate().filter(|(_, c)| **c == OPEN) {
                let Some((index, end)) = marker_at(&chars, at) else {
                    continue;
                };
                let Some(name) = names.get(index) else {
                    continue;
                };
                let start = sentence_start(&chars, at);
                let stop = sentence_end(&chars, end);
                let before = match call_content(&chars, start) {
                    Some(lead) => format!("{lead} {}", clean(&chars[start..at]))
                        .trim()
                        .to_owned(),
                    None => clean(&chars[start..at]),
                };
                let after = clean(&chars[end..stop]);
                let sentence = Sentence {
                    space_before: !before.is_empty()
                        && chars[..at]
                            .iter()
                            .rev()
                            .find(|c| !matches!(c, '*' | '_'))
                            .is_some_and(|c| c.is_whitespace() || matches!(c, '[' | ']')),
                    space_after: !after.is_empty()
                        && chars[end..]
                            .iter()
                            .find(|c| !matches!(c, '*' | '_'))
                            .is_some_and(|c| c.is_whitespace() || matches!(c, '[' | ']')),
                    before: tail(&before, MAX_SIDE),
                    value: numbers[*name].clone(),
                    after: head(&after, MAX_SIDE),
                };
                let uses = found.entry((*name).clone()).or_default();
                if !uses.contains(&sentence) {
                    uses.push(sentence);
                }
            }
        }
    }
    found
}

/// The index of the marker opening at `at` and the position just after it.
fn marker_at(chars: &[char], at: usize) -> Option<(usize, usize)> {
    let mid = at + chars[at..].iter().position(|&c| c == MID)?;
    let close = mid + chars[mid..].iter().position(|&c| c == CLOSE)?;
    let index: String = chars[at + 1..mid].iter().collect();
    Some((index.parse().ok()?, close + 1))
}

/// Is `chars[i]` the end of a sentence (a full stop, question or exclamation mark before space)?
fn ends_sentence(chars: &[char], i: usize) -> bool {
    matches!(chars[i], '.' | '?' | '!')
        && i > 0
        && chars[i - 1] != '\\'
        && chars.get(i + 1).is_none_or(|c| c.is_whitespace())
}

fn sentence_start(chars: &[char], at: usize) -> usize {
    let start = (0..at)
        .rev()
        .find(|&i| {
            ends_sentence(chars, i)
                || opens_body(chars, i)
                || closes_body(chars, i)
                || starts_item(chars, i)
        })
        .map_or(0, |i| i + 1);
    skip_call_head(chars, start, at)
}

/// The content arguments of the call whose body opens at `start` (`panel(qualifier:
/// [Nearly])[…`), which the reader sees before the body: "Nearly".
fn call_content(chars: &[char], start: usize) -> Option<String> {
    if start < 2 || chars[start - 1] != '[' || chars[start - 2] != ')' {
        return None;
    }
    let close = start - 2;
    let mut depth = 0usize;
    let open = (0..=close).rev().find(|&i| {
        match chars[i] {
            ')' => depth += 1,
            '(' => depth -= 1,
            _ => {}
        }
        depth == 0
    })?;
    let mut content = Vec::new();
    let mut level = 0usize;
    let mut current = String::new();
    for &c in &chars[open + 1..close] {
        match c {
            '[' => level += 1,
            ']' => {
                level = level.saturating_sub(1);
                if level == 0 {
                    content.push(clean(&current.chars().collect::<Vec<_>>()));
                    current.clear();
                }
            }
            c if level > 0 => current.push(c),
            _ => {}
        }
    }
    let text = content.join(" ");
    (!text.is_empty()).then_some(text)
}

/// Skips the separator and the head of a call in code (`, stat-panel(…)`) that opens a sentence.
fn skip_call_head(chars: &[char], mut i: usize, at: usize) -> usize {
    while i < at && (chars[i].is_whitespace() || chars[i] == ',') {
        i += 1;
    }
    let ident_end = (i..at).find(|&j| !is_ident(chars[j])).unwrap_or(at);
    if ident_end > i && matches!(chars.get(ident_end), Some('[' | '(')) {
        return skip_code(chars, i).min(at);
    }
    i
}

fn sentence_end(chars: &[char], from: usize) -> usize {
    (from..chars.len())
        .find(|&i| ends_sentence(chars, i) || closes_body(chars, i))
        .map_or(chars.len(), |i| if chars[i] == ']' { i } else { i + 1 })
}

/// A line break before a list item or heading marker (`- `, `+ `, `= `) starts a sentence.
fn starts_item(chars: &[char], i: usize) -> bool {
    if chars[i] != '\n' {
        return false;
    }
    let rest = chars[i + 1..].iter().skip_while(|c| **c == ' ');
    let marker: Vec<&char> = rest.take(2).collect();
    matches!(marker.as_slice(), [m, ' '] if matches!(m, '-' | '+' | '='))
}

/// A `[` opening a call's content body (`panel(…)[`) starts a sentence.
fn opens_body(chars: &[char], i: usize) -> bool {
    chars[i] == '[' && i > 0 && chars[i - 1] == ')'
}

/// A `]` closing a call's last content body (`…],` or `…])`) ends a sentence.
fn closes_body(chars: &[char], i: usize) -> bool {
    chars[i] == ']'
        && chars
            .get(i + 1)
            .is_none_or(|c| matches!(c, ',' | ')' | '\n'))
}

/// Turns a stretch of marked Typst markup into plain reading text.
fn clean(chars: &[char]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            OPEN => {
                // Another number in the same sentence: keep its printed value.
                let mid = chars[i..].iter().position(|&c| c == MID).map(|p| i + p);
                match mid {
                    Some(mid) => i = mid,
                    None => out.push(' '),
                }
            }
            MID | CLOSE => {}
            '\\' if i + 1 < chars.len() => {
                out.push(chars[i + 1]);
                i += 1;
            }
            '#' => i = skip_code(chars, i + 1).saturating_sub(1),
            '@' => {
                // A cross-reference such as `@fig-fig09`: dropped when alone in brackets,
                // otherwise read as "the figure".
                let alone = i > 0 && chars[i - 1] == '(';
                while i + 1 < chars.len() && is_ident(chars[i + 1]) {
                    i += 1;
                }
                if !(alone && chars.get(i + 1) == Some(&')')) {
                    out.push_str("the figure");
                }
            }
            '<' => {
                // A label `<fig-name>`: drop it.
                match chars[i..].iter().position(|&c| c == '>') {
                    Some(p) => i += p,
                    None => out.push('<'),
                }
            }
            '[' | ']' | '*' | '_' | '\n' | '\t' => out.push(' '),
            c => out.push(c),
        }
        i += 1;
    }
    let text = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = match text.split_once(' ') {
        Some(("-" | "+" | "=" | "==" | "===", rest)) => rest.to_owned(),
        _ => text,
    };
    text.replace("( )", "")
        .replace("()", "")
        .replace(" ,", ",")
        .replace(" .", ".")
        .trim()
        .to_owned()
}

/// Skips an embedded Typst expression after `#`: an identifier path and its argument list.
fn skip_code(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() && (is_ident(chars[i]) || chars[i] == '.') {
        i += 1;
    }
    if chars.get(i) == Some(&'(') {
        let mut depth = 0usize;
        while i < chars.len() {
            match chars[i] {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
    i
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

fn tail(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_owned();
    }
    let kept: String = text.chars().skip(count - max).collect();
    let from_word = kept.split_once(' ').map_or(kept.as_str(), |(_, rest)| rest);
    format!("… {from_word}")
}

fn head(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let kept: String = text.chars().take(max).collect();
    let to_word = kept
        .rsplit_once(' ')
        .map_or(kept.as_str(), |(start, _)| start);
    format!("{to_word} …")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers() -> BTreeMap<String, String> {
        [("fall", "8%"), ("fte", "44,000"), ("mh", "41,000")]
            .into_iter()
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect()
    }

    fn trace(template: &str) -> BTreeMap<String, Vec<Sentence>> {
        let marked = marked(&numbers());
        let mut source = template.to_owned();
        for (name, value) in &marked {
            source = source.replace(&format!("{{{name}}}"), value);
        }
        extract(&numbers(), &[source])
    }

    #[test]
    fn a_number_keeps_its_own_sentence_only() {
        let found = trace(
            "= Trend\n\nThe workforce was stable. It fell by {fall}\nbetween 2010 and 2020\n(@fig-fig01_trend). Later it grew.",
        );
        assert_eq!(
            found["fall"],
            vec![Sentence {
                before: "It fell by".into(),
                value: "8%".into(),
                after: "between 2010 and 2020.".into(),
                space_before: true,
                space_after: true,
            }]
        );
    }

    #[test]
    fn other_numbers_print_their_values_and_markup_is_stripped() {
        let found = trace(
            "There were {fte} staff, of whom *{mh}* worked in #emph[mental] health \\& care.",
        );
        assert_eq!(found["mh"][0].before, "There were 44,000 staff, of whom");
        assert_eq!(found["mh"][0].after, "worked in mental health & care.");
        assert!(found["mh"][0].space_before && found["mh"][0].space_after);
        assert_eq!(
            found["fte"][0].after,
            "staff, of whom 41,000 worked in mental health & care."
        );
    }

    #[test]
    fn content_blocks_bound_a_sentence() {
        let found = trace(
            "  stat-panel[{fall}][was the fall.],\n  stat-panel(qualifier: [Nearly])[{fte}][staff worked in the NHS.],",
        );
        assert_eq!(found["fte"][0].before, "Nearly");
        assert_eq!(found["fte"][0].after, "staff worked in the NHS.");
        assert!(
            found["fte"][0].space_after,
            "the value and its caption read as one sentence"
        );
        assert_eq!(found["fall"][0].after, "was the fall.");
    }

    #[test]
    fn references_list_markers_and_long_text_read_naturally() {
        let found = trace(
            "Support staff are {fall}, as @fig-mix shows.\n- Figure 5 uses {fte} staff (@fig-x).",
        );
        assert_eq!(found["fall"][0].after, ", as the figure shows.");
        assert!(!found["fall"][0].space_after);
        assert_eq!(found["fte"][0].before, "Figure 5 uses");
        assert_eq!(found["fte"][0].after, "staff.");
        assert_eq!(head("one two three", 9), "one two …");
        assert_eq!(tail("one two three", 9), "… three");
    }

    #[test]
    fn unused_numbers_have_no_sentences() {
        assert!(!trace("Nothing here.").contains_key("fall"));
    }
}
