//! The raw declarations: exactly what the user wrote in `report.toml` and the files it
//! includes, nothing derived.
//!
//! Every struct rejects unknown keys so a typo is an error with a line and column (from the
//! `toml` crate) rather than a silently ignored setting. Each declaration keeps the file and
//! line it was written at ([`Declared`]), so an error found later, when the plan is resolved,
//! still points there. [`load`] reads the files; validation that needs more than one
//! declaration (references, cycles, kind-specific required fields) happens in [`crate::plan`].

mod checks;
mod claims;
mod load;
mod origin;
pub mod vars;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use checks::{
    CheckConfig, CheckKind, DatasetDisclosure, DisclosureConfig, PeriodExpectation, RateConfig,
    Severity,
};
pub use claims::{ClaimConfig, ClaimKind};
pub use load::{load, load_report};
pub use origin::{Declared, Origin};

/// All declarations of one report, gathered from `report.toml` and its includes.
#[derive(Debug, Clone)]
pub struct Config {
    /// Report metadata and folder layout.
    pub report: ReportConfig,
    /// Raw inputs, keyed by the name SQL uses to refer to them.
    pub datasets: BTreeMap<String, Declared<DatasetConfig>>,
    /// SQL transformations over datasets and other tables.
    pub tables: BTreeMap<String, Declared<TableConfig>>,
    /// Named scalar values that templates print.
    pub numbers: BTreeMap<String, Declared<NumberConfig>>,
    /// Charts rendered to SVG and PNG.
    pub figures: BTreeMap<String, Declared<FigureConfig>>,
    /// Rules datasets and tables must satisfy.
    pub checks: BTreeMap<String, Declared<CheckConfig>>,
    /// The data-dependent words of comparative sentences.
    pub claims: BTreeMap<String, Declared<ClaimConfig>>,
    /// The templated document compiled to PDF.
    pub document: DocumentConfig,
    /// Every file the declarations were read from, `report.toml` first.
    pub sources: Vec<PathBuf>,
    /// The project's root folder, canonical (`[report] project`).
    pub project: PathBuf,
}

/// `[report]`: names and default folders, relative to the folder holding `report.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {
    /// Short identifier, used for the output folder (`out/<name>/`).
    pub name: String,
    /// Human title, shown by the CLI.
    pub title: String,
    /// Default data release folder (overridden by `--data`).
    pub data: String,
    /// Output root (default `out`).
    #[serde(default = "default_out")]
    pub out: String,
    /// The project's root folder, relative to the folder holding `report.toml`: that folder
    /// itself (`.`, the default) or one above it (`../..`), for reports that share a library.
    /// Every template, library, included and `.sql` file must resolve inside it.
    #[serde(
        default = "default_project",
        skip_serializing_if = "is_default_project"
    )]
    pub project: String,
}

fn default_project() -> String {
    ".".to_owned()
}

fn is_default_project(project: &str) -> bool {
    project == "."
}

fn default_out() -> String {
    "out".to_owned()
}

/// `[datasets.<name>]`: files inside the release folder and the schema they must fit.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetConfig {
    /// File name or glob pattern relative to the release folder; several matches are stacked.
    pub path: String,
    /// File format; inferred from the extension when absent.
    pub format: Option<DataFormat>,
    /// Worksheet name for Excel files (default: the first sheet).
    pub sheet: Option<String>,
    /// Rows to skip before the header row (titles above a table in Excel releases).
    #[serde(default)]
    pub skip_rows: usize,
    /// Values that mean "suppressed" in columns that allow suppression (default `*`, `-`).
    pub suppression_markers: Option<Vec<String>>,
    /// What the dataset is, for `rapport graph` and the data pack.
    #[serde(default)]
    pub description: String,
    /// The text encoding of CSV files (default UTF-8, where any other byte is an error).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Encoding>,
    /// The expected columns, in output order.
    pub columns: Vec<ColumnConfig>,
    /// Which columns count people below national level, so that every table reading them
    /// must declare disclosure control.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disclosure: Option<DatasetDisclosure>,
}

/// Text encodings a CSV file may be declared in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Encoding {
    /// UTF-8 (the default).
    #[serde(rename = "utf-8")]
    Utf8,
    /// ISO-8859-1, as older Windows exports often are: every byte is one character.
    #[serde(rename = "latin-1")]
    Latin1,
}

