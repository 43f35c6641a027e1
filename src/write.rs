//! Write: put the built site in place atomically.
//!
//! Files go into a fresh folder beside the output folder (`.public.tongbao-new`), each as soon as it
//! is rendered ([`Staging`]), so a build never holds all of its pages in memory. Only when all of
//! them are written is it swapped with the output folder, in one atomic `renameat2(RENAME_EXCHANGE)`
//! on Linux (two renames elsewhere). A build that fails or is killed before the swap leaves the
//! previous output exactly as it was; its leftovers are removed by the next build.

use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::output::Output;

/// The file that marks a folder as tongbao's output, so a build never replaces a folder it did not
/// make (a mistyped `--output ~/Documents` must not be swapped away).
pub const MARKER: &str = ".tongbao-output";

/// Why `output_dir` must not be replaced by a build of the site at `root`, if it must not.
pub fn output_problem(root: &Path, output_dir: &Path) -> Option<String> {
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Canonicalise the longest existing ancestor, keep the rest as written.
        let mut existing = p.as_path();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => break,
            }
        }
        let mut out = existing
            .canonicalize()
            .unwrap_or_else(|_| existing.to_path_buf());
        out.extend(rest.iter().rev());
        out
    };
    let (root, output) = (absolute(root), absolute(output_dir));
    if root.starts_with(&output) {
        return Some(format!(
            "the output folder {} holds the site itself",
            output_dir.display()
        ));
    }
    for source in ["data", "content", "themes", "static"] {
        if output.starts_with(root.join(source)) {
            return Some(format!(
                "the output folder {} is inside the site's {source}/ folder",
                output_dir.display()
            ));
        }
    }
    let non_empty = std::fs::read_dir(&output)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if non_empty && !output.join(MARKER).is_file() {
        return Some(format!(
            "the output folder {} already holds files that tongbao did not write",
            output_dir.display()
        ));
    }
    None
}

/// The fresh folder a build writes into, file by file as each is made, before it replaces the
/// output folder. Dropped without [`Staging::swap_in`] (a failed build, a panic), it removes itself
/// and the output folder is left as it was.
#[derive(Debug)]
pub struct Staging {
    output_dir: PathBuf,
    new_dir: PathBuf,
    old_dir: PathBuf,
    written: AtomicUsize,
    swapped: bool,
}

impl Staging {
    /// Removes a killed build's leftovers and makes the empty staging folder, with its marker.
    pub fn create(output_dir: &Path) -> io::Result<Staging> {
        let (new_dir, old_dir) = staging_dirs(output_dir)?;
        clean_leftovers(output_dir)?;
        std::fs::create_dir_all(&new_dir)?;
        let staging = Staging {
            output_dir: output_dir.to_path_buf(),
            new_dir,
            old_dir,
            written: AtomicUsize::new(0),
            swapped: false,
        };
        std::fs::write(
            staging.new_dir.join(MARKER),
            "This folder was written by tongbao build and is replaced by the next build.\n",
        )?;
        Ok(staging)
    }

    /// Writes one file (from any thread), making its folders as needed.
    pub fn write(&self, output: &Output) -> io::Result<()> {
        let path = self.new_dir.join(safe_relative(&output.path)?);
        if let Some(folder) = path.parent() {
            // Accepts a folder another thread has just made.
            std::fs::create_dir_all(folder)?;
        }
        std::fs::write(path, &output.bytes)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// How many files have been written so far.
    pub fn written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    /// Swaps the staging folder in as the output folder, then deletes the previous output (moved
    /// aside to `.NAME.tongbao-old` by the swap, so it is out of the way already).
    pub fn swap_in(mut self) -> io::Result<()> {
        swap_in(&self.new_dir, &self.output_dir, &self.old_dir)?;
        self.swapped = true;
        remove_tree(&self.old_dir)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.swapped {
            // Best effort: what is left is removed by the next build (`clean_leftovers`).
            let _ = remove_tree(&self.new_dir);
        }
    }
}

/// Deletes a folder tree if it exists, in parallel (an old output holds thousands of files, and
/// unlinking them one by one was most of the write phase). Symbolic links are removed, never followed.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    match std::fs::symlink_metadata(dir) {
        Ok(m) if !m.is_dir() => return std::fs::remove_file(dir),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    }
    let entries: Vec<std::fs::DirEntry> = match std::fs::read_dir(dir) {
        Ok(d) => d.collect::<io::Result<_>>()?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

/// Refuses any output path that could leave the output folder.
fn safe_relative(path: &str) -> io::Result<&Path> {
    let p = Path::new(path);
    let ok = !path.is_empty()
        && !path.contains('\0')
        && p.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(p)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output folder: {path:?}"),
        ))
    }
}

/// The staging folders beside `output_dir`.
fn staging_dirs(output_dir: &Path) -> io::Result<(PathBuf, PathBuf)> {
    let name = output_dir
        .file_name()
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("the output folder {} has no name", output_dir.display()),
            )
        })?
        .to_string_lossy()
        .into_owned();
    let parent = output_dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    Ok((
        parent.join(format!(".{name}.tongbao-new")),
        parent.join(format!(".{name}.tongbao-old")),
    ))
}

/// Removes what a killed build may have left beside the output folder.
pub fn clean_leftovers(output_dir: &Path) -> io::Result<()> {
    let (new_dir, old_dir) = staging_dirs(output_dir)?;
    remove_tree(&new_dir)?;
    remove_tree(&old_dir)
}

#[cfg(target_os = "linux")]
fn swap_in(new_dir: &Path, output_dir: &Path, old_dir: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    if output_dir.exists() {
        // Atomic: at every instant the output folder is either the old site or the new one.
        renameat_with(CWD, new_dir, CWD, output_dir, RenameFlags::EXCHANGE)?;
        std::fs::rename(new_dir, old_dir)
    } else {
        std::fs::rename(new_dir, output_dir)
    }
}

#[cfg(not(target_os = "linux"))]
fn swap_in(new_dir: &Path, output_dir: &Path, old_dir: &Path) -> io::Result<()> {
    if output_dir.exists() {
        std::fs::rename(output_dir, old_dir)?;
    }
    std::fs::rename(new_dir, output_dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_output_are_refused() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\0b"] {
            assert!(safe_relative(bad).is_err(), "{bad:?}");
        }
        assert!(safe_relative("units/a/index.html").is_ok());
    }

    #[test]
    fn a_folder_tongbao_did_not_write_is_never_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("data")).unwrap();
        assert!(output_problem(&root, &root).is_some());
        assert!(output_problem(&root, tmp.path()).is_some());
        assert!(output_problem(&root, &root.join("data/out")).is_some());
        assert!(output_problem(&root, &root.join("public")).is_none());
        let documents = tmp.path().join("documents");
        std::fs::create_dir_all(&documents).unwrap();
        std::fs::write(documents.join("report.docx"), "precious").unwrap();
        assert!(
            output_problem(&root, &documents)
                .unwrap()
                .contains("did not write")
        );
        Staging::create(&root.join("public"))
            .unwrap()
            .swap_in()
            .unwrap();
        assert!(output_problem(&root, &root.join("public")).is_none());
    }
}
