//! Link checking: every internal `href` and `src` of the rendered pages must lead to a file of the
//! site, and every `#fragment` to an `id` on that page; and no `id` may be given twice on a page
//! (a link to it would lead to the first only).
//!
//! Links are resolved as a browser would (against the page, or the site's base path for links
//! starting with `/` or the base URL). Links to other hosts and other schemes (`mailto:`, …) are
//! not internal and not fetched. A broken link is reported at the first line of the site's
//! sources that writes it, or in the rendered page when no source does.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::html::{Link, scan_html};
use crate::diagnostics::{Diagnostic, Diagnostics, Position, SourceMap, position_of_offset};
use crate::output::Output;
use crate::url;

/// The site's editable text files, to point a broken link at the line that wrote it.
pub(super) struct SourceLocator {
    files: Vec<(PathBuf, String)>,
}

impl SourceLocator {
    pub(super) fn read(root: &Path, sources: &mut SourceMap) -> Self {
        let mut ignored = Diagnostics::default();
        let mut files = Vec::new();
        for dir in ["content", "data", "themes"] {
            for file in crate::load::list_files(root, Path::new(dir), &mut ignored) {
                if let Ok(text) = std::fs::read_to_string(root.join(&file)) {
                    sources.insert(&file, text.as_str().into());
                    files.push((file, text));
                }
            }
        }
        SourceLocator { files }
    }

    /// The first place each needle is written in a source file (files in order, then offsets).
    ///
    /// One pass over the sources for all needles (Aho–Corasick), so reporting N broken links
    /// costs the size of the sources plus N, not N times the size of the sources.
    fn find_all<'n>(&self, needles: &[&'n str]) -> BTreeMap<&'n str, (PathBuf, Position)> {
        let needles: Vec<&str> = needles.iter().copied().filter(|n| !n.is_empty()).collect();
        let mut found = BTreeMap::new();
        if needles.is_empty() {
            return found;
        }
        let Ok(searcher) = aho_corasick::AhoCorasick::new(&needles) else {
            return found;
        };
        for (file, text) in &self.files {
            if found.len() == needles.len() {
                break;
            }
            // Earliest start in this file for each needle not found in an earlier file.
            let mut first: BTreeMap<usize, usize> = BTreeMap::new();
            for m in searcher.find_overlapping_iter(text) {
                let needle = needles[m.pattern().as_usize()];
                if !found.contains_key(needle) {
                    first.entry(m.pattern().as_usize()).or_insert(m.start());
                }
            }
            // Positions counted in one walk through the file, in offset order.
            let mut by_offset: Vec<(usize, usize)> = first
                .into_iter()
                .map(|(pattern, start)| (start, pattern))
                .collect();
            by_offset.sort_unstable();
            let mut lines = LineCounter::new(text);
            for (start, pattern) in by_offset {
                found.insert(needles[pattern], (file.clone(), lines.position(start)));
            }
        }
        found
    }
}

/// Turns increasing byte offsets of one text into positions without rescanning from the start.
struct LineCounter<'t> {
    text: &'t str,
    offset: usize,
    line: usize,
    line_start: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// The position of `offset`, which must not be smaller than the previous one asked.
    fn position(&mut self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        for (i, b) in self.text.as_bytes()[self.offset..offset].iter().enumerate() {
            if *b == b'\n' {
                self.line += 1;
                self.line_start = self.offset + i + 1;
            }
        }
        self.offset = offset;
        let column = self.text[self.line_start..offset].chars().count() + 1;
        Position::new(self.line, column)
    }
}

