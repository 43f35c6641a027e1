//! The preview's watcher: polls the site's folders and rebuilds once a change has settled.
//!
//! It polls modification times and sizes every 200 ms instead of using OS notifications: a site
//! is a few hundred files (a poll costs well under a millisecond), it works the same on every
//! platform and on network or container mounts where inotify events do not arrive, and it needs
//! no dependency. A change is rebuilt once the tree has stayed the same for one poll, so an
//! editor's save burst (write temp, rename, touch) becomes one rebuild.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::{RebuildNote, ServeOptions, State, rebuild};

/// How often the watcher looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(200);
/// The folders watched, relative to the site root.
pub const WATCHED: &[&str] = &["content", "data", "themes", "static"];

/// Modification time and size of every file under the watched folders.
pub(super) type Tree = BTreeMap<PathBuf, (Option<SystemTime>, u64)>;

/// The watched files as they are now.
pub(super) fn scan_tree(root: &Path) -> Tree {
    let mut tree = Tree::new();
    for dir in WATCHED {
        for entry in walkdir::WalkDir::new(root.join(dir))
            .into_iter()
            .filter_map(Result::ok)
        {
            if let Ok(meta) = entry.metadata()
                && meta.is_file()
            {
                tree.insert(
                    entry.path().to_path_buf(),
                    (meta.modified().ok(), meta.len()),
                );
            }
        }
    }
    tree
}

/// Polls the watched folders and rebuilds once a change has settled.
pub(super) fn watch(
    options: &ServeOptions,
    state: &State,
    mut built: Tree,
    log: impl Fn(RebuildNote),
) {
    let root = &options.build.root;
    let mut last = built.clone();
    loop {
        std::thread::sleep(POLL_INTERVAL);
        let now = scan_tree(root);
        // Rebuild when the tree differs from what was built and has not moved since the last poll.
        if now != built && now == last {
            let changed: Vec<String> = now
                .iter()
                .filter(|(p, m)| built.get(*p) != Some(*m))
                .map(|(p, _)| p.clone())
                .chain(built.keys().filter(|p| !now.contains_key(*p)).cloned())
                .map(|p| {
                    p.strip_prefix(root)
                        .unwrap_or(&p)
                        .to_string_lossy()
                        .into_owned()
                })
                .collect();
            let why = match changed.as_slice() {
                [one] => format!("{one} changed"),
                many => format!("{} files changed", many.len()),
            };
            log(rebuild(options, state, &why));
            built = now.clone();
        }
        last = now;
    }
}
