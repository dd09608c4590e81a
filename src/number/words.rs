//! Numbers in words, UK style, for number formats and claims: which way a comparison goes,
//! a proportion in words ("one in seven", "more than a quarter", "nearly two thirds") and a
//! multiple in words ("twice", "more than twice", "nearly three times", "half"). Each wording has a test of whether a phrase
//! holds for a value, so an asserted claim is checked by the same rule that words it.

use anyhow::{Result, bail};

/// Which way a comparison goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// The first is lower, or the value fell.
    Less,
    /// Within the declared margin.
    Same,
    /// The first is higher, or the value rose.
    More,
}

impl Direction {
    /// `difference` (first minus second) read with a margin.
    pub(crate) fn of(difference: f64, same_within: f64) -> Direction {
        if difference.abs() <= same_within {
            Direction::Same
        } else if difference < 0.0 {
            Direction::Less
        } else {
            Direction::More
        }
    }

    /// The direction `expect` names: `less`/`down`, `same`, `more`/`up`.
    pub(crate) fn named(expect: &str) -> Option<Direction> {
        match expect {
            "less" | "lower" | "down" | "fell" => Some(Direction::Less),
            "same" | "unchanged" => Some(Direction::Same),
            "more" | "higher" | "up" | "rose" => Some(Direction::More),
            _ => None,
        }
    }

    /// The word of three (`[less, same, more]`) that says this direction.
    pub(crate) fn pick(self, words: &[String]) -> String {
        let i = match self {
            Direction::Less => 0,
            Direction::Same => 1,
            Direction::More => 2,
        };
        words[i].clone()
    }
}

const NUMBERS: [&str; 21] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// The fractions a proportion is said as, in order.
const FRACTIONS: [(f64, &str); 13] = [
    (0.2, "a fifth"),
    (0.25, "a quarter"),
    (0.3, "three in ten"),
    (1.0 / 3.0, "a third"),
    (0.4, "two fifths"),
    (0.5, "half"),
    (0.6, "three fifths"),
    (2.0 / 3.0, "two thirds"),
    (0.7, "seven in ten"),
    (0.75, "three quarters"),
    (0.8, "four fifths"),
    (0.9, "nine in ten"),
    (1.0, "all"),
];

/// How close a proportion must be to a fraction to be said as it ("a quarter").
const EXACTLY: f64 = 0.01;
/// How far below a fraction "nearly" reaches ("nearly two thirds").
const NEARLY: f64 = 0.025;

/// A proportion in words: "one in seven", "a quarter", "more than a third", "nearly half".
pub(crate) fn share(value: f64) -> String {
    if value <= 0.0 {
        return "none".to_owned();
    }
    if value >= 1.0 - EXACTLY / 2.0 {
        return "all".to_owned();
    }
    if value < 0.19 {
        let n = (1.0 / value).round() as usize;
        return format!("one in {}", in_words(n));
    }
    if let Some((_, words)) = FRACTIONS
        .iter()
        .find(|(f, _)| (value - f).abs() <= EXACTLY + 1e-9)
    {
        return (*words).to_owned();
    }
    let above = FRACTIONS.iter().find(|(f, _)| *f > value);
    if let Some((f, words)) = above
        && f - value <= NEARLY
    {
        return format!("nearly {words}");
    }
    let below = FRACTIONS.iter().rev().find(|(f, _)| *f < value);
    match below {
        Some((_, words)) => format!("more than {words}"),
        None => "one in five".to_owned(),
    }
}

/// Whether `phrase` holds for the proportion `value`.
pub(crate) fn share_holds(phrase: &str, value: f64) -> Result<bool> {
    let phrase = phrase.trim();
    if let Some(n) = phrase.strip_prefix("one in ") {
        let n = number_word(n)?;
        return Ok(value > 0.0 && (1.0 / value).round() == n);
    }
    for (word, test) in [
        ("most", value > 0.5),
        ("a majority", value > 0.5),
        ("a minority", value < 0.5),
        ("none", value <= 0.0),
    ] {
        if phrase == word {
            return Ok(test);
        }
    }
    let (qualifier, rest) = qualifier(phrase);
    let fraction = FRACTIONS
        .iter()
        .find(|(_, words)| *words == rest)
        .map(|(f, _)| *f)
        .ok_or_else(|| {
            anyhow::anyhow!(
                "`{phrase}` is not a proportion rapport can check; write one of \"one in seven\", \
                 \"a quarter\", \"more than a third\", \"nearly half\", \"about two thirds\", \
                 \"most\""
            )
        })?;
    Ok(holds(qualifier, value, fraction, NEARLY))
}

/// A multiple in words, for "… as likely as": "twice", "more than twice", "nearly three
/// times", "1.4 times", "half", "a third".
pub(crate) fn multiple(ratio: f64) -> String {
    if ratio <= 0.0 {
        return "none".to_owned();
    }
    if ratio < 0.95 {
        let inverse = 1.0 / ratio;
        let n = inverse.round();
        if (inverse - n).abs() <= 0.15 && (2.0..=10.0).contains(&n) {
            return match n as usize {
                2 => "half".to_owned(),
                3 => "a third".to_owned(),
                4 => "a quarter".to_owned(),
                n => format!("a {}", ordinal(n)),
            };
        }
        return format!("{ratio:.1} times");
    }
    if ratio < 1.9 {
        return if (ratio - 1.0).abs() < 0.05 {
            "about".to_owned()
        } else {
            format!("{ratio:.1} times")
        };
    }
    let n = ratio.round();
    if (ratio - n).abs() <= 0.05 + 1e-9 {
        return times(n as usize);
    }
    if ratio.ceil() - ratio <= 0.1 + 1e-9 {
        return format!("nearly {}", times(ratio.ceil() as usize));
    }
    format!("more than {}", times(ratio.floor() as usize))
}

