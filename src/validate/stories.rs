//! Stories' front matter: slug, date, relations, tags, images; drafts and future stories held
//! back. The body is rendered later (`markdown::render_bodies`, once `plan` knows each page).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_saphyr::Spanned;

use super::{Refs, Validator};
use super::{ValidateOptions, id_problem, pos};
use crate::diagnostics::Position;
use crate::load::records::RawCorrection;
use crate::model::*;
use crate::util::date::Date;

impl Validator<'_> {
    pub(super) fn stories(
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
            } else if let Some(what) = crate::url::reserved_slug(&slug) {
                self.error(
                    file,
                    slug_pos,
                    format!("the slug `{slug}` is reserved: stories/{slug}/ is {what}, so this story and that page would be written to one place"),
                    "give the story another slug (`slug:` in the front matter, or rename the file); README.md lists the reserved slugs",
                );
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
            let tags = self.tags(file, &f.tags);
            let images = self.images(file, &f.images, static_files);
            let source = self.source_ref(file, &f.source, refs);
            let corrections = self.corrections(file, &f.corrections, date);
            let lang = self.lang(file, f.lang.as_ref());
            let (Some(date), Some(as_of)) = (date, as_of) else {
                continue;
            };
            if !options.drafts && (f.draft || date > as_of) {
                continue;
            }
            // The Markdown is rendered once `plan` knows each story's page (`markdown::render_bodies`).
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
                corrections,
                lang,
            });
        }
        stories
    }

    /// The story's tags, trimmed and without repeats; a tag that cannot be part of a web address
    /// is an error.
    fn tags(&mut self, file: &Path, raw: &[Spanned<String>]) -> Vec<String> {
        let mut tags: Vec<String> = Vec::new();
        for tag in raw {
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
            } else if let Some(what) = crate::url::reserved_tag(t) {
                self.error(
                    file,
                    pos(tag),
                    format!("the tag `{t}` is reserved: stories/tags/{t} is {what}, so the tag's page cannot go there"),
                    "choose another tag; README.md lists the reserved tags",
                );
            } else if !tags.iter().any(|x| x == t) {
                tags.push(t.to_string());
            }
        }
        tags
    }

    /// The story's corrections, oldest first: each needs a date (not before the story's) and text.
    fn corrections(
        &mut self,
        file: &Path,
        raw: &[RawCorrection],
        story_date: Option<Date>,
    ) -> Vec<Correction> {
        let mut out = Vec::new();
        for c in raw {
            let Some(date) = self.date(file, &c.date, false, "corrections date") else {
                continue;
            };
            if c.text.value.trim().is_empty() {
                self.error(
                    file,
                    pos(&c.text),
                    "a correction has no text".to_string(),
                    "say what was wrong and what is right, e.g. `原文将“35个”误写为“53个”，已更正。`",
                );
                continue;
            }
            if let Some(story_date) = story_date
                && date < story_date
            {
                self.error(
                    file,
                    pos(&c.date),
                    format!(
                        "the correction is dated {date}, before the story itself ({story_date})"
                    ),
                    "a correction is dated the day it was made, on or after the story's date",
                );
                continue;
            }
            out.push(Correction {
                date,
                text: c.text.value.trim().to_string(),
            });
        }
        out.sort_by_key(|c| c.date);
        out
    }

    /// The story's images: each must be a file under `static/` and have alt text.
    fn images(
        &mut self,
        file: &Path,
        raw: &[crate::load::records::RawImage],
        static_files: &[PathBuf],
    ) -> Vec<Image> {
        let mut images = Vec::new();
        for image in raw {
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
        images
    }
}
