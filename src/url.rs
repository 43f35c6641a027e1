//! Every URL shape of the site, once: where a unit, a story, a chart file or a list page lives.
//!
//! Paths here are site paths: relative to the site root, without a leading slash, a folder ending
//! in `/` (written as its `index.html`). Pages link with paths relative to themselves (the theme's
//! `root` prefix), so the site works from any sub-path and from disk; feeds, the sitemap and embeds
//! use [`absolute`] URLs. Change a shape here and every page, link, feed and download follows.
//!
//! Not a URL parser: links found in pages are resolved by `check::links`, request paths by
//! `serve::http`.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// The home page.
pub const HOME: &str = "";
/// The first page of the stories list.
pub const STORIES: &str = "stories/";
/// The list of tags.
pub const TAGS: &str = "stories/tags/";
/// The unit directory.
pub const UNITS: &str = "units/";
/// The five-zero posts.
pub const POSTS: &str = "posts/";
/// The project tracker.
pub const PROJECTS: &str = "projects/";
/// The metrics.
pub const METRICS: &str = "metrics/";
/// The counties.
pub const COUNTIES: &str = "counties/";
/// The campaign: actions, timeline, facts.
pub const CAMPAIGN: &str = "campaign/";
/// The brief (通报): the one page that prints on two sheets of A4.
pub const BRIEF: &str = "brief/";
/// The search page.
pub const SEARCH: &str = "search/";
/// The page served for a missing path.
pub const NOT_FOUND: &str = "404.html";
/// What changed in the current publication, and the list of publications.
pub const CHANGES: &str = "changes/";
/// The Atom feed of publications (one entry each).
pub const CHANGES_FEED: &str = "changes/feed.xml";
/// The site-wide Atom feed.
pub const FEED: &str = "feed.xml";
/// The sitemap.
pub const SITEMAP: &str = "sitemap.xml";

/// Story slugs a story cannot have, because the site's own pages live at `stories/<slug>/`, with
/// what is there instead (README.md lists them; `validate` and `new` refuse them).
pub const RESERVED_SLUGS: &[(&str, &str)] = &[
    ("tags", "the list of tags, stories/tags/"),
    (
        "page",
        "the later pages of the stories list, stories/page/2/ and on",
    ),
];

/// Slugs a free page (`content/pages/<slug>.md` → `/<slug>/`) cannot have, because the site's
/// own sections and files live there, with what is there instead (README.md lists them;
/// `validate` refuses them).
pub const RESERVED_PAGE_SLUGS: &[(&str, &str)] = &[
    ("stories", "the stories list"),
    ("units", "the unit directory"),
    ("posts", "the five-zero posts"),
    ("projects", "the project tracker"),
    ("metrics", "the metrics"),
    ("counties", "the counties"),
    ("campaign", "the campaign page"),
    ("search", "the search page and its index"),
    ("brief", "the printable brief (通报)"),
    ("changes", "what changed in each publication (本期更新)"),
    ("charts", "the chart downloads"),
    ("data", "the dataset downloads"),
];

/// What the site puts at `/<slug>/` instead of a free page, if the slug is reserved.
pub fn reserved_page_slug(slug: &str) -> Option<&'static str> {
    RESERVED_PAGE_SLUGS
        .iter()
        .find(|(s, _)| *s == slug)
        .map(|(_, what)| *what)
}

/// A free page.
pub fn page_of(slug: &str) -> String {
    format!("{slug}/")
}

/// Tags a story cannot have, because a file of the tag list lives at `stories/tags/<tag>`.
pub const RESERVED_TAGS: &[(&str, &str)] = &[(
    "index.html",
    "the list of tags itself, stories/tags/index.html",
)];

/// What the site puts at `stories/<slug>/` instead of a story, if the slug is reserved.
pub fn reserved_slug(slug: &str) -> Option<&'static str> {
    RESERVED_SLUGS
        .iter()
        .find(|(s, _)| *s == slug)
        .map(|(_, what)| *what)
}

/// What the site puts at `stories/tags/<tag>` instead of a tag's page, if the tag is reserved
/// (compared without case: `Index.HTML` is the same file on some disks).
pub fn reserved_tag(tag: &str) -> Option<&'static str> {
    RESERVED_TAGS
        .iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(tag))
        .map(|(_, what)| *what)
}

/// A story's page.
pub fn story(slug: &str) -> String {
    format!("{STORIES}{slug}/")
}

/// The first page of a tag's stories, on disk (the tag itself, checked safe by `validate`); links
/// pass the tag through [`segment`] first.
pub fn tag(tag: &str) -> String {
    format!("{TAGS}{tag}/")
}

/// A unit's page.
pub fn unit(id: &str) -> String {
    format!("{UNITS}{id}/")
}

/// A five-zero post's page.
pub fn post(id: &str) -> String {
    format!("{POSTS}{id}/")
}

/// A project's page.
pub fn project(id: &str) -> String {
    format!("{PROJECTS}{id}/")
}

/// A metric's page.
pub fn metric(id: &str) -> String {
    format!("{METRICS}{id}/")
}

/// A county's page.
pub fn county(id: &str) -> String {
    format!("{COUNTIES}{id}/")
}

/// What changed in an earlier publication (reporting date `as_of`, `YYYY-MM-DD`).
pub fn changes_archive(as_of: &str) -> String {
    format!("{CHANGES}{as_of}/")
}

