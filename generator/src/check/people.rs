//! Self-check of the people-level files: job roles (file 3) and demographics (file 4),
//! aggregated as the pipeline will.

use std::collections::BTreeMap;
use std::path::Path;

use super::common::{Checks, June, load, round_half_up};
use crate::csv::{Parsed, parse_hund};

pub(super) fn run(dir: &Path, june: &June, c: &mut Checks) -> Result<(), String> {
    job_roles(
        &load(dir, "workforce/support_job_roles_2020-06.csv")?,
        june,
        c,
    );
    demographics(
        &load(dir, "demographics/support_staff_demographics.csv")?,
        june,
        c,
    );
    Ok(())
}

fn job_roles(p: &Parsed, june: &June, c: &mut Checks) {
    let (s, j, g, f, h) = (
        p.col("SETTING"),
        p.col("JOB_ROLE"),
        p.col("ROLE_GROUP"),
        p.col("FTE"),
        p.col("HC"),
    );
    let mut roles = std::collections::BTreeSet::new();
    let mut tot: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut grp: BTreeMap<String, i64> = BTreeMap::new();
    for r in &p.rows {
        let hc: i64 = r[h].parse().unwrap_or(0);
        let e = tot.entry(r[s].clone()).or_default();
        e.0 += parse_hund(&r[f]);
        e.1 += hc;
        if r[s] == "Mental health" {
            if hc > 0 {
                roles.insert(r[j].clone());
            }
            *grp.entry(r[g].clone()).or_default() += hc;
        }
    }
    c.cond(
        "N007 distinct MH job roles with HC > 0",
        "96",
        roles.len().to_string(),
        roles.len() == 96,
    );
    let sup = "Support to clinical staff".to_string();
    for (setting, flag) in [
        ("Mental health", "Mental health"),
        ("Non-mental health", "Other HCHS"),
    ] {
        let want = june
            .get(&(sup.clone(), flag.to_string()))
            .copied()
            .unwrap_or((0, 0));
        let got = tot.get(setting).copied().unwrap_or((0, 0));
        c.cond(
            &format!("File 3 {setting} totals = file 2 support"),
            "equal FTE and HC",
            format!("{:?} vs {:?}", got, want),
            got == want,
        );
    }
    for (group, want, tol, unit) in [
        ("Health care assistant", 20_200, 25, 50.0),
        ("Nursing associate", 150, 5, 50.0),
        ("Trainee nursing associate", 750, 5, 50.0),
        ("Trainee/student", 2_550, 25, 50.0),
    ] {
        let v = grp.get(group).copied().unwrap_or(0);
        let r = round_half_up(v as f64 / unit, 0) * unit;
        c.add(
            &format!("MH HC {group} (nearest 50)"),
            &format!("{want} (+-{tol})"),
            v.to_string(),
            format!("{r:.0}"),
            r as i64 == want && (v - want).abs() <= tol,
        );
    }
}

/// (FTE, HC) sums by characteristic.
type ByCharacteristic = BTreeMap<String, (i64, i64)>;

