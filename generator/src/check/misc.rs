//! Self-check of leavers (file 5), earnings (file 6) and sickness absence (file 7).

use std::collections::BTreeMap;
use std::path::Path;

use super::common::{Checks, load};
use crate::csv::{Parsed, parse_hund};

pub(super) fn run(dir: &Path, c: &mut Checks) -> Result<(), String> {
    leavers(
        &load(dir, "leavers/reasons_for_leaving_2019-06_2020-06.csv")?,
        c,
    );
    earnings(&load(dir, "earnings/earnings_by_staff_group.csv")?, c);
    sickness(&load(dir, "sickness/sickness_absence_by_org.csv.gz")?, c);
    Ok(())
}

/// A boxed predicate over leaving reasons.
type Pred = Box<dyn Fn(&str) -> bool>;

fn leavers(p: &Parsed, c: &mut Checks) {
    let (g, r, h) = (p.col("STAFF_GROUP"), p.col("REASON"), p.col("HC"));
    let mut m: BTreeMap<(String, String), f64> = BTreeMap::new();
    for row in &p.rows {
        *m.entry((row[g].clone(), row[r].clone())).or_default() +=
            row[h].parse::<f64>().unwrap_or(0.0);
    }
    let sum = |grp: &str, pred: &dyn Fn(&str) -> bool| {
        m.iter()
            .filter(|(k, _)| k.0 == grp && pred(&k.1))
            .map(|(_, v)| v)
            .sum::<f64>()
    };
    let vr = |x: &str| x.starts_with("Voluntary Resignation");
    let has =
        |subs: &'static [&'static str]| move |x: &str| vr(x) && subs.iter().any(|s| x.ends_with(s));
    let segs: [(&str, &'static [&'static str]); 6] = [
        ("other/not known", &["Other/Not Known"]),
        (
            "work-life balance or relationships",
            &["Work Life Balance", "Incompatible Working Relationships"],
        ),
        (
            "reward, promotion, opportunities",
            &[
                "Better Reward Package",
                "Promotion",
                "Lack of Opportunities",
            ],
        ),
        ("relocation", &["Relocation"]),
        (
            "health or dependants",
            &["Health", "Adult Dependants", "Child Dependants"],
        ),
        (
            "further education or training",
            &["further education or training"],
        ),
    ];
    let wants = [
        (
            "Clinical support staff",
            [28.0, 21.0, 16.0, 14.0, 13.0, 9.0],
            [16.0, 5.0, 5.0, 66.0],
        ),
        (
            "All staff",
            [28.0, 19.0, 21.0, 19.0, 8.0, 5.0],
            [13.0, 20.0, 2.0, 56.0],
        ),
    ];
    for (grp, fig, all) in wants {
        let total_vr = sum(grp, &vr);
        for ((label, subs), want) in segs.iter().zip(fig) {
            c.pct(
                &format!("Fig17 {grp}: {label}"),
                sum(grp, &has(subs)),
                total_vr,
                0,
                want,
            );
        }
        let total = sum(grp, &|_| true);
        let preds: [(&str, Pred); 4] = [
            ("retired", Box::new(|x: &str| x.contains("Retirement"))),
            (
                "end of fixed term",
                Box::new(|x: &str| x.starts_with("End of Fixed Term")),
            ),
            ("dismissal", Box::new(|x: &str| x.starts_with("Dismissal"))),
            ("voluntary resignation", Box::new(vr)),
        ];
        for ((label, pred), want) in preds.iter().zip(all) {
            c.pct(
                &format!("N174-7 {grp}: {label} of all leavers"),
                sum(grp, pred.as_ref()),
                total,
                0,
                want,
            );
        }
    }
    let cs = "Clinical support staff";
    c.pct(
        "N123 support work-life balance alone (F5)",
        sum(cs, &|x: &str| x.ends_with("Work Life Balance")),
        sum(cs, &vr),
        0,
        19.0,
    );
}

