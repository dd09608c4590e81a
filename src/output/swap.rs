//! Replacing an output folder as a whole, under a lock.
//!
//! A build never edits the published folder file by file. It writes the new publication into
//! a staging folder beside it (`out/.<name>.staging/`): a file whose bytes are those already
//! published is hard-linked from the old folder, every other file is written and flushed, and
//! files the build does not own (anything outside its own folders) are carried over. One
//! rename then exchanges the two folders (`renameat2(RENAME_EXCHANGE)` on Linux), so a reader,
//! a kill or a full disk sees the old folder or the new one, never a mix; the old folder, now
//! under the staging name, is removed. Where the exchange is not available the old folder is
//! first renamed aside (`out/.<name>.old/`): between the two renames the folder is briefly
//! absent (never mixed), and the next build puts the old one back if a kill came there.
//!
//! [`BuildLock`] is an exclusive lock on `out/.<name>.lock`, held for a whole build: a second
//! build of the same report into the same folder says that it waits, and waits.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::fsx;

/// An exclusive lock on an output folder, released when dropped.
#[derive(Debug)]
pub(crate) struct BuildLock {
    _file: File,
}

impl BuildLock {
    /// Locks the output folder `dir`, waiting (and saying so on stderr) while another build
    /// holds it. Repairs what a build killed mid-swap left behind.
    pub(crate) fn acquire(dir: &Path) -> Result<BuildLock> {
        let path = sibling(dir, "lock")?;
        fsx::create_dir_all(path.parent().expect("a sibling has a parent"))?;
        let file = fsx::open_lock(&path, "the build lock")?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                eprintln!(
                    "waiting for another build into `{}` to finish (lock `{}`)",
                    dir.display(),
                    path.display()
                );
                file.lock()
                    .with_context(|| format!("failed to lock `{}`", path.display()))?;
            }
            Err(fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("failed to lock `{}`", path.display()));
            }
        }
        recover(dir)?;
        Ok(BuildLock { _file: file })
    }
}

/// `out/.<name>.<what>`: the hidden siblings of an output folder (a report's name has no dot,
/// so they never collide with another report's folder).
fn sibling(dir: &Path, what: &str) -> Result<PathBuf> {
    let name = dir
        .file_name()
        .with_context(|| format!("`{}` does not name a folder", dir.display()))?;
    Ok(dir.with_file_name(format!(".{}.{what}", name.to_string_lossy())))
}

/// Puts back a folder renamed aside by a swap that was killed half-way, and removes a stale
/// staging folder. Runs under the lock.
fn recover(dir: &Path) -> Result<()> {
    let old = sibling(dir, "old")?;
    if old.is_dir() {
        if dir.exists() {
            fsx::remove_dir_all_if_exists(&old)?;
        } else {
            rename(&old, dir)?;
        }
    }
    fsx::remove_dir_all_if_exists(&sibling(dir, "staging")?)?;
    fsx::remove_dir_all_if_exists(&sibling(dir, "next")?)
}

/// Replaces the folder `dir` by one holding `files` (relative path → bytes); files of the old
/// folder for which `owned` is false are carried over. Returns the files that are new or
/// changed. The caller holds the [`BuildLock`].
pub(crate) fn replace<'a>(
    dir: &Path,
    files: &'a BTreeMap<String, Vec<u8>>,
    owned: impl Fn(&str) -> bool,
) -> Result<Vec<&'a str>> {
    if dir.is_symlink() {
        // Swapping would replace the link itself: the publication would stop reaching the
        // folder it points to.
        bail!(
            "the output folder `{}` is a symlink; pass the folder it points to with `--out`",
            dir.display()
        );
    }
    if dir.exists() && !dir.is_dir() {
        bail!("the output folder `{}` is a file", dir.display());
    }
    let staging = sibling(dir, "staging")?;
    fsx::remove_dir_all_if_exists(&staging)?;
    fsx::create_dir_all(&staging)?;
    let mut changed = Vec::new();
    for (rel, bytes) in files {
        let (old, new) = (dir.join(rel), staging.join(rel));
        fsx::create_dir_all(new.parent().expect("an output path has a parent"))?;
        let same = fs::read(&old).is_ok_and(|existing| existing == *bytes);
        if !(same && fs::hard_link(&old, &new).is_ok()) {
            fsx::write_new(&new, bytes)?;
            if !same {
                changed.push(rel.as_str());
            }
        }
    }
    if dir.is_dir() {
        carry_over(dir, &staging, files, &owned)?;
    }
    swap(&staging, dir)?;
    fsx::remove_dir_all_if_exists(&staging)?;
    Ok(changed)
}

