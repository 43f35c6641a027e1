//! Write: put the built site in place atomically.
//!
//! Files go into a fresh folder beside the output folder (`.public.tongbao-new`). Only when all of
//! them are written is it swapped with the output folder, in one atomic `renameat2(RENAME_EXCHANGE)`
//! on Linux (two renames elsewhere). A build that fails or is killed before the swap leaves the
//! previous output exactly as it was; its leftovers are removed by the next build.

use std::io;
use std::path::{Component, Path, PathBuf};

use crate::render::Output;

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

/// Writes `outputs` and swaps them in as `output_dir`.
pub fn write_site(output_dir: &Path, outputs: &[Output]) -> io::Result<()> {
    let (new_dir, old_dir) = staging_dirs(output_dir)?;
    clean_leftovers(output_dir)?;
    std::fs::create_dir_all(&new_dir)?;
    std::fs::write(
        new_dir.join(MARKER),
        "This folder was written by tongbao build and is replaced by the next build.\n",
    )?;
    // Folders first, then files, both in parallel (`create_dir_all` makes missing parents and
    // accepts a folder another thread has just made).
    use rayon::prelude::*;
    let mut folders: Vec<PathBuf> = outputs
        .iter()
        .filter_map(|o| Path::new(&o.path).parent().map(Path::to_path_buf))
        .collect();
    folders.sort();
    folders.dedup();
    folders
        .par_iter()
        .try_for_each(|folder| std::fs::create_dir_all(new_dir.join(folder)))?;
    outputs.par_iter().try_for_each(|o| {
        let relative = safe_relative(&o.path)?;
        std::fs::write(new_dir.join(relative), &o.bytes)
    })?;
    swap_in(&new_dir, output_dir, &old_dir)?;
    if old_dir.exists() {
        std::fs::remove_dir_all(&old_dir)?;
    }
    Ok(())
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
    for dir in [new_dir, old_dir] {
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
    }
    Ok(())
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
        write_site(&root.join("public"), &[]).unwrap();
        assert!(output_problem(&root, &root.join("public")).is_none());
    }
}
