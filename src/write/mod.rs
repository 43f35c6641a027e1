//! Write: publish the built site in place of the output folder, and never lose anything doing it.
//!
//! A build first [`claim`]s the output: the path is followed through symbolic links to the real
//! folder (so `public -> /var/www/site` publishes into `/var/www/site` and the link stays), which
//! must be absent, empty or marked as tongbao's own ([`MARKER`]); a file, a folder that cannot be
//! listed, a folder of someone else's files and a mount point are refused before anything moves.
//! The claim holds an advisory lock beside that folder (`.NAME.tongbao-lock`), so builds on one
//! output run one after the other; holding it, the build removes what killed builds left.
//!
//! Files then go into a fresh folder beside the output (`.NAME.tongbao-new.PID`), each as soon as
//! it is rendered ([`Staging`]), so a build never holds all of its pages in memory. Only when all of
//! them are written is it swapped with the output folder, in one atomic
//! `renameat2(RENAME_EXCHANGE)` on Linux (two renames elsewhere, undone if the second fails). A
//! build that fails or is killed before the swap leaves the previous output exactly as it was.
//!
//! Not for what goes into the site: that is every stage before this one.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::output::Output;

mod checks;
mod lock;

use checks::{FolderId, folder_id, replaceable, resolve_target, site_problem};
use lock::OutputLock;

/// The file that marks a folder as tongbao's output, so a build never replaces a folder it did not
/// make (a mistyped `--output ~/Documents` must not be swapped away).
pub const MARKER: &str = ".tongbao-output";

/// Why an output cannot be published to: what is wrong, and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What is wrong.
    pub message: String,
    /// What would be right.
    pub help: String,
}

impl Refusal {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        Refusal {
            message: message.into(),
            help: help.into(),
        }
    }
}

/// The output folder claimed by one build: its real place, what was there, and the lock.
#[derive(Debug)]
pub struct Claim {
    /// The output as the user named it (for messages).
    named: PathBuf,
    /// The real folder the site is published as (the link's target when the output is a link).
    target: PathBuf,
    /// The folder that was there when the build claimed it; `None` when there was none.
    previous: Option<FolderId>,
    /// Held until the claim is dropped.
    _lock: OutputLock,
}

/// Claims `output` for a build of the site at `root`: resolves symbolic links, takes the lock
/// (calling `waiting` once with a note if another build holds it, then waiting for it), checks
/// that the folder may be replaced, and removes killed builds' leftovers. Nothing is moved.
pub fn claim(root: &Path, output: &Path, waiting: &dyn Fn(String)) -> Result<Claim, Refusal> {
    let target = resolve_target(output)?;
    site_problem(root, &target, output)?;
    let parent = target.parent().map(Path::to_path_buf).unwrap_or_default();
    fs::create_dir_all(&parent).map_err(|e| {
        Refusal::new(
            format!("cannot make the folder {}: {e}", parent.display()),
            "make the output folder's parent, or choose an output in a folder you can write to; nothing was written",
        )
    })?;
    let lock = OutputLock::acquire(&target, waiting).map_err(|e| {
        Refusal::new(
            format!("cannot lock the output folder {} for this build: {e}", output.display()),
            "the lock file goes beside the output folder: make its parent writable; nothing was written",
        )
    })?;
    // Checked while holding the lock: no other build can change the folder from here on.
    let previous = replaceable(&target, output)?;
    clean_leftovers(&target).map_err(|e| {
        Refusal::new(
            format!("cannot remove what an earlier, interrupted build left beside {}: {e}", output.display()),
            "delete the .NAME.tongbao-new.* and .NAME.tongbao-old folders beside the output by hand; nothing was written",
        )
    })?;
    Ok(Claim {
        named: output.to_path_buf(),
        target,
        previous,
        _lock: lock,
    })
}

impl Claim {
    /// The real folder the site is published as.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Makes the empty staging folder for this build, with its marker.
    pub fn stage(&self) -> io::Result<Staging<'_>> {
        let new_dir = sibling(&self.target, &format!("tongbao-new.{}", std::process::id()));
        remove_tree(&new_dir)?;
        fs::create_dir(&new_dir)?;
        let staging = Staging {
            claim: self,
            new_dir,
            written: AtomicUsize::new(0),
            swapped: false,
        };
        fs::write(
            staging.new_dir.join(MARKER),
            "This folder was written by tongbao build and is replaced by the next build.\n",
        )?;
        Ok(staging)
    }

    /// What became of the previous site, checked now, in a sentence for an error's help.
    pub fn previous_site_note(&self) -> String {
        let now = fs::symlink_metadata(&self.target);
        match (&self.previous, now) {
            (None, Err(e)) if e.kind() == io::ErrorKind::NotFound => format!(
                "there was no site at {} before, and nothing was published there",
                self.named.display()
            ),
            (Some(before), Ok(m)) if folder_id(&m) == *before => format!(
                "checked: the previous site at {} is still in place, unchanged",
                self.named.display()
            ),
            (_, Err(e)) => format!(
                "the output folder {} could not be checked ({e}): look at it before publishing it",
                self.named.display()
            ),
            (_, Ok(_)) => format!(
                "the output folder {} is not the folder that was there before the build: look at it before publishing it",
                self.named.display()
            ),
        }
    }
}

