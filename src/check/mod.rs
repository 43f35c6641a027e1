//! Check: everything a build checks, plus every internal link and `#anchor` of the rendered pages,
//! without writing anything; and the three ways of printing diagnostics (human, JSON lines, GitHub
//! workflow annotations).
//!
//! Links are found with a small HTML scanner (tags and their `href`/`src`/`id` attributes; script
//! and style bodies and comments are skipped). That is enough for the HTML our templates and
//! pulldown-cmark produce; it is not a general HTML parser. External links (any other scheme or
//! host) are not fetched.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Position, Severity, SourceMap};
use crate::render::Output;
use crate::{BuildOptions, render_site};

/// How `check` prints its diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// rustc-style text with the source line and a caret.
    Human,
    /// One JSON object per line: file, line, column, severity, message, help.
    Json,
    /// GitHub workflow commands (`::error file=…,line=…,col=…::message`).
    Github,
}

/// What a check found.
#[derive(Debug)]
pub struct CheckReport {
    /// Every problem, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of the files the problems point into.
    pub sources: SourceMap,
    /// Rendered pages whose links were checked (0 when the build itself failed).
    pub pages: usize,
    /// Internal links checked.
    pub links: usize,
}

impl CheckReport {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// The report in the given format; `root` prefixes file names when it is a relative folder, so
    /// that paths are relative to the working directory (the repository root in CI).
    pub fn render(&self, format: Format, root: &Path) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            match format {
                Format::Human => {
                    let text = d.render(&self.sources);
                    let shown = Diagnostic {
                        file: PathBuf::from(shown_file(d, root)),
                        ..d.clone()
                    };
                    out.push_str(&text.replacen(
                        &format!("--> {}", d.location()),
                        &format!("--> {}", shown.location()),
                        1,
                    ));
                    out.push('\n');
                }
                Format::Json => {
                    out.push_str(&json_line(d, root));
                    out.push('\n');
                }
                Format::Github => {
                    out.push_str(&github_line(d, root));
                    out.push('\n');
                }
            }
        }
        if format == Format::Human {
            let errors = self
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            let warnings = self.diagnostics.len() - errors;
            out.push_str(&format!(
                "checked {} pages and {} internal links: {errors} error(s), {warnings} warning(s)\n",
                self.pages, self.links
            ));
        }
        out
    }
}

/// Loads, validates and renders the site in memory, then checks its internal links and anchors.
pub fn check(options: &BuildOptions) -> CheckReport {
    match render_site(options) {
        Err(failure) => CheckReport {
            diagnostics: failure.diagnostics,
            sources: failure.sources,
            pages: 0,
            links: 0,
        },
        Ok(site) => {
            let mut sources = SourceMap::default();
            let locator = SourceLocator::read(&options.root, &mut sources);
            let (diagnostics, links) =
                check_links(&site.outputs, &site.model.settings.base_url, &locator);
            let pages = site
                .outputs
                .iter()
                .filter(|o| o.path.ends_with(".html"))
                .count();
            CheckReport {
                diagnostics,
                sources,
                pages,
                links,
            }
        }
    }
}

/// A diagnostic's file as printed: joined to `root` when `root` is a relative folder other than `.`.
fn shown_file(d: &Diagnostic, root: &Path) -> String {
    let file = if root.is_relative() && root != Path::new(".") && root != Path::new("") {
        root.join(&d.file)
    } else {
        d.file.clone()
    };
    let text = file.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").unwrap_or(&text).to_string()
}

/// One diagnostic as a JSON object on one line.
pub fn json_line(d: &Diagnostic, root: &Path) -> String {
    let value = serde_json::json!({
        "file": shown_file(d, root),
        "line": d.position.line,
        "column": d.position.column,
        "severity": d.severity,
        "message": d.message,
        "help": d.help,
    });
    value.to_string()
}

/// One diagnostic as a GitHub workflow command. The help line goes into the message after a
/// line break (encoded as `%0A`, which GitHub shows as a new line).
pub fn github_line(d: &Diagnostic, root: &Path) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = vec![format!("file={}", escape_property(&shown_file(d, root)))];
    if d.position.line > 0 {
        props.push(format!("line={}", d.position.line));
        if d.position.column > 0 {
            props.push(format!("col={}", d.position.column));
        }
    }
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!("::{command} {}::{}", props.join(","), escape_data(&message))
}

/// Escapes a workflow command's message as GitHub's runner expects.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (also `:` and `,`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The site's editable text files, to point a broken link at the line that wrote it.
struct SourceLocator {
    files: Vec<(PathBuf, String)>,
}

