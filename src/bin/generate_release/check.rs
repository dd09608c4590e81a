//! Self-check: re-read the written CSV files, aggregate them the way the report's
//! pipeline will (sums, shares, ratios, then half-up rounding to the printed
//! precision) and compare with every calibration target.  This module holds the
//! result table and the monthly-series checks (file 1); `check_workforce` covers file 2,
//! `check_people` files 3 and 4, `check_transitions` file 8, `check_misc` files 5-7,
//! `check_survey` files 10, 11 and 13, and `check_staffing` files 12, 14-16 and the
//! Figure 8 constants.

use std::collections::BTreeMap;
use std::path::Path;

use crate::csv::{Parsed, parse_hund, read_csv};

/// One line of the check table.
pub struct Check {
    pub name: String,
    pub target: String,
    pub computed: String,
    pub rounded: String,
    pub ok: bool,
}

/// The collected results.
#[derive(Default)]
pub struct Checks(pub Vec<Check>);

impl Checks {
    pub fn add(&mut self, name: &str, target: &str, computed: String, rounded: String, ok: bool) {
        self.0.push(Check {
            name: name.into(),
            target: target.into(),
            computed,
            rounded,
            ok,
        });
    }

    /// A percentage (of `num / den`) that must round half-up to `want` at `dp` decimals.
    pub fn pct(&mut self, name: &str, num: f64, den: f64, dp: i32, want: f64) {
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
    pub fn num(&mut self, name: &str, v: f64, dp: i32, want: f64) {
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
    pub fn cond(&mut self, name: &str, target: &str, computed: String, ok: bool) {
        self.add(name, target, computed, "-".into(), ok);
    }

    /// Print the table; returns the number of failures.
    pub fn print(&self) -> usize {
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
pub fn round_half_up(v: f64, dp: i32) -> f64 {
    let f = 10f64.powi(dp);
    ((v * f) + 0.5 + 1e-9).floor() / f
}

/// Read one release file.
pub fn load(dir: &Path, rel: &str) -> Result<Parsed, String> {
    read_csv(&dir.join(rel))
}

/// Run every check against the release in `dir`.
pub fn run(dir: &Path) -> Result<Checks, String> {
    let mut c = Checks::default();
    let org = load(dir, "workforce/hchs_workforce_org_2020-06.csv.gz")?;
    let june = crate::check_workforce::workforce_org(&org, &mut c);
    workforce_monthly(
        &load(dir, "workforce/hchs_workforce_monthly_national.csv")?,
        &june,
        &mut c,
    );
    crate::check_people::run(dir, &june, &mut c)?;
    crate::check_misc::run(dir, &mut c)?;
    crate::check_survey::run(dir, &mut c)?;
    crate::check_staffing::run(dir, &mut c)?;
    Ok(c)
}

/// Sums of file 2 by (staff group, MH services): (FTE hundredths, HC).
pub type June = BTreeMap<(String, String), (i64, i64)>;

fn workforce_monthly(p: &Parsed, june: &June, c: &mut Checks) {
    let (d, g, m, f, h) = (
        p.col("DATE"),
        p.col("STAFF_GROUP"),
        p.col("MH_SERVICES"),
        p.col("FTE"),
        p.col("HC"),
    );
    let mut s: BTreeMap<(String, String), BTreeMap<String, (i64, i64)>> = BTreeMap::new();
    let mut total: BTreeMap<String, i64> = BTreeMap::new();
    for r in &p.rows {
        let v = (parse_hund(&r[f]), r[h].parse::<i64>().unwrap_or(-1));
        s.entry((r[g].clone(), r[m].clone()))
            .or_default()
            .insert(r[d].clone(), v);
        *total.entry(r[d].clone()).or_default() += v.0;
    }
    let get =
        |grp: &str, mh: &str, date: &str| s[&(grp.to_string(), mh.to_string())][date].0 as f64;
    let sup = "Support to clinical staff";
    let ratio = get(sup, "Mental health", "2020-01-31") / get(sup, "Mental health", "2010-01-31");
    c.pct(
        "F1 MH support Jan10->Jan20 change",
        ratio - 1.0,
        1.0,
        0,
        -8.0,
    );
    c.cond(
        "F1 MH support Jan20/Jan10 in [0.915,0.925)",
        "[0.915, 0.925)",
        format!("{ratio:.5}"),
        (0.915..0.925).contains(&ratio),
    );
    for (mh, want) in [("Mental health", 11.0), ("Other HCHS", 3.0)] {
        let v = get(sup, mh, "2020-10-31") / get(sup, mh, "2019-10-31") - 1.0;
        c.pct(&format!("F1 support {mh} Oct19->Oct20"), v, 1.0, 0, want);
        let months: Vec<f64> = (1..=12)
            .map(|k| {
                get(
                    sup,
                    mh,
                    &crate::dates::month_end(crate::dates::t_of(2020, k)),
                )
            })
            .collect();
        let peak = (0..12)
            .max_by(|&a, &b| months[a].total_cmp(&months[b]))
            .unwrap_or(0)
            + 1;
        let rising = (1..7).all(|k| months[k] > months[k - 1]);
        let falling = (7..12).all(|k| months[k] < months[k - 1]);
        c.cond(
            &format!("F1 support {mh} 2020 shape"),
            "rise Jan->Jul, peak Jul, fall Aug-Dec",
            format!("peak month {peak}, rising {rising}, falling {falling}"),
            peak == 7 && rising && falling,
        );
    }
    let all = total["2020-10-31"] as f64 / total["2019-10-31"] as f64 - 1.0;
    c.pct("F1 all staff Oct19->Oct20", all, 1.0, 0, 4.0);
    let mut equal = true;
    let mut n = 0;
    for (k, v) in june {
        n += 1;
        let got = s
            .get(k)
            .and_then(|x| x.get("2020-06-30"))
            .copied()
            .unwrap_or((0, 0));
        equal &= got == *v;
    }
    for (k, x) in &s {
        equal &= june.contains_key(k) || x["2020-06-30"] == (0, 0);
    }
    c.cond(
        "F1 Jun 2020 rows = file 2 sums (FTE, HC)",
        "equal for every group x MH flag",
        format!("{n} series compared"),
        equal,
    );
}
