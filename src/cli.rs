//! Command-line arguments and dispatch to one entry function per subcommand.
//!
//! [`run`] is the library's entry point: it resolves the build context once, then hands the
//! project's options to the subcommand.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

use crate::cmd;
use crate::cmd::graph::GraphFormat;
use crate::context::BuildContext;
use crate::project::ProjectOptions;

/// rapport: build reproducible statistical reports from raw data releases.
#[derive(Debug, Parser)]
#[command(name = "rapport", version, about)]
pub struct Cli {
    /// Path of the report declaration.
    #[arg(long, global = true, default_value = "report.toml")]
    pub manifest: PathBuf,
    /// Data release folder (default: `report.data` in the manifest).
    #[arg(long, global = true)]
    pub data: Option<PathBuf>,
    /// Output root (default: `report.out`, usually `out`).
    #[arg(long, global = true)]
    pub out: Option<PathBuf>,
    /// Cache root (default: `.rapport-cache` beside the manifest).
    #[arg(long, global = true)]
    pub cache: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the report: PDF, figures, tables, data pack and manifest.
    Build {
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// List what is out of date and why, without building.
    Status,
    /// Print the dependency graph.
    Graph {
        /// Output format.
        #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
        format: GraphFormat,
    },
    /// Compare two builds and write a review page and a Markdown summary.
    ///
    /// BEFORE and AFTER are each a build output folder (with manifest.json), a data release
    /// folder (the report is built from it) or a git revision (the report as committed there);
    /// prefix with `build:`, `data:` or `git:` to say which. Without AFTER, the working tree
    /// is built and compared. Exit status: 0 when the builds are identical, 3 when anything
    /// changed, 1 on error.
    Diff {
        /// The old side.
        before: String,
        /// The new side (default: the working tree).
        after: Option<String>,
        /// Folder for the review page (default: `out/<report>-review`).
        #[arg(long)]
        review: Option<PathBuf>,
        /// Print nothing; the exit status says whether anything changed.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Print the whole trail of one printed number: the sentences it is printed in, its
    /// declaration, its table and SQL, the datasets and files (with hashes) it comes from,
    /// the rows that fed it, its raw and printed value, and the checks that guard it.
    ///
    /// NUMBER is a number's name (`numbers.<name>` in templates) or the text printed for it
    /// ("339,200"). The report is built first (a no-op when it is up to date).
    Explain {
        /// The number's name or printed text.
        #[arg(required_unless_present = "all")]
        number: Option<String>,
        /// Explain every declared number, one after another.
        #[arg(long, conflicts_with = "number")]
        all: bool,
    },
    /// Time a cold build, a no-op rebuild and a rebuild after a template edit.
    ///
    /// With `--scale ROWS`, time them instead on a synthetic release of ROWS rows in the
    /// `workforce_org` schema (CSV and Parquet), beside Polars alone running the same
    /// aggregations (the floor), with peak memory.
    Bench {
        /// Repetitions of each scenario (the median is reported).
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Rows of the synthetic release for the scale benchmark.
        #[arg(long)]
        scale: Option<usize>,
        /// Keep the scale benchmark's release, reports and outputs in this folder (default: a
        /// temporary folder, removed afterwards).
        #[arg(long, requires = "scale")]
        keep: Option<PathBuf>,
    },
    /// The floor of the scale benchmark: the benchmark's queries in Polars alone, with all
    /// of Polars' threads, printing seconds and peak memory (run by `bench --scale`).
    #[command(hide = true)]
    BenchFloor {
        /// The release file (CSV or Parquet).
        file: PathBuf,
    },
    /// One cold build of the scale benchmark in a process of its own, printing seconds and
    /// peak memory (run by `bench --scale`).
    #[command(hide = true)]
    BenchCold,
    /// Internal: decodes an untrusted file under a memory bound (see `data::isolate`).
    #[command(hide = true)]
    Isolated {
        /// What to do, as JSON.
        #[arg(long)]
        task: String,
        /// The address-space bound, in bytes.
        #[arg(long)]
        memory: u64,
        /// The CPU-time bound, in seconds.
        #[arg(long)]
        seconds: u64,
    },
}

impl Cli {
    /// Where the project and its folders are.
    pub fn project_options(&self) -> ProjectOptions {
        ProjectOptions {
            manifest: self.manifest.clone(),
            data: self.data.clone(),
            out: self.out.clone(),
            cache: self.cache.clone(),
        }
    }
}

/// Runs the chosen subcommand: the library's entry point.
pub fn run(cli: &Cli) -> Result<ExitCode> {
    if let Command::Isolated {
        task,
        memory,
        seconds,
    } = &cli.command
    {
        return Ok(crate::data::serve_isolated(task, *memory, *seconds));
    }
    // Workbooks and Parquet files are decoded in bounded children of this binary.
    if let Ok(exe) = std::env::current_exe() {
        crate::data::isolate::enable(exe);
    }
    if let Command::BenchFloor { file } = &cli.command {
        // Polars alone, as a user would run it: no single-thread setup, so this comes first.
        return cmd::bench::floor(file);
    }
    let context = BuildContext::from_env()?;
    let options = cli.project_options();
    match &cli.command {
        Command::Build { quiet } => cmd::build::run(&options, &context, *quiet),
        Command::Status => cmd::status::run(&options, &context),
        Command::Graph { format } => cmd::graph::run(&options, &context, *format),
        Command::Diff {
            before,
            after,
            review,
            quiet,
        } => cmd::diff::run(
            &options,
            &context,
            before,
            after.as_deref(),
            review.as_deref(),
            *quiet,
        ),
        Command::Explain { number, all } => {
            cmd::explain::run(&options, &context, number.as_deref().filter(|_| !*all))
        }
        Command::Bench { runs, scale, keep } => match scale {
            Some(rows) => cmd::bench::run_scale(&context, *rows, *runs, keep.as_deref()),
            None => cmd::bench::run(&options, &context, *runs),
        },
        Command::BenchCold => cmd::bench::cold(&options, &context),
        Command::BenchFloor { .. } | Command::Isolated { .. } => {
            unreachable!("handled before the context is made")
        }
    }
}
