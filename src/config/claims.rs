//! `[claims.<name>]`: a comparative sentence's data-dependent words, declared with the rule
//! that decides them, exactly as written.
//!
//! A claim is one flat table whose `kind` says which fields apply ([`crate::claim`] refuses
//! the others). Without `expect` the claim is *worded*: the data choose its words ("rose" or
//! "fell"). With `expect` it is *asserted*: the sentence is written for one outcome, and a
//! release whose data disagree stops the build, naming the claim, the values and the sentence.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `[claims.<name>]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimConfig {
    /// What is claimed.
    pub kind: ClaimKind,
    /// What the claim says, in a reviewer's words (shown with a failure and on the review page).
    #[serde(default)]
    pub description: String,
    /// `compare`, `multiple`: the number on the left of "higher than", "twice as likely as".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<String>,
    /// `compare`, `multiple`: the number it is compared with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub right: Option<String>,
    /// `change`: the earlier value (with `to`), or `share`: the proportion; or `change`: a
    /// number that already is a change (`+0.22`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// `change`: the earlier number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// `change`: the later number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// `rank`, `extreme`, `every`: the table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// `rank`, `extreme`, `every`: the column compared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// `rank`, `extreme`, `every`: the column naming each row ("London").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// `rank`, `extreme`, `every`: keep only rows whose columns equal these values.
    #[serde(default, rename = "where", skip_serializing_if = "BTreeMap::is_empty")]
    pub filter: BTreeMap<String, toml::Value>,
    /// `rank`: the row whose place is claimed (a `label` value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// `every`: the number every row is compared with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub than: Option<String>,
    /// `every`: a fixed value every row is compared with, instead of `than`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// `every`: what the rows are ("staff group"), for "every staff group except …".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noun: Option<String>,
    /// `compare`, `change`, `multiple`: differences this small are "about the same" — an
    /// absolute difference for `compare`, a share of the earlier value for `change`, a share
    /// of 1 for `multiple` (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_within: Option<f64>,
    /// `compare`, `change`, `rank`: the words for less, the same and more (`["fell", "was
    /// unchanged", "rose"]`); `rank`, `extreme`: for the lowest and the highest.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
    /// Asserted: the outcome the sentence is written for — `less`, `same` or `more`
    /// (`compare`, `change`); `lowest` or `highest` (`rank`); `above` or `below` (`every`);
    /// the phrase itself (`share`: "more than a quarter"; `multiple`: "more than twice").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<String>,
    /// `extreme`: which end is picked (`highest`, the default, or `lowest`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pick: Option<String>,
}

/// The claim kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// `left` is higher than, the same as, or lower than `right`.
    Compare,
    /// How many times `right` `left` is ("more than twice", "half").
    Multiple,
    /// A value rose, fell or was unchanged (`from` → `to`, or a signed `value`).
    Change,
    /// A proportion in words ("one in seven", "more than a quarter").
    Share,
    /// The place of one row in a table ("the lowest of any region").
    Rank,
    /// The row at one end of a table ("the peak month": its label).
    Extreme,
    /// Whether every row is above (or below) a number, and which are not.
    Every,
}

impl ClaimKind {
    /// The name written in `kind = "…"`.
    pub fn name(self) -> &'static str {
        match self {
            ClaimKind::Compare => "compare",
            ClaimKind::Multiple => "multiple",
            ClaimKind::Change => "change",
            ClaimKind::Share => "share",
            ClaimKind::Rank => "rank",
            ClaimKind::Extreme => "extreme",
            ClaimKind::Every => "every",
        }
    }
}
