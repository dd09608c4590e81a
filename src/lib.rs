//! rapport: a reproducible report-generation build system.
//!
//! A report is declared in `report.toml` (and the files it includes) as datasets, SQL tables,
//! numbers, figures and a templated document. Reading order for a newcomer:
//! - [`pipeline`] — how a plan becomes a report, top to bottom;
//! - `step` — the closed set of step kinds, where the engine dispatches on them;
//! - [`plan`] — declarations resolved into typed steps and a graph;
//! - the step modules, one per kind: `data`, `table`, `number`, `figure`, `check`,
//!   `document`;
//! - [`output`] — the output folder's layout and manifest, shared by every command;
//! - `diff` — comparing two builds for review.
//!
//! The library's entry point is [`cli::run`], which resolves the [`context::BuildContext`]
//! (the document clock and Polars' deterministic setup) before anything else runs. The public
//! API is what an embedding tool needs: locate a [`project::Project`], load a [`plan::Plan`],
//! [`pipeline::build`] it and read the result through [`output::OutputFolder`]; every module
//! that only serves those is crate-private, so unused code is reported by the compiler.

pub(crate) mod cache;
pub(crate) mod check;
pub(crate) mod claim;
pub mod cli;
pub mod cmd;
pub mod config;
pub(crate) mod console;
pub mod context;
pub(crate) mod data;
pub(crate) mod datapack;
pub(crate) mod diff;
pub(crate) mod disclosure;
pub(crate) mod document;
pub(crate) mod explain;
pub(crate) mod figure;
pub(crate) mod frame;
pub(crate) mod fsx;
pub(crate) mod hash;
pub(crate) mod inputs;
pub(crate) mod number;
pub mod output;
pub mod pipeline;
pub mod plan;
pub(crate) mod predicate;
pub mod project;
pub mod release;
pub(crate) mod scale;
pub(crate) mod sql;
pub(crate) mod status;
pub(crate) mod step;
pub(crate) mod store;
pub(crate) mod table;
