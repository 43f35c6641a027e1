//! Load: read the site's files from disk into raw records, remembering where each came from.
//!
//! This stage reads `data/` (YAML, and the spreadsheets of [`sheets`]), `content/stories/` and
//! `content/pages/` (front matter + Markdown), the theme's templates and the static files. It checks
//! only what it must to read them: UTF-8, YAML syntax and the shape of each record (required and
//! unknown fields), and that every file under `data/` and `content/` is one it reads (`known`).
//! Meaning (references, ranges, dates) is checked by `validate`. Every problem becomes a diagnostic;
//! loading goes on to the next file.

pub mod known;
pub mod records;
pub mod sheets;
mod yaml;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Diagnostics, Position, SourceMap};
use records::*;
pub use yaml::parse_yaml;

/// A raw record and the file it was read from.
#[derive(Debug)]
pub struct Loaded<T> {
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// The record as written.
    pub record: T,
}

/// A story file split into its front matter and Markdown body.
pub type RawStory = RawDocument<RawFrontMatter>;

/// A free page (`content/pages/<slug>.md`) split into its front matter and Markdown body.
pub type RawPage = RawDocument<RawPageFront>;

/// A Markdown file split into its front matter `F` and its body.
#[derive(Debug)]
pub struct RawDocument<F> {
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// The file name without `.md`: the default slug.
    pub stem: String,
    /// The parsed front matter.
    pub front: F,
    /// The Markdown after the front matter.
    pub body: String,
    /// The 1-based line of the file on which the body starts.
    pub body_line: usize,
}

/// A collection that failed to load is remembered so references into it are not reported twice.
#[derive(Debug, Default)]
pub struct RawData {
    pub site: Option<Loaded<RawSite>>,
    pub counties: Collection<RawCounty>,
    pub sources: Collection<RawSource>,
    pub units: Collection<RawUnit>,
    pub posts: Collection<RawPost>,
    pub projects: Collection<RawProject>,
    pub metrics: Collection<RawMetric>,
    pub actions: Collection<RawAction>,
    pub events: Collection<RawEvent>,
    pub facts: Collection<RawFact>,
    pub stories: Vec<RawStory>,
    pub pages: Vec<RawPage>,
    /// Files under `static/` (site-relative paths, sorted), to check image references.
    pub static_files: Vec<PathBuf>,
    /// Metric observations and investment series kept in spreadsheets.
    pub sheets: sheets::Sheets,
}

/// The records of one collection, and whether every one of its files loaded.
#[derive(Debug)]
pub struct Collection<T> {
    pub items: Vec<Loaded<T>>,
    pub complete: bool,
}

impl<T> Default for Collection<T> {
    fn default() -> Self {
        Collection {
            items: Vec::new(),
            complete: true,
        }
    }
}

/// Reads every data and content file of the site at `root`.
pub fn load_site(root: &Path, sources: &mut SourceMap, diags: &mut Diagnostics) -> RawData {
    let mut data = RawData::default();
    let site_file = Path::new("data/site.yaml");
    if root.join(site_file).is_file() {
        if may_read(root, site_file, diags)
            && let Some(text) = read_text(root, site_file, sources, diags)
        {
            match parse_yaml::<RawSite>(&text, 0) {
                Ok(record) => {
                    data.site = Some(Loaded {
                        file: site_file.into(),
                        record,
                    })
                }
                Err(d) => diags.push(d.in_file(site_file)),
            }
        }
    } else {
        diags.push(
            Diagnostic::error(site_file, Position::default(), "the site settings file is missing")
                .with_help("create data/site.yaml with at least `title`, `base_url` and `as_of` (see README.md)"),
        );
    }
    // The collections are read side by side (a big list file is one long parse) and beside the
    // stories; each keeps its texts and diagnostics apart until they are recorded below, in a
    // fixed order.
    let (mut counties, mut sources_, mut units, mut posts, mut projects) =
        (None, None, None, None, None);
    let (mut metrics, mut actions, mut events, mut facts) = (None, None, None, None);
    rayon::scope(|s| {
        s.spawn(|_| counties = Some(load_collection(root, "counties")));
        s.spawn(|_| sources_ = Some(load_collection(root, "sources")));
        s.spawn(|_| units = Some(load_collection(root, "units")));
        s.spawn(|_| posts = Some(load_collection(root, "posts")));
        s.spawn(|_| projects = Some(load_collection(root, "projects")));
        s.spawn(|_| metrics = Some(load_collection(root, "metrics")));
        s.spawn(|_| actions = Some(load_collection(root, "actions")));
        s.spawn(|_| events = Some(load_collection(root, "events")));
        s.spawn(|_| facts = Some(load_collection(root, "facts")));
        data.stories = load_documents(root, "content/stories", sources, diags);
    });
    data.pages = load_documents(root, "content/pages", sources, diags);
    data.counties = record(counties, sources, diags);
    data.sources = record(sources_, sources, diags);
    data.units = record(units, sources, diags);
    data.posts = record(posts, sources, diags);
    data.projects = record(projects, sources, diags);
    data.metrics = record(metrics, sources, diags);
    data.actions = record(actions, sources, diags);
    data.events = record(events, sources, diags);
    data.facts = record(facts, sources, diags);
    data.static_files = list_files(root, Path::new("static"), diags);
    data.sheets = sheets::load_sheets(root, diags);
    known::account_for_files(root, diags);
    data
}

