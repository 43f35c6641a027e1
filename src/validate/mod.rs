//! Validate: turn raw records into the immutable, cross-linked [`Site`] model, checking
//! everything on the way and collecting every problem as a diagnostic.
//!
//! Checked here: ids and slugs, duplicate ids, every reference, dates, ranges (percentages within
//! 0–100, money not negative), targets and their observations, story images. A reference into a
//! collection that failed to load is not reported again: its file already has an error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_saphyr::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::load::records::*;
use crate::load::{Collection, RawData};

mod campaign;
mod metrics;
mod pages;
mod posts;
mod projects;
mod settings;
mod sheets;
mod stories;
mod units;

/// The date a record gets when its own date could not be read: an error has been reported, so
/// the model is never built and this date is never shown.
const UNKNOWN_DATE: Date = Date {
    year: 1970,
    month: 1,
    day: Some(1),
};
use crate::model::*;
use crate::util::date::Date;

/// Options that change what the model contains.
#[derive(Debug, Clone, Default)]
pub struct ValidateOptions {
    /// Keep drafts and future-dated stories.
    pub drafts: bool,
    /// Overrides `base_url` of the site settings.
    pub base_url: Option<String>,
    /// Overrides `as_of` of the site settings.
    pub as_of: Option<Date>,
    /// Fail on warnings as on errors (`--deny-warnings`, for CI).
    pub deny_warnings: bool,
}

/// Checks the raw data and builds the model; `None` when any error was found.
pub fn validate(raw: RawData, options: &ValidateOptions, diags: &mut Diagnostics) -> Option<Site> {
    let mut v = Validator {
        diags,
        complete: BTreeMap::new(),
    };
    let settings = v.settings(raw.site.as_ref(), options);

    let county_ix = v.index("counties", &raw.counties);
    let source_ix = v.index("sources", &raw.sources);
    let unit_ix = v.index("units", &raw.units);
    let post_ix = v.index("posts", &raw.posts);
    let project_ix = v.index("projects", &raw.projects);
    let metric_ix = v.index("metrics", &raw.metrics);
    v.index("actions", &raw.actions);
    v.index("events", &raw.events);
    v.index("facts", &raw.facts);
    let refs = Refs {
        counties: &county_ix,
        sources: &source_ix,
        units: &unit_ix,
        posts: &post_ix,
        projects: &project_ix,
    };

    let observation_sheets = v.sheets_by_id(
        "metrics",
        crate::load::sheets::OBSERVATIONS_FOLDER,
        &raw.sheets.observations,
        &metric_ix,
    );
    let investment_sheets = v.sheets_by_id(
        "projects",
        crate::load::sheets::INVESTMENT_FOLDER,
        &raw.sheets.investment,
        &project_ix,
    );

    let sources: Vec<Source> = raw.sources.items.iter().map(|l| v.source(l)).collect();
    let counties: Vec<County> = raw.counties.items.iter().map(|l| v.county(l)).collect();
    let units: Vec<Unit> = raw.units.items.iter().map(|l| v.unit(l, &refs)).collect();
    let posts: Vec<Post> = raw
        .posts
        .items
        .iter()
        .map(|l| v.post(l, &refs, &units))
        .collect();
    let projects: Vec<Project> = raw
        .projects
        .items
        .iter()
        .map(|l| {
            let factor = settings
                .as_ref()
                .map_or(settings::DEFAULT_INVESTMENT_WARNING_FACTOR, |s| {
                    s.investment_warning_factor
                });
            let sheet = investment_sheets.get(l.record.id.value.as_str()).copied();
            v.project(l, &refs, factor, sheet)
        })
        .collect();
    let as_of = settings.as_ref().map(|s| s.as_of);
    let metrics: Vec<Metric> = raw
        .metrics
        .items
        .iter()
        .map(|l| {
            let sheet = observation_sheets.get(l.record.id.value.as_str()).copied();
            v.metric(l, &refs, as_of, sheet)
        })
        .collect();
    let mut actions: Vec<Action> = raw
        .actions
        .items
        .iter()
        .map(|l| v.action(l, &refs))
        .collect();
    let mut events: Vec<Event> = raw.events.items.iter().map(|l| v.event(l, &refs)).collect();
    let facts: Vec<Fact> = raw.facts.items.iter().map(|l| v.fact(l, &refs)).collect();
    let static_files: Vec<PathBuf> = raw
        .static_files
        .iter()
        .filter_map(|p| p.strip_prefix("static").ok().map(Path::to_path_buf))
        .collect();
    let mut stories = v.stories(&raw.stories, &refs, &static_files, options, as_of);
    let pages = v.pages(&raw.pages);

    let settings = settings?;
    if v.diags.has_errors() {
        return None;
    }

    // Newest story first; ties by slug so the order never depends on the file system.
    stories.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    actions.sort_by_key(|a| a.order);
    events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));

    let mut site = Site {
        settings,
        counties,
        sources,
        units,
        posts,
        projects,
        metrics,
        actions,
        events,
        facts,
        stories,
        pages,
        tags: BTreeMap::new(),
        static_files,
        history: History::default(),
    };
    link_back(&mut site);
    Some(site)
}