/// Copies into `staging` what a user keeps in the old folder `dir`: every entry the build
/// neither owns nor writes, as it is (files hard-linked or copied with their permissions,
/// symlinks recreated, empty folders made), whatever its name's encoding.
fn carry_over(
    dir: &Path,
    staging: &Path,
    files: &BTreeMap<String, Vec<u8>>,
    owned: &impl Fn(&str) -> bool,
) -> Result<()> {
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.with_context(|| format!("failed to list `{}`", dir.display()))?;
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("walkdir yields paths under its root");
        let name = rel.to_str().map(|r| r.replace('\\', "/"));
        let kind = entry.file_type();
        if let Some(name) = &name
            && (owned(name) || files.contains_key(name))
        {
            continue;
        }
        let new = staging.join(rel);
        if kind.is_dir() {
            fsx::create_dir_all(&new)?;
            continue;
        }
        fsx::create_dir_all(new.parent().expect("an entry under a folder has a parent"))?;
        if kind.is_symlink() {
            #[cfg(unix)]
            {
                let target = fs::read_link(entry.path()).with_context(|| {
                    format!("failed to read the link `{}`", entry.path().display())
                })?;
                std::os::unix::fs::symlink(target, &new)
                    .with_context(|| format!("failed to keep the link `{}`", new.display()))?;
            }
        } else if kind.is_file() && fs::hard_link(entry.path(), &new).is_err() {
            fs::copy(entry.path(), &new)
                .with_context(|| format!("failed to keep `{}`", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Replaces one file of the folder `dir` (the manifest of a build with nothing else to
/// publish): written beside the folder, then renamed in, so a kill leaves no temporary file
/// inside it. The caller holds the [`BuildLock`].
pub(crate) fn replace_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<()> {
    let next = sibling(dir, "next")?;
    fsx::remove_dir_all_if_exists(&next)?;
    fsx::create_dir_all(&next)?;
    let file = next.join("file");
    fsx::write_new(&file, bytes)?;
    rename(&file, &dir.join(rel))?;
    fsx::remove_dir_all_if_exists(&next)
}

/// Makes `staging` the folder `dir`; the old `dir` (if any) ends up at `staging`.
fn swap(staging: &Path, dir: &Path) -> Result<()> {
    if !dir.exists() {
        return rename(staging, dir);
    }
    #[cfg(target_os = "linux")]
    if exchange(staging, dir)? {
        return Ok(());
    }
    let old = sibling(dir, "old")?;
    rename(dir, &old)?;
    rename(staging, dir)?;
    rename(&old, staging)
}

/// Exchanges two folders in one step; false when the file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .with_context(|| format!("`{}` holds a NUL byte", p.display()))
    };
    let (ca, cb) = (c(a)?, c(b)?);
    // SAFETY: both pointers are valid NUL-terminated strings for the duration of the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let err = std::io::Error::last_os_error();
    match err.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP | libc::EPERM) => Ok(false),
        _ => Err(err).with_context(|| {
            format!(
                "failed to swap the new output folder `{}` into `{}`",
                a.display(),
                b.display()
            )
        }),
    }
}

fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to)
        .with_context(|| format!("failed to move `{}` to `{}`", from.display(), to.display()))
}

#[cfg(test)]
mod tests {
    use std::os::unix::ffi::OsStrExt;

    use super::*;

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn the_folder_is_replaced_keeping_what_the_build_does_not_own() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("r");
        let owned = |rel: &str| rel.starts_with("tables/");
        let first = files(&[
            ("r.pdf", "one"),
            ("tables/a.csv", "a"),
            ("tables/b.csv", "b"),
        ]);
        let _lock = BuildLock::acquire(&dir).unwrap();
        assert_eq!(replace(&dir, &first, owned).unwrap().len(), 3);
        fs::write(dir.join("notes.txt"), "mine").unwrap();
        fs::create_dir_all(dir.join("drafts/empty")).unwrap();
        std::os::unix::fs::symlink("../elsewhere", dir.join("drafts/link")).unwrap();
        let odd = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
        fs::write(dir.join(odd), "latin-1 name").unwrap();
        let second = files(&[("r.pdf", "two"), ("tables/a.csv", "a")]);
        assert_eq!(replace(&dir, &second, owned).unwrap(), ["r.pdf"]);
        assert_eq!(fs::read_to_string(dir.join("r.pdf")).unwrap(), "two");
        assert_eq!(fs::read_to_string(dir.join("notes.txt")).unwrap(), "mine");
        assert!(
            dir.join("drafts/empty").is_dir(),
            "an empty folder of the user's stays"
        );
        assert_eq!(
            fs::read_link(dir.join("drafts/link")).unwrap(),
            Path::new("../elsewhere"),
            "a symlink stays a symlink, even a dangling one"
        );
        assert_eq!(fs::read_to_string(dir.join(odd)).unwrap(), "latin-1 name");
        assert!(
            !dir.join("tables/b.csv").exists(),
            "a stale owned file goes"
        );
        let mut left: Vec<String> = fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [".r.lock", "r"], "no staging folder is left behind");
    }

    #[test]
    fn a_symlinked_output_folder_is_refused() {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir_all(root.path().join("real")).unwrap();
        std::os::unix::fs::symlink(root.path().join("real"), root.path().join("r")).unwrap();
        let err = replace(&root.path().join("r"), &files(&[("r.pdf", "x")]), |_| false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("is a symlink"), "{err}");
        assert!(root.path().join("r").is_symlink());
    }

    #[test]
    fn a_swap_killed_half_way_is_put_back() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("r");
        fs::create_dir_all(root.path().join(".r.old")).unwrap();
        fs::write(root.path().join(".r.old/r.pdf"), "good").unwrap();
        fs::create_dir_all(root.path().join(".r.staging")).unwrap();
        let _lock = BuildLock::acquire(&dir).unwrap();
        assert_eq!(fs::read_to_string(dir.join("r.pdf")).unwrap(), "good");
        assert!(!root.path().join(".r.staging").exists());
        assert!(!root.path().join(".r.old").exists());
    }
}