/// Reads `data/<name>.yaml` (a list) or `data/<name>/*.yaml` (one record each).
fn load_collection<T: DeserializeOwned + Send>(root: &Path, name: &str) -> Part<T> {
    let mut texts: Vec<(PathBuf, Arc<str>)> = Vec::new();
    let mut local = Diagnostics::default();
    let diags = &mut local;
    let mut collection = Collection::default();
    let list_files: Vec<PathBuf> = ["yaml", "yml"]
        .iter()
        .map(|ext| PathBuf::from(format!("data/{name}.{ext}")))
        .filter(|p| root.join(p).is_file())
        .collect();
    let folder = PathBuf::from(format!("data/{name}"));
    let has_folder = root.join(&folder).is_dir();
    if list_files.len() > 1 || (has_folder && !list_files.is_empty()) {
        diags.push(
            Diagnostic::error(&list_files[0], Position::default(), format!("the {name} collection is written in more than one place"))
                .with_help(format!("keep either one list in data/{name}.yaml or one file per record in data/{name}/, not both")),
        );
        collection.complete = false;
        return Part {
            collection,
            texts,
            diags: local,
        };
    }
    for file in &list_files {
        if let Err(d) = content_path(root, file) {
            diags.push(d);
            collection.complete = false;
            continue;
        }
        let text = match read_file_text(root, file) {
            Ok(text) => text,
            Err(d) => {
                diags.push(d);
                collection.complete = false;
                continue;
            }
        };
        texts.push((file.clone(), text.clone()));
        match parse_yaml::<Option<Vec<T>>>(&text, 0) {
            Ok(records) => collection
                .items
                .extend(
                    records
                        .unwrap_or_default()
                        .into_iter()
                        .map(|record| Loaded {
                            file: file.clone(),
                            record,
                        }),
                ),
            Err(d) => {
                diags.push(d.in_file(file).with_help_if_none(format!(
                    "data/{name}.yaml holds a list of records, each starting with `- id: ...`"
                )));
                collection.complete = false;
            }
        }
    }
    if has_folder {
        // One file per record: read and parsed in parallel, recorded in file order.
        use rayon::prelude::*;
        let files = list_files_with_ext(root, &folder, &["yaml", "yml"], diags);
        let loaded: Vec<LoadedRecord<T>> = files
            .into_par_iter()
            .map(|file| {
                let text = read_file_text(root, &file);
                let record = text.as_ref().ok().map(|t| parse_yaml::<T>(t, 0));
                (file, text, record)
            })
            .collect();
        for (file, text, record) in loaded {
            match text {
                Ok(text) => texts.push((file.clone(), text)),
                Err(d) => {
                    diags.push(d);
                    collection.complete = false;
                    continue;
                }
            }
            match record {
                Some(Ok(record)) => collection.items.push(Loaded { file, record }),
                Some(Err(d)) => {
                    diags.push(d.in_file(&file).with_help_if_none(format!(
                        "each file in data/{name}/ holds one record: a mapping with `id:` and its fields"
                    )));
                    collection.complete = false;
                }
                None => {}
            }
        }
    }
    Part {
        collection,
        texts,
        diags: local,
    }
}
/// A record file, its text (or why it could not be read) and its record (once read).
type LoadedRecord<T> = (
    PathBuf,
    Result<Arc<str>, Diagnostic>,
    Option<Result<T, Diagnostic>>,
);

/// A collection read on its own: the records, the texts read and the problems found.
struct Part<T> {
    collection: Collection<T>,
    texts: Vec<(PathBuf, Arc<str>)>,
    diags: Diagnostics,
}

