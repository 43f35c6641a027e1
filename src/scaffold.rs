//! Scaffolding: `tongbao new <kind> <id>` writes a new story or record with every required field and
//! a short comment on each, as the record's description in `schema` lists them; `tongbao init DIR` creates a minimal site that builds.
//!
//! Where a record goes: when the collection is a folder (`data/units/`) or does not exist yet, the
//! record becomes its own file `data/<collection>/<id>.yaml`. When the collection is one list file
//! (`data/units.yaml`), nothing is written: rewriting a hand-edited YAML list could disturb its
//! comments and layout, so the snippet is returned for the editor to paste at the end of that file.
//! Nothing is ever overwritten.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostics, SourceMap};
use crate::load::{self, RawData};
use crate::schema::{self, Example};
use crate::validate::id_problem;

/// What `new` can create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Story,
    Unit,
    Post,
    Project,
    Metric,
}

impl Kind {
    /// The data collection a record kind lives in (`None` for stories).
    fn collection(self) -> Option<&'static str> {
        match self {
            Kind::Story => None,
            Kind::Unit => Some("units"),
            Kind::Post => Some("posts"),
            Kind::Project => Some("projects"),
            Kind::Metric => Some("metrics"),
        }
    }
}

/// What `new` did.
#[derive(Debug, PartialEq, Eq)]
pub enum Created {
    /// A new file was written (site-relative path).
    File(PathBuf),
    /// The collection is a single list file: paste this snippet at its end.
    Snippet { list_file: PathBuf, snippet: String },
}

/// Creates a new story or record with the given id in the site at `root`.
pub fn new_item(root: &Path, kind: Kind, id: &str) -> Result<Created, String> {
    if let Some(problem) = id_problem(id) {
        return Err(format!(
            "the id {problem}; use something like `city-audit-bureau`"
        ));
    }
    if let (Kind::Story, Some(what)) = (kind, crate::url::reserved_slug(id)) {
        return Err(format!(
            "the slug `{id}` is reserved: stories/{id}/ is {what}; choose another"
        ));
    }
    if !root.join("data").is_dir() {
        return Err(format!(
            "{} has no data/ folder: run this in a site folder, pass --root, or create a site with `tongbao init DIR`",
            root.display()
        ));
    }
    let facts = SiteFacts::read(root);
    new_with(root, kind, id, &facts, true)
}

fn new_with(
    root: &Path,
    kind: Kind,
    id: &str,
    facts: &SiteFacts,
    draft: bool,
) -> Result<Created, String> {
    let text = template(kind, id, facts, draft)?;
    let Some(collection) = kind.collection() else {
        let file = PathBuf::from(format!("content/stories/{id}.md"));
        write_new(root, &file, &text)?;
        return Ok(Created::File(file));
    };
    for ext in ["yaml", "yml"] {
        let list_file = PathBuf::from(format!("data/{collection}.{ext}"));
        if let Ok(existing) = std::fs::read_to_string(root.join(&list_file)) {
            if mentions_id(&existing, id) {
                return Err(format!(
                    "{} already has a record with id `{id}`; choose another id",
                    list_file.display()
                ));
            }
            return Ok(Created::Snippet {
                list_file,
                snippet: as_list_item(&text),
            });
        }
    }
    let file = PathBuf::from(format!("data/{collection}/{id}.yaml"));
    write_new(root, &file, &text)?;
    Ok(Created::File(file))
}

/// Whether a YAML list already holds `id: <id>` (a conservative textual test).
fn mentions_id(text: &str, id: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start().trim_start_matches("- ").trim_start();
        line.strip_prefix("id:")
            .map(|v| v.trim().trim_matches(|c| c == '"' || c == '\'') == id)
            .unwrap_or(false)
    })
}

