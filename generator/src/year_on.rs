//! `--year-on FROM`: the following year's release, made from a release already generated.
//!
//! Publishers rarely change much between editions, and this mode changes what they do
//! change:
//! * **Periods move on a year.** Every date (month ends stay month ends, so 29 February
//!   appears in leap years), every `YEAR`, every year in a column or file name.
//! * **History stands, a new year is added.** A time series covers the same span a year
//!   later: the periods both releases cover keep the values already published (restated for
//!   merged organisations), the oldest year drops out, and the new year is the last one
//!   grown by the trend.
//! * **Trends.** Counts grow: mental health support staff fastest (4% over the year), other
//!   support staff 3%, everyone else 2.5%. Each series gets its own small seeded variation,
//!   rates (sickness days, survey answers, unfilled hours) move by a few per cent, and pay
//!   and prices rise 3%.
//! * **Organisations change.** Camden and Islington joins Barnet, Enfield and Haringey,
//!   which is renamed North London NHS Foundation Trust; North Staffordshire Combined
//!   Healthcare joins Midlands Partnership; South West London and St George's becomes a
//!   foundation trust and changes its name.
//! * **One column is renamed**, as publishers sometimes do: the sickness file's
//!   `FTE_DAYS_LOST` becomes `FTE_DAYS_SICK`.
//!
//! The 2011 Census population, the constants quoted from other publications and the review of
//! job adverts (November 2020 and January 2021) are copied unchanged. Output is deterministic for a given input and seed.

use std::collections::BTreeMap;
use std::path::Path;

use crate::csv::{Parsed, Table, read_csv, write_file};
use crate::rng::Rng;

/// Files copied byte for byte: they do not change with the year.
const UNCHANGED: [&str; 4] = [
    "population/working_age_population_2011.csv",
    "reference/job_adverts.csv",
    "reference/mental_health_workforce_2016.csv",
    "reference/published_constants.csv",
];
/// Acquired organisation code → (acquirer code, acquirer's name after the merger).
const MERGERS: [(&str, &str, &str); 2] = [
    ("TAF", "RRP", "North London NHS Foundation Trust"),
    ("RLY", "RRE", "Midlands Partnership NHS Foundation Trust"),
];
/// Organisations renamed without merging.
const RENAMES: [(&str, &str); 1] = [(
    "RQY",
    "South West London and St George's Mental Health NHS Foundation Trust",
)];
/// The column a publisher renamed: (file, old name, new name).
const RENAMED_COLUMN: (&str, &str, &str) = (
    "sickness/sickness_absence_by_org.csv.gz",
    "FTE_DAYS_LOST",
    "FTE_DAYS_SICK",
);
/// Prices and pay: rise by this factor over the year.
const PRICE_GROWTH: f64 = 1.03;
const PRICE_COLUMNS: [&str; 4] = [
    "BANK_COST_PER_HOUR",
    "AGENCY_COST_PER_HOUR",
    "MEAN_ANNUAL_EARNINGS_PER_FTE",
    "MIN_ANNUAL_BASIC_PAY",
];
/// Numerators of rates, given their own variation so the rates move: (column, spread).
const RATE_NUMERATORS: [(&str, f64); 5] = [
    ("FTE_DAYS_LOST", 0.06),
    ("POSITIVE", 0.05),
    ("HOURS_UNFILLED", 0.08),
    ("APPOINTMENTS", 0.05),
    ("CARE_STAFF_HOURS", 0.04),
];

