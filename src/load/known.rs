//! Every file accounted for: the one table of what tongbao reads under `data/` and `content/`,
//! and the check that every other file there is either on the skip list or an error naming it.
//!
//! A misnamed file (`data/event.yaml`) would otherwise vanish without a word, so a file in those
//! folders that tongbao does not read stops the build, with the closest name it would read.
//! Not for reading the files: `load` does that; this module only looks at names.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::util::suggest::edit_distance;

/// The collections of `data/`, each a list `data/<name>.yaml` or a folder `data/<name>/`.
pub const COLLECTIONS: [&str; 9] = [
    "counties", "sources", "units", "posts", "projects", "metrics", "actions", "events", "facts",
];

/// One kind of file tongbao reads.
#[derive(Debug, Clone, Copy)]
pub struct Known {
    /// A file (`data/site.yaml`) or, for [`Shape::Folder`], the folder (`content/pages`).
    pub path: &'static str,
    pub shape: Shape,
    /// What the file is, for the help line.
    pub what: &'static str,
}

/// How the files of one [`Known`] entry are named.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// Exactly this file.
    File,
    /// A collection: the list `data/<name>.yaml` (or `.yml`) or one file per record in
    /// `data/<name>/` (any depth), `.yaml` or `.yml`.
    Collection,
    /// Files with one of these extensions in the folder; `nested`: in sub-folders too.
    Folder {
        extensions: &'static [&'static str],
        nested: bool,
    },
}

const fn collection(path: &'static str) -> Known {
    Known {
        path,
        shape: Shape::Collection,
        what: "a collection of records",
    }
}

/// What tongbao reads, in `data/` and `content/`. A new kind of input file is one entry here.
pub const READ: &[Known] = &[
    Known {
        path: "data/site.yaml",
        shape: Shape::File,
        what: "the site settings",
    },
    collection("data/counties"),
    collection("data/sources"),
    collection("data/units"),
    collection("data/posts"),
    collection("data/projects"),
    collection("data/metrics"),
    collection("data/actions"),
    collection("data/events"),
    collection("data/facts"),
    Known {
        path: "content/stories",
        shape: Shape::Folder {
            extensions: &["md"],
            nested: true,
        },
        what: "stories",
    },
    Known {
        path: "content/pages",
        shape: Shape::Folder {
            extensions: &["md"],
            nested: false,
        },
        what: "free pages (关于本站, 数据说明…)",
    },
    // Spreadsheets (`load::sheets`): read as `.csv` or `.xlsx`; the other workbook formats are
    // read far enough to say "save as .xlsx or CSV" there.
    Known {
        path: "data/observations",
        shape: Shape::Folder {
            extensions: SHEET_EXTENSIONS,
            nested: false,
        },
        what: "a metric's observations as a spreadsheet, named by the metric's id",
    },
    Known {
        path: "data/investment",
        shape: Shape::Folder {
            extensions: SHEET_EXTENSIONS,
            nested: false,
        },
        what: "a project's investment series as a spreadsheet, named by the project's id",
    },
];

/// The file types found in the spreadsheet folders.
const SHEET_EXTENSIONS: &[&str] = &["csv", "xlsx", "xls", "xlsm", "xlsb", "et", "ods"];

/// The folders whose every file must be accounted for.
pub const CHECKED_FOLDERS: [&str; 2] = ["data", "content"];

/// Why a file that tongbao does not read is passed over silently, if it is: what office machines
/// and editors leave behind. Hidden files and folders (`.DS_Store`, `.git`) are never even listed.
pub fn skipped(file_name: &str) -> Option<&'static str> {
    let lower = file_name.to_lowercase();
    if lower.starts_with('.') {
        Some("a hidden file")
    } else if lower == "readme" || lower.starts_with("readme.") {
        Some("a README file")
    } else if lower.starts_with("~$") || lower.starts_with(".~lock.") {
        Some("an office lock file")
    } else if lower.ends_with('~')
        || lower.ends_with(".bak")
        || lower.ends_with(".swp")
        || lower.ends_with(".tmp")
    {
        Some("an editor backup or temporary file")
    } else if lower == "thumbs.db" || lower == "desktop.ini" {
        Some("a file Windows leaves in folders")
    } else {
        None
    }
}

impl Known {
    /// Whether tongbao reads `file` (site-relative, `/`-separated) as this entry.
    fn reads(&self, file: &str) -> bool {
        match self.shape {
            Shape::File => file == self.path,
            Shape::Collection => {
                file == format!("{}.yaml", self.path)
                    || file == format!("{}.yml", self.path)
                    || file
                        .strip_prefix(self.path)
                        .and_then(|rest| rest.strip_prefix('/'))
                        .is_some_and(|rest| has_extension(rest, &["yaml", "yml"]))
            }
            Shape::Folder { extensions, nested } => file
                .strip_prefix(self.path)
                .and_then(|rest| rest.strip_prefix('/'))
                .is_some_and(|rest| {
                    (nested || !rest.contains('/')) && has_extension(rest, extensions)
                }),
        }
    }