/// The fresh folder a build writes into, file by file as each is made, before it replaces the
/// output folder. Dropped without [`Staging::swap_in`] (a failed build, a panic), it removes itself
/// and the output folder is left as it was.
#[derive(Debug)]
pub struct Staging<'c> {
    claim: &'c Claim,
    new_dir: PathBuf,
    written: AtomicUsize,
    swapped: bool,
}

impl Staging<'_> {
    /// Writes one file (from any thread), making its folders as needed.
    pub fn write(&self, output: &Output) -> io::Result<()> {
        let path = self.new_dir.join(safe_relative(&output.path)?);
        if let Some(folder) = path.parent() {
            // Accepts a folder another thread has just made.
            fs::create_dir_all(folder)?;
        }
        fs::write(path, &output.bytes)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// The staging folder, for a step that reads what was written (printing the brief).
    pub fn dir(&self) -> &Path {
        &self.new_dir
    }

    /// How many files have been written so far.
    pub fn written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    /// Swaps the staging folder in as the output folder, then deletes the previous output. On an
    /// error the previous output is where it was (a half-done swap is undone); the error says so
    /// only if that was checked.
    pub fn swap_in(mut self) -> io::Result<()> {
        let target = &self.claim.target;
        let old_dir = swap_in(&self.new_dir, target)?;
        self.swapped = true;
        // The previous site is out of the way already; a folder that cannot be removed now is a
        // leftover the next build removes, not a failed publication.
        if let Some(old) = old_dir {
            let _ = remove_tree(&old);
        }
        Ok(())
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        if !self.swapped {
            // Best effort: what is left is removed by the next build (`clean_leftovers`).
            let _ = remove_tree(&self.new_dir);
        }
    }
}

/// `.NAME.SUFFIX` beside `target`.
fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
        .join(format!(".{name}.{suffix}"))
}

