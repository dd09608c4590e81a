//! One module per subcommand, each with a short `run` entry that delegates to the library.

pub(crate) mod bench;
pub(crate) mod build;
pub(crate) mod diff;
pub(crate) mod explain;
pub mod graph;
pub(crate) mod status;
