//! A journalist's browsing of the example site published under a sub-path: search index, feeds,
//! sitemap, sharing tags, citing blocks, and every link resolving inside the built site.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use tongbao::validate::ValidateOptions;
use tongbao::{BuildOptions, build};

const BASE: &str = "https://example.gov.cn/wuxing/";

fn build_example(out: &Path) {
    let options = BuildOptions {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        output: Some(out.to_path_buf()),
        validate: ValidateOptions {
            base_url: Some(BASE.into()),
            ..Default::default()
        },
    };
    if let Err(e) = build(&options) {
        panic!("the example site must build:\n{}", e.render());
    }
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn html_files(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// Values of `attr="…"` in the HTML (attribute values are written with double quotes).
fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| rest[..end].replace("&amp;", "&"))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
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

/// The file a relative link from `page` (a file path in the site) points at.
fn resolve(page: &str, href: &str) -> String {
    let href = href.split(['#', '?']).next().unwrap_or("");
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop();
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
    path
}

#[test]
fn every_link_and_asset_resolves_inside_the_site_when_published_under_a_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    build_example(dir.path());
    let mut checked = 0;
    for page in html_files(dir.path()) {
        let html = read(dir.path(), &page);
        for attr in ["href", "src", "action"] {
            for url in attr_values(&html, attr) {
                if url.starts_with("http://")
                    || url.starts_with("https://")
                    || url.starts_with("mailto:")
                    || url.starts_with("data:")
                    || url.starts_with('#')
                {
                    continue;
                }
                let target = if page == "404.html" {
                    // Served at any depth, so its links start from the site's path.
                    assert!(
                        url.starts_with("/wuxing/"),
                        "404.html: {url} must start at /wuxing/"
                    );
                    resolve("x", url.trim_start_matches("/wuxing/"))
                } else {
                    assert!(
                        !url.starts_with('/'),
                        "{page}: {url} is root-absolute, which breaks sub-path publishing"
                    );
                    resolve(&page, &url)
                };
                assert!(
                    dir.path().join(&target).is_file(),
                    "{page}: {attr}=\"{url}\" points at {target}, which is not in the site"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "only {checked} links checked");
}

#[test]
fn feeds_sitemap_and_robots_use_absolute_encoded_urls_and_dates_from_the_data() {
    let dir = tempfile::tempdir().unwrap();
    build_example(dir.path());
    let feed = read(dir.path(), "feed.xml");
    assert!(feed.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""
    ));
    assert!(feed.contains(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{BASE}feed.xml\"/>"
    )));
    assert!(feed.contains(&format!("<id>{BASE}stories/five-zero-posts/</id>")));
    assert!(feed.contains("<published>2022-09-23T00:00:00+08:00</published>"));
    assert!(feed.contains("<category term=\"五零岗位\"/>"));
    assert!(
        !feed.contains("draft-timeline"),
        "drafts stay out of the feed"
    );
    assert_eq!(
        feed.matches("<entry>").count(),
        feed.matches("</entry>").count()
    );
    let doc = roxmltree::Document::parse(&feed).expect("feed.xml is well-formed XML");
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    for entry in root.children().filter(|n| n.has_tag_name("entry")) {
        for required in ["id", "title", "updated", "link"] {
            assert!(
                entry.children().any(|n| n.has_tag_name(required)),
                "an Atom entry needs {required}"
            );
        }
    }
    let county = read(dir.path(), "counties/wucheng/feed.xml");
    assert!(county.contains(&format!("<id>{BASE}counties/wucheng/feed.xml</id>")));
    assert!(county.contains("stories/wucheng-laoling/"), "{county}");
    assert!(
        !county.contains("stories/audit-points/"),
        "only the county's stories"
    );
    let pages = read(dir.path(), "counties/wucheng/index.html");
    assert!(
        pages.contains("<a href=\"feed.xml\">"),
        "the county page links its feed"
    );

    let sitemap = read(dir.path(), "sitemap.xml");
    assert!(sitemap.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is well-formed XML");
    for url in doc.root_element().children().filter(|n| n.is_element()) {
        assert_eq!(url.tag_name().name(), "url");
        let names: Vec<&str> = url
            .children()
            .filter(|n| n.is_element())
            .map(|n| n.tag_name().name())
            .collect();
        assert!(names == ["loc", "lastmod"] || names == ["loc"], "{names:?}");
    }
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| &s[..s.find("</loc>").unwrap()])
        .collect();
    assert_eq!(locs.len(), sitemap.matches("<url>").count());
    let unique: BTreeSet<&&str> = locs.iter().collect();
    assert_eq!(unique.len(), locs.len(), "no page twice");
    for loc in &locs {
        assert!(loc.starts_with(BASE), "{loc}");
        assert!(loc.len() <= 2048);
        assert!(loc.is_ascii(), "percent-encoded: {loc}");
        assert!(!loc.contains("404"), "{loc}");
    }
    assert!(
        locs.contains(
            &format!("{BASE}stories/tags/%E4%BA%94%E9%9B%B6%E5%B2%97%E4%BD%8D/").as_str()
        )
    );
    assert!(sitemap.contains(&format!(
        "<loc>{BASE}stories/five-zero-posts/</loc>\n    <lastmod>2022-09-23</lastmod>"
    )));
    assert!(sitemap.contains(&format!(
        "<loc>{BASE}metrics/one-visit-share/</loc>\n    <lastmod>2022-09-30</lastmod>"
    )));
    for lastmod in sitemap.split("<lastmod>").skip(1) {
        let d = &lastmod[..10];
        assert!(
            d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-',
            "{d}"
        );
    }
    assert_eq!(
        read(dir.path(), "robots.txt"),
        format!("User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n")
    );
}

#[test]
fn pages_carry_sharing_tags_json_ld_citing_block_and_heading_anchors() {
    let dir = tempfile::tempdir().unwrap();
    build_example(dir.path());
    for page in html_files(dir.path()) {
        let html = read(dir.path(), &page);
        for tag in [
            "og:title",
            "og:description",
            "og:url",
            "og:type",
            "twitter:card",
        ] {
            assert!(html.contains(tag), "{page} lacks {tag}");
        }
    }
    let story = read(dir.path(), "stories/five-zero-posts/index.html");
    assert!(story.contains("<meta property=\"og:type\" content=\"article\">"));
    assert!(story.contains(&format!(
        "<meta property=\"og:url\" content=\"{BASE}stories/five-zero-posts/\">"
    )));
    let start = story
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + 35;
    let json = &story[start..start + story[start..].find("</script>").unwrap()];
    assert!(!json.contains('<'));
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(v["@type"], "NewsArticle");
    assert_eq!(v["headline"], "“五零”岗位：“就是真真正正干出来的”");
    assert_eq!(v["datePublished"], "2022-09-23");
    assert_eq!(v["url"], format!("{BASE}stories/five-zero-posts/"));
    assert!(
        story.contains("<a class=\"anchor\" href=\"#21个岗位-五个-零\""),
        "a § link on each heading"
    );
    for (page, date) in [
        ("stories/five-zero-posts/index.html", "2022年9月23日"),
        ("units/city-audit-bureau/index.html", "2022年9月30日"),
        ("projects/grand-canal/index.html", "2022年9月30日"),
        ("metrics/one-visit-share/index.html", "2022年9月30日"),
    ] {
        let html = read(dir.path(), page);
        let cite = &html[html
            .find("<aside class=\"cite\"")
            .unwrap_or_else(|| panic!("{page}: no 引用本页"))..];
        let url = format!("{BASE}{}", page.trim_end_matches("index.html"));
        assert!(
            cite.contains("引用本页") && cite.contains(&url) && cite.contains(date),
            "{page}: {cite}"
        );
    }
    let not_found = read(dir.path(), "404.html");
    assert!(not_found.contains("action=\"/wuxing/search/\"") && not_found.contains("name=\"q\""));
    let search = read(dir.path(), "search/index.html");
    assert!(
        search.contains("<noscript>") && search.contains("id=\"search\" data-root=\"../\" hidden")
    );
}

/// Decodes one posting list of the index (sparse deltas or a bitmap) into doc id → in title.
fn decode(v: &serde_json::Value) -> BTreeMap<usize, bool> {
    let list = v.as_array().unwrap();
    let mut out = BTreeMap::new();
    if let Some(bits) = list.first().and_then(|x| x.as_str()) {
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let sextets: Vec<u32> = bits
            .trim_end_matches('=')
            .chars()
            .map(|c| alphabet.find(c).unwrap() as u32)
            .collect();
        let mut bytes: Vec<u8> = Vec::new();
        for chunk in sextets.chunks(4) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, s)| n | s << (18 - 6 * i));
            bytes.extend(
                [(n >> 16) as u8, (n >> 8) as u8, n as u8]
                    .into_iter()
                    .take(chunk.len() - 1),
            );
        }
        for (i, b) in bytes.iter().enumerate() {
            for bit in 0..8 {
                if b & (1 << bit) != 0 {
                    out.insert(i * 8 + bit, false);
                }
            }
        }
        let mut id = 0;
        for d in list[1].as_array().unwrap() {
            id += d.as_u64().unwrap() as usize;
            out.insert(id, true);
        }
    } else {
        let mut id = 0;
        for e in list {
            let e = e.as_u64().unwrap() as usize;
            id += e >> 1;
            out.insert(id, e & 1 == 1);
        }
    }
    out
}