/// Records a collection's texts and diagnostics and returns its records.
fn record<T>(
    part: Option<Part<T>>,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Collection<T> {
    let Some(part) = part else {
        return Collection::default();
    };
    for (file, text) in part.texts {
        sources.insert(&file, text);
    }
    diags.extend(part.diags.into_sorted());
    part.collection
}

/// Reads every `<folder>/**/*.md` (stories) or `<folder>/*.md` (pages: `known` reports deeper
/// files). Files are read and their front matter parsed in parallel; sources and diagnostics are
/// then recorded in file order, so the result does not depend on the scheduling.
fn load_documents<F: DeserializeOwned + Send>(
    root: &Path,
    folder: &str,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Vec<RawDocument<F>> {
    use rayon::prelude::*;
    let folder = Path::new(folder);
    let mut files = list_files_with_ext(root, folder, &["md"], diags);
    if folder == Path::new("content/pages") {
        files.retain(|f| f.parent() == Some(folder));
    }
    let loaded: Vec<LoadedDocument<F>> = files
        .into_par_iter()
        .map(|file| match read_file_text(root, &file) {
            Err(d) => (None, Err(d)),
            Ok(text) => {
                let story = parse_document(file, &text);
                (Some(text), story)
            }
        })
        .collect();
    let mut stories = Vec::with_capacity(loaded.len());
    for (text, story) in loaded {
        match story {
            Ok(story) => {
                if let Some(text) = text {
                    sources.insert(&story.file, text);
                }
                stories.push(story);
            }
            Err(d) => {
                if let Some(text) = text {
                    sources.insert(&d.file, text);
                }
                diags.push(d);
            }
        }
    }
    stories
}

/// A Markdown file's text (when it could be read) and the document or the reason it could not be
/// loaded.
type LoadedDocument<F> = (Option<Arc<str>>, Result<RawDocument<F>, Diagnostic>);

/// Splits one Markdown file and parses its front matter.
fn parse_document<F: DeserializeOwned>(
    file: PathBuf,
    text: &str,
) -> Result<RawDocument<F>, Diagnostic> {
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    match split_front_matter(text) {
        Err(message) => Err(Diagnostic::error(&file, Position::new(1, 1), message)
            .with_help("start the file with a line `---`, then YAML front matter (title, …), then a line `---`")),
        // A blank first line stands in for the opening `---`, so that every position the
        // parser records (also those kept in `Spanned` fields) is a line of the story file.
        Ok((yaml, body, body_line)) => match parse_yaml::<F>(&format!("\n{yaml}"), 0) {
            Ok(front) => Ok(RawDocument { file, stem, front, body: body.to_string(), body_line }),
            Err(d) => Err(d.in_file(&file)),
        },
    }
}

/// Splits `---\n<yaml>\n---\n<body>` into the YAML, the body and the body's 1-based first line.
/// Accepts CRLF line endings.
pub fn split_front_matter(text: &str) -> Result<(&str, &str, usize), String> {
    let rest = text
        .strip_prefix("---\r\n")
        .or_else(|| text.strip_prefix("---\n"))
        .ok_or("the story does not start with front matter: its first line must be `---`")?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = yaml.matches('\n').count() + 3;
            return Ok((yaml, body, body_line));
        }
        offset += line.len();
    }
    Err("the front matter is not closed: add a line `---` after it".to_string())
}

/// The largest data, story or template file read: far above any real one, small enough that a
/// stray dump cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Reads a file as UTF-8 text, strips a BOM, and remembers it for diagnostics.
fn read_text(
    root: &Path,
    file: &Path,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<Arc<str>> {
    match read_file_text(root, file) {
        Ok(text) => {
            sources.insert(file, text.clone());
            Some(text)
        }
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// A file's bytes, refused above [`MAX_FILE_BYTES`] with `help` saying how to keep it smaller.
pub(crate) fn read_limited(root: &Path, file: &Path, help: &str) -> Result<Vec<u8>, Diagnostic> {
    if let Ok(meta) = std::fs::metadata(root.join(file))
        && meta.len() > MAX_FILE_BYTES
    {
        return Err(Diagnostic::error(
            file,
            Position::default(),
            format!(
                "the file is {} MiB; at most {} MiB are read",
                meta.len() >> 20,
                MAX_FILE_BYTES >> 20
            ),
        )
        .with_help(help));
    }
    std::fs::read(root.join(file)).map_err(|e| {
        Diagnostic::error(
            file,
            Position::default(),
            format!("cannot read the file: {e}"),
        )
    })
}

/// Reads a file as UTF-8 text and strips a BOM (safe to call from several threads).
fn read_file_text(root: &Path, file: &Path) -> Result<Arc<str>, Diagnostic> {
    let bytes = read_limited(
        root,
        file,
        "split the collection into one file per record (data/<collection>/<id>.yaml)",
    )?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
            let position = crate::diagnostics::position_of_offset(&valid, offset);
            return Err(Diagnostic::error(
                file,
                position,
                format!("the file is not valid UTF-8 (at byte offset {offset})"),
            )
            .with_help("save the file as UTF-8 (not GBK or GB2312)"));
        }
    };
    Ok(Arc::from(text.strip_prefix('\u{feff}').unwrap_or(&text)))
}

/// Site-relative paths of the files under `dir` (recursively) with one of `exts`, sorted.
fn list_files_with_ext(
    root: &Path,
    dir: &Path,
    exts: &[&str],
    diags: &mut Diagnostics,
) -> Vec<PathBuf> {
    list_files(root, dir, diags)
        .into_iter()
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| exts.contains(&e))
        })
        .collect()
}

