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
use crate::load::{Collection, Loaded, RawData};
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
    v.index("metrics", &raw.metrics);
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

    let sources: Vec<Source> = raw.sources.items.iter().map(|l| v.source(l)).collect();
    let mut counties: Vec<County> = raw.counties.items.iter().map(|l| v.county(l)).collect();
    let mut units: Vec<Unit> = raw.units.items.iter().map(|l| v.unit(l, &refs)).collect();
    let mut posts: Vec<Post> = raw
        .posts
        .items
        .iter()
        .map(|l| v.post(l, &refs, &units))
        .collect();
    let mut projects: Vec<Project> = raw
        .projects
        .items
        .iter()
        .map(|l| v.project(l, &refs))
        .collect();
    let as_of = settings.as_ref().map(|s| s.as_of);
    let metrics: Vec<Metric> = raw
        .metrics
        .items
        .iter()
        .map(|l| v.metric(l, &refs, as_of))
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

    let settings = settings?;
    if v.diags.has_errors() {
        return None;
    }

    // Newest story first; ties by slug so the order never depends on the file system.
    stories.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    actions.sort_by_key(|a| a.order);
    events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));

    // Relations in the other direction.
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
        counties[project.county].projects.push(p);
        if let Some(u) = project.lead_unit {
            units[u].projects_led.push(p);
        }
    }
    let mut tags: BTreeMap<String, Vec<StoryIx>> = BTreeMap::new();
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
        story_counties.extend(story.projects.iter().map(|&p| projects[p].county));
        story_counties.sort_unstable();
        story_counties.dedup();
        for c in story_counties {
            counties[c].stories.push(s);
        }
        for tag in &story.tags {
            tags.entry(tag.clone()).or_default().push(s);
        }
    }

    Some(Site {
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
        tags,
        static_files,
    })
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
    fn error(&mut self, file: &Path, position: Position, message: String, help: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(file, position, message).with_help(help));
    }

    fn settings(
        &mut self,
        site: Option<&Loaded<RawSite>>,
        options: &ValidateOptions,
    ) -> Option<Settings> {
        let site = site?;
        let (file, raw) = (&site.file, &site.record);
        let base_url = options
            .base_url
            .clone()
            .unwrap_or_else(|| raw.base_url.value.clone());
        let base_ok = (base_url.starts_with("https://") || base_url.starts_with("http://"))
            && !base_url.contains(['"', '<', '>', ' ', '\'', '\\']);
        if !base_ok {
            self.error(
                file,
                pos(&raw.base_url),
                format!("`{base_url}` is not an absolute http(s) URL"),
                "write the address the site is published at, e.g. `https://example.gov.cn/wuxing/`",
            );
        }
        let as_of = match options.as_of {
            Some(d) => Some(d),
            None => self.date(file, &raw.as_of, false, "as_of"),
        };
        let stories_per_page = match &raw.stories_per_page {
            Some(n) if !(1..=1000).contains(&n.value) => {
                self.error(
                    file,
                    pos(n),
                    format!("stories_per_page is {}, outside 1–1000", n.value),
                    "a number such as 10",
                );
                10
            }
            Some(n) => n.value as usize,
            None => 10,
        };
        let mut base_url = base_url;
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        Some(Settings {
            title: raw.title.clone(),
            description: raw.description.clone(),
            base_url,
            as_of: as_of?,
            stories_per_page,
            publisher: raw.publisher.clone(),
            allow_raw_html: raw.allow_raw_html,
        })
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
            let help = match closest(&reference.value, index.keys()) {
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

    fn money(&mut self, file: &Path, value: &Spanned<f64>, what: &str) {
        if !value.value.is_finite() || value.value < 0.0 {
            self.error(
                file,
                pos(value),
                format!("{what} is {}, but money cannot be negative", value.value),
                "write the amount in 万元 as a number of 0 or more",
            );
        }
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

    fn source(&mut self, l: &Loaded<RawSource>) -> Source {
        let r = &l.record;
        if let Some(url) = &r.url
            && !(url.value.starts_with("https://") || url.value.starts_with("http://"))
        {
            self.error(
                &l.file,
                pos(url),
                format!("`{}` is not an http(s) address", url.value),
                "write the full address, starting with https://",
            );
        }
        Source {
            id: r.id.value.clone(),
            title: r.title.clone(),
            publisher: r.publisher.clone(),
            date: self.date(&l.file, &r.date, true, "date").unwrap_or(Date {
                year: 1970,
                month: 1,
                day: None,
            }),
            url: r.url.as_ref().map(|u| u.value.clone()),
        }
    }

    fn county(&mut self, l: &Loaded<RawCounty>) -> County {
        let r = &l.record;
        County {
            id: r.id.value.clone(),
            name: r.name.clone(),
            kind: self
                .enumerated(
                    &l.file,
                    &r.kind,
                    "kind",
                    CountyKind::NAMES,
                    CountyKind::parse,
                )
                .unwrap_or(CountyKind::County),
            units: vec![],
            posts: vec![],
            projects: vec![],
            stories: vec![],
        }
    }

    fn unit(&mut self, l: &Loaded<RawUnit>, refs: &Refs) -> Unit {
        let (file, r) = (&l.file, &l.record);
        let county = r
            .county
            .as_ref()
            .and_then(|c| self.resolve(file, c, "counties", refs.counties));
        let provenance = Provenance {
            source: self.source_ref(file, &r.source, refs),
            illustrative: r.illustrative,
        };
        let mut honours: Vec<Honour> = r
            .honours
            .iter()
            .map(|h| Honour {
                title: h.title.clone(),
                year: self.year(file, &h.year),
                batch: h.batch.clone(),
                provenance: Provenance {
                    source: self.source_ref(file, &h.source, refs),
                    illustrative: h.illustrative,
                },
            })
            .collect();
        honours.sort_by_key(|h| h.year);
        let mut ratings: Vec<Rating> = Vec::new();
        for rating in &r.ratings {
            let year = self.year(file, &rating.year);
            if ratings.iter().any(|x| x.year == year) {
                self.error(
                    file,
                    pos(&rating.year),
                    format!("a second rating for {year}"),
                    "a unit has one four-colour rating a year",
                );
            }
            let colour =
                self.enumerated(file, &rating.colour, "colour", Colour::NAMES, Colour::parse);
            let provenance = Provenance {
                source: self.source_ref(file, &rating.source, refs),
                illustrative: rating.illustrative,
            };
            if let Some(colour) = colour {
                ratings.push(Rating {
                    year,
                    colour,
                    provenance,
                });
            }
        }
        ratings.sort_by_key(|r| r.year);
        let satisfaction = self.readings(file, &r.satisfaction, true, refs, "satisfaction");
        Unit {
            id: r.id.value.clone(),
            name: r.name.clone(),
            kind: self
                .enumerated(file, &r.kind, "kind", UnitKind::NAMES, UnitKind::parse)
                .unwrap_or(UnitKind::Other),
            county,
            pilot: r.pilot,
            summary: r.summary.clone(),
            provenance,
            honours,
            ratings,
            satisfaction,
            posts: vec![],
            projects_led: vec![],
            stories: vec![],
        }
    }

    fn readings(
        &mut self,
        file: &Path,
        raw: &[RawReading],
        percent: bool,
        refs: &Refs,
        what: &str,
    ) -> Vec<Reading> {
        let mut readings: Vec<Reading> = Vec::new();
        for r in raw {
            self.percent_or_finite(file, &r.value, percent, what);
            let Some(date) = self.date(file, &r.date, false, "date") else {
                continue;
            };
            if readings.iter().any(|x| x.date == date) {
                self.error(
                    file,
                    pos(&r.date),
                    format!("two {what} values for {date}"),
                    "keep one value per date",
                );
            }
            readings.push(Reading {
                date,
                value: r.value.value,
                provenance: Provenance {
                    source: self.source_ref(file, &r.source, refs),
                    illustrative: r.illustrative,
                },
            });
        }
        readings.sort_by_key(|r| r.date);
        readings
    }

    fn post(&mut self, l: &Loaded<RawPost>, refs: &Refs, units: &[Unit]) -> Post {
        let (file, r) = (&l.file, &l.record);
        let unit = self.resolve(file, &r.unit, "units", refs.units);
        let z = &r.zeros;
        Post {
            id: r.id.value.clone(),
            name: r.name.clone(),
            unit: unit.unwrap_or(0),
            county: unit.and_then(|u| units.get(u)).and_then(|u| u.county),
            awarded: self
                .date(file, &r.awarded, false, "awarded")
                .unwrap_or(Date {
                    year: 1970,
                    month: 1,
                    day: Some(1),
                }),
            batch: r.batch.clone(),
            lead_name: r.lead.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
            lead_title: r.lead.as_ref().map(|p| p.title.clone()).unwrap_or_default(),
            quote: r.quote.clone(),
            zeros: [
                z.zero_error.clone(),
                z.zero_delay.clone(),
                z.zero_distance.clone(),
                z.zero_froth.clone(),
                z.zero_tolerance.clone(),
            ],
            provenance: Provenance {
                source: self.source_ref(file, &r.source, refs),
                illustrative: r.illustrative,
            },
            stories: vec![],
        }
    }

    fn project(&mut self, l: &Loaded<RawProject>, refs: &Refs) -> Project {
        let (file, r) = (&l.file, &l.record);
        let county = self.resolve(file, &r.county, "counties", refs.counties);
        let lead_unit = r
            .lead_unit
            .as_ref()
            .and_then(|u| self.resolve(file, u, "units", refs.units));
        self.money(file, &r.planned_investment, "planned_investment");
        let mut invested: Vec<(Date, f64)> = Vec::new();
        for i in &r.invested {
            self.money(file, &i.amount, "the invested amount");
            if i.amount.value > r.planned_investment.value * 1.5 {
                self.diags.push(
                    Diagnostic::error(
                        file,
                        pos(&i.amount),
                        format!(
                            "{} 万元 invested is far above the {} 万元 planned",
                            i.amount.value, r.planned_investment.value
                        ),
                    )
                    .with_help(
                        "amounts are cumulative and in 万元: check the unit (亿元 = 10000 万元)",
                    ),
                );
            }
            if let Some(date) = self.date(file, &i.date, false, "date") {
                invested.push((date, i.amount.value));
            }
        }
        invested.sort_by_key(|x| x.0);
        let start = r
            .start
            .as_ref()
            .and_then(|d| self.date(file, d, false, "start"));
        let target = r
            .target
            .as_ref()
            .and_then(|d| self.date(file, d, false, "target"));
        if let (Some(s), Some(t), Some(raw_t)) = (start, target, &r.target)
            && t < s
        {
            self.error(
                file,
                pos(raw_t),
                format!("the target date {t} is before the start {s}"),
                "the planned completion comes after the start",
            );
        }
        let mut milestones = Vec::new();
        for m in &r.milestones {
            let due = self.date(file, &m.due, false, "due");
            let done = m
                .done
                .as_ref()
                .and_then(|d| self.date(file, d, false, "done"));
            if let Some(due) = due {
                milestones.push(Milestone {
                    title: m.title.clone(),
                    due,
                    done,
                });
            }
        }
        milestones.sort_by_key(|m| m.due);
        Project {
            id: r.id.value.clone(),
            name: r.name.clone(),
            county: county.unwrap_or(0),
            lead_unit,
            category: r.category.clone(),
            programme: self
                .enumerated(
                    file,
                    &r.programme,
                    "programme",
                    Programme::NAMES,
                    Programme::parse,
                )
                .unwrap_or(Programme::Key),
            planned_investment: r.planned_investment.value,
            invested,
            status: self
                .enumerated(
                    file,
                    &r.status,
                    "status",
                    ProjectStatus::NAMES,
                    ProjectStatus::parse,
                )
                .unwrap_or(ProjectStatus::Planned),
            start,
            target,
            milestones,
            provenance: Provenance {
                source: self.source_ref(file, &r.source, refs),
                illustrative: r.illustrative,
            },
            stories: vec![],
        }
    }

    fn metric(&mut self, l: &Loaded<RawMetric>, refs: &Refs, as_of: Option<Date>) -> Metric {
        let (file, r) = (&l.file, &l.record);
        let percent = r.unit_label.trim() == "%";
        let direction = self
            .enumerated(
                file,
                &r.direction,
                "direction",
                &["higher", "lower"],
                |s| match s {
                    "higher" => Some(Direction::Higher),
                    "lower" => Some(Direction::Lower),
                    _ => None,
                },
            )
            .unwrap_or(Direction::Higher);
        self.percent_or_finite(file, &r.target.value, percent, "the target");
        let deadline = self.date(file, &r.target.deadline, false, "deadline");
        let baseline = r.baseline.as_ref().and_then(|b| {
            self.readings(file, std::slice::from_ref(b), percent, refs, "baseline")
                .pop()
        });
        let observations = self.readings(file, &r.observations, percent, refs, "observation");
        if let (Some(deadline), Some(b)) = (deadline, &baseline)
            && b.date > deadline
        {
            let at = r
                .baseline
                .as_ref()
                .map(|b| pos(&b.date))
                .unwrap_or_default();
            self.error(
                file,
                at,
                format!(
                    "the baseline ({}) is after the deadline ({deadline})",
                    b.date
                ),
                "the baseline is the starting point, before the deadline",
            );
        }
        if let (Some(b), Some(first)) = (&baseline, observations.first())
            && first.date < b.date
        {
            let at = r
                .observations
                .iter()
                .map(|o| pos(&o.date))
                .min()
                .unwrap_or_default();
            self.error(file, at, format!("an observation ({}) is dated before the baseline ({})", first.date, b.date), "observations follow the baseline; move the baseline earlier or drop the observation");
        }
        let mut metric = Metric {
            id: r.id.value.clone(),
            name: r.name.clone(),
            unit_label: r.unit_label.clone(),
            direction,
            baseline,
            target_value: r.target.value.value,
            deadline: deadline.unwrap_or(Date {
                year: 1970,
                month: 1,
                day: Some(1),
            }),
            observations,
            summary: r.summary.clone(),
            provenance: Provenance {
                source: self.source_ref(file, &r.source, refs),
                illustrative: r.illustrative,
            },
            status: MetricStatus::NoData,
        };
        if let Some(as_of) = as_of {
            metric.status = metric.status_as_of(as_of);
        }
        metric
    }

    fn action(&mut self, l: &Loaded<RawAction>, refs: &Refs) -> Action {
        let (file, r) = (&l.file, &l.record);
        Action {
            id: r.id.value.clone(),
            order: r.order.value,
            name: r.name.clone(),
            summary: r.summary.clone(),
            launched: r
                .launched
                .as_ref()
                .and_then(|d| self.date(file, d, true, "launched")),
            source: self.source_ref(file, &r.source, refs),
        }
    }

    fn event(&mut self, l: &Loaded<RawEvent>, refs: &Refs) -> Event {
        let (file, r) = (&l.file, &l.record);
        Event {
            id: r.id.value.clone(),
            date: self.date(file, &r.date, true, "date").unwrap_or(Date {
                year: 1970,
                month: 1,
                day: None,
            }),
            title: r.title.clone(),
            summary: r.summary.clone(),
            source: self.source_ref(file, &r.source, refs),
        }
    }

    fn fact(&mut self, l: &Loaded<RawFact>, refs: &Refs) -> Fact {
        let (file, r) = (&l.file, &l.record);
        self.percent_or_finite(file, &r.value, r.unit_label.trim() == "%", "value");
        Fact {
            id: r.id.value.clone(),
            label: r.label.clone(),
            value: r.value.value,
            unit_label: r.unit_label.clone(),
            date: self.date(file, &r.date, true, "date").unwrap_or(Date {
                year: 1970,
                month: 1,
                day: None,
            }),
            headline: r.headline,
            note: r.note.clone(),
            provenance: Provenance {
                source: self.source_ref(file, &r.source, refs),
                illustrative: r.illustrative,
            },
        }
    }

    fn stories(
        &mut self,
        raw: &[crate::load::RawStory],
        refs: &Refs,
        static_files: &[PathBuf],
        options: &ValidateOptions,
        as_of: Option<Date>,
    ) -> Vec<Story> {
        let mut slugs: BTreeMap<String, PathBuf> = BTreeMap::new();
        let mut stories = Vec::new();
        for s in raw {
            let (file, f) = (&s.file, &s.front);
            let (slug, slug_pos) = match &f.slug {
                Some(slug) => (slug.value.clone(), pos(slug)),
                None => (s.stem.clone(), Position::default()),
            };
            if let Some(problem) = id_problem(&slug) {
                let help = if f.slug.is_none() {
                    "rename the file, or give `slug:` in the front matter, e.g. `slug: audit-points`"
                } else {
                    "slugs look like `audit-points`: lowercase letters, digits and hyphens"
                };
                self.error(file, slug_pos, format!("the slug {problem}"), help);
            } else if let Some(other) = slugs.get(&slug) {
                self.error(
                    file,
                    slug_pos,
                    format!("the slug `{slug}` is already used by {}", other.display()),
                    "give each story its own slug",
                );
            } else {
                slugs.insert(slug.clone(), file.clone());
            }
            let date = self.date(file, &f.date, false, "date");
            let resolve_all = |v: &mut Self,
                               list: &[Spanned<String>],
                               name: &'static str,
                               index: &BTreeMap<String, usize>|
             -> Vec<usize> {
                let mut out: Vec<usize> = list
                    .iter()
                    .filter_map(|r| v.resolve(file, r, name, index))
                    .collect();
                out.sort_unstable();
                out.dedup();
                out
            };
            let units = resolve_all(self, &f.units, "units", refs.units);
            let posts = resolve_all(self, &f.posts, "posts", refs.posts);
            let projects = resolve_all(self, &f.projects, "projects", refs.projects);
            let counties = resolve_all(self, &f.counties, "counties", refs.counties);
            let mut tags: Vec<String> = Vec::new();
            for tag in &f.tags {
                let t = tag.value.trim();
                if t.is_empty()
                    || t.chars().any(|c| c.is_control() || "/\\?#%".contains(c))
                    || t == "."
                    || t == ".."
                    || t.len() > 120
                {
                    self.error(
                        file,
                        pos(tag),
                        format!(
                            "the tag `{}` cannot be used in a web address",
                            tag.value.escape_debug()
                        ),
                        "a tag is a short word or phrase, without / \\ ? # % or control characters",
                    );
                } else if !tags.iter().any(|x| x == t) {
                    tags.push(t.to_string());
                }
            }
            let mut images = Vec::new();
            for image in &f.images {
                let src = image.src.value.trim_start_matches('/');
                let exists = static_files.iter().any(|p| p == Path::new(src));
                if src.contains("..") || src.contains('\\') {
                    self.error(
                        file,
                        pos(&image.src),
                        format!(
                            "the image path `{}` leaves the static folder",
                            image.src.value
                        ),
                        "give the path of a file under static/, e.g. images/board.svg",
                    );
                } else if !exists {
                    self.error(file, pos(&image.src), format!("the image `{}` is not in static/", image.src.value), "put the file under static/ and give its path from there, e.g. images/board.svg");
                }
                if image.alt.trim().is_empty() {
                    self.error(
                        file,
                        pos(&image.src),
                        "the image has no `alt` text".into(),
                        "describe the image in a few words for readers who cannot see it",
                    );
                }
                images.push(Image {
                    src: src.to_string(),
                    alt: image.alt.clone(),
                    caption: image.caption.clone(),
                });
            }
            let source = self.source_ref(file, &f.source, refs);
            let (Some(date), Some(as_of)) = (date, as_of) else {
                continue;
            };
            if !options.drafts && (f.draft || date > as_of) {
                continue;
            }
            // The Markdown is rendered once `plan` knows each story's page (`markdown::render_stories`).
            stories.push(Story {
                slug,
                title: f.title.clone(),
                date,
                summary: f.summary.clone().unwrap_or_default(),
                summary_from_body: f.summary.is_none(),
                markdown: s.body.clone(),
                reading_minutes: 0,
                body_html: String::new(),
                headings: Vec::new(),
                plain_text: String::new(),
                units,
                posts,
                projects,
                counties,
                tags,
                reporter: f.reporter.clone(),
                correspondents: f.correspondents.clone(),
                first_review_editor: f.first_review_editor.clone(),
                responsible_editor: f.responsible_editor.clone(),
                source,
                images,
                draft: f.draft,
            });
        }
        stories
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
    known
        .map(|k| (edit_distance(wrong, k), k))
        .filter(|(d, k)| *d <= (k.len() / 3).max(2))
        .min()
        .map(|(_, k)| k.as_str())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
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
