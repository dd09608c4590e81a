//! rapport: a reproducible report-generation build system.
//!
//! A report is declared in `report.toml` as datasets, SQL tables, numbers, figures and a
//! templated document. [`plan`] resolves the declarations into a dependency graph, [`engine`]
//! runs it with a content-hash cache, and the node modules ([`data`], [`table`], [`number`],
//! [`figure`], [`document`]) do each node's work; [`diff`] compares two builds for review.

pub mod cache;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod data;
pub mod datapack;
pub mod diff;
pub mod document;
pub mod engine;
pub mod figure;
pub mod frame;
pub mod fsx;
pub mod number;
pub mod plan;
pub mod release;
pub mod sql;
pub mod table;
