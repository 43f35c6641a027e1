//! A journalist's browsing of the example site published under a sub-path: search index, feeds,
//! sitemap, sharing tags, citing blocks, and every link resolving inside the built site.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::links;
use crate::support::*;

#[test]
fn every_link_and_asset_resolves_inside_the_site_when_published_under_a_sub_path() {
    let checked = links::assert_every_link_resolves(&example_site().dir, "/wuxing/");
    assert!(checked > 1000, "only {checked} links checked");
}

#[test]
fn feeds_sitemap_and_robots_use_absolute_encoded_urls_and_dates_from_the_data() {
    let dir = &example_site().dir;
    let feed = read(dir, "feed.xml");
    assert!(feed.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""
    ));
    assert!(feed.contains(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{EXAMPLE_BASE}feed.xml\"/>"
    )));
    assert!(feed.contains(&format!("<id>{EXAMPLE_BASE}stories/five-zero-posts/</id>")));
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
    let county = read(dir, "counties/wucheng/feed.xml");
    assert!(county.contains(&format!("<id>{EXAMPLE_BASE}counties/wucheng/feed.xml</id>")));
    assert!(county.contains("stories/wucheng-laoling/"), "{county}");
    assert!(
        !county.contains("stories/audit-points/"),
        "only the county's stories"
    );
    let pages = read(dir, "counties/wucheng/index.html");
    assert!(
        pages.contains("<a href=\"feed.xml\">"),
        "the county page links its feed"
    );

    let sitemap = read(dir, "sitemap.xml");
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
        assert!(loc.starts_with(EXAMPLE_BASE), "{loc}");
        assert!(loc.len() <= 2048);
        assert!(loc.is_ascii(), "percent-encoded: {loc}");
        assert!(!loc.contains("404"), "{loc}");
    }
    assert!(locs.contains(
        &format!("{EXAMPLE_BASE}stories/tags/%E4%BA%94%E9%9B%B6%E5%B2%97%E4%BD%8D/").as_str()
    ));
    assert!(sitemap.contains(&format!(
        "<loc>{EXAMPLE_BASE}stories/five-zero-posts/</loc>\n    <lastmod>2022-09-23</lastmod>"
    )));
    assert!(sitemap.contains(&format!(
        "<loc>{EXAMPLE_BASE}metrics/one-visit-share/</loc>\n    <lastmod>2022-09-30</lastmod>"
    )));
    for lastmod in sitemap.split("<lastmod>").skip(1) {
        let d = &lastmod[..10];
        assert!(
            d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-',
            "{d}"
        );
    }
    assert_eq!(
        read(dir, "robots.txt"),
        format!("User-agent: *\nAllow: /\n\nSitemap: {EXAMPLE_BASE}sitemap.xml\n")
    );
}

#[test]
fn pages_carry_sharing_tags_json_ld_citing_block_and_heading_anchors() {
    let dir = &example_site().dir;
    for page in html_files(dir) {
        let html = read(dir, &page);
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
    let story = read(dir, "stories/five-zero-posts/index.html");
    assert!(story.contains("<meta property=\"og:type\" content=\"article\">"));
    assert!(story.contains(&format!(
        "<meta property=\"og:url\" content=\"{EXAMPLE_BASE}stories/five-zero-posts/\">"
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
    assert_eq!(v["url"], format!("{EXAMPLE_BASE}stories/five-zero-posts/"));
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
        let html = read(dir, page);
        let cite = &html[html
            .find("<aside class=\"cite\"")
            .unwrap_or_else(|| panic!("{page}: no 引用本页"))..];
        let url = format!("{EXAMPLE_BASE}{}", page.trim_end_matches("index.html"));
        assert!(
            cite.contains("引用本页") && cite.contains(&url) && cite.contains(date),
            "{page}: {cite}"
        );
    }
    let not_found = read(dir, "404.html");
    assert!(not_found.contains("action=\"/wuxing/search/\"") && not_found.contains("name=\"q\""));
    let search = read(dir, "search/index.html");
    assert!(
        search.contains("<noscript>") && search.contains("id=\"search\" data-root=\"../\" hidden")
    );
}

/// Decodes one posting list of the index (sparse deltas or a bitmap) into doc id → the best field
/// tier of the key (3 name, 2 tags, 1 summary, 0 body).
fn decode(v: &serde_json::Value) -> BTreeMap<usize, u8> {
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
                    out.insert(i * 8 + bit, 0);
                }
            }
        }
        for (n, tier) in [(1, 3), (2, 2), (3, 1)] {
            let mut id = 0;
            for d in list[n].as_array().unwrap() {
                id += d.as_u64().unwrap() as usize;
                out.insert(id, tier);
            }
        }
    } else {
        let mut id = 0;
        for e in list {
            let e = e.as_u64().unwrap() as usize;
            id += e >> 2;
            out.insert(id, (e & 3) as u8);
        }
    }
    out
}