#[test]
fn every_two_character_substring_of_every_record_is_in_its_posting_lists() {
    let dir = tempfile::tempdir().unwrap();
    build_example(dir.path());
    let meta: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "search/meta.json")).unwrap();
    let chunks = meta["chunks"].as_u64().unwrap() as usize;
    let bucket = meta["bucket"].as_u64().unwrap() as usize;
    let count = meta["docs"].as_u64().unwrap() as usize;
    let mut index: BTreeMap<String, BTreeMap<usize, bool>> = BTreeMap::new();
    for c in 0..chunks {
        let chunk: BTreeMap<String, serde_json::Value> =
            serde_json::from_str(&read(dir.path(), &format!("search/index-{c:03x}.json"))).unwrap();
        for (k, v) in chunk {
            assert_eq!(
                tongbao::search::key_hash(&k) as usize & (chunks - 1),
                c,
                "{k} in the wrong chunk"
            );
            index.insert(k, decode(&v));
        }
    }
    let mut docs: Vec<Vec<String>> = Vec::new();
    for b in 0..count.div_ceil(bucket) {
        let part: Vec<Vec<String>> =
            serde_json::from_str(&read(dir.path(), &format!("search/docs-{b}.json"))).unwrap();
        docs.extend(part);
    }
    assert_eq!(docs.len(), count);
    let kinds: BTreeSet<&str> = docs.iter().map(|d| d[0].as_str()).collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["metric", "post", "project", "story", "unit"])
    );
    let mut pairs = 0;
    for (id, d) in docs.iter().enumerate() {
        let title = tongbao::search::normalize(&d[1]);
        for field in [&d[1], &d[3], &d[4]] {
            for b in tongbao::search::bigrams(&tongbao::search::normalize(field)) {
                let list = index
                    .get(&b)
                    .unwrap_or_else(|| panic!("{b} of {} not indexed", d[2]));
                assert_eq!(list.get(&id), Some(&title.contains(&b)), "{b} of {}", d[2]);
                pairs += 1;
            }
        }
    }
    assert!(pairs > 10_000, "{pairs}");
    // The mid-word query a journalist types is found through its spread bigrams.
    let keys = tongbao::search::query_keys("产保护科");
    let hits: BTreeSet<usize> = keys
        .iter()
        .map(|k| index[k].keys().copied().collect::<BTreeSet<_>>())
        .reduce(|a, b| &a & &b)
        .unwrap();
    assert!(
        hits.iter()
            .any(|&i| docs[i][2] == "posts/road-protection-section/")
    );
}

#[test]
fn search_and_feed_files_are_the_same_on_every_build() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    build_example(a.path());
    build_example(b.path());
    for f in [
        "search/meta.json",
        "search/index-000.json",
        "search/docs-0.json",
        "feed.xml",
        "sitemap.xml",
    ] {
        assert_eq!(read(a.path(), f), read(b.path(), f), "{f}");
    }
}