fn earnings(p: &Parsed, c: &mut Checks) {
    let (y, g, mean, min) = (
        p.col("YEAR_ENDING"),
        p.col("STAFF_GROUP"),
        p.col("MEAN_ANNUAL_EARNINGS_PER_FTE"),
        p.col("MIN_ANNUAL_BASIC_PAY"),
    );
    let get = |year: &str, grp: &str, k: usize| {
        p.rows
            .iter()
            .find(|r| r[y] == year && r[g] == grp)
            .map_or(f64::NAN, |r| r[k].parse::<f64>().unwrap_or(f64::NAN))
    };
    let s = "Support to doctors, nurses & midwives";
    let (a, b) = (get("2011-06-30", s, mean), get("2020-06-30", s, mean));
    c.num("N016 support mean earnings 2020", b, 0, 23_189.0);
    c.pct(
        "N029 support mean earnings growth 2011-2020",
        b / a - 1.0,
        1.0,
        0,
        13.0,
    );
    c.num("N099 support mean earnings increase", b - a, 0, 2_666.0);
    c.pct(
        "N030 support minimum basic pay growth",
        get("2020-06-30", s, min) / get("2011-06-30", s, min) - 1.0,
        1.0,
        0,
        31.0,
    );
    for (grp, growth, diff) in [
        ("Nurses & health visitors", 10.0, 3_553.0),
        ("Consultants", 5.0, 6_293.0),
    ] {
        let (a, b) = (get("2011-06-30", grp, mean), get("2020-06-30", grp, mean));
        c.pct(
            &format!("N095/6 {grp} mean earnings growth"),
            b / a - 1.0,
            1.0,
            0,
            growth,
        );
        c.num(
            &format!("N100/1 {grp} mean earnings increase"),
            b - a,
            0,
            diff,
        );
    }
}

fn sickness(p: &Parsed, c: &mut Checks) {
    let (d, g, l, a) = (
        p.col("DATE"),
        p.col("STAFF_GROUP"),
        p.col("FTE_DAYS_LOST"),
        p.col("FTE_DAYS_AVAILABLE"),
    );
    let mut m: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
    for r in &p.rows {
        let e = m.entry((r[g].clone(), r[d].clone())).or_default();
        e.0 += parse_hund(&r[l]);
        e.1 += parse_hund(&r[a]);
    }
    let rate = |grp: &str, date: &str| {
        m.get(&(grp.to_string(), date.to_string()))
            .map_or(f64::NAN, |v| v.0 as f64 / v.1 as f64)
    };
    let (sup, nur, stt) = (
        "Support to clinical staff",
        "Nurses & health visitors",
        "Scientific, therapeutic & technical staff",
    );
    c.pct(
        "N136 support sickness Apr 2020",
        rate(sup, "2020-04-30"),
        1.0,
        0,
        8.0,
    );
    c.pct(
        "N137 ST&T sickness Apr 2020",
        rate(stt, "2020-04-30"),
        1.0,
        0,
        4.0,
    );
    c.pct(
        "N017 support sickness Jun 2020",
        rate(sup, "2020-06-30"),
        1.0,
        0,
        6.0,
    );
    c.pct(
        "N018 nurses sickness Jun 2020",
        rate(nur, "2020-06-30"),
        1.0,
        0,
        5.0,
    );
    let series: Vec<(&String, f64)> = m
        .iter()
        .filter(|(k, _)| k.0 == sup)
        .map(|(k, v)| (&k.1, v.0 as f64 / v.1 as f64))
        .collect();
    let max = series
        .iter()
        .max_by(|x, y| x.1.total_cmp(&y.1))
        .map_or(String::new(), |x| x.0.clone());
    c.cond(
        "N136 support Apr 2020 highest in series",
        "2020-04-30",
        max.clone(),
        max == "2020-04-30",
    );
    let pre: Vec<f64> = series
        .iter()
        .filter(|x| x.0.as_str() < "2020-01-01")
        .map(|x| 100.0 * x.1)
        .collect();
    let (lo, hi) = pre.iter().fold((f64::MAX, f64::MIN), |acc, v| {
        (acc.0.min(*v), acc.1.max(*v))
    });
    c.cond(
        "Fig14 support rate before 2020",
        "within [4.5%, 5.5%]",
        format!("{lo:.2}%-{hi:.2}%"),
        lo >= 4.5 && hi <= 5.5,
    );
    let winter = ["2017-12-31", "2018-12-31", "2019-12-31"]
        .iter()
        .zip(["2017-07-31", "2018-07-31", "2019-07-31"])
        .all(|(w, s)| rate(sup, w) > rate(sup, s));
    c.cond(
        "Fig14 support winter peaks",
        "Dec > Jul each year",
        winter.to_string(),
        winter,
    );
}