#[test]
fn every_two_character_substring_of_every_field_is_in_its_posting_lists_with_its_tier() {
    let dir = &example_site().dir;
    let meta: serde_json::Value = serde_json::from_str(&read(dir, "search/meta.json")).unwrap();
    let chunks = meta["chunks"].as_u64().unwrap() as usize;
    let bucket = meta["bucket"].as_u64().unwrap() as usize;
    let count = meta["docs"].as_u64().unwrap() as usize;
    let mut index: BTreeMap<String, BTreeMap<usize, u8>> = BTreeMap::new();
    for c in 0..chunks {
        let chunk: BTreeMap<String, serde_json::Value> =
            serde_json::from_str(&read(dir, &format!("search/index-{c:03x}.json"))).unwrap();
        for (k, v) in chunk {
            assert_eq!(
                tongbao::export::search::key_hash(&k) as usize & (chunks - 1),
                c,
                "{k} in the wrong chunk"
            );
            index.insert(k, decode(&v));
        }
    }
    let mut docs: Vec<Vec<serde_json::Value>> = Vec::new();
    for b in 0..count.div_ceil(bucket) {
        let part: Vec<Vec<serde_json::Value>> =
            serde_json::from_str(&read(dir, &format!("search/docs-{b}.json"))).unwrap();
        docs.extend(part);
    }
    assert_eq!(docs.len(), count);
    let kinds: BTreeSet<&str> = docs.iter().map(|d| d[0].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        BTreeSet::from([
            "action", "county", "event", "fact", "metric", "page", "post", "project", "story",
            "tag", "unit"
        ])
    );
    let text = |d: &[serde_json::Value], i: usize| d[i].as_str().unwrap().to_string();
    let mut pairs = 0;
    for (id, d) in docs.iter().enumerate() {
        let kind = text(d, 0);
        // Name, tags, summary, body; a page's tags name it, a tag's own name ranks as a tag.
        let name_tier = if kind == "tag" { 2 } else { 3 };
        let tags_tier = if kind == "page" { 3 } else { 2 };
        let fields = [(name_tier, 1), (tags_tier, 3), (1, 4), (0, 5)];
        let best = |b: &str| {
            fields
                .iter()
                .filter(|(_, i)| {
                    tongbao::export::search::bigrams(&tongbao::export::search::fold(&text(d, *i)))
                        .any(|x| x == b)
                })
                .map(|(t, _)| *t)
                .max()
        };
        for (_, i) in fields {
            for b in tongbao::export::search::bigrams(&tongbao::export::search::fold(&text(d, i))) {
                let list = index
                    .get(&b)
                    .unwrap_or_else(|| panic!("{b} of {} not indexed", text(d, 2)));
                let tier = list.get(&id).copied();
                // A wholly illustrative record's summary counts as body, so the tier may be lower.
                assert!(
                    tier.is_some() && tier <= best(&b),
                    "{b} of {}: {tier:?}",
                    text(d, 2)
                );
                pairs += 1;
            }
        }
    }
    assert!(pairs > 10_000, "{pairs}");
    // No key joins two table cells of a story (the battle-map table: 1076亿元, then 已开工项目).
    let battle = docs
        .iter()
        .position(|d| d[2] == "stories/battle-map/")
        .unwrap();
    assert!(text(&docs[battle], 5).contains("1076亿元\n"));
    assert!(!index.get("元已").is_some_and(|l| l.contains_key(&battle)));
    // The mid-word query a journalist types is found through its spread bigrams.
    let keys = tongbao::export::search::query_keys("产保护科");
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
