//! What may be published to: the output path followed to its real folder, and the checks that
//! refuse a file, an unlistable folder, someone else's folder, a mount point or the site itself.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{MARKER, Refusal};

/// A folder's identity (device and inode), to tell later whether it is still the same folder.
pub(super) type FolderId = (u64, u64);

#[cfg(unix)]
pub(super) fn folder_id(m: &fs::Metadata) -> FolderId {
    use std::os::unix::fs::MetadataExt;
    (m.dev(), m.ino())
}

#[cfg(not(unix))]
pub(super) fn folder_id(_: &fs::Metadata) -> FolderId {
    (0, 0)
}

/// `path` made absolute without following anything.
pub(super) fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    }
}

/// `p` with its longest existing ancestor canonicalised and the rest kept as written.
pub(super) fn canonical(p: &Path) -> PathBuf {
    let p = absolute(p);
    let mut existing = p.as_path();
    let mut rest = Vec::new();
    while fs::symlink_metadata(existing).is_err() {
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
}

/// The real folder `output` names: its symbolic links followed (the last one too), as an absolute
/// path whose parent exists or will be made.
pub(super) fn resolve_target(output: &Path) -> Result<PathBuf, Refusal> {
    let mut path = absolute(output);
    for _ in 0..40 {
        // The folder holding the last component, canonical, so the link is read from its place.
        path = match (path.parent(), path.file_name()) {
            (Some(parent), Some(name)) => canonical(parent).join(name),
            _ => canonical(&path),
        };
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&path).map_err(|e| cannot_read(output, &e))?;
                path = path.parent().unwrap_or(Path::new("/")).join(link);
            }
            Ok(_) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(path),
            Err(e) => return Err(cannot_read(output, &e)),
        }
    }
    Err(Refusal::new(
        format!(
            "the output {} is a chain of more than 40 symbolic links",
            output.display()
        ),
        "point --output at a folder, or at a link to one; nothing was written",
    ))
}

pub(super) fn cannot_read(output: &Path, e: &io::Error) -> Refusal {
    Refusal::new(
        format!("cannot read the output folder {}: {e}", output.display()),
        "an output tongbao cannot read is never taken for empty: give yourself read and execute permission on it (chmod u+rx), or choose another folder; nothing was written",
    )
}

/// Whether the real output folder `target` would replace the site or its sources.
pub(super) fn site_problem(root: &Path, target: &Path, named: &Path) -> Result<(), Refusal> {
    let root = canonical(root);
    let help = "choose an empty or new folder for --output (the default is public/ in the site); nothing was written";
    if root.starts_with(target) {
        return Err(Refusal::new(
            format!(
                "the output folder {} holds the site itself",
                named.display()
            ),
            help,
        ));
    }
    for source in ["data", "content", "themes", "static"] {
        if target.starts_with(root.join(source)) {
            return Err(Refusal::new(
                format!(
                    "the output folder {} is inside the site's {source}/ folder",
                    named.display()
                ),
                help,
            ));
        }
    }
    Ok(())
}

/// Whether the real output folder may be replaced: absent, or a folder that can be listed, is no
/// mount point, and is empty or marked as tongbao's. Returns the identity of the folder there.
pub(super) fn replaceable(target: &Path, named: &Path) -> Result<Option<FolderId>, Refusal> {
    let shown = named.display();
    let meta = match fs::symlink_metadata(target) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(cannot_read(named, &e)),
    };
    if !meta.is_dir() {
        return Err(Refusal::new(
            format!("the output {shown} is a file, not a folder"),
            "a build replaces its whole output folder: name a folder with --output (the default is public/ in the site); the file was left as it was",
        ));
    }
    let parent = target.parent().unwrap_or(Path::new("/"));
    let parent_meta = fs::metadata(parent).map_err(|e| cannot_read(named, &e))?;
    if is_mount_point(&meta, &parent_meta) {
        return Err(Refusal::new(
            format!(
                "the output folder {shown} is a mount point, which cannot be replaced by another folder"
            ),
            format!(
                "publish into a folder inside it (--output {}/site, with the web server pointed there), or make the output a symbolic link to such a folder; nothing was written",
                target.display()
            ),
        ));
    }
    if is_empty(fs::read_dir(target)).map_err(|e| cannot_read(named, &e))? {
        return Ok(Some(folder_id(&meta)));
    }
    match fs::symlink_metadata(target.join(MARKER)) {
        Ok(m) if m.is_file() => Ok(Some(folder_id(&meta))),
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(cannot_read(named, &e)),
        _ => Err(Refusal::new(
            format!("the output folder {shown} already holds files that tongbao did not write"),
            "choose an empty or new folder for --output (the default is public/ in the site), or delete this one if it is an old build; nothing was written",
        )),
    }
}

/// Whether a folder's listing is empty. Any error listing it is an error, never "empty": a folder
/// that cannot be read may hold anything.
pub(super) fn is_empty<T>(
    listing: io::Result<impl Iterator<Item = io::Result<T>>>,
) -> io::Result<bool> {
    match listing?.next() {
        None => Ok(true),
        Some(Err(e)) => Err(e),
        Some(Ok(_)) => Ok(false),
    }
}

/// Whether a folder is a mount point: on another device than its parent, or its own parent (`/`).
#[cfg(unix)]
pub(super) fn is_mount_point(folder: &fs::Metadata, parent: &fs::Metadata) -> bool {
    folder_id(folder).0 != folder_id(parent).0 || folder_id(folder) == folder_id(parent)
}

#[cfg(not(unix))]
pub(super) fn is_mount_point(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    false
}
