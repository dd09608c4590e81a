//! `generate_release`: deterministic synthetic data release `data/2020-06/` for the
//! regeneration of the Nuffield Trust report *Untapped? Understanding the mental health
//! clinical support workforce* (2021).
//!
//! The microdata behind the report are not public, so every file is synthetic, built
//! top-down from the published aggregates (see `shared/reference/figures.md`): exact
//! target totals are split across organisations, months and categories with weights
//! varied by a seeded SplitMix64 generator and rounded by largest remainder, so that a
//! pipeline which sums, takes shares and ratios and rounds half-up to the printed
//! precision reproduces every published value.  No clocks; ordered maps only;
//! the same seed gives byte-identical files.
//!
//! It is the workspace member `generator/` (package `rapport-generator`) and does not use
//! the `rapport` library; its one dependency is `flate2`, for the `.gz` files.  Usage,
//! from the repository root:
//! ```text
//! cargo run --release -p rapport-generator -- --out data/2020-06 [--seed 2020] [--check]
//! ```
//! * `--out DIR`  output folder (required); created if missing.
//! * `--seed N`   PRNG seed (default 2020).
//! * `--check`    only re-check an existing release, do not regenerate.
//! * `--year-on PREVIOUS`  write the following year's release from a generated one
//!   (`year_on.rs`): `--year-on data/2020-06 --out data/2021-06 --seed 2021`.
//!
//! After writing, the program re-reads its own files, recomputes every target and
//! prints a table `target | computed | rounded | OK/FAIL`.  Exit status: 0 when all
//! checks pass, 1 when any check fails, 2 on usage or I/O errors (e.g. the output
//! folder cannot be written).
//!
//! Files written (see `release.rs` for the manifest): workforce monthly national series
//! (file 1, `workforce_monthly`), June 2020 organisation cross-section (file 2,
//! `workforce_plan` + `workforce_org`), support job roles (file 3, `job_roles`), support
//! staff demographics (file 4, `demographics`), reasons for leaving (file 5, `leavers`),
//! earnings (file 6, `earnings`), sickness absence by organisation (file 7, `sickness`),
//! role/band transitions (file 8, `transitions`), published constants (file 9,
//! `constants`), NHS Staff Survey 2019 (file 10, `staff_survey`), advertised vacancies
//! (file 11, `vacancies`), NHS Professionals temporary staffing (file 12, `nhsp` +
//! `nhsp_cost`), applications per appointment 2017 (file 13, `applications`), care hours
//! by trust (file 14, `care_hours`), the 2011 working-age population and all NHS staff by
//! ethnicity in March 2019 (files 15 and 16, `comparators`), the coded review of job adverts
//! (file 17, `job_adverts`), and `release.toml`.  Files 10-16 draw from their own PRNG
//! streams, so adding them left files 1-8 byte-identical; file 17 draws from none.
//!
//! Decisions where printed values conflict are documented in the module headers:
//! Figure 5's n values cover four non-medical groups and put all other non-medical
//! FTE in care setting "Other" (flag F7); infrastructure support and "other staff"
//! are therefore never in MH services; minimum basic pay 2011 is synthetic (31.0%).

// Calibration code walks parallel arrays (months × categories) by index on purpose.
#![allow(clippy::needless_range_loop)]

mod alloc;
mod applications;
mod care_hours;
mod check;
mod comparators;
mod constants;
mod csv;
mod dates;
mod demographics;
mod dims;
mod earnings;
mod job_adverts;
mod job_roles;
mod leavers;
mod nhsp;
mod nhsp_cost;
mod orgs;
mod release;
mod rng;
mod roles;
mod sickness;
mod staff_survey;
mod transitions;
mod transitions_spec;
mod vacancies;
mod workforce_2016;
mod workforce_bands;
mod workforce_monthly;
mod workforce_org;
mod workforce_plan;
mod year_on;

use std::path::{Path, PathBuf};
use std::process::exit;

use crate::csv::{Table, write_file};
use crate::dims::{SUP, is_mh_setting};
use crate::orgs::ORGS;
use crate::rng::Rng;

struct Args {
    out: PathBuf,
    seed: u64,
    check_only: bool,
    year_on: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut out = None;
    let mut seed = 2020u64;
    let mut check_only = false;
    let mut year_on = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => out = Some(PathBuf::from(it.next().ok_or("--out needs a folder")?)),
            "--seed" => {
                let v = it.next().ok_or("--seed needs a number")?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed: not a number: {v}"))?;
            }
            "--check" => check_only = true,
            "--year-on" => {
                year_on = Some(PathBuf::from(
                    it.next()
                        .ok_or("--year-on needs the previous release's folder")?,
                ))
            }
            "-h" | "--help" => {
                println!(
                    "usage: generate_release --out DIR [--seed N] [--check] [--year-on PREVIOUS]"
                );
                exit(0);
            }
            other => {
                return Err(format!(
                    "unknown argument {other} (usage: --out DIR [--seed N] [--check])"
                ));
            }
        }
    }
    Ok(Args {
        out: out.ok_or("--out DIR is required")?,
        seed,
        check_only,
        year_on,
    })
}

fn main() {
    match run() {
        Ok(code) => exit(code),
        Err(e) => {
            eprintln!("generate_release: error: {e}");
            exit(2);
        }
    }
}

