//! The advisory lock beside an output folder, so builds on one output run one after the other.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use super::checks::folder_id;
use super::sibling;

/// The advisory lock beside an output folder. The lock file is removed on release, while still
/// held; a build that locked a file since removed (it waited while the holder finished) tries again.
#[derive(Debug)]
pub(super) struct OutputLock {
    path: PathBuf,
    file: File,
}

impl OutputLock {
    pub(super) fn acquire(target: &Path, waiting: &dyn Fn(String)) -> io::Result<OutputLock> {
        let path = sibling(target, "tongbao-lock");
        let mut told = false;
        loop {
            let file = fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    if !told {
                        let holder = fs::read_to_string(&path).unwrap_or_default();
                        let holder = holder.trim();
                        let holder =
                            if holder.chars().all(|c| c.is_ascii_digit()) && !holder.is_empty() {
                                format!(" (process {holder})")
                            } else {
                                String::new()
                            };
                        waiting(format!(
                            "waiting for another build of {}{holder} to finish",
                            target.display()
                        ));
                        told = true;
                    }
                    file.lock()?;
                }
                Err(fs::TryLockError::Error(e)) => return Err(e),
            }
            let locked = folder_id(&file.metadata()?);
            let still_there = fs::symlink_metadata(&path).is_ok_and(|m| folder_id(&m) == locked);
            if still_there {
                use std::io::Write;
                let mut f = &file;
                let _ = f.set_len(0);
                let _ = write!(f, "{}", std::process::id());
                return Ok(OutputLock { path, file });
            }
        }
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while held, then released when the file closes.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}