/// A data file of an earlier publication as it stood: `data/units.yaml` of the publication of
/// `as_of` is `data/<as_of>/units.yaml`.
pub fn data_archive(as_of: &str, file: &str) -> String {
    let file = file.strip_prefix("data/").unwrap_or(file);
    format!("data/{as_of}/{file}")
}

/// A county's Atom feed.
pub fn county_feed(id: &str) -> String {
    format!("{COUNTIES}{id}/{FEED}")
}

/// The brief as a PDF, named by its reporting date: `brief/2022-09-30.pdf` (`build --pdf`).
pub fn brief_pdf(as_of: crate::util::date::Date) -> String {
    format!("{BRIEF}{as_of}.pdf")
}

/// A chart's download file; `extension` is `svg`, `csv` or `json`.
pub fn chart_file(id: &str, extension: &str) -> String {
    format!("charts/{id}.{extension}")
}

/// Path of the n-th (1-based) page of a paginated list whose first page is at `base`.
pub fn page(base: &str, page: usize) -> String {
    if page <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{page}/")
    }
}

/// The file a site path is written to, relative to the output folder.
pub fn output_file(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// The relative path from the page at `path` to the site root: `` or `../../`.
pub fn root_from(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The bytes a path segment keeps as they are: ASCII letters and digits and `-_.~` (RFC 3986's
/// unreserved characters); every other byte is written `%XX`.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes one URL path segment (for tags, which may be Chinese or hold spaces), with
/// upper-case hex digits.
pub fn segment(text: &str) -> String {
    utf8_percent_encode(text, SEGMENT).to_string()
}

/// Percent-encodes each segment of a site path (tags) and keeps the slashes.
pub fn encode_path(path: &str) -> String {
    path.split('/').map(segment).collect::<Vec<_>>().join("/")
}

/// The absolute URL of a site path (`stories/tags/五零/` → `https://…/stories/tags/%E4%BA%94…/`).
/// `base_url` always ends in `/` (the model makes sure).
pub fn absolute(base_url: &str, path: &str) -> String {
    format!("{base_url}{}", encode_path(path))
}

/// The path part of a base URL, with a leading and a trailing `/`: `/` for a site at the host
/// root (`https://x.cn`, `https://x.cn/`), `/a/` for `https://x.cn/a` and `https://x.cn/a/`.
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

/// Decodes `%XX` escapes once; `None` if an escape is malformed (not `%` and two hex digits) or
/// the result is not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    // The crate passes malformed escapes through as text; a link or request holding one is wrong.
    let bytes = text.as_bytes();
    let well_formed = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return None;
    }
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|text| text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_base_path_always_starts_and_ends_with_a_slash() {
        assert_eq!(base_path("https://x.cn"), "/");
        assert_eq!(base_path("https://x.cn/"), "/");
        assert_eq!(base_path("https://x.cn/a"), "/a/");
        assert_eq!(base_path("https://x.cn/a/"), "/a/");
        assert_eq!(base_path("https://example.gov.cn/wuxing/"), "/wuxing/");
        assert_eq!(base_path("http://x.cn/a/b/"), "/a/b/");
    }

    #[test]
    fn escapes_are_decoded_once_and_malformed_ones_refused() {
        assert_eq!(
            percent_decode("tags/%E9%9D%92%E5%B9%B4/").as_deref(),
            Some("tags/青年/")
        );
        assert_eq!(percent_decode("%252e").as_deref(), Some("%2e"));
        assert_eq!(percent_decode("a+b c").as_deref(), Some("a+b c"));
        for bad in ["%", "%4", "%zz", "%+1", "%é1", "%FF"] {
            assert_eq!(percent_decode(bad), None, "{bad}");
        }
    }

    /// The hand-written encoder this module replaced (from `plan::url_segment`).
    fn segment_by_hand(text: &str) -> String {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let mut out = String::new();
        for b in text.bytes() {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                out.push(b as char);
            } else {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
        out
    }

    #[test]
    fn segments_are_encoded_with_upper_case_hex() {
        assert_eq!(segment("积分 制"), "%E7%A7%AF%E5%88%86%20%E5%88%B6");
        assert_eq!(segment("a-b_c.d~e/f%"), "a-b_c.d~e%2Ff%25");
    }

    proptest! {
        #[test]
        fn segment_encodes_exactly_as_the_hand_written_encoder(text in any::<String>()) {
            prop_assert_eq!(segment(&text), segment_by_hand(&text));
        }

        #[test]
        fn decoding_undoes_encoding(text in any::<String>()) {
            prop_assert_eq!(percent_decode(&segment(&text)), Some(text));
        }
    }

    #[test]
    fn paths_know_their_file_and_root() {
        assert_eq!(output_file("units/a/"), "units/a/index.html");
        assert_eq!(output_file(HOME), "index.html");
        assert_eq!(output_file(NOT_FOUND), "404.html");
        assert_eq!(root_from("units/a/"), "../../");
        assert_eq!(root_from(HOME), "");
        assert_eq!(page(STORIES, 3), "stories/page/3/");
        assert_eq!(page(STORIES, 1), "stories/");
    }

    #[test]
    fn urls_are_absolute_and_encoded() {
        assert_eq!(segment("积分 制"), "%E7%A7%AF%E5%88%86%20%E5%88%B6");
        assert_eq!(segment("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(
            absolute("https://e.cn/wuxing/", "stories/tags/五零/"),
            "https://e.cn/wuxing/stories/tags/%E4%BA%94%E9%9B%B6/"
        );
        assert_eq!(absolute("https://e.cn/", ""), "https://e.cn/");
    }
}