/// Checks every internal link of the HTML outputs; returns the problems and the number of links.
pub(super) fn check_links(
    outputs: &[Output],
    base_url: &str,
    locator: &SourceLocator,
) -> (Vec<Diagnostic>, usize) {
    let files: BTreeSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut links: Vec<(&Output, Vec<Link>)> = Vec::new();
    let mut diags = Diagnostics::default();
    // (as written in a source, the id, the page, the offset in the page)
    let mut duplicate_ids: Vec<(String, String, &str, usize)> = Vec::new();
    for output in outputs.iter().filter(|o| o.path.ends_with(".html")) {
        let html = String::from_utf8_lossy(&output.bytes);
        let scan = scan_html(&html);
        for (id, offset) in &scan.duplicate_ids {
            duplicate_ids.push((
                format!("id=\"{id}\""),
                id.clone(),
                output.path.as_str(),
                *offset,
            ));
        }
        ids.insert(output.path.as_str(), scan.ids);
        links.push((output, scan.links));
    }
    let base_path = url::base_path(base_url);
    // One diagnostic per (problem, place): a broken link in a template shows on many pages.
    let mut problems: BTreeMap<(String, String), (String, usize, usize)> = BTreeMap::new();
    let mut checked = 0;
    for (output, page_links) in &links {
        for link in page_links {
            let Some(target) = resolve_link(&link.value, &output.path, base_url, &base_path) else {
                continue;
            };
            checked += 1;
            let message = match target {
                Err(why) => Some(why),
                Ok((path, fragment)) => {
                    let file = if files.contains(path.as_str()) {
                        Some(path.clone())
                    } else if files.contains(format!("{path}/index.html").as_str()) {
                        Some(format!("{path}/index.html"))
                    } else {
                        None
                    };
                    match (file, fragment) {
                        (None, _) => Some(format!(
                            "the link `{}` leads nowhere: the site has no page `{}`",
                            link.value,
                            if path.is_empty() { "/" } else { &path }
                        )),
                        (Some(file), Some(fragment)) if !fragment.is_empty() => {
                            match ids.get(file.as_str()) {
                                Some(page_ids) if !page_ids.contains(&fragment) => Some(format!(
                                    "the link `{}` points to the anchor `#{fragment}`, which the page `{file}` does not have",
                                    link.value
                                )),
                                _ => None,
                            }
                        }
                        _ => None,
                    }
                }
            };
            if let Some(message) = message {
                let entry = problems
                    .entry((link.raw.clone(), message))
                    .or_insert_with(|| (output.path.clone(), link.offset, 0));
                entry.2 += 1;
            }
        }
    }
    let pages: BTreeMap<&str, &Output> = outputs.iter().map(|o| (o.path.as_str(), o)).collect();
    let from_root: Vec<String> = problems
        .keys()
        .map(|(raw, _)| as_written_from_root(raw))
        .collect();
    let needles: Vec<&str> = problems
        .keys()
        .map(|(raw, _)| raw.as_str())
        .chain(from_root.iter().map(String::as_str))
        .chain(duplicate_ids.iter().map(|(written, ..)| written.as_str()))
        .collect();
    let written = locator.find_all(&needles);
    let rendered = |page: &str, offset: usize| {
        let html = pages
            .get(page)
            .map(|o| String::from_utf8_lossy(&o.bytes))
            .unwrap_or_default();
        (
            PathBuf::from(format!("(rendered) {page}")),
            position_of_offset(&html, offset),
        )
    };
    for (as_written, id, page, offset) in &duplicate_ids {
        // At the source that writes it (raw HTML in a story, a template), else in the page.
        let (file, position) = written
            .get(as_written.as_str())
            .cloned()
            .unwrap_or_else(|| rendered(page, *offset));
        diags.push(
            Diagnostic::error(
                file,
                position,
                format!("the id `{id}` is given to more than one element of the page `{page}`"),
            )
            .with_help("every id on a page must be unique: rename the heading (or give it its own id with `{#other-id}`), or the template's element"),
        );
    }
    for ((raw, message), (page, offset, count)) in &problems {
        let seen = if *count > 1 {
            format!("on {count} pages, first on `{page}`")
        } else {
            format!("on the page `{page}`")
        };
        // A story or page writes links from the site root (`/units/x/`), which the Markdown
        // renderer made relative (`../../units/x/`): look for both.
        let (file, position) = match written
            .get(raw.as_str())
            .or_else(|| written.get(as_written_from_root(raw).as_str()))
        {
            Some((file, position)) => (file.clone(), *position),
            None => rendered(page, *offset),
        };
        diags.push(
            Diagnostic::error(file, position, format!("{message} ({seen})")).with_help(
                "link to a page of the site that exists (check the id in the path), or to a heading's id on that page; links are relative to the page they are on",
            ),
        );
    }
    (diags.into_sorted(), checked)
}

/// A relative link (`../../units/x/`) as a story writes it from the site root (`/units/x/`).
fn as_written_from_root(raw: &str) -> String {
    let mut rest = raw;
    while let Some(r) = rest.strip_prefix("../").or_else(|| rest.strip_prefix("./")) {
        rest = r;
    }
    if rest.len() == raw.len() || rest.is_empty() {
        return String::new();
    }
    format!("/{rest}")
}

