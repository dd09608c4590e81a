//! Self-check of file 8 (role and band transitions): Figure 16 role flows, trainee
//! nursing associate outcomes (N149-N151), Figure 15 band progression, Figure 23 age
//! gradient (N222, N144) and Figure 24's lack of a consistent ethnic pattern.

use std::collections::BTreeMap;

use super::common::Checks;
use crate::csv::Parsed;

pub(super) fn transitions(p: &Parsed, c: &mut Checks) {
    let col = |n: &str| p.col(n);
    let (s, r19, b19, r20, b20, age, eth, h) = (
        col("SETTING"),
        col("JOB_ROLE_2019"),
        col("AFC_BAND_2019"),
        col("JOB_ROLE_2020"),
        col("AFC_BAND_2020"),
        col("AGE_BAND"),
        col("ETHNIC_GROUP"),
        col("HC"),
    );
    let band = |x: &str| x.trim_start_matches("Band ").parse::<i64>().unwrap_or(0);
    let rows: Vec<(&[String], i64)> = p
        .rows
        .iter()
        .map(|r| (r.as_slice(), r[h].parse::<i64>().unwrap_or(0)))
        .collect();
    let hcsw = |x: &str| x == "Health Care Support Worker" || x == "Health Care Assistant";
    // Destination shares of a 2019 cohort.
    let shares = |set: &str, from: &dyn Fn(&str) -> bool, to: &dyn Fn(&str) -> bool| {
        let (mut n, mut k) = (0i64, 0i64);
        for (r, v) in &rows {
            if r[s] == set && from(&r[r19]) {
                n += v;
                if to(&r[r20]) {
                    k += v;
                }
            }
        }
        (k as f64, n as f64)
    };
    let (mh, nm) = ("Mental health", "Non-mental health");
    let named = [
        "Trainee Nursing Associate",
        "Assistant",
        "Staff Nurse",
        "Assistant Practitioner Nursing",
    ];
    let (k, n) = shares(mh, &hcsw, &hcsw);
    c.pct("Fig16 MH HCSW/HCA -> HCSW/HCA", k, n, 1, 92.5);
    for (role, want) in named.iter().zip([1.0, 0.6, 0.6, 0.6]) {
        let (k, n) = shares(mh, &hcsw, &|x: &str| x == *role);
        c.pct(&format!("Fig16 MH HCSW/HCA -> {role}"), k, n, 1, want);
    }
    let (k, n) = shares(mh, &hcsw, &|x: &str| !hcsw(x) && !named.contains(&x));
    c.pct("Fig16 MH HCSW/HCA -> all other roles", k, n, 1, 4.7);
    let (k, n) = shares(nm, &hcsw, &hcsw);
    c.pct(
        "N146 non-MH HCSW/HCA same role ('identical')",
        k,
        n,
        1,
        92.5,
    );
    let ap = |x: &str| x == "Assistant Psychologist";
    let ap_named = [
        "Assistant Psychologist",
        "Trainee Practitioner",
        "Trainee Psychological Wellbeing Practitioner",
        "Applied Psychologist - Clinical",
        "Trainee Clinical Psychologist",
    ];
    for (role, want) in ap_named.iter().zip([67.9, 7.8, 4.6, 2.8, 2.3]) {
        let (k, n) = shares(mh, &ap, &|x: &str| x == *role);
        c.pct(&format!("Fig16 MH AP -> {role}"), k, n, 1, want);
    }
    let (k, n) = shares(mh, &ap, &|x: &str| !ap_named.contains(&x));
    c.pct("Fig16 MH AP -> all other roles", k, n, 1, 14.5);
    let tna = |x: &str| x == "Trainee Nursing Associate";
    for (label, to, want) in [
        ("same", &tna as &dyn Fn(&str) -> bool, 72.0),
        (
            "Nursing Associate",
            &|x: &str| x == "Nursing Associate",
            13.0,
        ),
        ("HCSW/HCA", &hcsw, 10.0),
    ] {
        let (k, n) = shares(mh, &tna, to);
        c.pct(&format!("N149-51 MH TNA -> {label}"), k, n, 0, want);
    }
    // Figure 15 / 23 / 24: share moving up a band by setting x starting band (x age, x ethnic group).
    let mut up: BTreeMap<(String, i64, String, String), (i64, i64)> = BTreeMap::new();
    for (r, v) in &rows {
        let e = up
            .entry((r[s].clone(), band(&r[b19]), r[age].clone(), r[eth].clone()))
            .or_default();
        e.1 += v;
        if band(&r[b20]) > band(&r[b19]) {
            e.0 += v;
        }
    }
    let rate = |set: &str, b: i64, ag: Option<&[&str]>, et: Option<&str>| {
        let (mut k, mut n) = (0i64, 0i64);
        for ((ss, bb, aa, ee), v) in &up {
            if ss == set
                && *bb == b
                && ag.is_none_or(|a| a.contains(&aa.as_str()))
                && et.is_none_or(|e| e == ee)
            {
                k += v.0;
                n += v.1;
            }
        }
        k as f64 / n as f64
    };
    for b in 2..=4 {
        c.pct(
            &format!("Fig15 non-MH band {b} moving up"),
            rate(nm, b, None, None),
            1.0,
            0,
            9.0,
        );
    }
    let (m2, m3, m4) = (
        rate(mh, 2, None, None),
        rate(mh, 3, None, None),
        rate(mh, 4, None, None),
    );
    c.cond(
        "Fig15 MH band 2 'one in five'",
        "[19%, 21%]",
        format!("{:.3}%", 100.0 * m2),
        (0.19..=0.21).contains(&m2),
    );
    c.cond(
        "Fig15 MH band 3 'one in 16'",
        "[6.0%, 6.5%]",
        format!("{:.3}% = 1 in {:.2}", 100.0 * m3, 1.0 / m3),
        (0.06..=0.065).contains(&m3),
    );
    c.pct("Fig15 MH band 4 moving up", m4, 1.0, 0, 25.0);
    let ratio = rate(mh, 2, Some(&["Under 25"]), None) / rate(mh, 2, Some(&["50-54"]), None);
    c.num("N222 MH band 2 under-25 / 50-54 rate", ratio, 0, 4.0);
    let young = rate(mh, 4, Some(&["Under 25", "25-29"]), None);
    let old = rate(
        mh,
        4,
        Some(&[
            "30-34",
            "35-39",
            "40-44",
            "45-49",
            "50-54",
            "55-59",
            "60-64",
            "65 and over",
        ]),
        None,
    );
    c.cond(
        "N144 MH band 4 rises concentrated in under-30s",
        "under-30 rate > 2x rate 30+",
        format!("{:.1}% vs {:.1}%", 100.0 * young, 100.0 * old),
        young > 2.0 * old,
    );
    let groups: std::collections::BTreeSet<&String> = up.keys().map(|k| &k.3).collect();
    let mut mixed = true;
    let mut detail = Vec::new();
    for g in &groups {
        let signs: Vec<bool> = [mh, nm]
            .iter()
            .flat_map(|set| (2..=4).map(move |b| (*set, b)))
            .map(|(set, b)| rate(set, b, None, Some(g)) > rate(set, b, None, None))
            .collect();
        let above = signs.iter().filter(|x| **x).count();
        mixed &= above > 0 && above < signs.len();
        detail.push(format!(
            "{}:{above}/6",
            g.chars().take(5).collect::<String>()
        ));
    }
    c.cond(
        "Fig24 no ethnic group consistently above/below",
        "each group above in 1-5 of 6",
        detail.join(" "),
        mixed,
    );
}
