//! A data release folder and its `release.toml`: period, publication date and provenance.
//!
//! Dates are parsed once, when the folder is opened. The publication date doubles as the
//! document's fixed clock, so a rebuild of the same release produces the same PDF on any day;
//! `SOURCE_DATE_EPOCH` (read once, into the build context) overrides it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::fsx;

/// The parsed `release.toml` of one data folder.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseFile {
    /// Release-level facts.
    pub release: ReleaseInfo,
    /// One entry per data file, with its provenance.
    #[serde(default)]
    pub files: Vec<ReleaseEntry>,
    /// Changes since the previous release that explain keys appearing or disappearing
    /// (mergers, renames).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<ReleaseChange>,
}

/// `[[changes]]`: one value of one column replaced by another since the previous release.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ReleaseChange {
    /// `merger`, `rename`, or another word for what happened.
    pub kind: String,
    /// The column whose values changed (`ORG_CODE`, `ORG_NAME`).
    pub column: String,
    /// The value in the previous release.
    pub from: String,
    /// The value that replaces it (the acquirer, the new name).
    pub to: String,
    /// What happened, for the reader of a check's report.
    #[serde(default)]
    pub note: String,
}

impl ReleaseFile {
    /// Parses the bytes of a `release.toml` (`path` names it in errors).
    pub fn parse(bytes: &[u8], path: &Path) -> Result<ReleaseFile> {
        let text = std::str::from_utf8(bytes)
            .with_context(|| format!("`{}` is not UTF-8 text", path.display()))?;
        toml::from_str(text).with_context(|| format!("failed to parse `{}`", path.display()))
    }
}

/// `[release]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseInfo {
    /// Short name, usually the period (`2020-06`).
    pub name: String,
    /// Human title.
    pub title: String,
    /// Last day the data cover (`YYYY-MM-DD`).
    pub period_end: String,
    /// Publication date (`YYYY-MM-DD`), the document's fixed date.
    pub published: String,
    /// How the files were produced, when they were generated.
    #[serde(default)]
    pub generator: String,
    /// The release this one follows, as a folder relative to this one (`../2020-06`):
    /// `previous_release` checks compare with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
}

/// `[[files]]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseEntry {
    /// Path relative to the release folder.
    pub path: String,
    /// `synthetic` or `official`.
    pub provenance: Provenance,
    /// Who publishes data of this shape.
    pub publisher: String,
    /// The publication series.
    pub series: String,
    /// One sentence on what the file holds.
    #[serde(default)]
    pub description: String,
}

/// Where a file's values come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Provenance {
    /// Reconstructed by the generator in this repository.
    Synthetic,
    /// Published by the named publisher, unmodified.
    Official,
}

/// A release folder with its metadata.
#[derive(Debug, Clone)]
pub struct Release {
    /// Absolute folder path.
    pub dir: PathBuf,
    /// Parsed `release.toml`, or a minimal stand-in for folders of official files without one.
    pub meta: ReleaseFile,
    /// The period the release covers, when `release.toml` gives `period_end`.
    pub period: Option<Period>,
    /// The publication date, when `release.toml` gives one.
    pub published: Option<Date>,
}

/// The period a release covers, as templates and release variables see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// Last day covered, `YYYY-MM-DD`.
    pub end: String,
    /// Its year.
    pub year: i32,
    /// Its month, 1–12.
    pub month: u8,
    /// The month's name ("June").
    pub month_name: &'static str,
    /// "June 2020".
    pub label: String,
}

/// The months' names, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The calendar date `days` after 1 January 1970, as Polars and Arrow count dates.
pub(crate) fn date_of_days(days: i64) -> chrono::NaiveDate {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("the epoch is a date");
    epoch + chrono::TimeDelta::days(days)
}

/// A Polars date (days since 1970) as an ISO date, `2020-06-30`.
pub(crate) fn iso_date(days: i32) -> String {
    date_of_days(i64::from(days)).format("%Y-%m-%d").to_string()
}

impl Period {
    /// The period a release's metadata gives, when it has a valid `period_end`.
    pub(crate) fn of(meta: &ReleaseFile) -> Option<Period> {
        let end = &meta.release.period_end;
        Date::parse(end).map(|date| Period::ending(end, date))
    }

    fn ending(end: &str, date: Date) -> Period {
        let month_name = MONTHS[usize::from(date.month - 1)];
        Period {
            end: end.to_owned(),
            year: date.year,
            month: date.month,
            month_name,
            label: format!("{month_name} {}", date.year),
        }
    }
}