/// Whether `phrase` (as [`multiple`] writes it) holds for `ratio`.
pub(crate) fn multiple_holds(phrase: &str, ratio: f64) -> Result<bool> {
    let (qualifier, rest) = qualifier(phrase.trim());
    let target = match rest {
        "twice" => 2.0,
        "half" => 0.5,
        "a third" => 1.0 / 3.0,
        "a quarter" => 0.25,
        _ => match rest.strip_suffix(" times") {
            Some(n) => n.parse::<f64>().or_else(|_| number_word(n))?,
            None => bail!(
                "`{phrase}` is not a multiple rapport can check; write one of \"twice\", \"more \
                 than twice\", \"nearly three times\", \"1.4 times\", \"half\""
            ),
        },
    };
    Ok(holds(qualifier, ratio, target, 0.1 * target.max(1.0)))
}

/// The qualifier a phrase starts with, and the rest.
fn qualifier(phrase: &str) -> (&str, &str) {
    for q in [
        "more than",
        "over",
        "at least",
        "nearly",
        "almost",
        "just under",
        "just over",
        "about",
        "around",
        "less than",
        "fewer than",
        "under",
    ] {
        if let Some(rest) = phrase.strip_prefix(q).and_then(|r| r.strip_prefix(' ')) {
            return (q, rest);
        }
    }
    ("", phrase)
}

/// Whether `value` stands to `target` as `qualifier` says; `near` is how far "nearly" and
/// "about" reach.
fn holds(qualifier: &str, value: f64, target: f64, near: f64) -> bool {
    match qualifier {
        "more than" | "over" => value > target,
        "at least" => value >= target,
        "nearly" | "almost" | "just under" => value < target && target - value <= near,
        "just over" => value > target && value - target <= near,
        "about" | "around" => (value - target).abs() <= near,
        "less than" | "fewer than" | "under" => value < target,
        _ => (value - target).abs() <= near.min(EXACTLY.max(target * 0.05)),
    }
}

fn number_word(word: &str) -> Result<f64> {
    match NUMBERS.iter().position(|w| *w == word) {
        Some(n) => Ok(n as f64),
        None => word
            .parse::<f64>()
            .map_err(|_| anyhow::anyhow!("`{word}` is not a number in words")),
    }
}

/// "twice", "three times", "12 times".
fn times(n: usize) -> String {
    match n {
        1 => "as many".to_owned(),
        2 => "twice".to_owned(),
        n => format!("{} times", in_words(n)),
    }
}

/// Numbers up to ten in words, larger ones in digits (house style, as the number formats).
fn in_words(n: usize) -> String {
    match NUMBERS.get(n) {
        Some(word) if n <= 10 => (*word).to_owned(),
        _ => n.to_string(),
    }
}

fn ordinal(n: usize) -> &'static str {
    match n {
        5 => "fifth",
        6 => "sixth",
        7 => "seventh",
        8 => "eighth",
        9 => "ninth",
        _ => "tenth",
    }
}

/// "second", "third", … for places in a ranking.
pub(crate) fn place(n: usize) -> String {
    match n {
        1 => String::new(),
        2 => "second ".to_owned(),
        3 => "third ".to_owned(),
        n => format!("{n}th "),
    }
}

/// "A, B and C".
pub(crate) fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proportions_read_as_a_statistician_writes_them() {
        for (value, words) in [
            (0.143, "one in seven"),
            (0.25, "a quarter"),
            (0.27, "more than a quarter"),
            (0.36, "more than a third"),
            (0.48, "nearly half"),
            (0.55, "more than half"),
            (0.91, "nine in ten"),
            (0.0, "none"),
        ] {
            assert_eq!(share(value), words, "{value}");
            assert!(
                share_holds(words, value).unwrap(),
                "{words} holds for {value}"
            );
        }
        assert!(!share_holds("more than a third", 0.30).unwrap());
        assert!(!share_holds("one in seven", 0.2).unwrap());
        assert!(share_holds("most", 0.51).unwrap());
        assert!(share_holds("a lot", 0.5).is_err());
    }

    #[test]
    fn multiples_never_round_a_claim_up() {
        for (ratio, words) in [
            (2.0, "twice"),
            (2.7, "more than twice"),
            (2.9, "nearly three times"),
            (1.4, "1.4 times"),
            (0.5, "half"),
            (4.02, "four times"),
        ] {
            assert_eq!(multiple(ratio), words, "{ratio}");
            assert!(
                multiple_holds(words, ratio).unwrap(),
                "{words} holds for {ratio}"
            );
        }
        assert!(!multiple_holds("twice", 2.7).unwrap());
        assert!(!multiple_holds("more than twice", 1.96).unwrap());
    }

    #[test]
    fn directions_respect_the_margin() {
        assert_eq!(Direction::of(0.004, 0.005), Direction::Same);
        assert_eq!(Direction::of(-0.02, 0.005), Direction::Less);
        assert_eq!(Direction::of(0.02, 0.0), Direction::More);
    }
}
