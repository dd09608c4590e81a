//! Self-check of temporary staffing (file 12), care hours (file 14), the comparator
//! populations (files 15 and 16) and the Figure 8 constants, aggregated as the report's
//! pipeline will.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::common::{Checks, load};
use crate::csv::{Parsed, parse_hund};

pub(super) fn run(dir: &Path, c: &mut Checks) -> Result<(), String> {
    nhsp(
        &load(dir, "temporary-staffing/nhsp_shifts_by_trust.csv.gz")?,
        c,
    );
    care_hours(&load(dir, "safe-staffing/care_hours_by_trust.csv")?, c);
    comparators(
        &load(dir, "population/working_age_population_2011.csv")?,
        &load(dir, "workforce/all_nhs_staff_by_ethnicity_2019-03.csv")?,
        c,
    );
    figure8(&load(dir, "reference/published_constants.csv")?, c);
    Ok(())
}

/// Sums of one month × category: requested, bank, agency, unfilled hours, then
/// Σ cost × hours and Σ hours for bank and agency (costs in pence).
#[derive(Default, Clone, Copy)]
struct Agg {
    h: [f64; 4],
    cost: [(f64, f64); 2],
}

const UQ: &str = "Unqualified nursing and midwifery";

fn nhsp(p: &Parsed, c: &mut Checks) {
    let col = |n: &str| p.col(n);
    let (m, tr, cat) = (col("MONTH"), col("TRUST_CODE"), col("STAFF_CATEGORY"));
    let hc = [
        col("HOURS_REQUESTED"),
        col("HOURS_FILLED_BANK"),
        col("HOURS_FILLED_AGENCY"),
        col("HOURS_UNFILLED"),
    ];
    let cc = [col("BANK_COST_PER_HOUR"), col("AGENCY_COST_PER_HOUR")];
    let mut agg: BTreeMap<(String, String), Agg> = BTreeMap::new();
    let mut first: BTreeMap<String, String> = BTreeMap::new();
    let mut identity = true;
    for r in &p.rows {
        let h: Vec<f64> = hc
            .iter()
            .map(|&i| r[i].parse::<f64>().unwrap_or(f64::NAN))
            .collect();
        identity &= (h[0] - h[1] - h[2] - h[3]).abs() < 1e-9;
        let e = agg.entry((r[m].clone(), r[cat].clone())).or_default();
        for i in 0..4 {
            e.h[i] += h[i];
        }
        for (k, &ci) in cc.iter().enumerate() {
            if !r[ci].is_empty() {
                e.cost[k].0 += parse_hund(&r[ci]) as f64 * h[1 + k];
                e.cost[k].1 += h[1 + k];
            }
        }
        let f = first.entry(r[tr].clone()).or_insert_with(|| r[m].clone());
        if r[m] < *f {
            *f = r[m].clone();
        }
    }
    c.cond(
        "Fig12 requested = bank + agency + unfilled",
        "every row",
        p.rows.len().to_string() + " rows",
        identity,
    );
    let total = |catg: &str, from: &str, to: &str| {
        let mut s = [0.0; 4];
        for ((mo, ca), a) in &agg {
            if ca == catg && mo.as_str() >= from && mo.as_str() <= to {
                (0..4).for_each(|i| s[i] += a.h[i]);
            }
        }
        s
    };
    let two = |catg: &str| total(catg, "2018-09-30", "2020-08-31");
    for (catg, label, want) in [
        (UQ, "N125", 18.0),
        ("Qualified nursing and midwifery", "N126", 24.0),
        ("Doctors", "N127", 18.0),
        ("Allied health professionals", "N128", 7.0),
    ] {
        let s = two(catg);
        c.pct(
            &format!("{label} {catg} unfilled share Sep18-Aug20"),
            s[3],
            s[0],
            0,
            want,
        );
    }
    let s = two(UQ);
    c.cond(
        "N125 unqualified N&M unfilled > one in six",
        "> 16.67%",
        format!("{:.2}%", 100.0 * s[3] / s[0]),
        s[3] / s[0] > 1.0 / 6.0,
    );
    c.pct(
        "N116 support shifts filled (bank + agency) Sep18-Aug20",
        s[1] + s[2],
        s[0],
        0,
        82.0,
    );
    let aug = total(UQ, "2020-08-31", "2020-08-31");
    for (i, label, want) in [
        (1, "N130 bank", 83.0),
        (3, "N131 unfilled", 15.0),
        (2, "N132 agency", 2.0),
    ] {
        c.pct(
            &format!("{label} share of UQ N&M hours Aug 2020"),
            aug[i],
            aug[0],
            0,
            want,
        );
    }
    let y1 = total(UQ, "2018-09-30", "2019-08-31")[0];
    let y2 = total(UQ, "2019-09-30", "2020-08-31")[0];
    c.cond(
        "N124 UQ N&M requests Sep19-Aug20 vs Sep18-Aug19",
        "within ±3%",
        format!("{:+.2}%", 100.0 * (y2 / y1 - 1.0)),
        (y2 / y1 - 1.0).abs() <= 0.03,
    );
    let core = first
        .values()
        .filter(|f| f.as_str() == "2018-09-30")
        .count();
    let late: BTreeSet<&String> = first
        .iter()
        .filter(|(_, f)| f.as_str() > "2018-09-30")
        .map(|(k, _)| k)
        .collect();
    let late_h: f64 = p
        .rows
        .iter()
        .filter(|r| r[cat] == UQ && late.contains(&r[tr]))
        .map(|r| r[hc[0]].parse::<f64>().unwrap_or(0.0))
        .sum();
    c.cond(
        "N129 50 trusts from Sep 2018; late joiners marginal",
        "50 core; late joiners < 1% of UQ requests",
        format!(
            "{core} core, {} late, {:.2}%",
            late.len(),
            100.0 * late_h / (s[0])
        ),
        core == 50 && !late.is_empty() && late_h / s[0] < 0.01,
    );
    // Figure 13: hours-weighted mean cost per month.
    let series = |catg: &str, k: usize| -> Vec<(String, f64)> {
        agg.iter()
            .filter(|((_, ca), _)| ca == catg)
            .map(|((mo, _), a)| (mo.clone(), a.cost[k].0 / a.cost[k].1 / 100.0))
            .collect()
    };
    let bank = series(UQ, 0);
    let (lo, hi) = bank
        .iter()
        .fold((f64::MAX, f64::MIN), |x, v| (x.0.min(v.1), x.1.max(v.1)));
    c.cond(
        "N133 UQ N&M bank cost per hour every month",
        "within [£15, £16]",
        format!("£{lo:.2}-£{hi:.2} over {} months", bank.len()),
        bank.len() == 24 && lo >= 15.0 && hi <= 16.0,
    );
    let mean = |v: &[(String, f64)], from: &str, to: &str| {
        let x: Vec<f64> = v
            .iter()
            .filter(|(m, _)| m.as_str() >= from && m.as_str() <= to)
            .map(|x| x.1)
            .collect();
        x.iter().sum::<f64>() / x.len() as f64
    };
    let agency = series(UQ, 1);
    let step =
        mean(&agency, "2020-05-31", "2020-08-31") / mean(&agency, "2019-09-30", "2020-04-30") - 1.0;
    let jump = (1..agency.len())
        .max_by(|&a, &b| {
            (agency[a].1 / agency[a - 1].1).total_cmp(&(agency[b].1 / agency[b - 1].1))
        })
        .map_or(String::new(), |i| agency[i].0.clone());
    c.cond(
        "N134 UQ N&M agency cost step around May 2020",
        "+5% to +8%; largest monthly rise in May 2020",
        format!("{:+.2}%, largest rise {jump}", 100.0 * step),
        (0.05..=0.08).contains(&step) && jump == "2020-05-31",
    );
    let doc = series("Doctors", 0);
    let base = doc.first().map_or(f64::NAN, |x| x.1);
    let peak = doc
        .iter()
        .filter(|x| x.0.as_str() >= "2020-03-01")
        .map(|x| 100.0 * x.1 / base)
        .fold(f64::MIN, f64::max);
    let agency_peak = agency
        .iter()
        .map(|x| 100.0 * x.1 / agency[0].1)
        .fold(f64::MIN, f64::max);
    c.cond(
        "Fig13 doctors' bank index (Sep 2018 = 100) spring 2020",
        "peak in [120, 130], rise > 3x the agency rise",
        format!("doctors {peak:.1}, UQ agency {agency_peak:.1}"),
        (120.0..=130.0).contains(&peak) && peak - 100.0 > 3.0 * (agency_peak - 100.0),
    );
}

