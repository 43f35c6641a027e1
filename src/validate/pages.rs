//! Free pages' front matter (slug, menu, order, language), and the language tags of stories,
//! pages and the site. The body is rendered later (`markdown::render_bodies`, once `plan` knows
//! each page).

use std::path::Path;

use serde_saphyr::Spanned;

use super::{Validator, id_problem, pos};
use crate::diagnostics::Position;
use crate::load::RawPage;
use crate::model::*;

impl Validator<'_> {
    pub(super) fn pages(&mut self, raw: &[RawPage]) -> Vec<Page> {
        let mut pages = Vec::new();
        for p in raw {
            let (file, f) = (&p.file, &p.front);
            let slug = p.stem.clone();
            if let Some(problem) = id_problem(&slug) {
                self.error(
                    file,
                    Position::default(),
                    format!("the page's name {problem}"),
                    "the file name is the page's address: rename it like `about.md` (lowercase letters, digits and hyphens)",
                );
            } else if let Some(what) = crate::url::reserved_page_slug(&slug) {
                self.error(
                    file,
                    Position::default(),
                    format!("the page name `{slug}` is reserved: /{slug}/ is {what}, so this page and that one would be written to one place"),
                    "rename the file; README.md lists the reserved names",
                );
            }
            let menu = match &f.menu {
                None => Menu::None,
                Some(m) => self
                    .enumerated(file, m, "menu", &Menu::NAMES, Menu::parse)
                    .unwrap_or(Menu::None),
            };
            if f.title.trim().is_empty() {
                self.error(
                    file,
                    Position::new(2, 1),
                    "the page has no title".into(),
                    "write `title: 关于本站` in the front matter",
                );
            }
            let lang = self.lang(file, f.lang.as_ref());
            pages.push(Page {
                slug,
                title: f.title.clone(),
                summary: f.summary.clone().unwrap_or_default(),
                summary_from_body: f.summary.is_none(),
                menu,
                order: f.order,
                lang,
                markdown: p.body.clone(),
                body_html: String::new(),
                headings: Vec::new(),
                plain_text: String::new(),
            });
        }
        pages.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.slug.cmp(&b.slug)));
        pages
    }

    /// A `lang:` value, checked as a BCP 47 tag.
    pub(super) fn lang(&mut self, file: &Path, lang: Option<&Spanned<String>>) -> Option<String> {
        let lang = lang?;
        match language_tag_problem(&lang.value) {
            Some(problem) => {
                self.error(
                    file,
                    pos(lang),
                    format!("the language `{}` {problem}", lang.value.escape_debug()),
                    "write a BCP 47 language tag such as `en`, `zh-CN`, `ug` or `en-GB`",
                );
                None
            }
            None => Some(lang.value.clone()),
        }
    }
}

/// Why `tag` is not a well-formed BCP 47 language tag, if it is not: a language of 2–3 (or 4–8)
/// letters, then subtags of 1–8 letters or digits, separated by hyphens. Whether the language
/// exists is not checked (the registry changes; a browser ignores what it does not know).
pub fn language_tag_problem(tag: &str) -> Option<&'static str> {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or("");
    if !(2..=8).contains(&language.len()) || !language.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Some("does not start with a language code of 2 or 3 letters");
    }
    if parts.any(|p| p.is_empty() || p.len() > 8 || !p.bytes().all(|b| b.is_ascii_alphanumeric())) {
        return Some("has a part that is not 1–8 letters or digits");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_are_checked_for_their_shape() {
        for good in ["en", "zh-CN", "zh-Hans-CN", "ug", "en-GB", "yue"] {
            assert_eq!(language_tag_problem(good), None, "{good}");
        }
        for bad in [
            "",
            "e",
            "english language",
            "en_GB",
            "en-",
            "zh-CN-toolongsubtag",
            "1a",
        ] {
            assert!(language_tag_problem(bad).is_some(), "{bad}");
        }
    }
}
