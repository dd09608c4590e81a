//! One module per subcommand, each with a short `run` entry that delegates to the library.

pub mod bench;
pub mod build;
pub mod diff;
pub mod graph;
pub mod status;
