//! Self-check of the Staff Survey (file 10), advertised vacancies (file 11) and
//! applications per appointment (file 13), aggregated as the report's pipeline will.

use std::collections::BTreeMap;
use std::path::Path;

use super::common::{Checks, load};
use crate::csv::{Parsed, parse_hund};

pub(super) fn run(dir: &Path, c: &mut Checks) -> Result<(), String> {
    survey(&load(dir, "staff-survey/nhs_staff_survey_2019.csv")?, c);
    vacancies(&load(dir, "vacancies/advertised_vacancies.csv")?, c);
    applications(
        &load(dir, "applications/applications_per_appointment_2017.csv")?,
        c,
    );
    Ok(())
}

const MH: &str = "Support staff in mental health and learning disability trusts";
const OTHER: &str = "Support staff in all other trusts";
const ALL: &str = "All staff in mental health and learning disability trusts";

fn survey(p: &Parsed, c: &mut Checks) {
    let (y, g, q, n, k) = (
        p.col("YEAR"),
        p.col("GROUP"),
        p.col("QUESTION"),
        p.col("RESPONDENTS"),
        p.col("POSITIVE"),
    );
    let mut m: BTreeMap<(String, String, String), (f64, f64)> = BTreeMap::new();
    for r in &p.rows {
        let e = m
            .entry((r[y].clone(), r[g].clone(), r[q].clone()))
            .or_default();
        e.0 += r[k].parse::<f64>().unwrap_or(f64::NAN);
        e.1 += r[n].parse::<f64>().unwrap_or(f64::NAN);
    }
    let get = |year: &str, grp: &str, qu: &str| {
        m.get(&(year.to_string(), grp.to_string(), qu.to_string()))
            .copied()
            .unwrap_or((f64::NAN, f64::NAN))
    };
    let share = |year: &str, grp: &str, qu: &str| {
        let (a, b) = get(year, grp, qu);
        a / b
    };
    let printed: [(&str, &str, [f64; 3]); 6] = [
        ("N045-7 manager support", "q5b", [75.0, 70.0, 76.0]),
        ("N037-9 flexible working", "q5h", [56.0, 53.0, 62.0]),
        ("N141-3 non-mandatory training", "q18a", [70.0, 66.0, 72.0]),
        (
            "N183-5 physical violence from public",
            "q13a",
            [37.0, 29.0, 17.0],
        ),
        (
            "N219-21 discrimination from public",
            "q15a",
            [14.0, 11.0, 8.0],
        ),
        (
            "N195-7 discrimination on ethnic grounds",
            "q15c_ethnic",
            [48.0, 51.0, 43.0],
        ),
    ];
    for (label, qu, want) in printed {
        for (grp, short, w) in [
            (MH, "MH support", want[0]),
            (OTHER, "other support", want[1]),
            (ALL, "all MH", want[2]),
        ] {
            let (a, b) = get("2019", grp, qu);
            c.pct(&format!("{label} ({qu}) {short}"), a, b, 0, w);
        }
    }
    let (a1, b1) = get("2019", MH, "q5g");
    let (a2, b2) = get("2019", OTHER, "q5g");
    c.pct(
        "N102 support staff (both groups) satisfied with pay (q5g)",
        a1 + a2,
        b1 + b2,
        0,
        25.0,
    );
    let (a, b) = get("2019", ALL, "q5g");
    c.pct("N103 all MH staff satisfied with pay (q5g)", a, b, 0, 41.0);
    let rising = [MH, OTHER, ALL].iter().all(|grp| {
        (2016..=2019).all(|yr| {
            share(&yr.to_string(), grp, "q15c_ethnic")
                > share(&(yr - 1).to_string(), grp, "q15c_ethnic")
        })
    });
    let first: Vec<String> = [MH, OTHER, ALL]
        .iter()
        .map(|grp| format!("{:.1}", 100.0 * share("2015", grp, "q15c_ethnic")))
        .collect();
    c.cond(
        "N198 ethnic-grounds share increased from 2015 (all groups)",
        "2015 < ... < 2019 for each group",
        format!("2015: {}; rising {rising}", first.join("/")),
        rising,
    );
    let bully = [MH, OTHER, ALL].map(|grp| share("2019", grp, "q13b"));
    c.cond(
        "Fig18 bullying from public (q13b): MH support highest",
        "MH support > other support, all MH",
        format!(
            "{:.1}/{:.1}/{:.1}%",
            100.0 * bully[0],
            100.0 * bully[1],
            100.0 * bully[2]
        ),
        bully[0] > bully[1] && bully[0] > bully[2],
    );
    let grounds = ["q15c_religion", "q15c_sexual_orientation"]
        .iter()
        .all(|qu| {
            share("2019", MH, qu) > share("2019", ALL, qu)
                && share("2019", OTHER, qu) > share("2019", ALL, qu)
        });
    c.cond(
        "Fig22 religion, sexual orientation: support > all MH",
        "both support groups above all MH staff",
        grounds.to_string(),
        grounds,
    );
    let bases = [MH, OTHER, ALL].iter().all(|grp| {
        let (a, b, d) = (
            get("2019", grp, "q15a").0,
            get("2019", grp, "q15b").0,
            get("2019", grp, "q15c_ethnic").1,
        );
        a.max(b) <= d && d <= a + b
    });
    c.cond(
        "Fig22 q15c base = staff discriminated against",
        "max(q15a, q15b) <= base <= q15a + q15b",
        bases.to_string(),
        bases,
    );
    let sizes = [MH, OTHER, ALL].map(|grp| get("2019", grp, "q5b").1);
    let ok = (7_500.0..8_800.0).contains(&sizes[0])
        && (37_000.0..44_000.0).contains(&sizes[1])
        && (65_000.0..76_000.0).contains(&sizes[2]);
    c.cond(
        "NSS 2019 respondents realistic (q5b)",
        "~8,000 / ~40,000 / ~70,000",
        format!("{:.0} / {:.0} / {:.0}", sizes[0], sizes[1], sizes[2]),
        ok,
    );
}