/// Site-relative paths of the regular files under `dir`, recursively, sorted. The folder and each
/// symbolic link under it follow [`content_path`]; hidden files and folders are skipped, except
/// `static/.well-known/`.
pub fn list_files(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let full = root.join(dir);
    if !full.is_dir() {
        return Vec::new();
    }
    if let Err(d) = content_path(root, dir) {
        diags.push(d);
        return Vec::new();
    }
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(&full)
        .follow_links(false)
        .sort_by_file_name();
    let well_known = dir == Path::new("static");
    for entry in walker.into_iter().filter_entry(|e| {
        e.depth() == 0
            || !e.file_name().to_string_lossy().starts_with('.')
            || (well_known && e.depth() == 1 && e.file_name() == ".well-known")
    }) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(
                    dir,
                    Position::default(),
                    format!("cannot list the folder: {e}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        let Ok(relative) = path.strip_prefix(root) else {
            continue;
        };
        let is_file = if entry.path_is_symlink() {
            match content_path(root, relative) {
                Ok(()) => path.is_file(),
                Err(d) => {
                    diags.push(d);
                    false
                }
            }
        } else {
            entry.file_type().is_file()
        };
        if is_file {
            files.push(relative.to_path_buf());
        }
    }
    files
}

/// The one symbolic-link policy for every path read as content (a file, or a folder such as
/// `content/` itself): its real path must be inside the site root and in no hidden folder (`.git`,
/// `.env`…), except `static/.well-known/`. A refusal names the link and is made before anything is
/// read, so no line of a file outside the site ever reaches a diagnostic. An absent path passes
/// (the caller reports it as missing).
pub fn content_path(root: &Path, file: &Path) -> Result<(), Diagnostic> {
    let real = match root.join(file).canonicalize() {
        Ok(real) => real,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A dangling link is refused like one that leads out: what it names is not in the site.
            return match std::fs::symlink_metadata(root.join(file)) {
                Ok(m) if m.file_type().is_symlink() => Err(Diagnostic::error(
                    first_link(root, file),
                    Position::default(),
                    "a symbolic link leads to nothing",
                )
                .with_help("copy the file into the site instead of linking to it")),
                _ => Ok(()),
            };
        }
        Err(e) => {
            return Err(Diagnostic::error(
                first_link(root, file),
                Position::default(),
                format!("cannot follow the path: {e}"),
            ));
        }
    };
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let Ok(inside) = real.strip_prefix(&canonical_root) else {
        return Err(Diagnostic::error(
            first_link(root, file),
            Position::default(),
            "a symbolic link leads outside the site folder; files outside the site are never read",
        )
        .with_help("copy the file into the site instead of linking to it"));
    };
    let well_known = inside.starts_with("static/.well-known");
    let hidden = inside.components().enumerate().find(|(i, c)| {
        c.as_os_str().to_string_lossy().starts_with('.') && !(well_known && *i == 1)
    });
    if let Some((_, folder)) = hidden {
        return Err(Diagnostic::error(
            first_link(root, file),
            Position::default(),
            format!(
                "a symbolic link leads into the hidden `{}`, which is never read or published",
                folder.as_os_str().to_string_lossy()
            ),
        )
        .with_help("copy the file into the site's own folders; hidden folders and files (.git, .env…) are never content, except static/.well-known/"));
    }
    Ok(())
}

/// The first symbolic link on the way to `file` (the one a diagnostic names), or `file` itself.
fn first_link(root: &Path, file: &Path) -> PathBuf {
    let mut prefix = PathBuf::new();
    for component in file.components() {
        prefix.push(component);
        if std::fs::symlink_metadata(root.join(&prefix)).is_ok_and(|m| m.file_type().is_symlink()) {
            return prefix;
        }
    }
    file.to_path_buf()
}

/// Whether `file` may be read under [`content_path`]; if not, the diagnostic is recorded.
fn may_read(root: &Path, file: &Path, diags: &mut Diagnostics) -> bool {
    match content_path(root, file) {
        Ok(()) => true,
        Err(d) => {
            diags.push(d);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_splits_with_lf_and_crlf() {
        let (yaml, body, line) = split_front_matter("---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!((yaml, body, line), ("title: a\n", "body\n", 4));
        let (yaml, body, _) = split_front_matter("---\r\ntitle: a\r\n---\r\nbody").unwrap();
        assert_eq!((yaml, body), ("title: a\r\n", "body"));
        assert!(split_front_matter("title: a\n").is_err());
        assert!(
            split_front_matter("---\ntitle: a\n")
                .unwrap_err()
                .contains("not closed")
        );
    }
}
