//! Self-check of file 1 (the monthly national series): Figure 1's changes and 2020 shape,
//! and June 2020 rows equal to the sums of file 2.

use std::collections::BTreeMap;

use super::common::{Checks, June};
use crate::csv::{Parsed, parse_hund};

pub(super) fn workforce_monthly(p: &Parsed, june: &June, c: &mut Checks) {
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