fn vacancies(p: &Parsed, c: &mut Checks) {
    let (d, g, f) = (p.col("DATE"), p.col("STAFF_GROUP"), p.col("ADVERTISED_FTE"));
    let mut s: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    for r in &p.rows {
        s.entry(r[g].clone())
            .or_default()
            .insert(r[d].clone(), parse_hund(&r[f]) as f64 / 100.0);
    }
    let spec = [
        (
            "All staff",
            "N114 all staff",
            27_000.0,
            27_500.0,
            30usize,
            "2020-09-30",
        ),
        (
            "Support to clinical staff",
            "N115 support staff",
            2_900.0,
            2_990.0,
            32,
            "2020-11-30",
        ),
    ];
    for (grp, label, lo, hi, months, last) in spec {
        let Some(x) = s.get(grp) else {
            c.cond(
                &format!("{label} series present"),
                "present",
                "missing".into(),
                false,
            );
            continue;
        };
        let sep = x.get("2020-09-30").copied().unwrap_or(f64::NAN);
        c.cond(
            &format!("{label} advertised FTE Sep 2020"),
            &format!("[{lo:.0}, {hi:.0})"),
            format!("{sep:.2}"),
            (lo..hi).contains(&sep),
        );
        let span = format!(
            "{}..{}",
            x.keys().next().cloned().unwrap_or_default(),
            x.keys().last().cloned().unwrap_or_default()
        );
        c.cond(
            &format!("Fig10 {grp} months"),
            &format!("{months} months 2018-04-30..{last}"),
            format!("{} months {span}", x.len()),
            x.len() == months && span == format!("2018-04-30..{last}"),
        );
        let dip = ["2020-04-30", "2020-05-31", "2020-06-30"];
        let before: Vec<f64> = x
            .iter()
            .filter(|(k, _)| k.as_str() < "2020-04-01")
            .map(|(_, v)| *v)
            .collect();
        let floor = before.iter().copied().fold(f64::MAX, f64::min);
        let worst = dip.iter().map(|k| x[*k]).fold(f64::MIN, f64::max);
        let yoy = dip
            .iter()
            .map(|k| x[*k] / x[&k.replace("2020", "2019")])
            .fold(f64::MIN, f64::max);
        c.cond(
            &format!("N117 {grp} drop Apr-Jun 2020"),
            "each below every earlier month; >= 15% below 2019",
            format!("max {worst:.0} vs earlier min {floor:.0}; worst y/y {yoy:.3}"),
            worst < floor && yoy <= 0.85,
        );
    }
}

fn applications(p: &Parsed, c: &mut Checks) {
    let (r, g, a, n) = (
        p.col("REGION"),
        p.col("STAFF_GROUP"),
        p.col("APPLICATIONS"),
        p.col("APPOINTMENTS"),
    );
    let london = |x: &str| x.contains("London");
    let mut tot: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    let mut acs: Vec<(f64, String)> = Vec::new();
    for row in &p.rows {
        let (ap, nn) = (
            row[a].parse::<f64>().unwrap_or(f64::NAN),
            row[n].parse::<f64>().unwrap_or(f64::NAN),
        );
        if !london(&row[r]) {
            let e = tot.entry(row[g].clone()).or_default();
            e.0 += ap;
            e.1 += nn;
            if row[g] == "Additional clinical services" {
                acs.push((ap / nn, row[r].clone()));
            }
        }
    }
    for (grp, label, want) in [
        ("Additional clinical services", "N118", 52.0),
        (
            "Additional professional scientific and technical",
            "N119",
            40.0,
        ),
        ("Administrative and clerical", "N120", 96.0),
        ("Nursing and midwifery registered", "N121", 23.0),
        ("Allied health professionals", "Fig11 (not printed)", 18.0),
    ] {
        let (ap, nn) = tot.get(grp).copied().unwrap_or((f64::NAN, f64::NAN));
        c.num(
            &format!("{label} {grp} applications per appointment (excl. London)"),
            ap / nn,
            0,
            want,
        );
    }
    acs.sort_by(|x, y| y.0.total_cmp(&x.0));
    let top: Vec<&str> = acs.iter().take(2).map(|x| x.1.as_str()).collect();
    c.cond(
        "Fig11 highest ACS ratios: North East, East of England",
        "top two = {North East, East of England}",
        top.join(", "),
        top.len() == 2 && top.contains(&"North East") && top.contains(&"East of England"),
    );
    let areas: std::collections::BTreeSet<&str> = p.rows.iter().map(|x| x[r].as_str()).collect();
    let nl = areas.iter().filter(|x| london(x)).count();
    c.cond(
        "Fig11 regions: 13 HEE areas incl. 3 London",
        "13 areas, 3 London",
        format!("{} areas, {nl} London", areas.len()),
        areas.len() == 13 && nl == 3,
    );
}
