//! Self-check of file 2 (June 2020 organisation cross-section): the national and MH
//! totals (N004, N005, N021), Figure 4 shares, FTE/HC ratios (N033-N035), Figure 9 band
//! mixes, Figure 7 regional shares, Figure 5 care-setting totals and row-level sanity.

use std::collections::BTreeMap;

use super::common::{Checks, June};
use crate::csv::{Parsed, parse_hund};

pub(super) fn workforce_org(p: &Parsed, c: &mut Checks) -> June {
    let col = |n: &str| p.col(n);
    let (og, on, cl, rg, sg, cs, mh, bd, f, h) = (
        col("ORG_CODE"),
        col("ORG_NAME"),
        col("CLUSTER_GROUP"),
        col("NHSE_REGION_NAME"),
        col("STAFF_GROUP"),
        col("CARE_SETTING"),
        col("MH_SERVICES"),
        col("AFC_BAND"),
        col("FTE"),
        col("HC"),
    );
    let sup = "Support to clinical staff";
    let mut june = June::new();
    let mut by_setting: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut four: BTreeMap<String, i64> = BTreeMap::new();
    let mut region: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut trust: BTreeMap<(String, String), [i64; 4]> = BTreeMap::new();
    let mut cluster: BTreeMap<String, [i64; 4]> = BTreeMap::new();
    let (mut nm_f, mut nm_h, mut bad_band, mut bad_flag, mut hc_lt_fte) = (0i64, 0i64, 0, 0, 0);
    for r in &p.rows {
        let (fte, hc) = (parse_hund(&r[f]), r[h].parse::<i64>().unwrap_or(-1));
        let e = june.entry((r[sg].clone(), r[mh].clone())).or_default();
        e.0 += fte;
        e.1 += hc;
        let is_mh = r[cs] == "Mental health" || r[cs] == "Learning disabilities";
        bad_flag += usize::from(is_mh != (r[mh] == "Mental health"));
        hc_lt_fte += usize::from(hc * 100 < fte);
        let clinical = [
            sup,
            "Nurses & health visitors",
            "HCHS doctors",
            "Scientific, therapeutic & technical staff",
        ];
        if r[mh] == "Mental health" && clinical.contains(&r[sg].as_str()) {
            *four.entry(r[sg].clone()).or_default() += fte;
            let e = region.entry(r[rg].clone()).or_default();
            e.1 += fte;
            if r[sg] == sup {
                e.0 += fte;
            }
        }
        if [
            "Support to clinical staff",
            "Nurses & health visitors",
            "Midwives",
            "Scientific, therapeutic & technical staff",
        ]
        .contains(&r[sg].as_str())
        {
            let key = if is_mh {
                "Mental health/learning disabilities".to_string()
            } else {
                r[cs].clone()
            };
            let e = by_setting.entry(key).or_default();
            e.1 += fte;
            if r[sg] == sup {
                e.0 += fte;
            }
        }
        if r[sg] == "Nurses & health visitors" || r[sg] == "Midwives" {
            nm_f += fte;
            nm_h += hc;
        }
        if r[sg] == sup {
            let b = ["Band 1", "Band 2", "Band 3", "Band 4"]
                .iter()
                .position(|x| *x == r[bd]);
            match b {
                Some(b) => {
                    trust
                        .entry((r[cl].clone(), format!("{}|{}", r[og], r[on])))
                        .or_default()[b] += fte;
                    cluster.entry(r[cl].clone()).or_default()[b] += fte;
                }
                None => bad_band += 1,
            }
        }
    }
    let key = |g: &str, m: &str| {
        june.get(&(g.to_string(), m.to_string()))
            .copied()
            .unwrap_or((0, 0))
    };
    let (smh, soth) = (key(sup, "Mental health"), key(sup, "Other HCHS"));
    let s_all = (smh.0 + soth.0) as f64 / 100.0;
    c.cond(
        "N004 support FTE 'nearly 340,000'",
        "[338,500, 340,000)",
        format!("{s_all:.2}"),
        (338_500.0..340_000.0).contains(&s_all),
    );
    let m = smh.0 as f64 / 100.0;
    c.cond(
        "N005 MH support FTE 'just over 41,000'",
        "[41,050, 41,400)",
        format!("{m:.2}"),
        (41_050.0..41_400.0).contains(&m),
    );
    c.pct("N021 MH share of support FTE", m, s_all, 0, 12.0);
    let t4: i64 = four.values().sum();
    for (g, want) in [
        ("Nurses & health visitors", 32.0),
        ("HCHS doctors", 7.0),
        (sup, 32.0),
        ("Scientific, therapeutic & technical staff", 29.0),
    ] {
        c.pct(
            &format!("Fig4 {g}"),
            four.get(g).copied().unwrap_or(0) as f64,
            t4 as f64,
            0,
            want,
        );
    }
    c.num(
        "N033 FTE/HC MH support",
        smh.0 as f64 / 100.0 / smh.1 as f64,
        2,
        0.91,
    );
    c.num(
        "N034 FTE/HC other-HCHS support",
        soth.0 as f64 / 100.0 / soth.1 as f64,
        2,
        0.86,
    );
    c.num(
        "N035 FTE/HC nurses, HVs & midwives",
        nm_f as f64 / 100.0 / nm_h as f64,
        2,
        0.89,
    );
    c.cond(
        "N004 support > nurses + midwives",
        "support FTE larger",
        format!("{s_all:.0} vs {:.0}", nm_f as f64 / 100.0),
        s_all * 100.0 > nm_f as f64,
    );
    c.cond(
        "File 2 support only in bands 1-4",
        "0 rows outside",
        format!("{bad_band} rows"),
        bad_band == 0,
    );
    c.cond(
        "File 2 MH_SERVICES matches CARE_SETTING",
        "0 mismatches",
        format!("{bad_flag} rows"),
        bad_flag == 0,
    );
    c.cond(
        "File 2 HC >= FTE in every row",
        "0 rows with HC < FTE",
        format!("{hc_lt_fte} rows"),
        hc_lt_fte == 0,
    );
    fig9(&trust, &cluster, c);
    let share = |r: &str| region.get(r).map_or(0.0, |x| x.0 as f64 / x.1 as f64);
    for (r, want) in [
        ("North East and Yorkshire", 36.0),
        ("Midlands", 32.0),
        ("London", 28.0),
    ] {
        c.pct(&format!("Fig7 support share {r}"), share(r), 1.0, 0, want);
    }
    let lowest = region
        .keys()
        .min_by(|a, b| share(a).total_cmp(&share(b)))
        .cloned()
        .unwrap_or_default();
    c.cond(
        "Fig7 London lowest support share",
        "London",
        lowest.clone(),
        lowest == "London",
    );
    for (s, n) in [
        ("Paediatrics", 24_732),
        ("General practice", 31_141),
        ("Maternity", 32_956),
        ("Independent health care providers", 40_032),
        ("Community services", 58_032),
        ("Mental health/learning disabilities", 118_573),
        ("Acute, elderly and general", 302_587),
    ] {
        let v = by_setting.get(s).map_or(0, |x| x.1) as f64 / 100.0;
        c.num(&format!("Fig5 n {s}"), v, 0, n as f64);
    }
    let ss = |s: &str| {
        by_setting
            .get(s)
            .map_or(0.0, |x| 100.0 * x.0 as f64 / x.1 as f64)
    };
    let (mhs, acs, pae, mat) = (
        ss("Mental health/learning disabilities"),
        ss("Acute, elderly and general"),
        ss("Paediatrics"),
        ss("Maternity"),
    );
    c.cond(
        "Fig5 support share MH/LD ~1/3, acute similar",
        "MH/LD 30-37%, |acute-MH| < 5pt",
        format!("MH/LD {mhs:.1}%, acute {acs:.1}%"),
        (30.0..37.0).contains(&mhs) && (acs - mhs).abs() < 5.0,
    );
    c.cond(
        "Fig5 support share paediatrics & maternity low",
        "both < 20%",
        format!("paed {pae:.1}%, mat {mat:.1}%"),
        pae < 20.0 && mat < 20.0,
    );
    june
}