/// A calendar date, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`: a day that exists, in the years 1 to 9999 (what a PDF can carry).
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let year = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        let real = chrono::NaiveDate::from_ymd_opt(year, month.into(), day.into()).is_some();
        if parts.next().is_some() || !real || !(1..=9999).contains(&year) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The UTC date of a Unix timestamp (for `SOURCE_DATE_EPOCH`), when it falls in the years
    /// 1 to 9999.
    pub fn from_unix(seconds: i64) -> Option<Date> {
        // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
        if !(-62_135_596_800..=253_402_300_799).contains(&seconds) {
            return None;
        }
        // Civil-from-days (Howard Hinnant's algorithm), exact for the proleptic Gregorian calendar.
        let z = seconds.div_euclid(86_400) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Some(Date { year, month, day })
    }
}

impl Release {
    /// Opens a release folder; `release.toml` is optional for folders of official files.
    pub fn open(dir: &Path) -> Result<Release> {
        if !dir.is_dir() {
            bail!("data release folder `{}` does not exist", dir.display());
        }
        let dir = dir
            .canonicalize()
            .with_context(|| format!("failed to resolve `{}`", dir.display()))?;
        let toml_path = dir.join("release.toml");
        let meta = if toml_path.is_file() {
            // Like the data files, it is read only from inside the release folder.
            fsx::confined(&toml_path, &dir, "`release.toml`", "the release folder")?;
            let meta = ReleaseFile::parse(&fsx::read(&toml_path)?, &toml_path)?;
            for (field, value) in [
                ("period_end", &meta.release.period_end),
                ("published", &meta.release.published),
            ] {
                if Date::parse(value).is_none() {
                    bail!(
                        "`{}`: `release.{field}` must be a real date like 2020-06-30, found `{value}`",
                        toml_path.display()
                    );
                }
            }
            meta
        } else {
            let name = dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            ReleaseFile {
                release: ReleaseInfo {
                    name: name.clone(),
                    title: name,
                    period_end: String::new(),
                    published: String::new(),
                    generator: String::new(),
                    previous: None,
                },
                files: Vec::new(),
                changes: Vec::new(),
            }
        };
        Ok(Release::from_meta(dir, meta))
    }

    /// A release from its already-read metadata, with its dates parsed.
    pub fn from_meta(dir: PathBuf, meta: ReleaseFile) -> Release {
        let period = Period::of(&meta);
        let published = Date::parse(&meta.release.published);
        Release {
            dir,
            meta,
            period,
            published,
        }
    }

    /// The previous release's folder, when `release.toml` names one.
    pub fn previous_dir(&self) -> Option<PathBuf> {
        self.meta
            .release
            .previous
            .as_ref()
            .map(|folder| self.dir.join(folder))
    }

    /// The document date: `source_date` (from `SOURCE_DATE_EPOCH`) if set, else the
    /// publication date, else 1 Jan 1980.
    pub fn document_date(&self, source_date: Option<Date>) -> Date {
        source_date.or(self.published).unwrap_or(Date {
            year: 1980,
            month: 1,
            day: 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_dates_convert_exactly() {
        assert_eq!(
            Date::from_unix(0),
            Some(Date {
                year: 1970,
                month: 1,
                day: 1
            })
        );
        // 2021-08-20T12:00:00Z
        assert_eq!(
            Date::from_unix(1_629_460_800),
            Some(Date {
                year: 2021,
                month: 8,
                day: 20
            })
        );
        assert_eq!(
            Date::from_unix(951_782_400),
            Some(Date {
                year: 2000,
                month: 2,
                day: 29
            })
        );
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(
            Date::parse("2020-06-30"),
            Some(Date {
                year: 2020,
                month: 6,
                day: 30
            })
        );
        assert_eq!(Date::parse("2020-13-01"), None);
        assert_eq!(Date::parse("30/06/2020"), None);
        assert_eq!(Date::parse("2021-02-30"), None, "a day that does not exist");
        assert_eq!(
            Date::parse("10000-01-01"),
            None,
            "beyond what a PDF carries"
        );
    }

    #[test]
    fn a_timestamp_outside_the_years_a_pdf_carries_is_refused() {
        assert_eq!(Date::from_unix(99_999_999_999_999_999), None);
        assert_eq!(Date::from_unix(i64::MIN), None);
        assert!(Date::from_unix(253_402_300_799).is_some_and(|d| d.year == 9999));
    }
}
