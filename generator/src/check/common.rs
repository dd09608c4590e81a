//! What every self-check shares: the result table (`Checks`), half-up rounding to the
//! printed precision, reading one release file, and the file 2 sums (`June`) that the
//! later checks compare against.
//!
//! This module imports no check, so the check modules all point down to it and the
//! dispatcher (`check/mod.rs`) is the only one that knows them all.

use std::collections::BTreeMap;
use std::path::Path;

use crate::csv::{Parsed, read_csv};

/// One line of the check table.
pub(crate) struct Check {
    pub name: String,
    pub target: String,
    pub computed: String,
    pub rounded: String,
    pub ok: bool,
}

/// The collected results.
#[derive(Default)]
pub(crate) struct Checks(pub Vec<Check>);

impl Checks {
    pub(crate) fn add(
        &mut self,
        name: &str,
        target: &str,
        computed: String,
        rounded: String,
        ok: bool,
    ) {
        self.0.push(Check {
            name: name.into(),
            target: target.into(),
            computed,
            rounded,
            ok,
        });
    }

    /// A percentage (of `num / den`) that must round half-up to `want` at `dp` decimals.
    pub(crate) fn pct(&mut self, name: &str, num: f64, den: f64, dp: i32, want: f64) {
        let v = 100.0 * num / den;
        let r = round_half_up(v, dp);
        self.add(
            name,
            &format!("{want:.*}%", dp as usize),
            format!("{v:.4}%"),
            format!("{r:.*}%", dp as usize),
            (r - want).abs() < 1e-9,
        );
    }

    /// A plain number that must round half-up to `want` at `dp` decimals.
    pub(crate) fn num(&mut self, name: &str, v: f64, dp: i32, want: f64) {
        let r = round_half_up(v, dp);
        self.add(
            name,
            &format!("{want:.*}", dp as usize),
            format!("{v:.4}"),
            format!("{r:.*}", dp as usize),
            (r - want).abs() < 1e-9,
        );
    }

    /// A boolean condition with a free-text description of what was computed.
    pub(crate) fn cond(&mut self, name: &str, target: &str, computed: String, ok: bool) {
        self.add(name, target, computed, "-".into(), ok);
    }

    /// Print the table; returns the number of failures.
    pub(crate) fn print(&self) -> usize {
        let w = |f: &dyn Fn(&Check) -> usize| self.0.iter().map(f).max().unwrap_or(0);
        let (a, b, c, d) = (
            w(&|x| x.name.len()),
            w(&|x| x.target.len()),
            w(&|x| x.computed.len()),
            w(&|x| x.rounded.len()),
        );
        println!(
            "{:a$} | {:b$} | {:c$} | {:d$} | result",
            "check", "target", "computed", "rounded"
        );
        println!("{}", "-".repeat(a + b + c + d + 18));
        for x in &self.0 {
            let res = if x.ok { "OK" } else { "FAIL" };
            println!(
                "{:a$} | {:b$} | {:c$} | {:d$} | {res}",
                x.name, x.target, x.computed, x.rounded
            );
        }
        let fails = self.0.iter().filter(|x| !x.ok).count();
        println!(
            "{} checks, {} OK, {} FAIL",
            self.0.len(),
            self.0.len() - fails,
            fails
        );
        fails
    }
}

/// Round half-up (towards +infinity at exact halves) to `dp` decimals.
pub(super) fn round_half_up(v: f64, dp: i32) -> f64 {
    let f = 10f64.powi(dp);
    ((v * f) + 0.5 + 1e-9).floor() / f
}

/// Read one release file.
pub(super) fn load(dir: &Path, rel: &str) -> Result<Parsed, String> {
    read_csv(&dir.join(rel))
}

/// Sums of file 2 by (staff group, MH services): (FTE hundredths, HC).
pub(super) type June = BTreeMap<(String, String), (i64, i64)>;
