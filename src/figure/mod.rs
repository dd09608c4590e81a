//! The figure step: a table drawn as an SVG chart, rasterised to PNG, with its data and alt text.
//!
//! Titles, notes and sources are not drawn into the SVG: the document sets them as real text
//! in the caption, where they are searchable and read by screen readers. The SVG holds the
//! plot, axes and legend, in Libertinus Serif, so it is byte-identical on every machine.

pub(crate) mod alt;
pub(crate) mod axis;
pub(crate) mod bars;
pub(crate) mod canvas;
pub(crate) mod columns;
pub(crate) mod data;
pub(crate) mod flow;
pub(crate) mod layout;
pub(crate) mod legend;
pub(crate) mod line;
pub(crate) mod panels;
pub(crate) mod png;
pub(crate) mod stacked;
pub(crate) mod style;
pub(crate) mod table;
pub(crate) mod waffle;

use anyhow::{Context, Result, bail};
use polars::prelude::DataFrame;
use serde::{Deserialize, Serialize};

use crate::cache::{self, Artifacts};
use crate::config::{Declared, FigureConfig, FigureKind};
use crate::frame;
use canvas::Canvas;

/// What the document needs to place a figure, stored as `meta.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct FigureMeta {
    /// Caption title.
    pub title: String,
    /// Notes under the figure.
    pub notes: String,
    /// Source line.
    pub source: String,
    /// Alt text generated from the data.
    pub alt: String,
    /// Printed width in millimetres.
    pub width_mm: f64,
    /// The plotted data as a table, for the appendix of chart data.
    #[serde(default)]
    pub table: table::ChartTable,
}

/// A resolved figure: its declaration, checked for what its kind needs.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FigureSpec {
    /// The declaration as written.
    pub config: FigureConfig,
}

/// What a figure step produces.
#[derive(Debug, Clone)]
pub(crate) struct FigureOutput {
    /// The chart as SVG (fonts as paths: identical on every machine).
    pub svg: Vec<u8>,
    /// The chart rasterised, for the review page.
    pub png: Vec<u8>,
    /// The plotted data as tidy CSV.
    pub data_csv: Vec<u8>,
    /// Caption, notes, source and alt text.
    pub meta: FigureMeta,
}

/// Artifact names of a figure's output in the cache.
const SVG: &str = "figure.svg";
const PNG: &str = "figure.png";
const DATA: &str = "data.csv";
const META: &str = "meta.json";

impl FigureOutput {
    /// The output as cache artifacts.
    pub(crate) fn encode(&self) -> Result<Artifacts> {
        let mut out = Artifacts::new();
        out.insert(SVG.into(), self.svg.clone());
        out.insert(PNG.into(), self.png.clone());
        out.insert(DATA.into(), self.data_csv.clone());
        out.insert(META.into(), serde_json::to_vec_pretty(&self.meta)?);
        Ok(out)
    }

    /// The output back from cache artifacts.
    pub(crate) fn decode(artifacts: &Artifacts) -> Result<FigureOutput> {
        let get = |name: &str| cache::artifact(artifacts, name, "figure");
        Ok(FigureOutput {
            svg: get(SVG)?,
            png: get(PNG)?,
            data_csv: get(DATA)?,
            meta: serde_json::from_slice(&get(META)?).context("a cached figure's meta.json")?,
        })
    }
}

/// Checks the fields a figure's kind requires.
pub(crate) fn resolve(name: &str, declared: &Declared<FigureConfig>) -> Result<FigureSpec> {
    let origin = &declared.origin;
    let config = &declared.value;
    let needs_series = match config.kind {
        FigureKind::Stacked | FigureKind::StackedColumns => Some("the column naming the segments"),
        FigureKind::Flow => Some("the column naming where each flow goes"),
        _ => None,
    };
    if let (Some(what), None) = (needs_series, &config.series) {
        bail!(
            "{origin}: figure `{name}`: a `{}` figure needs `series` ({what})",
            kind_name(config.kind)
        );
    }
    if config.kind == FigureKind::Waffle && config.series.is_some() {
        bail!(
            "{origin}: figure `{name}`: a `waffle` shows the parts of one whole: one row per part, without `series`"
        );
    }
    if config.panel.is_some() && config.kind != FigureKind::Bar {
        bail!(
            "{origin}: figure `{name}`: `panel` splits a `bar` figure into small multiples; a `{}` figure cannot have panels",
            kind_name(config.kind)
        );
    }
    if config.kind == FigureKind::Ranked && config.series.is_some() {
        bail!(
            "{origin}: figure `{name}`: a `ranked` figure colours bars by `highlight`, not `series`"
        );
    }
    for (field, value) in [("y_min", config.y_min), ("y_max", config.y_max)] {
        if let Some(value) = value
            && !value.is_finite()
        {
            bail!("{origin}: figure `{name}`: `{field}` must be a finite number, found `{value}`");
        }
    }
    if let (Some(lo), Some(hi)) = (config.y_min, config.y_max)
        && lo >= hi
    {
        bail!("{origin}: figure `{name}`: `y_min` ({lo}) must be below `y_max` ({hi})");
    }
    for (field, value) in [
        ("width_mm", config.width_mm),
        ("height_mm", config.height_mm),
    ] {
        if let Some(value) = value
            && !(MIN_MM..=MAX_MM).contains(&value)
        {
            bail!(
                "{origin}: figure `{name}`: `{field}` is {value}; a figure is between \
                 {MIN_MM} and {MAX_MM} mm"
            );
        }
    }
    Ok(FigureSpec {
        config: config.clone(),
    })
}

