//! File 5: `leavers/reasons_for_leaving_2019-06_2020-06.csv`, leavers by ESR reason for
//! leaving, 12 months to June 2020, clinical support staff vs all staff (DS04, Figure 17,
//! Chapter 3 › Retention).
//!
//! Reason weights (percent of all leavers) are chosen so that the printed shares come
//! out when aggregated: voluntary resignation 66% vs 56%, retirement 16% vs 13%, end of
//! fixed-term contract 5% vs 20%, dismissal 5% vs 2%; and, as shares of voluntary
//! resignations, Figure 17's six groups (28/21/16/14/13/9 and 28/19/21/19/8/5) with
//! work-life balance alone at 18.9% (~19%, flag F5) for clinical support staff.

use crate::alloc::split;
use crate::csv::Table;

pub(crate) const PERIOD: &str = "2019-06-30 to 2020-06-30";
pub(crate) const GROUPS: [&str; 2] = ["Clinical support staff", "All staff"];
const TOTAL: [i64; 2] = [40_150, 110_350];

/// (ESR reason, % of clinical support leavers, % of all leavers).
pub(crate) const REASONS: [(&str, f64, f64); 23] = [
    (
        "Voluntary Resignation - Other/Not Known",
        66.0 * 0.276,
        56.0 * 0.279,
    ),
    (
        "Voluntary Resignation - Work Life Balance",
        66.0 * 0.189,
        56.0 * 0.146,
    ),
    (
        "Voluntary Resignation - Incompatible Working Relationships",
        66.0 * 0.019,
        56.0 * 0.045,
    ),
    (
        "Voluntary Resignation - Better Reward Package",
        66.0 * 0.060,
        56.0 * 0.072,
    ),
    (
        "Voluntary Resignation - Promotion",
        66.0 * 0.055,
        56.0 * 0.093,
    ),
    (
        "Voluntary Resignation - Lack of Opportunities",
        66.0 * 0.043,
        56.0 * 0.045,
    ),
    (
        "Voluntary Resignation - Relocation",
        66.0 * 0.137,
        56.0 * 0.190,
    ),
    ("Voluntary Resignation - Health", 66.0 * 0.056, 56.0 * 0.030),
    (
        "Voluntary Resignation - Adult Dependants",
        66.0 * 0.033,
        56.0 * 0.020,
    ),
    (
        "Voluntary Resignation - Child Dependants",
        66.0 * 0.045,
        56.0 * 0.030,
    ),
    (
        "Voluntary Resignation - To undertake further education or training",
        66.0 * 0.087,
        56.0 * 0.050,
    ),
    ("Retirement Age", 11.0, 9.2),
    ("Retirement - Ill Health", 1.6, 1.1),
    ("Flexi Retirement", 3.4, 2.7),
    ("End of Fixed Term Contract", 3.6, 8.5),
    (
        "End of Fixed Term Contract - Completion of Training Scheme",
        1.4,
        11.5,
    ),
    ("Dismissal - Conduct", 2.6, 1.0),
    ("Dismissal - Capability", 1.5, 0.6),
    ("Dismissal - Some Other Substantial Reason", 0.9, 0.4),
    ("Death in Service", 0.5, 0.4),
    ("Employee Transfer", 3.0, 3.5),
    ("Mutually Agreed Resignation", 0.3, 0.3),
    ("Other/Not Known", 4.2, 4.8),
];

/// Write file 5 (both staff groups, reasons in catalogue order).
pub(crate) fn table() -> Table {
    let mut t = Table::new(&["PERIOD", "STAFF_GROUP", "REASON", "HC"]);
    for (g, &total) in TOTAL.iter().enumerate() {
        let w: Vec<f64> = REASONS
            .iter()
            .map(|r| if g == 0 { r.1 } else { r.2 })
            .collect();
        for (k, hc) in split(total, &w).into_iter().enumerate() {
            t.row(&[PERIOD, GROUPS[g], REASONS[k].0, &hc.to_string()]);
        }
    }
    t
}
