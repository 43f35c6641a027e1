//! The preview's watcher: notices changes to the site's folders and rebuilds once they settle.
//!
//! Changes come from the operating system's notifications (the `notify` crate: inotify, FSEvents,
//! ReadDirectoryChangesW), so an idle preview costs no CPU whatever the size of the site; polling
//! every 200 ms takes over where notifications cannot be had (no inotify watches left, some network
//! or container mounts). Either way a notification only says "look": what changed is found by
//! comparing modification times and sizes with the last build, once no event has come for one
//! settle interval, so an editor's save burst (write temp, rename, touch) becomes one rebuild.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::{RebuildNote, ServeOptions, State, rebuild};

/// How often the watcher looks at the files when it polls, and how long a burst of changes must
/// have been quiet before it rebuilds.
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

/// Watches the site's folders and rebuilds once a change has settled: on notifications from the
/// operating system, or by polling when they cannot be had.
pub(super) fn watch(options: &ServeOptions, state: &State, built: Tree, log: impl Fn(RebuildNote)) {
    // Absolute, so that the paths of events compare with it whatever --root was given as.
    let root = &options
        .build
        .root
        .canonicalize()
        .unwrap_or_else(|_| options.build.root.clone());
    let (tx, rx) = std::sync::mpsc::channel();
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let _ = tx.send(event);
    })
    .and_then(|mut w| {
        use notify::Watcher;
        // The root itself, not recursively: to see a watched folder made or removed.
        w.watch(root, notify::RecursiveMode::NonRecursive)?;
        for dir in WATCHED {
            if root.join(dir).is_dir() {
                w.watch(&root.join(dir), notify::RecursiveMode::Recursive)?;
            }
        }
        Ok(w)
    });
    let built = match watcher {
        Ok(mut watcher) => match notified(options, state, built, &log, &mut watcher, &rx, root) {
            Ok(()) => return,
            Err(built) => built,
        },
        Err(e) => {
            eprintln!(
                "watching by polling every {POLL_INTERVAL:?}: file notifications are not available ({e})"
            );
            built
        }
    };
    poll(options, state, built, &log)
}

/// Rebuilds on notifications. Returns the last built tree if notifications stop (the watcher
/// failed), so that polling can take over.
fn notified(
    options: &ServeOptions,
    state: &State,
    mut built: Tree,
    log: &impl Fn(RebuildNote),
    watcher: &mut notify::RecommendedWatcher,
    events: &std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
    watched_root: &Path,
) -> Result<(), Tree> {
    use notify::Watcher;
    let root = &options.build.root;
    // Events under the output folder, the staging folders or .git are not the site's sources.
    let is_watched = |path: &Path| {
        path.strip_prefix(watched_root)
            .ok()
            .and_then(|p| p.components().next())
            .and_then(|c| c.as_os_str().to_str())
            .is_some_and(|name| WATCHED.contains(&name))
    };
    // A change made while the server started, before the watches were in place.
    let now = scan_tree(root);
    if now != built {
        log(rebuild(options, state, &why(root, &built, &now)));
        built = now;
    }
    loop {
        let Ok(first) = events.recv() else {
            return Err(built);
        };
        let mut relevant = false;
        let mut note = |event: notify::Result<notify::Event>| match event {
            // Reading a file is no change (and the watcher's own scans and the rebuilds read).
            Ok(event) if event.kind.is_access() => {}
            Ok(event) => {
                for path in event.paths.iter().filter(|p| is_watched(p)) {
                    relevant = true;
                    if path.parent() == Some(watched_root) && path.is_dir() {
                        // A watched folder made (or made again) after the start.
                        let _ = watcher.watch(path, notify::RecursiveMode::Recursive);
                    }
                }
            }
            // Overflow or a lost watch: look at everything.
            Err(_) => relevant = true,
        };
        note(first);
        // Settle: wait until no event has come for one interval.
        loop {
            match events.recv_timeout(POLL_INTERVAL) {
                Ok(event) => note(event),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => break,
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return Err(built),
            }
        }
        if !relevant {
            continue;
        }
        let now = scan_tree(root);
        if now != built {
            log(rebuild(options, state, &why(root, &built, &now)));
            built = now;
        }
    }
}

/// Polls the watched folders and rebuilds once a change has settled.
fn poll(options: &ServeOptions, state: &State, mut built: Tree, log: &impl Fn(RebuildNote)) {
    let root = &options.build.root;
    let mut last = built.clone();
    loop {
        std::thread::sleep(POLL_INTERVAL);
        let now = scan_tree(root);
        // Rebuild when the tree differs from what was built and has not moved since the last poll.
        if now != built && now == last {
            log(rebuild(options, state, &why(root, &built, &now)));
            built = now.clone();
        }
        last = now;
    }
}

/// Why a rebuild runs: the one file that changed, or how many did.
fn why(root: &Path, built: &Tree, now: &Tree) -> String {
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
    match changed.as_slice() {
        [one] => format!("{one} changed"),
        many => format!("{} files changed", many.len()),
    }
}