fn care_hours(p: &Parsed, c: &mut Checks) {
    let (o, t, n, h) = (
        p.col("ORG_CODE"),
        p.col("TRUST_TYPE"),
        p.col("REGISTERED_NURSE_MIDWIFE_HOURS"),
        p.col("CARE_STAFF_HOURS"),
    );
    let mut per: BTreeMap<(String, String), (f64, f64)> = BTreeMap::new();
    let mut months = BTreeSet::new();
    for r in &p.rows {
        let e = per.entry((r[t].clone(), r[o].clone())).or_default();
        e.0 += r[h].parse::<f64>().unwrap_or(f64::NAN);
        e.1 += r[n].parse::<f64>().unwrap_or(f64::NAN);
        months.insert(r[p.col("PERIOD")].clone());
    }
    let ratios = |mh: bool| {
        let mut v: Vec<f64> = per
            .iter()
            .filter(|((ty, _), _)| (ty == "Mental Health") == mh)
            .map(|(_, x)| x.0 / x.1)
            .collect();
        v.sort_by(f64::total_cmp);
        v
    };
    let (m, r) = (ratios(true), ratios(false));
    let med = |v: &[f64]| {
        if v.is_empty() {
            f64::NAN
        } else {
            v[v.len() / 2]
        }
    };
    let avg = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    c.cond(
        "Fig6 care staff / nurse hours, median by trust type",
        "MH in [1.0, 1.2], others in [0.5, 0.7]",
        format!(
            "MH {:.3} (n={}), others {:.3} (n={})",
            med(&m),
            m.len(),
            med(&r),
            r.len()
        ),
        (1.0..=1.2).contains(&med(&m)) && (0.5..=0.7).contains(&med(&r)),
    );
    let overlap = m.first().copied().unwrap_or(f64::NAN) < r.last().copied().unwrap_or(f64::NAN);
    c.cond(
        "Fig6 MH trusts higher on average, with overlap",
        "mean MH > mean others; min MH < max others",
        format!("means {:.3} vs {:.3}; overlap {overlap}", avg(&m), avg(&r)),
        avg(&m) > avg(&r) && overlap,
    );
    let types: BTreeSet<&str> = per.keys().map(|k| k.0.as_str()).collect();
    c.cond(
        "Fig6 trust types and months",
        "Acute, MH, community; no ambulance; Apr-Jun 2020",
        format!("{} types, {} months", types.len(), months.len()),
        !types.contains("Ambulance") && types.len() == 3 && months.len() == 3,
    );
}

