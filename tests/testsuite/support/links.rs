//! The one link oracle: which file of a built site a link on one of its pages leads to, and the
//! check that every link of a built site leads to one of its files.
//!
//! Not a URL parser: it knows the shapes our templates write (relative links, `index.html` implied
//! by a trailing `/`, percent-encoded Chinese, and root-absolute links on 404.html only).

use std::path::Path;

/// Values of `attr="…"` in the HTML, with `&amp;` undone. Attribute values are written with double
/// quotes; the name must follow whitespace, so `data-href` is not `href`.
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!("{attr}=\"");
    html.match_indices(&needle)
        .filter(|(i, _)| html[..*i].ends_with(|c: char| c.is_ascii_whitespace()))
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| rest[..end].replace("&amp;", "&"))
        })
        .collect()
}

/// Whether a URL is not a file of the site: another scheme or host, or an anchor on the same page.
pub fn is_outside(url: &str) -> bool {
    url.starts_with("http://")
        || url.starts_with("https://")
        || url.starts_with("mailto:")
        || url.starts_with("data:")
        || url.starts_with('#')
}

/// Decodes the %XX escapes of a URL path.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        if let (b'%', Some(Ok(b))) = (bytes[i], hex.map(|h| u8::from_str_radix(h, 16))) {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The site file a relative link on `page` (a site-relative file path) points at, or `None` when
/// the link climbs out of the site.
pub fn resolve(page: &str, href: &str) -> Option<String> {
    let href = href.split(['#', '?']).next().unwrap_or("");
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut path = percent_decode(&parts.join("/"));
    if href.ends_with('/') || href.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

/// Checks every `href`, `src` and `action` on every page of the site built into `dir` for
/// `base_path` (its path on the host, e.g. `/wuxing/`): each leads to a file of the site, and is
/// relative, except on 404.html, which is served at any depth and so starts at `base_path`.
/// Returns how many links were checked.
pub fn assert_every_link_resolves(dir: &Path, base_path: &str) -> usize {
    let mut checked = 0;
    for page in super::html_files(dir) {
        let html = super::read(dir, &page);
        for attr in ["href", "src", "action"] {
            for url in attr_values(&html, attr) {
                if is_outside(&url) {
                    continue;
                }
                let target = if page == "404.html" {
                    let from_root = url
                        .strip_prefix(base_path)
                        .unwrap_or_else(|| panic!("404.html: {url} must start at {base_path}"));
                    resolve(&page, from_root)
                } else {
                    assert!(
                        !url.starts_with('/'),
                        "{page}: {url} is root-absolute, which breaks sub-path publishing"
                    );
                    resolve(&page, &url)
                };
                let target = target
                    .unwrap_or_else(|| panic!("{page}: {attr}=\"{url}\" leads out of the site"));
                assert!(
                    dir.join(&target).is_file(),
                    "{page}: {attr}=\"{url}\" points at {target}, which is not in the site"
                );
                checked += 1;
            }
        }
    }
    checked
}
