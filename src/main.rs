//! The `rapport` binary: parse arguments, run, print the error chain, pick the exit code.
//!
//! Build and data errors exit 1; usage errors exit 2 (clap's convention).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Polars sums floats over partitions whose order depends on thread scheduling, so the last
    // bit of an aggregate can differ between runs. One Polars thread makes every table
    // bit-for-bit reproducible; rapport runs independent nodes in parallel instead.
    // SAFETY: no other thread exists yet, and nothing has read the environment.
    unsafe { std::env::set_var("POLARS_MAX_THREADS", "1") };
    let cli = rapport::cli::Cli::parse();
    match rapport::cli::run(&cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(1)
        }
    }
}