fn comparators(pop: &Parsed, nhs: &Parsed, c: &mut Checks) {
    let (ch, cat, v) = (
        pop.col("CHARACTERISTIC"),
        pop.col("CATEGORY"),
        pop.col("POPULATION"),
    );
    let mut sums: BTreeMap<&str, f64> = BTreeMap::new();
    let mut get: BTreeMap<&str, f64> = BTreeMap::new();
    for r in &pop.rows {
        let x = r[v].parse::<f64>().unwrap_or(f64::NAN);
        *sums.entry(r[ch].as_str()).or_default() += x;
        if r[ch] == "Age band" {
            get.insert(r[cat].as_str(), x);
        }
    }
    let age = sums.get("Age band").copied().unwrap_or(f64::NAN);
    let mid = get.get("45-49").copied().unwrap_or(f64::NAN)
        + get.get("50-54").copied().unwrap_or(f64::NAN);
    c.pct(
        "N009 working-age population aged 45-54 (2011)",
        mid,
        age,
        0,
        21.0,
    );
    let eth = sums.get("Ethnic group").copied().unwrap_or(f64::NAN);
    c.cond(
        "DS14 ethnic groups sum to age-band total",
        "equal",
        format!("{age:.0} vs {eth:.0}"),
        age == eth && (30e6..40e6).contains(&age),
    );
    let (g, h) = (nhs.col("ETHNIC_GROUP"), nhs.col("HC"));
    let all: f64 = nhs
        .rows
        .iter()
        .map(|r| r[h].parse::<f64>().unwrap_or(f64::NAN))
        .sum();
    let share = |grp: &str| {
        nhs.rows
            .iter()
            .filter(|r| r[g] == grp)
            .map(|r| r[h].parse::<f64>().unwrap_or(f64::NAN))
            .sum::<f64>()
    };
    c.pct(
        "N015 all NHS staff Black or Black British (Mar 2019)",
        share("Black or Black British"),
        all,
        0,
        6.0,
    );
    let (w, a) = (share("White") / all, share("Asian or Asian British") / all);
    c.cond(
        "Fig21 all NHS staff: total, White, Asian",
        "~1.2m; White ~77%; Asian ~10%",
        format!("{all:.0}; {:.1}%; {:.1}%", 100.0 * w, 100.0 * a),
        (1.1e6..1.3e6).contains(&all) && (0.76..0.78).contains(&w) && (0.095..0.105).contains(&a),
    );
}

fn figure8(p: &Parsed, c: &mut Checks) {
    let (n, v) = (p.col("NAME"), p.col("VALUE"));
    let pre = "implementation_plan_additional_staff_";
    let mut groups = 0.0;
    let mut total = f64::NAN;
    let mut support = f64::NAN;
    for r in &p.rows {
        let x = r[v].parse::<f64>().unwrap_or(f64::NAN);
        match r[n].strip_prefix(pre) {
            Some("total") => total = x,
            Some(g) => {
                groups += x;
                if g == "clinical_support_staff" {
                    support = x;
                }
            }
            None => {}
        }
    }
    c.cond(
        "N085 Fig8 clinical support 6,090; groups sum to total 27,460",
        "6090; sum = 27460",
        format!("{support:.0}; {groups:.0} / {total:.0}"),
        support == 6090.0 && groups == total && total == 27460.0,
    );
    let names: Vec<&String> = p.rows.iter().map(|r| &r[n]).collect();
    let sorted = names.windows(2).all(|w| w[0] < w[1]);
    c.cond(
        "DS13 constants sorted by NAME, unique",
        "strictly increasing",
        format!("{} rows", names.len()),
        sorted,
    );
}