fn run() -> Result<i32, String> {
    let args = parse_args()?;
    if let Some(previous) = &args.year_on {
        // A later edition: the calibration checks are for the first release only.
        year_on::generate(previous, &args.out, args.seed)?;
        return Ok(0);
    }
    if !args.check_only {
        generate(&args.out, args.seed)?;
    }
    let fails = check::run(&args.out)?.print();
    if fails > 0 {
        eprintln!("generate_release: {fails} check(s) FAILED");
        return Ok(1);
    }
    Ok(0)
}

fn generate(out: &Path, seed: u64) -> Result<(), String> {
    std::fs::create_dir_all(out)
        .map_err(|e| format!("cannot create output folder {}: {e}", out.display()))?;
    let plan = workforce_plan::build(&mut Rng::stream(seed, "plan"));
    let cells = workforce_org::build(&plan, &mut Rng::stream(seed, "org"));
    // June 2020 sums of file 2 feed every other generator.
    let mut june = [[(0i64, 0i64); 2]; 7];
    let mut org_fte = vec![[0i64; 7]; ORGS.len()];
    let mut support = [[(0i64, 0i64); 4]; 2];
    for c in &cells {
        let m = usize::from(!is_mh_setting(c.setting));
        june[c.group][m].0 += c.fte;
        june[c.group][m].1 += c.hc;
        org_fte[c.org][c.group] += c.fte;
        if c.group == SUP {
            support[m][c.band].0 += c.fte;
            support[m][c.band].1 += c.hc;
        }
    }
    let series = workforce_monthly::build(&june, &mut Rng::stream(seed, "monthly"));
    let t_jun19 = dates::t_of(2019, 6);
    let june19 = [0, 1].map(|m| {
        let s = series
            .iter()
            .find(|s| s.group == SUP && s.mh == m)
            .expect("support series");
        (s.fte[t_jun19], s.hc[t_jun19])
    });
    let roles = job_roles::build(
        [june[SUP][0], june[SUP][1]],
        &mut Rng::stream(seed, "roles"),
    );
    let demo = demographics::build(&support, &june19, &mut Rng::stream(seed, "demographics"));
    let mut trans = transitions::build(&mut Rng::stream(seed, "transitions"));
    let survey = staff_survey::build(&mut Rng::stream(seed, "staff_survey"));
    let vacancies = vacancies::build(&mut Rng::stream(seed, "vacancies"));
    let nhsp = nhsp::build(&mut Rng::stream(seed, "nhsp"));
    let nhsp_costs = nhsp_cost::build(&nhsp, &mut Rng::stream(seed, "nhsp_cost"));
    let applications = applications::build(&mut Rng::stream(seed, "applications"));
    let care = care_hours::build(&mut Rng::stream(seed, "care_hours"));
    let population = comparators::population(&mut Rng::stream(seed, "population"));
    let nhs_ethnicity = comparators::nhs_staff(&mut Rng::stream(seed, "all_staff_ethnicity"));
    let files: Vec<(&str, Table)> = vec![
        (
            "applications/applications_per_appointment_2017.csv",
            applications::table(&applications),
        ),
        (
            "demographics/support_staff_demographics.csv",
            demographics::table(&demo),
        ),
        ("earnings/earnings_by_staff_group.csv", earnings::table()),
        ("reference/job_adverts.csv", job_adverts::table()),
        ("reference/published_constants.csv", constants::table()),
        (
            "reference/mental_health_workforce_2016.csv",
            workforce_2016::table(),
        ),
        (
            "leavers/reasons_for_leaving_2019-06_2020-06.csv",
            leavers::table(),
        ),
        (
            "population/working_age_population_2011.csv",
            comparators::population_table(&population),
        ),
        (
            "progression/role_band_transitions_2019-06_2020-06.csv.gz",
            transitions::table(&mut trans),
        ),
        (
            "safe-staffing/care_hours_by_trust.csv",
            care_hours::table(&care),
        ),
        (
            "sickness/sickness_absence_by_org.csv.gz",
            sickness::table(&org_fte, &series, &mut Rng::stream(seed, "sickness")),
        ),
        (
            "staff-survey/nhs_staff_survey_2019.csv",
            staff_survey::table(&survey),
        ),
        (
            "temporary-staffing/nhsp_shifts_by_trust.csv.gz",
            nhsp_cost::table(&nhsp, &nhsp_costs),
        ),
        (
            "vacancies/advertised_vacancies.csv",
            vacancies::table(&vacancies),
        ),
        (
            "workforce/all_nhs_staff_by_ethnicity_2019-03.csv",
            comparators::nhs_staff_table(&nhs_ethnicity),
        ),
        (
            "workforce/hchs_workforce_monthly_national.csv",
            workforce_monthly::table(&series),
        ),
        (
            "workforce/hchs_workforce_org_2020-06.csv.gz",
            workforce_org::table(&cells),
        ),
        (
            "workforce/support_job_roles_2020-06.csv",
            job_roles::table(&roles),
        ),
    ];
    let mut total = 0usize;
    println!("{:58} {:>8} {:>10}", "file", "rows", "bytes");
    for (path, table) in files {
        let rows = table.rows;
        let bytes = table.into_bytes();
        total += bytes.len();
        println!("{path:58} {rows:>8} {:>10}", bytes.len());
        write_file(&out.join(path), &bytes)?;
    }
    let manifest = release::manifest(seed);
    total += manifest.len();
    println!("{:58} {:>8} {:>10}", "release.toml", "-", manifest.len());
    write_file(&out.join("release.toml"), manifest.as_bytes())?;
    println!("{:58} {:>8} {:>10}\n", "total", "", total);
    Ok(())
}