/// Writes the year-on release of `from` into `out`.
pub(crate) fn generate(from: &Path, out: &Path, seed: u64) -> Result<(), String> {
    let manifest = std::fs::read_to_string(from.join("release.toml"))
        .map_err(|e| format!("cannot read {}: {e}", from.join("release.toml").display()))?;
    println!("{:58} {:>8}", "file", "rows");
    for path in manifest_paths(&manifest) {
        let source = from.join(&path);
        let target = out.join(shift_years_in_name(&path));
        if UNCHANGED.contains(&path.as_str()) {
            let bytes = std::fs::read(&source)
                .map_err(|e| format!("cannot read {}: {e}", source.display()))?;
            write_file(&target, &bytes)?;
            println!("{:58} {:>8}", shift_years_in_name(&path), "copied");
            continue;
        }
        let parsed = read_csv(&source)?;
        let mut rng = Rng::stream(seed, &path);
        let table = transform(&path, parsed, &mut rng);
        println!("{:58} {:>8}", shift_years_in_name(&path), table.rows);
        write_file(&target, &table.into_bytes())?;
    }
    let mut next = next_manifest(&manifest, seed);
    next.push_str(&changes(from, &manifest)?);
    write_file(&out.join("release.toml"), next.as_bytes())
}

/// The `[[changes]]` of the next release: each merger and rename, by code and by name, so
/// that its checks can tell a declared reorganisation from an organisation gone missing.
fn changes(from: &Path, manifest: &str) -> Result<String, String> {
    // The organisations' names before the year on, from the first file that has them.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for path in manifest_paths(manifest) {
        let parsed = read_csv(&from.join(&path))?;
        let code = parsed.header.iter().position(|h| h == "ORG_CODE");
        let name = parsed.header.iter().position(|h| h == "ORG_NAME");
        if let (Some(code), Some(name)) = (code, name) {
            for row in &parsed.rows {
                names
                    .entry(row[code].clone())
                    .or_insert_with(|| row[name].clone());
            }
        }
    }
    let name_of = |code: &str| {
        names
            .get(code)
            .cloned()
            .ok_or_else(|| format!("no file of {} names organisation {code}", from.display()))
    };
    let mut out = String::new();
    let mut entry = |kind: &str, column: &str, old: &str, new: &str, note: &str| {
        out.push_str(&format!(
            "\n[[changes]]\nkind = \"{kind}\"\ncolumn = \"{column}\"\nfrom = \"{old}\"\nto = \"{new}\"\nnote = \"{note}\"\n"
        ));
    };
    for (acquired, acquirer, new_name) in MERGERS {
        let note = format!("{acquired} merged into {acquirer}, which is now {new_name}");
        entry("merger", "ORG_CODE", acquired, acquirer, &note);
        entry("merger", "ORG_NAME", &name_of(acquired)?, new_name, &note);
        let old = name_of(acquirer)?;
        if old != new_name {
            entry("rename", "ORG_NAME", &old, new_name, &note);
        }
    }
    for (code, new_name) in RENAMES {
        let note = format!("{code} renamed, without merging");
        entry("rename", "ORG_NAME", &name_of(code)?, new_name, &note);
    }
    Ok(out)
}

/// The `name = "…"` of a `release.toml`'s `[release]`.
fn release_name(manifest: &str) -> String {
    manifest
        .lines()
        .find_map(|l| l.strip_prefix("name = \""))
        .and_then(|l| l.strip_suffix('"'))
        .unwrap_or_default()
        .to_owned()
}