/// A kind as it is declared (`stacked_columns`).
fn kind_name(kind: FigureKind) -> &'static str {
    match kind {
        FigureKind::Line => "line",
        FigureKind::Bar => "bar",
        FigureKind::Stacked => "stacked",
        FigureKind::Ranked => "ranked",
        FigureKind::Waffle => "waffle",
        FigureKind::StackedColumns => "stacked_columns",
        FigureKind::Flow => "flow",
    }
}

/// The smallest and largest width or height a figure may be declared with, in millimetres:
/// from a thumbnail to a poster, and never an image too large to rasterise.
const MIN_MM: f64 = 20.0;
const MAX_MM: f64 = 1000.0;

/// Draws a figure from its table.
pub(crate) fn render(name: &str, spec: &FigureSpec, df: &DataFrame) -> Result<FigureOutput> {
    let config = &spec.config;
    let panels = match &config.panel {
        Some(panel) => data::extract_panels(config, panel, df)?,
        None => vec![(String::new(), data::extract(config, df)?)],
    };
    let plot = &panels[0].1;
    let width_mm = config.width_mm.unwrap_or(160.0);
    let height_mm = config.height_mm.unwrap_or(90.0);
    // A flow's curved bands need finer pixels than straight bars and lines.
    let resolution = if config.kind == FigureKind::Flow {
        4.0
    } else {
        1.0
    };
    let mut svg = String::new();
    {
        let canvas = Canvas::new(
            &mut svg,
            width_mm * style::PX_PER_MM,
            height_mm * style::PX_PER_MM,
            resolution,
        )?;
        match config.kind {
            FigureKind::Bar if config.panel.is_some() => panels::draw(&canvas, config, &panels)?,
            FigureKind::Line => line::draw(&canvas, config, plot)?,
            FigureKind::Bar => bars::draw_grouped(&canvas, config, plot)?,
            FigureKind::Stacked => stacked::draw(&canvas, config, plot)?,
            FigureKind::Ranked => bars::draw_ranked(&canvas, config, plot)?,
            FigureKind::Waffle => waffle::draw(&canvas, plot)?,
            FigureKind::StackedColumns => columns::draw(&canvas, config, plot)?,
            FigureKind::Flow => flow::draw(&canvas, plot)?,
        }
        canvas.finish()?;
    }
    // A figure with protected cells says what its gaps are.
    let notes = if panels.iter().any(|(_, p)| p.has_status()) {
        let symbols = crate::status::SYMBOLS_NOTE;
        if config.notes.is_empty() {
            symbols.to_owned()
        } else {
            format!("{} {symbols}", config.notes)
        }
    } else {
        config.notes.clone()
    };
    let meta = FigureMeta {
        title: config.title.clone(),
        notes,
        source: config.source.clone(),
        alt: alt::render(name, config, &panels)?,
        width_mm,
        table: table::build(config, &panels),
    };
    Ok(FigureOutput {
        png: png::render(&svg, resolution as f32)?,
        svg: svg.into_bytes(),
        data_csv: frame::to_csv(&data::tidy_frame(config, &panels)?)?,
        meta,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Origin;

    fn declared(toml: &str) -> Declared<FigureConfig> {
        Declared {
            value: toml::from_str(&format!(
                "table = \"t\"\nx = \"x\"\ny = \"y\"\ntitle = \"T\"\nsource = \"S\"\nalt = \"A\"\n{toml}"
            ))
            .unwrap(),
            origin: Origin {
                file: "r.toml".into(),
                shown: "r.toml".into(),
                line: 3,
                column: 1,
            },
        }
    }

    #[test]
    fn each_kind_is_refused_without_what_it_draws() {
        let refused = |toml: &str| resolve("f", &declared(toml)).unwrap_err().to_string();
        assert!(
            refused("kind = \"flow\"")
                .contains("needs `series` (the column naming where each flow goes)")
        );
        assert!(
            refused("kind = \"stacked_columns\"")
                .contains("a `stacked_columns` figure needs `series`")
        );
        assert!(refused("kind = \"waffle\"\nseries = \"s\"").contains("one row per part"));
        assert!(
            refused("kind = \"line\"\npanel = \"band\"")
                .contains("a `line` figure cannot have panels")
        );
        assert!(resolve("f", &declared("kind = \"bar\"\npanel = \"band\"")).is_ok());
    }
}