    /// The name `file` would have if it were meant as this entry: the same file name in the
    /// entry's folder, with the entry's extension.
    fn as_meant(&self, file: &str) -> String {
        let name = file.rsplit('/').next().unwrap_or(file);
        let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
        match self.shape {
            Shape::File => self.path.to_string(),
            Shape::Collection => {
                let list = format!("{}.yaml", self.path);
                let in_folder = format!("{}/{stem}.yaml", self.path);
                if edit_distance(file, &list) <= edit_distance(file, &in_folder) {
                    list
                } else {
                    in_folder
                }
            }
            Shape::Folder { extensions, .. } => {
                let extension = if extensions.contains(&extension) {
                    extension
                } else {
                    extensions[0]
                };
                format!("{}/{stem}.{extension}", self.path)
            }
        }
    }

    /// How the entry's files are named, for the help line.
    fn pattern(&self) -> String {
        match self.shape {
            Shape::File => self.path.to_string(),
            Shape::Collection => format!("{0}.yaml or {0}/<id>.yaml", self.path),
            Shape::Folder { extensions, .. } => {
                format!("{}/<name>.{}", self.path, extensions.join("|"))
            }
        }
    }
}

fn has_extension(name: &str, extensions: &[&str]) -> bool {
    name.rsplit_once('.').is_some_and(|(stem, e)| {
        !stem.is_empty() && extensions.iter().any(|x| x.eq_ignore_ascii_case(e))
    })
}

/// Reports every file under `data/` and `content/` that tongbao does not read and that is not on
/// the skip list, each with the closest name it would read. Only names are looked at; a folder
/// that is a refused symbolic link is left to `load`, which reports it.
pub fn account_for_files(root: &Path, diags: &mut Diagnostics) {
    for folder in CHECKED_FOLDERS {
        let dir = root.join(folder);
        if !dir.is_dir() || super::content_path(root, Path::new(folder)).is_err() {
            continue;
        }
        let walker = walkdir::WalkDir::new(&dir)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || skipped(&e.file_name().to_string_lossy()).is_none()
            });
        for entry in walker.flatten() {
            if entry.file_type().is_dir() {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(root) else {
                continue;
            };
            if let Some(d) = unread(relative) {
                diags.push(d);
            }
        }
    }
}

/// The error for `file` (site-relative) if tongbao does not read it.
pub fn unread(file: &Path) -> Option<Diagnostic> {
    let name: String = file
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    if READ.iter().any(|k| k.reads(&name)) {
        return None;
    }
    let meant = READ
        .iter()
        .map(|k| k.as_meant(&name))
        .map(|m| (edit_distance(&name, &m), m))
        .filter(|(d, m)| *d <= (m.chars().count() / 3).max(2))
        .min();
    let help = match meant {
        Some((_, m)) => format!("did you mean `{m}`? Rename the file so that tongbao reads it"),
        None => format!(
            "tongbao reads only {}; move the file out of the site folder, or rename it (README.md, \"Every file accounted for\", lists what is skipped)",
            READ.iter()
                .map(Known::pattern)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Some(
        Diagnostic::error(
            PathBuf::from(&name),
            Position::default(),
            "tongbao does not read this file, so whatever it holds would not be published",
        )
        .with_help(help),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn help(file: &str) -> Option<String> {
        unread(Path::new(file)).map(|d| d.help.unwrap_or_default())
    }

    #[test]
    fn what_tongbao_reads_is_accounted_for() {
        for file in [
            "data/site.yaml",
            "data/events.yaml",
            "data/units.yml",
            "data/posts/road.yaml",
            "data/posts/sub/road.yml",
            "content/stories/a.md",
            "content/stories/2022/a.md",
            "content/pages/about.md",
        ] {
            assert!(unread(Path::new(file)).is_none(), "{file}");
        }
    }

    #[test]
    fn a_misnamed_file_gets_the_name_it_was_meant_to_have() {
        let cases = [
            ("data/event.yaml", "`data/events.yaml`"),
            ("data/site.yml", "`data/site.yaml`"),
            ("data/unit/a.yaml", "`data/units/a.yaml`"),
            ("content/about.md", "`content/pages/about.md`"),
            ("content/stories/a.markdown", "`content/stories/a.md`"),
            ("content/page/about.md", "`content/pages/about.md`"),
        ];
        for (file, meant) in cases {
            let help = help(file).unwrap_or_else(|| panic!("{file} is read"));
            assert!(help.contains(meant), "{file}: {help}");
        }
        let far = help("data/budget-2022.docx").unwrap();
        assert!(far.contains("tongbao reads only data/site.yaml"), "{far}");
        assert!(help("content/pages/sub/x.md").is_some());
    }

    #[test]
    fn what_office_machines_leave_behind_is_skipped() {
        for name in [
            "~$units.xlsx",
            "units.yaml~",
            "units.bak",
            "Thumbs.db",
            ".DS_Store",
            "README.md",
            "readme.txt",
            "desktop.ini",
        ] {
            assert!(skipped(name).is_some(), "{name}");
        }
        for name in ["units.yaml", "event.yaml", "about.md"] {
            assert!(skipped(name).is_none(), "{name}");
        }
    }
}
