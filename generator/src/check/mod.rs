//! Self-check: re-read the written CSV files, aggregate them the way the report's
//! pipeline will (sums, shares, ratios, then half-up rounding to the printed
//! precision) and compare with every calibration target.
//!
//! This module only dispatches, in the order the table is printed: `workforce` covers
//! file 2 (its sums feed the later checks), `monthly` file 1, `people` files 3 and 4,
//! `transitions` file 8, `misc` files 5-7, `survey` files 10, 11 and 13, and
//! `staffing` files 12, 14-16 and the Figure 8 constants.  What they share (the result
//! table, rounding, loading) is in `common`, which imports none of them.

mod common;
mod misc;
mod monthly;
mod people;
mod staffing;
mod survey;
mod transitions;
mod workforce;

use std::path::Path;

use common::{Checks, load};

/// Run every check against the release in `dir`.
pub(crate) fn run(dir: &Path) -> Result<Checks, String> {
    let mut c = Checks::default();
    let org = load(dir, "workforce/hchs_workforce_org_2020-06.csv.gz")?;
    let june = workforce::workforce_org(&org, &mut c);
    monthly::workforce_monthly(
        &load(dir, "workforce/hchs_workforce_monthly_national.csv")?,
        &june,
        &mut c,
    );
    people::run(dir, &june, &mut c)?;
    transitions::transitions(
        &load(
            dir,
            "progression/role_band_transitions_2019-06_2020-06.csv.gz",
        )?,
        &mut c,
    );
    misc::run(dir, &mut c)?;
    survey::run(dir, &mut c)?;
    staffing::run(dir, &mut c)?;
    Ok(c)
}