/// Resolves a link on the page at `page` (an output path) to an output path and a decoded
/// fragment. `None` for links that are not internal (other hosts, `mailto:`, …); `Err` for
/// internal links that leave the site.
fn resolve_link(
    href: &str,
    page: &str,
    base_url: &str,
    base_path: &str,
) -> Option<Result<(String, Option<String>), String>> {
    let href = href.trim();
    let (rest, absolute) = if let Some(rest) = href.strip_prefix(base_url) {
        (rest, true)
    } else if href.starts_with("//") || has_scheme(href) {
        return None;
    } else if let Some(rest) = href.strip_prefix('/') {
        match format!("/{rest}").strip_prefix(base_path) {
            Some(inside) => (&href[href.len() - inside.len()..], true),
            None => {
                return Some(Err(format!(
                    "the link `{href}` starts with `/` but lies outside the site's base path `{base_path}`"
                )));
            }
        }
    } else {
        (href, false)
    };
    let (rest, fragment) = match rest.split_once('#') {
        Some((p, f)) => (
            p,
            Some(url::percent_decode(f).unwrap_or_else(|| f.to_string())),
        ),
        None => (rest, None),
    };
    let rest = rest.split('?').next().unwrap_or_default();
    let Some(decoded) = url::percent_decode(rest) else {
        return Some(Err(format!(
            "the link `{href}` is not a valid percent-encoded URL"
        )));
    };
    if decoded.is_empty() && !absolute {
        // `#anchor` or `?query` alone: the same page.
        return Some(Ok((page.to_string(), fragment)));
    }
    let mut segments: Vec<&str> = if absolute {
        Vec::new()
    } else {
        let mut dir: Vec<&str> = page.split('/').collect();
        dir.pop();
        dir
    };
    let ends_in_folder = decoded.is_empty() || decoded.ends_with('/');
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if segments.pop().is_none() {
                    return Some(Err(format!(
                        "the link `{href}` climbs above the site's top folder"
                    )));
                }
            }
            s => segments.push(s),
        }
    }
    let mut path = segments.join("/");
    if ends_in_folder {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(Ok((path, fragment)))
}

fn has_scheme(href: &str) -> bool {
    let Some((scheme, _)) = href.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_needle_is_found_first_where_a_scan_file_by_file_finds_it() {
        let locator = SourceLocator {
            files: vec![
                (
                    PathBuf::from("content/a.md"),
                    "第一行\n链接 ../x.png 与 ../x.png\n".into(),
                ),
                (
                    PathBuf::from("content/b.md"),
                    "../y.png\n前 ../x.pngz ../y\n".into(),
                ),
            ],
        };
        let needles = ["../x.png", "../y.png", "../y", "x.png", "absent", ""];
        let found = locator.find_all(&needles);
        for needle in needles {
            let naive = (!needle.is_empty())
                .then(|| {
                    locator.files.iter().find_map(|(file, text)| {
                        text.find(needle)
                            .map(|offset| (file.clone(), position_of_offset(text, offset)))
                    })
                })
                .flatten();
            assert_eq!(found.get(needle).cloned(), naive, "{needle}");
        }
        assert_eq!(
            found["../x.png"],
            (PathBuf::from("content/a.md"), Position::new(2, 4))
        );
    }

    #[test]
    fn links_resolve_against_the_page_and_the_base_path() {
        let base = "https://example.gov.cn/wuxing/";
        let bp = url::base_path(base);
        assert_eq!(bp, "/wuxing/");
        let r = |href: &str, page: &str| resolve_link(href, page, base, &bp);
        assert_eq!(
            r("../../units/a/", "stories/x/index.html"),
            Some(Ok(("units/a/index.html".into(), None)))
        );
        assert_eq!(
            r("#h%E4%B8%80", "stories/x/index.html"),
            Some(Ok(("stories/x/index.html".into(), Some("h一".into()))))
        );
        assert_eq!(
            r("https://example.gov.cn/wuxing/", "a/index.html"),
            Some(Ok(("index.html".into(), None)))
        );
        assert_eq!(
            r("/wuxing/style.css", "index.html"),
            Some(Ok(("style.css".into(), None)))
        );
        assert_eq!(r("https://other.example/", "index.html"), None);
        assert_eq!(r("mailto:a@b.c", "index.html"), None);
        assert!(matches!(r("../../x", "index.html"), Some(Err(_))));
        assert!(matches!(r("/elsewhere/", "index.html"), Some(Err(_))));
    }
}
