//! History: the site's earlier publications, read from its git repository, and what changed
//! between them (/changes/, 最后更新 and 修订记录 on record pages, pages of removed records,
//! `/data/<as_of>/`).
//!
//! Each distinct `as_of` in the history of `data/site.yaml` marks a publication; its state is the
//! last first-parent commit that still had that `as_of`. The publication being built is the
//! working tree (uncommitted edits included) at the site's `as_of` (or `--as-of`); publications
//! with a later `as_of` are left out. Everything comes from commits and files, never the clock, so
//! the same history gives the same pages. Without git, outside a repository or on a shallow clone
//! the build still succeeds, with a warning, and /changes/ says the history is unavailable.
//!
//! The history is read once per build, with five short `git` processes (`git`), each file version
//! parsed once however many publications share it (`snapshot`), and compared publication by
//! publication (`diff`). Not for: how the pages show it (`render::pages::changes`).

mod diff;
mod git;
mod snapshot;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Position};
use crate::model::{History, Publication, Removed, Site};
use crate::util::date::Date;
pub use diff::{record_name, record_path};
pub use git::Unavailable;
pub use snapshot::Kind;
use snapshot::{FileRecords, Snapshot};

/// Reads the history of the site at `root` for the model `site` (whose `as_of` is the current
/// publication's). Returns it, and a warning when the history could not be read.
pub fn read(root: &Path, site: &Site) -> (History, Option<Diagnostic>) {
    let as_of = site.settings.as_of;
    let offset = site.settings.utc_offset_minutes;
    let (current_files, current_data) = working_tree(root);
    let current = Snapshot::assemble(current_files, as_of);
    let mut current_pub = Publication {
        as_of,
        published: as_of,
        commit: None,
        changes: Vec::new(),
        unreadable: current
            .problems
            .iter()
            .map(|(p, why)| format!("{p}：{why}"))
            .collect(),
        data_files: current_data,
    };
    let mut repo = match git::Repository::open(root) {
        Ok(repo) => repo,
        Err(why) => {
            let warning = Diagnostic::warning(
                "data/site.yaml",
                Position::default(),
                format!(
                    "the site's history cannot be read, so /changes/ cannot say what changed since the last publication: {}",
                    english(&why)
                ),
            )
            .with_help(why.help());
            let history = History {
                unavailable: Some(why.reason()),
                publications: vec![current_pub],
                ..History::default()
            };
            return (history, Some(warning));
        }
    };
    // The as_of in force at each commit, from site.yaml's blob (each blob read once).
    let mut as_of_by_blob: HashMap<String, Option<Date>> = HashMap::new();
    let mut last_with: BTreeMap<Date, usize> = BTreeMap::new();
    for (i, commit) in repo.commits.clone().iter().enumerate() {
        let Some(blob) = commit.files.get("data/site.yaml") else {
            continue;
        };
        let found = match as_of_by_blob.get(blob) {
            Some(found) => *found,
            None => {
                let found = repo.blob(blob).ok().and_then(|t| snapshot::site_as_of(&t));
                as_of_by_blob.insert(blob.clone(), found);
                found
            }
        };
        if let Some(found) = found {
            last_with.insert(found, i);
        }
    }
    if let Some(head) = repo.commits.last()
        && last_with.get(&as_of) == Some(&(repo.commits.len() - 1))
    {
        current_pub.published = local_date(head.time, offset);
        current_pub.commit = Some(head.id.chars().take(7).collect());
    }
    // Earlier publications, oldest first, each read from its commit's files.
    let mut parsed: HashMap<(String, String), Result<FileRecords, String>> = HashMap::new();
    let mut publications = Vec::new();
    let mut snapshots = Vec::new();
    for (&pub_as_of, &c) in last_with.range(..as_of) {
        let commit = repo.commits[c].clone();
        let mut files = Vec::new();
        let mut data_files = Vec::new();
        for (path, blob) in commit.files.iter() {
            let text = repo.blob(blob);
            if path.starts_with("data/")
                && let Ok(text) = &text
            {
                data_files.push((path.clone(), text.clone()));
            }
            if !snapshot::is_record_file(path) {
                continue;
            }
            let records = parsed
                .entry((path.clone(), blob.clone()))
                .or_insert_with(|| text.and_then(|t| snapshot::parse_file(path, &t)))
                .clone();
            files.push((path.clone(), records));
        }
        let snap = Snapshot::assemble(files, pub_as_of);
        publications.push(Publication {
            as_of: pub_as_of,
            published: local_date(commit.time, offset),
            commit: Some(commit.id.chars().take(7).collect()),
            changes: Vec::new(),
            unreadable: snap
                .problems
                .iter()
                .map(|(p, why)| format!("{p}：{why}"))
                .collect(),
            data_files,
        });
        snapshots.push(snap);
    }
    publications.push(current_pub);
    snapshots.push(current);
    (compare(site, publications, &snapshots), None)
}