/// File formats a dataset can be read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DataFormat {
    /// Comma-separated values, optionally gzip-compressed (`.csv.gz`).
    Csv,
    /// Excel 2007+ workbook.
    Xlsx,
    /// Legacy Excel workbook.
    Xls,
    /// Apache Parquet.
    Parquet,
}

impl DataFormat {
    /// The format implied by a file name (`.csv`, `.csv.gz`, `.xlsx`, `.xlsm`, `.xls`,
    /// `.parquet`), if any.
    pub fn infer(path: &std::path::Path) -> Option<DataFormat> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        if name.ends_with(".csv") || name.ends_with(".csv.gz") {
            Some(DataFormat::Csv)
        } else if name.ends_with(".xlsx") || name.ends_with(".xlsm") {
            Some(DataFormat::Xlsx)
        } else if name.ends_with(".xls") {
            Some(DataFormat::Xls)
        } else if name.ends_with(".parquet") {
            Some(DataFormat::Parquet)
        } else {
            None
        }
    }
}

/// The name, or one of the names, a column is published under.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum ColumnNames {
    /// `from = "FTE_DAYS_LOST"`.
    One(String),
    /// `from = ["FTE_DAYS_LOST", "FTE_DAYS_SICK"]`.
    Any(Vec<String>),
}

impl ColumnNames {
    /// The accepted names, in the order written.
    pub fn names(&self) -> Vec<&str> {
        match self {
            Self::One(name) => vec![name.as_str()],
            Self::Any(names) => names.iter().map(String::as_str).collect(),
        }
    }
}

impl std::fmt::Display for ColumnNames {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let quoted: Vec<String> = self.names().iter().map(|n| format!("`{n}`")).collect();
        f.write_str(&quoted.join(" or "))
    }
}

/// One expected column.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnConfig {
    /// Column name as the pipeline sees it.
    pub name: String,
    /// Value type the column is cast to.
    #[serde(rename = "type")]
    pub kind: ColumnType,
    /// Name in the file when the publisher calls it something else (a renamed column); a
    /// list accepts any one of several names, for a column renamed between releases.
    pub from: Option<ColumnNames>,
    /// Whether suppression markers are allowed (they become nulls).
    #[serde(default)]
    pub suppressed: bool,
    /// Whether empty cells are allowed (they become nulls).
    #[serde(default)]
    pub nullable: bool,
    /// `strftime` format for `date` columns (default `%Y-%m-%d`).
    pub date_format: Option<String>,
}

/// Column value types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    /// Free text.
    Text,
    /// Whole numbers.
    Integer,
    /// Decimal numbers.
    Float,
    /// Calendar dates.
    Date,
}

/// `[tables.<name>]`: one SQL query, written inline or kept in a `.sql` file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TableConfig {
    /// The query; the dataset and table names it mentions are its inputs.
    pub sql: Option<String>,
    /// A `.sql` file holding the query instead, relative to the file declaring the table.
    pub sql_file: Option<String>,
    /// What the table holds, for the data pack.
    #[serde(default)]
    pub description: String,
    /// How its counts of people are protected, or why they need not be.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disclosure: Option<DisclosureConfig>,
    /// Whether its rows are published as `tables/<name>.csv` (default true). A table that only
    /// feeds other tables may stay inside the build.
    #[serde(default = "published")]
    pub publish: bool,
}

fn published() -> bool {
    true
}

/// `[numbers.<name>]`: a value taken from a table and its display format.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NumberConfig {
    /// Source table.
    pub table: String,
    /// Column holding the value.
    pub column: String,
    /// Keep only rows whose columns equal these values.
    #[serde(default, rename = "where")]
    pub filter: BTreeMap<String, toml::Value>,
    /// How several matching rows are combined; without it exactly one row must match.
    pub agg: Option<Aggregate>,
    /// Display format.
    pub format: NumberFormat,
    /// Decimal places shown (defaults depend on the format).
    pub decimals: Option<u8>,
    /// Round to a multiple of this step before display (e.g. 1000 for "41,000").
    pub round_to: Option<f64>,
    /// Rounding rule (default half-up, as statistical publications round).
    #[serde(default)]
    pub rounding: Rounding,
    /// Show a plus sign on positive values ("+37%").
    #[serde(default)]
    pub signed: bool,
    /// What the number measures, shown in the numbers snapshot.
    #[serde(default)]
    pub description: String,
}

/// Ways of combining the rows a number selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Aggregate {
    /// Sum of the values.
    Sum,
    /// Arithmetic mean.
    Mean,
    /// Smallest value.
    Min,
    /// Largest value.
    Max,
    /// Number of rows.
    Count,
}