/// Turns a one-record file into a list item: `- ` before the first field, two spaces before the rest.
fn as_list_item(text: &str) -> String {
    let mut out = String::new();
    let mut first_field = true;
    for line in text.lines() {
        if line.is_empty() {
            out.push('\n');
        } else if first_field && !line.starts_with('#') {
            out.push_str("- ");
            out.push_str(line);
            out.push('\n');
            first_field = false;
        } else {
            out.push_str("  ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Writes a file that must not exist yet, creating its folder.
fn write_new(root: &Path, file: &Path, text: &str) -> Result<(), String> {
    let full = root.join(file);
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let mut handle = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&full)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                format!(
                    "{} already exists; it was left as it is (choose another id or edit that file)",
                    file.display()
                )
            } else {
                format!("cannot create {}: {e}", file.display())
            }
        })?;
    std::io::Write::write_all(&mut handle, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", file.display()))
}

/// Ids and dates of the existing site that a new record can refer to, so that it builds as written.
struct SiteFacts {
    as_of: String,
    unit: Option<String>,
    county: Option<String>,
    source: Option<String>,
}

impl SiteFacts {
    fn read(root: &Path) -> SiteFacts {
        let raw: RawData =
            load::load_site(root, &mut SourceMap::default(), &mut Diagnostics::default());
        SiteFacts {
            as_of: raw
                .site
                .as_ref()
                .map(|s| s.record.as_of.value.clone())
                .unwrap_or_else(|| "2022-01-01".into()),
            unit: raw.units.items.first().map(|l| l.record.id.value.clone()),
            county: raw
                .counties
                .items
                .first()
                .map(|l| l.record.id.value.clone()),
            source: raw.sources.items.first().map(|l| l.record.id.value.clone()),
        }
    }
}

/// The text of a new file of the given kind: each field of the record's description in `schema`,
/// with its comment and its starting value.
fn template(kind: Kind, id: &str, f: &SiteFacts, draft: bool) -> Result<String, String> {
    let fields = match kind {
        Kind::Story => schema::story_front_matter(),
        Kind::Unit => schema::unit().into(),
        Kind::Post => schema::post().into(),
        Kind::Project => schema::project().into(),
        Kind::Metric => schema::metric(),
    };
    let unit = match kind {
        Kind::Post => f.unit.as_deref().ok_or(
            "a post belongs to a unit, and the site has none yet: create one first with `tongbao new unit <id>`",
        )?,
        _ => f.unit.as_deref().unwrap_or_default(),
    };
    let county = match kind {
        Kind::Project => f.county.as_deref().ok_or(
            "a project lies in a county, and the site has none yet: add one to data/counties.yaml first",
        )?,
        _ => f.county.as_deref().unwrap_or("decheng"),
    };
    let year = f.as_of.get(..4).unwrap_or("2022");
    let fill = |text: &str| {
        text.replace("{id}", id)
            .replace("{as_of}", &f.as_of)
            .replace("{year}", year)
            .replace("{unit}", unit)
            .replace("{county}", county)
            .replace("{source}", f.source.as_deref().unwrap_or_default())
            .replace("{kinds}", &schema::unit_kinds())
            .replace("{draft}", if draft { "true" } else { "false" })
    };
    let mut text = String::new();
    for (key, help, example) in fields.0 {
        if !help.is_empty() {
            text.push_str(&format!("# {}\n", fill(help)));
        }
        // A record without a source (the site has none yet) shows the field, left out.
        let example = match example {
            Example::Value(v) if v.contains("{source}") && f.source.is_none() => {
                Example::Commented(v)
            }
            other => other,
        };
        match example {
            Example::Value(v) if v.starts_with('\n') => {
                text.push_str(&format!("{key}:{}\n", fill(v)));
            }
            Example::Value(v) => text.push_str(&format!("{key}: {}\n", fill(v))),
            Example::Commented(v) => text.push_str(&format!("# {key}: {}\n", fill(v))),
            Example::None => {}
        }
    }
    Ok(match kind {
        Kind::Story => format!(
            "---\n{text}---\n\n正文用 Markdown 书写。段落之间空一行；`## 小标题` 开始一节。\n"
        ),
        Kind::Unit | Kind::Post | Kind::Project | Kind::Metric => text,
    })
}

/// Creates a minimal site in `dir` (which must not exist or be empty), reporting as of `as_of`:
/// settings with the identity to fill, a source, a county, a unit, a post, a project, a metric, a
/// published story, an 关于本站 page, a `.gitignore`, the publish workflow and the deploy recipe
/// (`starter`).
pub fn init(dir: &Path, as_of: crate::util::date::Date) -> Result<Vec<PathBuf>, String> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "{} is not empty; choose a new folder so that nothing is overwritten",
                dir.display()
            ));
        }
    }
    let mut written = Vec::new();
    let fixed: [(&str, &str); 2] = [
        (
            "data/sources.yaml",
            "# 来源：每个公开的数字都要注明来源（id、标题、发布者、日期）\n\
             - id: example-source\n\
             \x20 title: 示例来源（请换成真实出处）\n\
             \x20 publisher: 示例发布单位\n\
             \x20 date: {as_of}\n",
        ),
        (
            "data/counties.yaml",
            "# 县市区：id、名称、类别（district、county-city、county）\n\
             - id: decheng\n\
             \x20 name: 德城区\n\
             \x20 kind: district\n",
        ),
    ];
    let starter = crate::starter::files(as_of);
    let fixed = starter
        .iter()
        .map(|(file, text)| (*file, text.clone()))
        .chain(
            fixed
                .iter()
                .map(|(file, text)| (*file, text.replace("{as_of}", &as_of.to_string()))),
        );
    for (file, text) in fixed {
        write_new(dir, Path::new(file), &text)?;
        written.push(PathBuf::from(file));
    }
    let mut facts = SiteFacts::read(dir);
    for (kind, id) in [
        (Kind::Unit, "example-unit"),
        (Kind::Post, "example-post"),
        (Kind::Project, "example-project"),
        (Kind::Metric, "example-metric"),
        (Kind::Story, "welcome"),
    ] {
        if kind == Kind::Post {
            facts.unit = Some("example-unit".into());
        }
        if let Created::File(file) = new_with(dir, kind, id, &facts, false)? {
            written.push(file);
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_becomes_a_list_item() {
        assert_eq!(
            as_list_item("# c\nid: a\nname: b\n"),
            "  # c\n- id: a\n  name: b\n"
        );
        assert!(mentions_id("- id: a\n  name: b\n- id: \"c\"\n", "c"));
        assert!(!mentions_id("- id: ab\n", "a"));
    }
}