/// Fills the relations in the other direction: a unit's posts, projects led and stories, a
/// county's units, posts, projects and stories (also those that name one of its units or
/// projects), a post's and project's stories, and each tag's stories.
fn link_back(site: &mut Site) {
    let Site {
        counties,
        units,
        posts,
        projects,
        stories,
        tags,
        ..
    } = site;
    for (p, post) in posts.iter_mut().enumerate() {
        units[post.unit].posts.push(p);
        post.county = units[post.unit].county;
        if let Some(c) = post.county {
            counties[c].posts.push(p);
        }
    }
    for (u, unit) in units.iter().enumerate() {
        if let Some(c) = unit.county {
            counties[c].units.push(u);
        }
    }
    for (p, project) in projects.iter().enumerate() {
        // A project across counties or of the whole city is in no one county's list.
        if let Some(c) = project.place.county() {
            counties[c].projects.push(p);
        }
        if let Some(u) = project.lead_unit {
            units[u].projects_led.push(p);
        }
    }
    for (s, story) in stories.iter().enumerate() {
        for &u in &story.units {
            units[u].stories.push(s);
        }
        for &p in &story.posts {
            posts[p].stories.push(s);
        }
        for &p in &story.projects {
            projects[p].stories.push(s);
        }
        let mut story_counties = story.counties.clone();
        story_counties.extend(story.units.iter().filter_map(|&u| units[u].county));
        story_counties.extend(
            story
                .projects
                .iter()
                .flat_map(|&p| match &projects[p].place {
                    ProjectPlace::County(c) => vec![*c],
                    ProjectPlace::Counties(cs) => cs.clone(),
                    ProjectPlace::City => Vec::new(),
                }),
        );
        story_counties.sort_unstable();
        story_counties.dedup();
        for c in story_counties {
            counties[c].stories.push(s);
        }
        for tag in &story.tags {
            tags.entry(tag.clone()).or_default().push(s);
        }
    }
}

/// Id-to-index maps of the collections that can be referenced.
struct Refs<'a> {
    counties: &'a BTreeMap<String, usize>,
    sources: &'a BTreeMap<String, usize>,
    units: &'a BTreeMap<String, usize>,
    posts: &'a BTreeMap<String, usize>,
    projects: &'a BTreeMap<String, usize>,
}

struct Validator<'d> {
    diags: &'d mut Diagnostics,
    /// Whether each collection loaded without errors (references into it can then be checked).
    complete: BTreeMap<&'static str, bool>,
}

fn pos<T>(s: &Spanned<T>) -> Position {
    Position::new(s.referenced.line() as usize, s.referenced.column() as usize)
}

/// Windows device names: refused as ids so the output folder can be copied anywhere.
const DEVICE_NAMES: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Why `id` is not a valid id or slug, if it is not.
pub fn id_problem(id: &str) -> Option<String> {
    let first_ok = id
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let rest_ok = id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if id.is_empty() {
        Some("is empty".into())
    } else if !first_ok || !rest_ok {
        Some(format!(
            "`{}` may only hold lowercase ASCII letters, digits and hyphens, starting with a letter or digit",
            id.escape_debug()
        ))
    } else if id.len() > 64 {
        Some(format!(
            "is {} characters long; at most 64 are allowed",
            id.len()
        ))
    } else if DEVICE_NAMES.contains(&id) {
        Some(format!("`{id}` is a reserved device name on Windows"))
    } else {
        None
    }
}