impl SourceLocator {
    fn read(root: &Path, sources: &mut SourceMap) -> Self {
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

    /// The first place `needle` is written in a source file, if any.
    fn find(&self, needle: &str) -> Option<(PathBuf, Position)> {
        if needle.is_empty() {
            return None;
        }
        self.files.iter().find_map(|(file, text)| {
            text.find(needle).map(|offset| {
                (
                    file.clone(),
                    crate::diagnostics::position_of_offset(text, offset),
                )
            })
        })
    }
}

/// A link found in a rendered page.
struct Link {
    /// The attribute value as written in the HTML (entities still encoded).
    raw: String,
    /// The value with entities decoded.
    value: String,
    /// Byte offset in the page.
    offset: usize,
}

/// Checks every internal link of the HTML outputs; returns the problems and the number of links.
fn check_links(
    outputs: &[Output],
    base_url: &str,
    locator: &SourceLocator,
) -> (Vec<Diagnostic>, usize) {
    let files: BTreeSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut links: Vec<(&Output, Vec<Link>)> = Vec::new();
    for output in outputs.iter().filter(|o| o.path.ends_with(".html")) {
        let html = String::from_utf8_lossy(&output.bytes);
        let scan = scan_html(&html);
        ids.insert(output.path.as_str(), scan.ids);
        links.push((output, scan.links));
    }
    let base_path = base_path(base_url);
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
    let mut diags = Diagnostics::default();
    for ((raw, message), (page, offset, count)) in problems {
        let html = outputs
            .iter()
            .find(|o| o.path == page)
            .map(|o| String::from_utf8_lossy(&o.bytes).into_owned())
            .unwrap_or_default();
        let seen = if count > 1 {
            format!("on {count} pages, first on `{page}`")
        } else {
            format!("on the page `{page}`")
        };
        let (file, position) = locator.find(&raw).unwrap_or_else(|| {
            (
                PathBuf::from(format!("(rendered) {page}")),
                crate::diagnostics::position_of_offset(&html, offset),
            )
        });
        diags.push(
            Diagnostic::error(file, position, format!("{message} ({seen})")).with_help(
                "link to a page of the site that exists (check the id in the path), or to a heading's id on that page; links are relative to the page they are on",
            ),
        );
    }
    (diags.into_sorted(), checked)
}

/// The path part of a base URL, with leading and trailing `/` (`/` for a site at the host root).
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
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
        Some((p, f)) => (p, Some(percent_decode(f).unwrap_or_else(|| f.to_string()))),
        None => (rest, None),
    };
    let rest = rest.split('?').next().unwrap_or_default();
    let Some(decoded) = percent_decode(rest) else {
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

/// Decodes `%XX` escapes once; `None` if an escape is malformed or the result is not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// What the scanner found in a page.
struct Scan {
    ids: BTreeSet<String>,
    links: Vec<Link>,
}

/// Finds every tag's `id` (and `<a name>`), `href` and `src`, skipping comments and the bodies of
/// `<script>` and `<style>`.
fn scan_html(html: &str) -> Scan {
    let mut scan = Scan {
        ids: BTreeSet::new(),
        links: Vec::new(),
    };
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(start) = html[i..].find('<').map(|s| s + i) {
        if html[start..].starts_with("<!--") {
            i = html[start..]
                .find("-->")
                .map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let name_start = start + 1;
        let name_end = html[name_start..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |e| name_start + e);
        let name = html[name_start..name_end].to_ascii_lowercase();
        let mut j = name_end;
        // Attributes.
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                break;
            }
            let attr_start = j;
            while j < bytes.len() && !bytes[j].is_ascii_whitespace() && !b"=>/".contains(&bytes[j])
            {
                j += 1;
            }
            let attr = html[attr_start..j].to_ascii_lowercase();
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = None;
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b'\'') {
                    let quote = bytes[j] as char;
                    let v_start = j + 1;
                    let v_end = html[v_start..]
                        .find(quote)
                        .map_or(html.len(), |e| v_start + e);
                    value = Some((v_start, &html[v_start..v_end]));
                    j = (v_end + 1).min(html.len());
                } else {
                    let v_start = j;
                    while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                        j += 1;
                    }
                    value = Some((v_start, &html[v_start..j]));
                }
            }
            if attr_start == j {
                j += 1;
            }
            if let Some((offset, raw)) = value {
                match attr.as_str() {
                    "id" => {
                        scan.ids.insert(decode_entities(raw));
                    }
                    "name" if name == "a" => {
                        scan.ids.insert(decode_entities(raw));
                    }
                    "href" | "src" => scan.links.push(Link {
                        raw: raw.to_string(),
                        value: decode_entities(raw),
                        offset,
                    }),
                    _ => {}
                }
            }
        }
        i = (j + 1).min(html.len());
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            i = html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |e| i + e);
        }
        if i >= html.len() {
            break;
        }
    }
    scan
}

/// Decodes the character references that appear in attribute values.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest[..rest.len().min(12)].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_against_the_page_and_the_base_path() {
        let base = "https://example.gov.cn/wuxing/";
        let bp = base_path(base);
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

    #[test]
    fn the_scanner_finds_ids_and_links_but_not_inside_scripts() {
        let scan = scan_html(
            "<h2 id=\"a&amp;b\">x</h2><!-- <a href=\"no\"> --><a class=x href='u/?a=1&amp;b=2'>y</a>\
             <script>var s = '<a href=\"nope\">';</script><img src=p.png alt=\"\"><a name=top></a>",
        );
        assert!(scan.ids.contains("a&b") && scan.ids.contains("top"));
        let values: Vec<&str> = scan.links.iter().map(|l| l.value.as_str()).collect();
        assert_eq!(values, ["u/?a=1&b=2", "p.png"]);
    }

    #[test]
    fn github_annotations_escape_what_github_requires() {
        let d = Diagnostic::error(
            "data/a,b:c.yaml",
            Position::new(3, 4),
            "100% wrong\r\nreally",
        )
        .with_help("fix it");
        assert_eq!(
            github_line(&d, Path::new(".")),
            "::error file=data/a%2Cb%3Ac.yaml,line=3,col=4::100%25 wrong%0D%0Areally%0Ahelp: fix it"
        );
        assert_eq!(
            github_line(&d, Path::new("site")),
            "::error file=site/data/a%2Cb%3Ac.yaml,line=3,col=4::100%25 wrong%0D%0Areally%0Ahelp: fix it"
        );
    }
}
