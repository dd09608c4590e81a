//! The `rapport` binary: parse arguments, run, print the error chain, pick the exit code.
//!
//! Build and data errors exit 1; usage errors exit 2 (clap's convention).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
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
