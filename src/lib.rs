//! rapport: a reproducible report-generation build system.
//!
//! A report is declared in `report.toml` (and the files it includes) as datasets, SQL tables,
//! numbers, figures and a templated document. Reading order for a newcomer:
//! - [`pipeline`] — how a plan becomes a report, top to bottom;
//! - [`step`] — the closed set of step kinds and the one place that dispatches on them;
//! - [`plan`] — declarations resolved into typed steps and a graph;
//! - the step modules, one per kind: [`data`], [`table`], [`number`], [`figure`], [`document`];
//! - [`output`] — the output folder's layout and manifest, shared by every command;
//! - [`diff`] — comparing two builds for review.
//!
//! The library's entry point is [`cli::run`], which resolves the [`context::BuildContext`]
//! (the document clock and Polars' deterministic setup) before anything else runs.

pub mod cache;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod console;
pub mod context;
pub mod data;
pub mod datapack;
pub mod diff;
pub mod document;
pub mod figure;
pub mod frame;
pub mod fsx;
pub mod inputs;
pub mod number;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod project;
pub mod release;
pub mod sql;
pub mod step;
pub mod store;
pub mod table;
