//! File-system helpers that put the path in every error and write atomically.
//!
//! Every write goes to a temporary file in the destination folder and is renamed into place,
//! so a failed or killed build never leaves a half-written output or cache entry behind.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Reads a whole file.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))
}

/// Reads a whole UTF-8 file.
pub(crate) fn read_to_string(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("failed to read `{}`", path.display()))
}

/// How [`confined`] names the project in its error.
pub(crate) const PROJECT: &str = "the project (`[report] project`)";

/// `path` resolved (symlinks followed, `..` removed), refused unless it lies inside `folder`
/// (itself canonical): what a report names may only read what its project or release holds.
/// `what` says what the path is and `inside` what the folder is, for the error.
pub(crate) fn confined(path: &Path, folder: &Path, what: &str, inside: &str) -> Result<PathBuf> {
    let resolved = path
        .canonicalize()
        .with_context(|| format!("failed to resolve {what} `{}`", path.display()))?;
    if !resolved.starts_with(folder) {
        anyhow::bail!(
            "{what} `{}` resolves to `{}`, outside {inside} `{}`; a report reads only files inside it",
            path.display(),
            resolved.display(),
            folder.display()
        );
    }
    Ok(resolved)
}

/// Opens (creating it, never truncating it) the file that `what` locks, for `File::lock`.
pub(crate) fn open_lock(path: &Path, what: &str) -> Result<fs::File> {
    fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .with_context(|| format!("failed to open {what} `{}`", path.display()))
}

/// Creates a folder and its parents.
pub(crate) fn create_dir_all(path: &Path) -> Result<()> {
    fs::create_dir_all(path)
        .with_context(|| format!("failed to create folder `{}`", path.display()))
}

/// Writes `bytes` to `path` atomically: temp file in the same folder, fsync, rename.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_replacing(path, bytes, true)
}

/// Writes `bytes` to `path` atomically for other processes (temp file, rename) but without
/// waiting for the disk: for the cache, whose files are checked when read and rebuilt when
/// missing, so that a cold build does not wait for hundreds of flushes.
pub(crate) fn write_atomic_unsynced(path: &Path, bytes: &[u8]) -> Result<()> {
    write_replacing(path, bytes, false)
}

/// Makes `link` a second name of the file `target`, replacing whatever `link` named, in one
/// rename (a hard link under a temporary name first).
pub(crate) fn link_atomic(target: &Path, link: &Path) -> Result<()> {
    let dir = link.parent().unwrap_or(Path::new("."));
    create_dir_all(dir)?;
    let temporary = tempfile::Builder::new()
        .prefix(".link-")
        .make_in(dir, |path| fs::hard_link(target, path))
        .with_context(|| format!("failed to link `{}`", link.display()))?;
    temporary
        .persist(link)
        .with_context(|| format!("failed to move the new `{}` into place", link.display()))?;
    Ok(())
}

fn write_replacing(path: &Path, bytes: &[u8], sync: bool) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    create_dir_all(dir)?;
    // Readable by others, as files a publication is made of are (0644 on Unix); a temporary
    // file would otherwise keep its private 0600.
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder
        .tempfile_in(dir)
        .with_context(|| format!("failed to create a temporary file in `{}`", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|()| {
            if sync {
                tmp.as_file().sync_all()
            } else {
                Ok(())
            }
        })
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    tmp.persist(path)
        .with_context(|| format!("failed to move the new `{}` into place", path.display()))?;
    Ok(())
}

/// Writes a file that no reader can see yet (inside a staging folder): created, written and
/// flushed, readable by others (0644 on Unix).
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut options = fs::File::options();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o644);
    options
        .open(path)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .with_context(|| format!("failed to write `{}`", path.display()))
}

/// Removes a folder tree if it exists.
pub(crate) fn remove_dir_all_if_exists(path: &Path) -> Result<()> {
    match fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("failed to remove `{}`", path.display())),
    }
}

/// Shows `path` relative to `base` when it is inside it, for short, stable messages.
pub(crate) fn display_relative(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Copies every file under `from` to the same place under `to`.
pub(crate) fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    for rel in list_files(from)? {
        write_atomic(&to.join(&rel), &read(&from.join(&rel))?)?;
    }
    Ok(())
}

/// Every regular file under `root`, sorted, as paths relative to `root` with `/` separators.
pub(crate) fn list_files(root: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.with_context(|| format!("failed to list `{}`", root.display()))?;
        // A symlink to a file is listed too; callers that read it confine its target.
        if entry.file_type().is_file() || (entry.path_is_symlink() && entry.path().is_file()) {
            let rel = entry
                .path()
                .strip_prefix(root)
                .expect("walkdir yields paths under its root");
            files.push(rel.to_path_buf());
        }
    }
    Ok(files)
}