fn fig9(
    trust: &BTreeMap<(String, String), [i64; 4]>,
    cluster: &BTreeMap<String, [i64; 4]>,
    c: &mut Checks,
) {
    let b4 = |v: &[i64; 4]| v[3] as f64 / (v[1] + v[2] + v[3]) as f64;
    let mh: Vec<(&String, f64)> = trust
        .iter()
        .filter(|(k, _)| k.0 == "Mental Health")
        .map(|(k, v)| (&k.1, b4(v)))
        .collect();
    let find = |code: &str| {
        mh.iter()
            .find(|x| x.0.starts_with(code))
            .map_or(f64::NAN, |x| x.1)
    };
    let (swl, cor) = (find("RQY|"), find("RJ8|"));
    c.pct(
        "Fig9 band-4 share SW London & St George's",
        swl,
        1.0,
        0,
        50.0,
    );
    c.pct("Fig9 band-4 share Cornwall Partnership", cor, 1.0, 0, 15.0);
    let between = mh
        .iter()
        .filter(|x| !x.0.starts_with("RQY|") && !x.0.starts_with("RJ8|"))
        .all(|x| x.1 > cor && x.1 < swl);
    let (lo, hi) = mh
        .iter()
        .filter(|x| !x.0.starts_with("RQY|") && !x.0.starts_with("RJ8|"))
        .fold((1.0f64, 0.0f64), |a, x| (a.0.min(x.1), a.1.max(x.1)));
    c.cond(
        "Fig9 others strictly between",
        "Cornwall < others < SWLSTG",
        format!(
            "{} trusts, others {:.1}%-{:.1}%",
            mh.len(),
            100.0 * lo,
            100.0 * hi
        ),
        between,
    );
    for (cl, w4, w2) in [("Mental Health", 27.0, 24.0), ("Acute", 37.0, 14.0)] {
        let v = cluster.get(cl).copied().unwrap_or([0; 4]);
        let t = (v[1] + v[2] + v[3]) as f64;
        c.pct(&format!("Fig9 {cl} trusts band 4"), v[3] as f64, t, 0, w4);
        c.pct(&format!("Fig9 {cl} trusts band 2"), v[1] as f64, t, 0, w2);
        c.pct(
            &format!("Fig9 {cl} trusts band 3 (implied, F14)"),
            v[2] as f64,
            t,
            0,
            49.0,
        );
    }
}