fn demographics(p: &Parsed, june: &June, c: &mut Checks) {
    let (d, s, b, ch, ca, f, h) = (
        p.col("DATE"),
        p.col("SETTING"),
        p.col("AFC_BAND"),
        p.col("CHARACTERISTIC"),
        p.col("CATEGORY"),
        p.col("FTE"),
        p.col("HC"),
    );
    // (date, setting, characteristic, category) -> (FTE, HC); and per-band sums per characteristic.
    let mut cat: BTreeMap<(String, String, String, String), (i64, i64)> = BTreeMap::new();
    let mut band: BTreeMap<(String, String, String), ByCharacteristic> = BTreeMap::new();
    for r in &p.rows {
        let v = (parse_hund(&r[f]), r[h].parse::<i64>().unwrap_or(0));
        let e = cat
            .entry((r[d].clone(), r[s].clone(), r[ch].clone(), r[ca].clone()))
            .or_default();
        e.0 += v.0;
        e.1 += v.1;
        let e = band
            .entry((r[d].clone(), r[s].clone(), r[b].clone()))
            .or_default()
            .entry(r[ch].clone())
            .or_default();
        e.0 += v.0;
        e.1 += v.1;
    }
    let consistent = band
        .values()
        .all(|m| m.len() == 6 && m.values().all(|v| Some(v) == m.values().next()));
    c.cond(
        "File 4 characteristics sum alike per date x setting x band",
        "all equal",
        format!("{} cells", band.len()),
        consistent,
    );
    let get = |date: &str, set: &str, chr: &str, cats: &[&str]| -> (f64, f64, f64, f64) {
        let (mut f, mut h, mut tf, mut th) = (0i64, 0i64, 0i64, 0i64);
        for ((dd, ss, cc, cat_), v) in &cat {
            if dd == date && ss == set && cc == chr {
                tf += v.0;
                th += v.1;
                if cats.contains(&cat_.as_str()) {
                    f += v.0;
                    h += v.1;
                }
            }
        }
        (f as f64, tf as f64, h as f64, th as f64)
    };
    let (mh, nm) = ("Mental health", "Non-mental health");
    let sup = "Support to clinical staff".to_string();
    for (set, flag) in [(mh, "Mental health"), (nm, "Other HCHS")] {
        let x = get("2020-06-30", set, "Gender", &[]);
        let want = june
            .get(&(sup.clone(), flag.to_string()))
            .copied()
            .unwrap_or((0, 0));
        c.cond(
            &format!("File 4 Jun 2020 {set} total vs file 2"),
            "equal FTE and HC",
            format!("{:.2} / {:.0}", x.1 / 100.0, x.3),
            x.1 as i64 == want.0 && x.3 as i64 == want.1,
        );
    }
    let d20 = "2020-06-30";
    let age = "Age band";
    let x = get(d20, mh, age, &["45-49", "50-54"]);
    c.pct("N008 MH aged 45-54 (FTE)", x.0, x.1, 0, 27.0);
    for (set, want) in [(mh, 27.0), (nm, 26.0)] {
        let x = get(d20, set, age, &["50-54", "55-59"]);
        c.pct(&format!("Fig20 {set} aged 50-59 (FTE)"), x.0, x.1, 0, want);
    }
    for (set, growth) in [(mh, 37.0), (nm, 26.0)] {
        let x = get(d20, set, age, &["Under 25", "25-29"]);
        c.pct(&format!("Fig20 {set} under 30 (FTE)"), x.0, x.1, 0, 23.0);
        let y = get("2019-06-30", set, age, &["Under 25", "25-29"]);
        c.pct(
            &format!("N191/2 {set} under-30 FTE growth"),
            x.0 / y.0 - 1.0,
            1.0,
            0,
            growth,
        );
    }
    let hc = |set: &str, chr: &str, cats: &[&str]| {
        let x = get(d20, set, chr, cats);
        x.2 / x.3
    };
    for (set, male, black, asian, dis) in [(mh, 27.0, 14.0, 6.0, 6.0), (nm, 17.0, 6.0, 8.0, 4.0)] {
        c.pct(
            &format!("N010/11 {set} male (HC)"),
            hc(set, "Gender", &["Male"]),
            1.0,
            0,
            male,
        );
        c.pct(
            &format!("N013/14 {set} Black (HC)"),
            hc(set, "Ethnic group", &["Black or Black British"]),
            1.0,
            0,
            black,
        );
        c.pct(
            &format!("N193/4 {set} Asian (HC)"),
            hc(set, "Ethnic group", &["Asian or Asian British"]),
            1.0,
            0,
            asian,
        );
        c.pct(
            &format!("N200/1 {set} disability Yes (HC)"),
            hc(set, "Disability", &["Yes"]),
            1.0,
            0,
            dis,
        );
    }
    let dmh = hc(mh, "Disability", &["Yes"]);
    c.cond(
        "N200 MH disability 'around one in 18'",
        "share in [5.5%, 5.9%)",
        format!("{:.3}% = 1 in {:.2}", 100.0 * dmh, 1.0 / dmh),
        (0.055..0.059).contains(&dmh),
    );
    let black_ratio = hc(mh, "Ethnic group", &["Black or Black British"])
        / hc(nm, "Ethnic group", &["Black or Black British"]);
    c.cond(
        "N012 Black MH vs non-MH 'more than twice'",
        "> 2",
        format!("{black_ratio:.2}"),
        black_ratio > 2.0,
    );
    let rel = "Religion or belief";
    for (cat_, want) in [
        ("Christianity", 43.0),
        ("Atheism", 14.0),
        ("I do not wish to disclose my religion/belief", 28.0),
    ] {
        let a = hc(mh, rel, &[cat_]);
        let b = hc(nm, rel, &[cat_]);
        c.pct(&format!("N206-8 MH {cat_}"), a, 1.0, 0, want);
        c.cond(
            &format!("N206-8 non-MH {cat_} within 1pt"),
            "|MH - non-MH| < 1pt",
            format!("{:.2}% vs {:.2}%", 100.0 * a, 100.0 * b),
            (a - b).abs() < 0.01,
        );
    }
    let so = "Sexual orientation";
    for (set, lgb) in [(mh, 4.0), (nm, 3.0)] {
        let het = hc(set, so, &["Heterosexual or Straight"]);
        c.cond(
            &format!("N209 {set} heterosexual 'just over 70%'"),
            "[70%, 72%)",
            format!("{:.2}%", 100.0 * het),
            (0.70..0.72).contains(&het),
        );
        c.pct(
            &format!("N210/1 {set} LGBTQ+"),
            hc(
                set,
                so,
                &["Gay or Lesbian", "Bisexual", "Other sexual orientation"],
            ),
            1.0,
            0,
            lgb,
        );
    }
}