/// Display formats for numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberFormat {
    /// `41,000`
    Thousands,
    /// `14%` from a fraction (0.14).
    Percent,
    /// `£23,189`
    Money,
    /// `0.91`
    Ratio,
    /// `one in five`, from a fraction (0.2).
    OneIn,
    /// `twice`, `four times`, from a multiple.
    Times,
    /// A plain decimal number with `decimals` places.
    Plain,
}

/// Rounding rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Halves away from zero (0.125 → 0.13).
    #[default]
    HalfUp,
    /// Halves to the even neighbour (banker's rounding).
    HalfEven,
    /// Towards zero ("just over 41,000" style truncation).
    Down,
    /// Away from zero.
    Up,
}

/// `[figures.<name>]`: a chart. Kind-specific fields are checked by `figure::resolve`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FigureConfig {
    /// Chart kind.
    pub kind: FigureKind,
    /// Source table (one row per plotted point or bar segment).
    pub table: String,
    /// Column for the x axis (line) or the categories (bars).
    pub x: String,
    /// Column for the plotted values.
    pub y: String,
    /// Column naming the series (lines, grouped bars, stack segments).
    pub series: Option<String>,
    /// Column marking a highlighted group (ranked bars).
    pub highlight: Option<String>,
    /// Column splitting a bar chart into small multiples: one panel per value, in the table's
    /// order, on one shared value axis.
    pub panel: Option<String>,
    /// Bar orientation (default vertical; stacked bars are always horizontal).
    #[serde(default)]
    pub orientation: Orientation,
    /// Caption title.
    pub title: String,
    /// Notes printed under the figure.
    #[serde(default)]
    pub notes: String,
    /// Source line printed under the figure.
    pub source: String,
    /// Alt text, a minijinja template over the plotted data.
    pub alt: String,
    /// Label of the value axis.
    #[serde(default)]
    pub y_label: String,
    /// Label of the category / x axis.
    #[serde(default)]
    pub x_label: String,
    /// How value-axis ticks and value labels are printed.
    #[serde(default)]
    pub value_format: AxisFormat,
    /// Lower bound of the value axis (default: from the data, or 0 for bars).
    pub y_min: Option<f64>,
    /// Upper bound of the value axis (default: from the data).
    pub y_max: Option<f64>,
    /// Print values on bars.
    #[serde(default)]
    pub labels: bool,
    /// Width in millimetres (default 160).
    pub width_mm: Option<f64>,
    /// Height in millimetres (default 90).
    pub height_mm: Option<f64>,
}

/// Chart kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    /// Lines over a date or numeric x axis, one per series.
    Line,
    /// Grouped bars: categories × series.
    Bar,
    /// Horizontal 100% stacked bars: categories × segments.
    Stacked,
    /// One bar per organisation, sorted by value, coloured by a highlight group.
    Ranked,
    /// Part-to-whole: a grid of 100 squares, one per percentage point of the total, coloured
    /// by category.
    Waffle,
    /// Vertical stacked columns of absolute values: one column per x value (a month, a year),
    /// one segment per series.
    StackedColumns,
    /// A flow between two moments: each `x` value (where people were) on the left, each
    /// `series` value (where they went) on the right, joined by bands as wide as `y`.
    Flow,
}

/// Bar orientation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    /// Bars rise from the x axis.
    #[default]
    Vertical,
    /// Bars extend from the y axis.
    Horizontal,
}

/// How values on a chart axis are printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AxisFormat {
    /// Plain numbers with thousands separators.
    #[default]
    Number,
    /// Fractions shown as whole percentages.
    Percent,
    /// Values already in percent units, shown with a `%` sign.
    PercentPoints,
}

/// `[document]`: the template tree compiled to PDF.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentConfig {
    /// Template folder (every `.typ` file in it is rendered by minijinja).
    pub templates: String,
    /// Entry template, relative to the template folder.
    pub main: String,
    /// Tables whose rows templates may print (everything else is reached through numbers).
    #[serde(default)]
    pub tables: Vec<String>,
    /// A folder of shared Typst files (a house style), relative to `report.toml`, rendered
    /// like templates and served beside them.
    pub library: Option<String>,
    /// The running header, as Typst markup (like the templates), printed by templates as
    /// `{{ document.running_header }}`.
    #[serde(default)]
    pub running_header: String,
}