/// Deletes a folder tree if it exists, in parallel (an old output holds thousands of files, and
/// unlinking them one by one was most of the write phase). Symbolic links are removed, never followed.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    match fs::symlink_metadata(dir) {
        Ok(m) if !m.is_dir() => return fs::remove_file(dir),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    }
    let entries: Vec<fs::DirEntry> = match fs::read_dir(dir) {
        Ok(d) => d.collect::<io::Result<_>>()?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(dir)
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

/// Whether a name beside the output `NAME` is one of its builds' staging folders
/// (`.NAME.tongbao-new`, `.NAME.tongbao-new.PID`, `.NAME.tongbao-old`, `.NAME.tongbao-old.PID`).
fn is_staging_name(file: &str, name: &str) -> bool {
    let Some(rest) = file
        .strip_prefix('.')
        .and_then(|f| f.strip_prefix(name))
        .and_then(|f| f.strip_prefix(".tongbao-"))
    else {
        return false;
    };
    let Some(pid) = rest
        .strip_prefix("new")
        .or_else(|| rest.strip_prefix("old"))
    else {
        return false;
    };
    pid.is_empty()
        || pid
            .strip_prefix('.')
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Removes what killed builds left beside the output folder. Called only while holding the lock:
/// every build holds it from before it makes its staging folder until after it removed it, so a
/// staging folder seen now belongs to a build that is gone.
fn clean_leftovers(target: &Path) -> io::Result<()> {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return Ok(());
    };
    let name = name.to_string_lossy();
    for entry in fs::read_dir(parent)? {
        let entry = entry?;
        if is_staging_name(&entry.file_name().to_string_lossy(), &name) {
            remove_tree(&entry.path())?;
        }
    }
    Ok(())
}

/// Puts `new_dir` in place of `target`; returns where the previous output went, if there was one.
/// On an error nothing has moved: the one atomic exchange failed, or a half-done pair of renames
/// was undone (an error that could not undo it names where the previous site is).
fn swap_in(new_dir: &Path, target: &Path) -> io::Result<Option<PathBuf>> {
    if fs::symlink_metadata(target).is_err() {
        fs::rename(new_dir, target)?;
        return Ok(None);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        // Atomic: at every instant the output folder is either the old site or the new one.
        match renameat_with(CWD, new_dir, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(Some(new_dir.to_path_buf())),
            // A file system without the exchange: fall back to two renames.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    let old_dir = sibling(target, &format!("tongbao-old.{}", std::process::id()));
    fs::rename(target, &old_dir)?;
    if let Err(e) = fs::rename(new_dir, target) {
        return match fs::rename(&old_dir, target) {
            Ok(()) => Err(e),
            Err(undo) => Err(io::Error::new(
                e.kind(),
                format!(
                    "{e}; and moving the previous site back failed too ({undo}): it is in {}, move it back to {} by hand",
                    old_dir.display(),
                    target.display()
                ),
            )),
        };
    }
    Ok(Some(old_dir))
}

#[cfg(test)]
mod tests {
    use super::checks::{cannot_read, is_empty, is_mount_point};
    use super::*;

    fn refusal(root: &Path, output: &Path) -> Option<String> {
        claim(root, output, &|_| {}).err().map(|r| r.message)
    }

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
        fs::create_dir_all(root.join("data")).unwrap();
        assert!(refusal(&root, &root).is_some());
        assert!(refusal(&root, tmp.path()).is_some());
        assert!(refusal(&root, &root.join("data/out")).is_some());
        assert!(refusal(&root, &root.join("public")).is_none());
        let documents = tmp.path().join("documents");
        fs::create_dir_all(&documents).unwrap();
        fs::write(documents.join("report.docx"), "precious").unwrap();
        assert!(
            refusal(&root, &documents)
                .unwrap()
                .contains("did not write")
        );
        assert!(
            refusal(&root, &documents.join("report.docx"))
                .unwrap()
                .contains("is a file")
        );
        let claimed = claim(&root, &root.join("public"), &|_| {}).unwrap();
        claimed.stage().unwrap().swap_in().unwrap();
        drop(claimed);
        assert!(refusal(&root, &root.join("public")).is_none());
    }

    #[test]
    fn a_folder_that_cannot_be_listed_is_never_taken_for_empty() {
        let denied = || io::Error::from(io::ErrorKind::PermissionDenied);
        let cannot_open: io::Result<std::vec::IntoIter<io::Result<()>>> = Err(denied());
        assert!(is_empty(cannot_open).is_err());
        assert!(is_empty(Ok(vec![Err::<(), _>(denied())].into_iter())).is_err());
        assert!(is_empty(Ok(Vec::<io::Result<()>>::new().into_iter())).unwrap());
        assert!(!is_empty(Ok(vec![Ok(())].into_iter())).unwrap());
        let refused = cannot_read(Path::new("public"), &denied());
        assert!(
            refused
                .message
                .contains("cannot read the output folder public")
        );
        assert!(refused.help.contains("never taken for empty"));
    }

    #[test]
    fn only_the_output_s_own_staging_folders_are_leftovers() {
        for yes in [
            ".public.tongbao-new",
            ".public.tongbao-new.42",
            ".public.tongbao-old.7",
        ] {
            assert!(is_staging_name(yes, "public"), "{yes}");
        }
        for no in [
            ".public.tongbao-newer",
            ".public.tongbao-new.",
            ".public.tongbao-new.4x",
            ".public.tongbao-lock",
            ".public2.tongbao-new",
            "public",
        ] {
            assert!(!is_staging_name(no, "public"), "{no}");
        }
    }

    #[test]
    fn a_mount_point_is_refused_with_what_to_do() {
        let (Ok(proc_meta), Ok(root_meta)) = (fs::metadata("/proc"), fs::metadata("/")) else {
            return;
        };
        if !is_mount_point(&proc_meta, &root_meta) {
            return;
        }
        let tmp = tempfile::tempdir().unwrap();
        let refused = claim(tmp.path(), Path::new("/proc"), &|_| {}).unwrap_err();
        assert!(refused.message.contains("mount point"), "{refused:?}");
        assert!(refused.help.contains("/proc/site"), "{refused:?}");
    }

    #[test]
    fn a_second_claim_waits_for_the_first() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = claim(tmp.path(), &out, &|_| {}).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = {
            let out = out.clone();
            let root = tmp.path().to_path_buf();
            std::thread::spawn(move || {
                let tx2 = tx.clone();
                let second = claim(&root, &out, &move |note| tx2.send(note).unwrap());
                tx.send("claimed".into()).unwrap();
                second.is_ok()
            })
        };
        let note = rx.recv().unwrap();
        assert!(note.starts_with("waiting for another build"), "{note}");
        drop(first);
        assert_eq!(rx.recv().unwrap(), "claimed");
        assert!(waiter.join().unwrap());
        assert!(
            !sibling(&out, "tongbao-lock").exists(),
            "the lock file is removed"
        );
    }

    #[test]
    fn the_previous_site_is_said_intact_only_when_it_is() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let claimed = claim(tmp.path(), &out, &|_| {}).unwrap();
        assert!(claimed.previous_site_note().contains("no site"));
        claimed.stage().unwrap().swap_in().unwrap();
        drop(claimed);
        let claimed = claim(tmp.path(), &out, &|_| {}).unwrap();
        let note = claimed.previous_site_note();
        assert!(note.starts_with("checked: the previous site"), "{note}");
        // Something else replaced the folder meanwhile: not said to be intact.
        fs::rename(&out, tmp.path().join("moved")).unwrap();
        fs::create_dir(&out).unwrap();
        let note = claimed.previous_site_note();
        assert!(note.contains("is not the folder"), "{note}");
    }
}