/// The `path = "…"` entries of a `release.toml`.
fn manifest_paths(manifest: &str) -> Vec<String> {
    manifest
        .lines()
        .filter_map(|l| l.strip_prefix("path = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .map(str::to_owned)
        .collect()
}

/// The next release's `release.toml`: a year on, with the same files under their new names.
fn next_manifest(manifest: &str, seed: u64) -> String {
    let mut out = String::new();
    let mut unchanged = false;
    for line in manifest.lines() {
        if let Some(path) = line
            .strip_prefix("path = \"")
            .and_then(|l| l.strip_suffix('"'))
        {
            unchanged = UNCHANGED.contains(&path);
        }
        let shifted = if let Some(path) = line
            .strip_prefix("path = \"")
            .and_then(|l| l.strip_suffix('"'))
        {
            format!("path = \"{}\"", shift_years_in_name(path))
        } else if line.starts_with("name = ") {
            shift_years_in_name(line)
        } else if line.starts_with("generator = ") {
            format!(
                "generator = \"src/bin/generate_release --year-on (seed {seed}): the previous release a year on\""
            )
        } else if line.starts_with("title = ") {
            shift_years(line).replace("synthetic reconstruction", "synthetic, a year on")
        } else if line.starts_with("published = ") {
            format!(
                "{}\nprevious = \"../{}\"",
                shift_years(line),
                release_name(manifest)
            )
        } else if unchanged || line.starts_with("series = ") {
            line.to_owned()
        } else {
            shift_years(line)
        };
        out.push_str(&shifted.replace(RENAMED_COLUMN.1, RENAMED_COLUMN.2));
        out.push('\n');
    }
    out
}

fn transform(path: &str, parsed: Parsed, rng: &mut Rng) -> Table {
    let Parsed { header, rows } = parsed;
    let date_columns: Vec<usize> = (0..header.len())
        .filter(|&c| rows.iter().all(|r| is_date(&r[c])))
        .collect();
    let numeric: Vec<usize> = (0..header.len())
        .filter(|&c| header[c] != "YEAR" && rows.iter().all(|r| r[c].parse::<f64>().is_ok()))
        .collect();
    // The time of each row: its date, or its `YEAR`; the next release covers the same span a
    // year later. Periods both releases cover keep the values already published; the new
    // year is the last year grown by the trend.
    let time_column = date_columns
        .first()
        .copied()
        .or_else(|| header.iter().position(|h| h == "YEAR"));
    let time = |row: &[String]| time_column.map_or(String::new(), |c| row[c].clone());
    let shift = |t: &str| -> String {
        next_year(t).unwrap_or_else(|| {
            t.parse::<i32>()
                .map_or(t.to_owned(), |y| (y + 1).to_string())
        })
    };
    let last = rows.iter().map(|r| time(r)).max().unwrap_or_default();
    let series_of = |row: &[String]| -> String {
        (0..header.len())
            .filter(|c| !numeric.contains(c) && Some(*c) != time_column)
            .map(|c| row[c].as_str())
            .collect::<Vec<_>>()
            .join("|")
    };
    let published: BTreeMap<(String, String), usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| ((series_of(r), time(r)), i))
        .collect();
    let mut series_noise: BTreeMap<String, f64> = BTreeMap::new();
    let mut rate_noise: BTreeMap<(String, usize), f64> = BTreeMap::new();
    let mut out_rows: Vec<Vec<String>> = Vec::with_capacity(rows.len());
    for row in &rows {
        let series = series_of(row);
        let shifted = shift(&time(row));
        let already = (time_column.is_some() && shifted <= last)
            .then(|| published.get(&(series.clone(), shifted.clone())))
            .flatten();
        let noise = *series_noise
            .entry(series.clone())
            .or_insert_with(|| rng.range(-0.02, 0.02));
        let growth = trend(&header, row) * (1.0 + noise);
        let mut new_row = Vec::with_capacity(row.len());
        for (c, cell) in row.iter().enumerate() {
            let name = header[c].as_str();
            let value = if Some(c) == time_column {
                shifted.clone()
            } else if numeric.contains(&c) {
                match already {
                    Some(&i) => rows[i][c].clone(),
                    None => {
                        let v: f64 = cell.parse().expect("checked numeric");
                        let factor = if PRICE_COLUMNS.contains(&name) {
                            PRICE_GROWTH
                        } else if let Some((_, spread)) =
                            RATE_NUMERATORS.iter().find(|(n, _)| *n == name)
                        {
                            let extra = *rate_noise
                                .entry((series.clone(), c))
                                .or_insert_with(|| rng.range(-spread, *spread));
                            growth * (1.0 + extra)
                        } else {
                            growth
                        };
                        format_like(cell, v * factor)
                    }
                }
            } else {
                shift_dates(cell)
            };
            new_row.push(value);
        }
        out_rows.push(new_row);
    }
    let mut header = header;
    let out_rows = reorganise(&header, out_rows, &numeric);
    let out_rows = fix_identities(&header, out_rows);
    if path == RENAMED_COLUMN.0 {
        for h in header.iter_mut().filter(|h| *h == RENAMED_COLUMN.1) {
            *h = RENAMED_COLUMN.2.to_owned();
        }
    }
    let header: Vec<String> = header.iter().map(|h| shift_years(h)).collect();
    let mut table = Table::new(&header.iter().map(String::as_str).collect::<Vec<_>>());
    for row in &out_rows {
        table.row(&row.iter().map(String::as_str).collect::<Vec<_>>());
    }
    table
}

/// Columns that say whom a row counts, for choosing its trend.
const CLASS_COLUMNS: [&str; 9] = [
    "STAFF_GROUP",
    "SETTING",
    "MH_SERVICES",
    "GROUP",
    "CLUSTER_GROUP",
    "STAFF_CATEGORY",
    "ROLE_GROUP",
    "TRUST_TYPE",
    "ORG_TYPE",
];

/// Growth over the year for a row, by whom it counts.
fn trend(header: &[String], row: &[String]) -> f64 {
    let class: String = header
        .iter()
        .zip(row)
        .filter(|(h, _)| CLASS_COLUMNS.contains(&h.as_str()))
        .map(|(_, v)| v.to_lowercase())
        .collect::<Vec<_>>()
        .join("|");
    let support = class.contains("support");
    let mental_health = class.contains("mental health");
    match (support, mental_health) {
        (true, true) => 1.04,
        (true, false) => 1.03,
        _ => 1.025,
    }
}

/// Applies mergers and renames, then adds up rows that now describe the same thing.
fn reorganise(header: &[String], rows: Vec<Vec<String>>, numeric: &[usize]) -> Vec<Vec<String>> {
    let code = header
        .iter()
        .position(|h| h == "ORG_CODE" || h == "TRUST_CODE");
    let Some(code) = code else { return rows };
    let name = header.iter().position(|h| h == "ORG_NAME");
    let mut merged: Vec<Vec<String>> = Vec::new();
    let mut index: BTreeMap<Vec<String>, usize> = BTreeMap::new();
    for mut row in rows {
        let acquirer = MERGERS.iter().any(|(_, to, _)| row[code] == *to);
        if let Some((_, to, new_name)) = MERGERS
            .iter()
            .find(|(from, to, _)| row[code] == *from || row[code] == *to)
        {
            row[code] = (*to).to_owned();
            if let Some(n) = name {
                row[n] = (*new_name).to_owned();
            }
        }
        if let (Some(n), Some((_, new_name))) =
            (name, RENAMES.iter().find(|(c, _)| row[code] == *c))
        {
            row[n] = (*new_name).to_owned();
        }
        let key: Vec<String> = (0..row.len())
            .filter(|c| !numeric.contains(c))
            .map(|c| row[c].clone())
            .collect();
        match index.get(&key) {
            Some(&at) => {
                for &c in numeric {
                    if PRICE_COLUMNS.contains(&header[c].as_str()) {
                        // The acquirer's prices stand.
                        if acquirer {
                            merged[at][c] = row[c].clone();
                        }
                        continue;
                    }
                    let sum: f64 = merged[at][c].parse::<f64>().unwrap_or(0.0)
                        + row[c].parse::<f64>().unwrap_or(0.0);
                    merged[at][c] = format_like(&row[c], sum);
                }
            }
            None => {
                index.insert(key, merged.len());
                merged.push(row);
            }
        }
    }
    merged
}

/// Keeps the arithmetic identities of the source files true after scaling.
fn fix_identities(header: &[String], mut rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    let col = |name: &str| header.iter().position(|h| h == name);
    // Temporary staffing: hours requested are the hours filled by bank and agency plus unfilled.
    if let (Some(req), Some(bank), Some(agency), Some(unfilled)) = (
        col("HOURS_REQUESTED"),
        col("HOURS_FILLED_BANK"),
        col("HOURS_FILLED_AGENCY"),
        col("HOURS_UNFILLED"),
    ) {
        for row in &mut rows {
            let sum: i64 = [bank, agency, unfilled]
                .iter()
                .map(|&c| row[c].parse::<i64>().unwrap_or(0))
                .sum();
            row[req] = sum.to_string();
        }
    }
    // Survey: no more positive answers than respondents.
    if let (Some(resp), Some(pos)) = (col("RESPONDENTS"), col("POSITIVE")) {
        for row in &mut rows {
            let (r, p): (i64, i64) = (
                row[resp].parse().unwrap_or(0),
                row[pos].parse().unwrap_or(0),
            );
            row[pos] = p.min(r).to_string();
        }
    }
    // Headcount is never below full-time equivalent.
    if let (Some(fte), Some(hc)) = (col("FTE"), col("HC")) {
        for row in &mut rows {
            let (f, h): (f64, i64) = (
                row[fte].parse().unwrap_or(0.0),
                row[hc].parse().unwrap_or(0),
            );
            if (h as f64) < f {
                row[hc] = (f.ceil() as i64).to_string();
            }
        }
    }
    rows
}

/// `value` written with as many decimals as `like`.
fn format_like(like: &str, value: f64) -> String {
    match like.split_once('.') {
        Some((_, decimals)) => format!("{value:.*}", decimals.len()),
        None => format!("{}", value.round() as i64),
    }
}

fn is_date(text: &str) -> bool {
    parse_date(text).is_some()
}

fn parse_date(text: &str) -> Option<(i32, u32, u32)> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Some((
        text[..4].parse().ok()?,
        text[5..7].parse().ok()?,
        text[8..].parse().ok()?,
    ))
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A date a year later; a month end stays a month end.
fn next_year(text: &str) -> Option<String> {
    let (y, m, d) = parse_date(text)?;
    let day = if d == days_in_month(y, m) {
        days_in_month(y + 1, m)
    } else {
        d.min(days_in_month(y + 1, m))
    };
    Some(format!("{:04}-{m:02}-{day:02}", y + 1))
}

/// Every `YYYY-MM-DD` in `text` a year later.
fn shift_dates(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(next) = rest.get(..10).and_then(next_year) {
            out.push_str(&next);
            rest = &rest[10..];
        } else {
            let c = rest.chars().next().expect("not empty");
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Every date, and every other year from 1990 to 2039 standing alone, a year later.
fn shift_years(text: &str) -> String {
    let dated = shift_dates(text);
    let chars: Vec<char> = dated.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let boundary_before = i == 0 || !chars[i - 1].is_ascii_digit();
        let window: String = chars[i..(i + 4).min(chars.len())].iter().collect();
        let boundary_after = chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        match window.parse::<i32>() {
            // A year followed by `-` begins a date, already shifted: leave it alone.
            Ok(year)
                if window.len() == 4
                    && boundary_before
                    && boundary_after
                    && (1990..2040).contains(&year)
                    && chars.get(i + 4) != Some(&'-') =>
            {
                out.push_str(&(year + 1).to_string());
                i += 4;
            }
            _ => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    out
}

/// A file name with its years moved on (`…_2019-06_2020-06.csv` → `…_2020-06_2021-06.csv`).
fn shift_years_in_name(path: &str) -> String {
    if UNCHANGED.contains(&path) {
        return path.to_owned();
    }
    shift_years(&path.replace('-', "\u{1}")).replace('\u{1}', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_ends_stay_month_ends() {
        assert_eq!(next_year("2019-02-28").unwrap(), "2020-02-29");
        assert_eq!(next_year("2020-02-29").unwrap(), "2021-02-28");
        assert_eq!(next_year("2020-06-15").unwrap(), "2021-06-15");
        assert_eq!(
            shift_dates("2019-06-30 to 2020-06-30"),
            "2020-06-30 to 2021-06-30"
        );
    }

    #[test]
    fn years_move_on_in_names_and_text() {
        assert_eq!(
            shift_years_in_name("progression/role_band_transitions_2019-06_2020-06.csv.gz"),
            "progression/role_band_transitions_2020-06_2021-06.csv.gz"
        );
        assert_eq!(shift_years("JOB_ROLE_2019"), "JOB_ROLE_2020");
        assert_eq!(
            shift_years("January 2010 to December 2020, 12345 staff"),
            "January 2011 to December 2021, 12345 staff"
        );
    }
}