/// Fills in what changed in each publication, when each current record last changed, the
/// revisions and the removed records.
fn compare(site: &Site, mut publications: Vec<Publication>, snapshots: &[Snapshot]) -> History {
    let mut history = History::default();
    // Each publication is compared with the last earlier one that could be read in full, so a
    // broken file does not show its records as removed and added again.
    let mut base: Option<usize> = None;
    for i in 0..snapshots.len() {
        if let Some(b) = base {
            let found = diff::diff(
                site,
                (&snapshots[b], publications[b].as_of),
                (&snapshots[i], publications[i].as_of),
                i,
            );
            publications[i].changes = found.changes;
            for (key, revision) in found.revisions {
                history.revisions.entry(key).or_default().push(revision);
            }
        }
        if snapshots[i].problems.is_empty() {
            base = Some(i);
        }
    }
    let last = snapshots.len() - 1;
    for (key, record) in &snapshots[last].records {
        let mut since = last;
        while since > 0
            && snapshots[since - 1]
                .records
                .get(key)
                .is_some_and(|r| Arc::ptr_eq(r, record) || r == record)
        {
            since -= 1;
        }
        history.last_changed.insert(key.clone(), since);
    }
    let mut gone: BTreeMap<&(Kind, String), usize> = BTreeMap::new();
    for (i, snap) in snapshots[..last].iter().enumerate() {
        for key in snap.records.keys() {
            if !snapshots[last].records.contains_key(key) {
                gone.insert(key, i);
            }
        }
    }
    history.removed = gone
        .into_iter()
        .map(|(key, last_in)| Removed {
            kind: key.0,
            id: key.1.clone(),
            name: record_name(key.0, &key.1, &snapshots[last_in].records[key]),
            removed_in: last_in + 1,
            last_in,
            path: record_path(key.0, &key.1),
        })
        .collect();
    history.publications = publications;
    history
}

/// The site's record files as they are on disk now (regular files only), and its data files.
type Files = (
    Vec<(String, Result<FileRecords, String>)>,
    Vec<(String, Arc<str>)>,
);

fn working_tree(root: &Path) -> Files {
    let mut records = Vec::new();
    let mut data = Vec::new();
    for folder in ["data", "content/stories"] {
        let walker = walkdir::WalkDir::new(root.join(folder))
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker.flatten() {
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(root) else {
                continue;
            };
            let path = rel.to_string_lossy().replace('\\', "/");
            if !path.starts_with("data/") && !snapshot::is_record_file(&path) {
                continue;
            }
            let text = std::fs::read(entry.path())
                .map(|b| Arc::<str>::from(String::from_utf8_lossy(&b).as_ref()))
                .map_err(|e| e.to_string());
            if path.starts_with("data/")
                && let Ok(t) = &text
            {
                data.push((path.clone(), t.clone()));
            }
            if snapshot::is_record_file(&path) {
                let parsed = text.and_then(|t| snapshot::parse_file(&path, &t));
                records.push((path, parsed));
            }
        }
    }
    (records, data)
}

/// The calendar day of a commit time in a zone `offset` minutes east of UTC.
pub fn local_date(seconds: i64, offset_minutes: i32) -> Date {
    let local = seconds + i64::from(offset_minutes) * 60;
    Date::from_days_since_epoch(local.div_euclid(86_400))
}

fn english(why: &Unavailable) -> String {
    match why {
        Unavailable::NoGit => "the `git` command is not installed".into(),
        Unavailable::NotARepository => "the site folder is not in a git repository".into(),
        Unavailable::NoCommits => "the repository has no commit yet".into(),
        Unavailable::Shallow => "the repository is a shallow clone".into(),
        Unavailable::Failed(m) => format!("git failed: {m}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commit_time_is_a_date_in_the_sites_time_zone() {
        // 2022-09-30 17:00 UTC is 2022-10-01 01:00 in Beijing.
        let t = Date::ymd(2022, 9, 30).unwrap().days_since_epoch() * 86_400 + 17 * 3600;
        assert_eq!(local_date(t, 480), Date::ymd(2022, 10, 1).unwrap());
        assert_eq!(local_date(t, 0), Date::ymd(2022, 9, 30).unwrap());
    }
}