impl Validator<'_> {
    fn warning(
        &mut self,
        file: &Path,
        position: Position,
        message: String,
        help: impl Into<String>,
    ) {
        self.diags
            .push(Diagnostic::warning(file, position, message).with_help(help));
    }

    fn error(&mut self, file: &Path, position: Position, message: String, help: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(file, position, message).with_help(help));
    }

    /// Checks ids and finds duplicates; returns id → index.
    fn index<T: HasId>(
        &mut self,
        name: &'static str,
        collection: &Collection<T>,
    ) -> BTreeMap<String, usize> {
        self.complete.insert(name, collection.complete);
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        for (i, loaded) in collection.items.iter().enumerate() {
            let id = loaded.record.id();
            if let Some(problem) = id_problem(&id.value) {
                self.error(
                    &loaded.file,
                    pos(id),
                    format!("the id {problem}"),
                    "ids look like `city-audit-bureau`: lowercase letters, digits and hyphens",
                );
                // Still indexed below, so references to it do not cascade into more errors.
            }
            let in_folder = loaded.file.parent().is_some_and(|p| p.ends_with(name));
            if in_folder
                && loaded.file.file_stem().and_then(|s| s.to_str()) != Some(id.value.as_str())
            {
                self.error(
                    &loaded.file,
                    pos(id),
                    format!("the id `{}` differs from the file name", id.value),
                    format!(
                        "rename the file to data/{name}/{}.yaml or change the id",
                        id.value
                    ),
                );
            }
            if let Some(&first) = index.get(&id.value) {
                let other = &collection.items[first];
                let at = format!("{}:{}", other.file.display(), pos(other.record.id()).line);
                self.error(
                    &loaded.file,
                    pos(id),
                    format!(
                        "duplicate id `{}` in {name}: it is already used at {at}",
                        id.value
                    ),
                    "give each record its own id",
                );
            } else {
                index.insert(id.value.clone(), i);
            }
        }
        index
    }

    /// Resolves a reference, reporting it at the reference's own line when it is unknown.
    fn resolve(
        &mut self,
        file: &Path,
        reference: &Spanned<String>,
        name: &'static str,
        index: &BTreeMap<String, usize>,
    ) -> Option<usize> {
        if let Some(&i) = index.get(&reference.value) {
            return Some(i);
        }
        if self.complete.get(name).copied().unwrap_or(true) {
            // Only a valid id is suggested: one with an error of its own would fail again.
            let valid = index.keys().filter(|id| id_problem(id).is_none());
            let help = match closest(&reference.value, valid) {
                Some(near) => {
                    format!("did you mean `{near}`? Use the id of a record in data/{name}")
                }
                None if index.is_empty() => {
                    format!("data/{name} has no records yet: add one with this id")
                }
                None => format!("use the id of a record in data/{name}"),
            };
            let singular = match name {
                "counties" => "county",
                other => other.trim_end_matches('s'),
            };
            self.error(
                file,
                pos(reference),
                format!("unknown {singular} `{}`", reference.value),
                help,
            );
        }
        None
    }

    fn source_ref(
        &mut self,
        file: &Path,
        source: &Option<Spanned<String>>,
        refs: &Refs,
    ) -> Option<SourceIx> {
        source
            .as_ref()
            .and_then(|s| self.resolve(file, s, "sources", refs.sources))
    }

    fn date(
        &mut self,
        file: &Path,
        text: &Spanned<String>,
        allow_month: bool,
        field: &str,
    ) -> Option<Date> {
        match Date::parse(&text.value, allow_month) {
            Ok(d) => Some(d),
            Err(message) => {
                let help = if allow_month {
                    "write the date as 2022-08-15, or 2022-08 when only the month is known"
                } else {
                    "write the date as 2022-08-15"
                };
                self.error(file, pos(text), format!("{field}: {message}"), help);
                None
            }
        }
    }

    fn enumerated<T>(
        &mut self,
        file: &Path,
        text: &Spanned<String>,
        field: &str,
        names: &[&str],
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let parsed = parse(&text.value);
        if parsed.is_none() {
            self.error(
                file,
                pos(text),
                format!("{field} `{}` is not one of the known values", text.value),
                format!("use one of: {}", names.join(", ")),
            );
        }
        parsed
    }

    fn percent_or_finite(&mut self, file: &Path, value: &Spanned<f64>, percent: bool, what: &str) {
        if !value.value.is_finite() {
            self.error(
                file,
                pos(value),
                format!("{what} is not a number"),
                "write a number such as 42.5",
            );
        } else if percent && !(0.0..=100.0).contains(&value.value) {
            self.error(
                file,
                pos(value),
                format!("{what} is {}%, outside 0–100", value.value),
                "percentages are written as numbers from 0 to 100",
            );
        }
    }

    /// Whether an amount of money is a number of 0 or more; reports it if not.
    fn money(&mut self, file: &Path, value: &Spanned<f64>, what: &str) -> bool {
        let ok = value.value.is_finite() && value.value >= 0.0;
        if !ok {
            self.error(
                file,
                pos(value),
                format!("{what} is {}, but money cannot be negative", value.value),
                "write the amount in 万元 as a number of 0 or more",
            );
        }
        ok
    }

    fn year(&mut self, file: &Path, year: &Spanned<i64>) -> i32 {
        if !(1949..=2100).contains(&year.value) {
            self.error(
                file,
                pos(year),
                format!("the year {} is out of range", year.value),
                "write a year such as 2022",
            );
        }
        year.value.clamp(0, 9999) as i32
    }
}

/// Something with an id.
trait HasId {
    fn id(&self) -> &Spanned<String>;
}

macro_rules! has_id {
    ($($t:ty),*) => { $(impl HasId for $t { fn id(&self) -> &Spanned<String> { &self.id } })* };
}
has_id!(
    RawCounty, RawSource, RawUnit, RawPost, RawProject, RawMetric, RawAction, RawEvent, RawFact
);

/// The known id closest to `wrong`, if one is close enough to be a likely typo.
fn closest<'a>(wrong: &str, known: impl Iterator<Item = &'a String>) -> Option<&'a str> {
    crate::util::suggest::closest(wrong, known.map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_reject_paths_and_device_names() {
        assert!(id_problem("city-audit-bureau").is_none());
        for bad in [
            "",
            "../x",
            "a/b",
            "A",
            "-a",
            "a b",
            "con",
            "a\0",
            &"a".repeat(65),
        ] {
            assert!(id_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn typos_get_a_suggestion() {
        let known = ["wucheng".to_string(), "decheng".to_string()];
        assert_eq!(closest("wuchen", known.iter()), Some("wucheng"));
        assert_eq!(closest("qihe", known.iter()), None);
    }
}
