//! Content hashes: BLAKE3, as hex, of bytes and of files read as a stream. The one hash every
//! key, record and manifest uses.

use std::path::Path;

use anyhow::{Context, Result};

/// Hex blake3 of some bytes.
pub(crate) fn hash_bytes(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// Hex BLAKE3 of a file's contents, read as a stream.
pub(crate) fn hash_file(path: &Path) -> Result<String> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("failed to read `{}`", path.display()))?;
    let mut hasher = blake3::Hasher::new();
    hasher
        .update_reader(std::io::BufReader::with_capacity(1 << 20, file))
        .with_context(|| format!("failed to read `{}`", path.display()))?;
    Ok(hasher.finalize().to_hex().to_string())
}
