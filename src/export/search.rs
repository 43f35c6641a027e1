//! Search: the static full-text index for Chinese, built at build time and queried in the browser
//! by `search.js`. Not a ranking engine: it finds every record that contains the query, then the
//! page orders title hits first.
//!
//! Chinese has no spaces between words, so the index keys are character bigrams: every pair of
//! adjacent characters (not spanning whitespace) of a record's title, summary and body. A query of
//! two or more characters is looked up by some of its bigrams; the intersection of their posting
//! lists holds every record containing the query (and maybe a few that only contain the bigrams
//! apart), and the browser then verifies the query in the record's text, so there are no false
//! positives. Single characters are indexed for titles only.
//!
//! Files, all under `search/`:
//! - `meta.json`: format version, number of index chunks, documents per text bucket, doc count.
//! - `index-XXX.json`: the posting lists of the keys whose FNV-1a hash falls in chunk XXX (hex).
//!   A sparse list is `[e, …]` with `e = (doc id − previous doc id) × 2 + (1 if in the title)`;
//!   a dense one (a key in many records, such as 工作) is `["<base64 bitmap of doc ids>", [title
//!   doc ids as deltas]]`, whichever is shorter.
//! - `docs-N.json`: the text of documents `N × bucket … (N + 1) × bucket − 1`:
//!   `[[kind, title, url, summary, body], …]`, url relative to the site root. The bucket size
//!   comes from the average record size, so that a bucket stays near `TARGET_BUCKET_BYTES`.
//!
//! The chunk count grows with the index so that each chunk stays near `TARGET_CHUNK_BYTES`; a
//! query loads at most `MAX_QUERY_KEYS` chunks plus the text buckets of the results it shows.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::model::{Marked, Marking, Site};
use crate::url;

/// A result's summary with the mark its record's figures need, so a search result never shows an
/// illustrative record or figure unmarked.
fn marked(summary: &str, marking: Marking) -> String {
    let mark = match marking {
        Marking::None => return summary.to_string(),
        Marking::Partly => "（含示意数据）",
        Marking::Whole => "（示意数据）",
    };
    format!("{summary}{mark}")
}
use crate::output::Output;

/// The kinds of record the index holds, with the label shown on a result.
pub const KINDS: [(&str, &str); 6] = [
    ("unit", "单位"),
    ("post", "岗位"),
    ("project", "项目"),
    ("metric", "指标"),
    ("story", "报道"),
    ("page", "本站"),
];

/// Aimed-for size of one index chunk, in bytes.
const TARGET_CHUNK_BYTES: usize = 16 * 1024;
/// Most chunks a site is split into.
const MAX_CHUNKS: usize = 4096;
/// Aimed-for size of one text bucket, in bytes.
const TARGET_BUCKET_BYTES: usize = 8 * 1024;
/// Most keys (so chunks) one query term looks up; search.js uses the same figure.
pub const MAX_QUERY_KEYS: usize = 6;

/// One searchable record.
#[derive(Debug, Clone, Serialize)]
pub struct Doc {
    pub kind: &'static str,
    pub title: String,
    /// Site-relative URL: `stories/x/`.
    pub url: String,
    pub summary: String,
    pub body: String,
}

/// How text is compared: ASCII letters folded to lower case (keeps UTF-16 offsets, which the
/// browser relies on to highlight the original text).
pub fn normalize(text: &str) -> String {
    text.to_ascii_lowercase()
}

/// The bigrams of a text: adjacent character pairs, none spanning whitespace.
pub fn bigrams(text: &str) -> impl Iterator<Item = String> + '_ {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len().saturating_sub(1)).filter_map(move |i| {
        let (a, b) = (chars[i], chars[i + 1]);
        (!a.is_whitespace() && !b.is_whitespace()).then(|| [a, b].iter().collect())
    })
}

/// 32-bit FNV-1a over the key's UTF-8 bytes (search.js computes the same).
pub fn key_hash(key: &str) -> u32 {
    key.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// Every searchable record of the site, in id order: data records first, then stories (newest
/// first), then free pages, so that among equal hits the directory entries come before the
/// coverage.
pub fn documents(site: &Site) -> Vec<Doc> {
    let mut docs = Vec::new();
    let county_name =
        |c: Option<usize>| c.map_or("市直".to_string(), |c| site.counties[c].name.clone());
    for u in &site.units {
        let honours: Vec<String> = u
            .honours
            .iter()
            .map(|h| format!("{}年{}", h.year, h.title))
            .collect();
        docs.push(Doc {
            kind: "unit",
            title: u.name.clone(),
            url: url::unit(&u.id),
            summary: marked(&u.summary, u.marking(site)),
            body: [
                u.kind.label().to_string(),
                county_name(u.county),
                honours.join("；"),
            ]
            .join("\n"),
        });
    }
    for p in &site.posts {
        let mut body = vec![
            site.units[p.unit].name.clone(),
            format!("{} {}", p.lead_title, p.lead_name)
                .trim()
                .to_string(),
        ];
        body.extend(p.zeros.iter().cloned());
        docs.push(Doc {
            kind: "post",
            title: p.name.clone(),
            url: url::post(&p.id),
            summary: marked(&p.quote, p.marking(site)),
            body: body.join("\n"),
        });
    }
    for p in &site.projects {
        let mut body = vec![
            p.place.label(&site.counties),
            p.category.clone(),
            p.status.label().to_string(),
        ];
        body.extend(p.lead_unit.map(|u| site.units[u].name.clone()));
        body.extend(p.milestones.iter().map(|m| m.title.clone()));
        docs.push(Doc {
            kind: "project",
            title: p.name.clone(),
            url: url::project(&p.id),
            summary: marked(
                &format!("{}，{}", p.programme.label(), p.category),
                p.marking(site),
            ),
            body: body.join("\n"),
        });
    }
    for m in &site.metrics {
        docs.push(Doc {
            kind: "metric",
            title: m.name.clone(),
            url: url::metric(&m.id),
            summary: marked(&m.summary, m.marking(site)),
            body: m.status_sentence(site.settings.as_of),
        });
    }
    for s in &site.stories {
        docs.push(Doc {
            kind: "story",
            title: s.title.clone(),
            url: url::story(&s.slug),
            summary: s.summary.clone(),
            body: s.plain_text.trim().to_string(),
        });
    }
    for p in &site.pages {
        docs.push(Doc {
            kind: "page",
            title: p.title.clone(),
            url: url::page_of(&p.slug),
            summary: p.summary.clone(),
            body: p.plain_text.trim().to_string(),
        });
    }
    docs
}

/// Posting lists: key → (doc id → whether the key is in the title), both in order.
pub fn postings(docs: &[Doc]) -> BTreeMap<String, BTreeMap<usize, bool>> {
    posting_lists(docs)
        .into_iter()
        .map(|(key, list)| {
            let list = list.into_iter().map(|(id, t)| (id as usize, t)).collect();
            (key, list)
        })
        .collect()
}

/// The posting lists, sorted by key, each in document order: the compact form the index is
/// encoded from. Documents are scanned in parallel, a block at a time (so that only one block's
/// keys are held at once); a key is a number while lists are gathered, text only at the end.
fn posting_lists(docs: &[Doc]) -> Vec<(String, Vec<(u32, bool)>)> {
    use rayon::prelude::*;
    let mut lists: std::collections::HashMap<u64, Vec<(u32, bool)>> =
        std::collections::HashMap::new();
    for (block, chunk) in docs.chunks(256).enumerate() {
        let keyed: Vec<Vec<(u64, bool)>> = chunk.par_iter().map(doc_keys).collect();
        for (offset, keys) in keyed.into_iter().enumerate() {
            let id = (block * 256 + offset) as u32;
            for (key, in_title) in keys {
                lists.entry(key).or_default().push((id, in_title));
            }
        }
    }
    let mut out: Vec<(String, Vec<(u32, bool)>)> = lists
        .into_iter()
        .map(|(code, list)| (key_text(code), list))
        .collect();
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    out
}

/// A key as a number: a bigram's two characters, or one character and no second.
fn key_code(a: char, b: Option<char>) -> u64 {
    (u64::from(a) << 32) | b.map_or(u64::from(u32::MAX), u64::from)
}

fn key_text(code: u64) -> String {
    let a = char::from_u32((code >> 32) as u32).unwrap_or_default();
    match char::from_u32(code as u32) {
        Some(b) => [a, b].iter().collect(),
        None => a.to_string(),
    }
}

/// The keys of one document, each once, with whether it is in the title: the title's characters
/// and bigrams, and the bigrams of its summary and body.
fn doc_keys(doc: &Doc) -> Vec<(u64, bool)> {
    let mut keys: Vec<(u64, bool)> = Vec::new();
    let title: Vec<char> = normalize(&doc.title).chars().collect();
    keys.extend(
        title
            .iter()
            .filter(|c| !c.is_whitespace())
            .map(|&c| (key_code(c, None), true)),
    );
    let pairs = |chars: &[char], in_title: bool, keys: &mut Vec<(u64, bool)>| {
        keys.extend(
            chars
                .windows(2)
                .filter(|w| !w[0].is_whitespace() && !w[1].is_whitespace())
                .map(|w| (key_code(w[0], Some(w[1])), in_title)),
        );
    };
    pairs(&title, true, &mut keys);
    for field in [&doc.summary, &doc.body] {
        let chars: Vec<char> = normalize(field).chars().collect();
        pairs(&chars, false, &mut keys);
    }
    // A key in the title counts as in the title: sort it first among its repeats, keep the first.
    keys.sort_unstable_by_key(|&(key, in_title)| (key, !in_title));
    keys.dedup_by_key(|k| k.0);
    keys
}

/// Encodes one posting list as the JSON search.js decodes: a delta list, or a bitmap when shorter.
fn encode(list: &[(u32, bool)], docs: usize) -> String {
    let sparse = encode_sparse(list);
    let bitmap_len = docs.div_ceil(8).div_ceil(3) * 4;
    if sparse.len() <= bitmap_len + 8 {
        return sparse;
    }
    let mut bits = vec![0u8; docs.div_ceil(8)];
    let mut titles = Vec::new();
    let mut prev = 0;
    for &(id, in_title) in list {
        let id = id as usize;
        bits[id / 8] |= 1 << (id % 8);
        if in_title {
            titles.push((id - prev).to_string());
            prev = id;
        }
    }
    format!("[\"{}\",[{}]]", base64(&bits), titles.join(","))
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn encode_sparse(list: &[(u32, bool)]) -> String {
    let mut out = String::with_capacity(list.len() * 3 + 2);
    out.push('[');
    let mut prev = 0usize;
    for (i, &(id, in_title)) in list.iter().enumerate() {
        let id = id as usize;
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{}", (id - prev) * 2 + usize::from(in_title));
        prev = id;
    }
    out.push(']');
    out
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    chunks: usize,
    bucket: usize,
    docs: usize,
    max_keys: usize,
    kinds: BTreeMap<&'a str, &'a str>,
}

/// The index files for the site (see the module doc for their layout).
pub fn outputs(site: &Site) -> Vec<Output> {
    let docs = documents(site);
    let encoded: Vec<(String, String)> = {
        use rayon::prelude::*;
        posting_lists(&docs)
            .into_par_iter()
            .map(|(k, list)| {
                let e = encode(&list, docs.len());
                (k, e)
            })
            .collect()
    };
    let total: usize = encoded.iter().map(|(k, v)| k.len() + v.len() + 4).sum();
    let chunks = total
        .div_ceil(TARGET_CHUNK_BYTES)
        .next_power_of_two()
        .clamp(1, MAX_CHUNKS);
    let mut chunk_text: Vec<Vec<String>> = vec![Vec::new(); chunks];
    for (key, list) in &encoded {
        let c = key_hash(key) as usize & (chunks - 1);
        let key_json = serde_json::to_string(key).unwrap_or_default();
        chunk_text[c].push(format!("{key_json}:{list}"));
    }
    let mut out: Vec<Output> = chunk_text
        .into_iter()
        .enumerate()
        .map(|(c, entries)| Output {
            path: format!("search/index-{c:03x}.json"),
            bytes: format!("{{{}}}", entries.join(",")).into_bytes(),
        })
        .collect();
    let text_bytes: usize = docs
        .iter()
        .map(|d| d.title.len() + d.url.len() + d.summary.len() + d.body.len() + 20)
        .sum();
    let bucket = (TARGET_BUCKET_BYTES * docs.len().max(1) / text_bytes.max(1)).clamp(1, 64);
    for (n, bucket) in docs.chunks(bucket).enumerate() {
        let rows: Vec<[&str; 5]> = bucket
            .iter()
            .map(|d| [d.kind, &d.title, &d.url, &d.summary, &d.body])
            .collect();
        out.push(Output {
            path: format!("search/docs-{n}.json"),
            bytes: serde_json::to_vec(&rows).unwrap_or_default(),
        });
    }
    let meta = Meta {
        version: 1,
        chunks,
        bucket,
        docs: docs.len(),
        max_keys: MAX_QUERY_KEYS,
        kinds: KINDS.iter().copied().collect(),
    };
    out.push(Output {
        path: "search/meta.json".into(),
        bytes: serde_json::to_vec(&meta).unwrap_or_default(),
    });
    out
}

/// The keys search.js looks up for one query term (already normalized, without whitespace):
/// the character itself for one character, else at most `MAX_QUERY_KEYS` bigrams spread evenly
/// from the first to the last.
pub fn query_keys(term: &str) -> Vec<String> {
    let chars: Vec<char> = term.chars().collect();
    if chars.len() < 2 {
        return chars.iter().map(|c| c.to_string()).collect();
    }
    let all: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
    let n = all.len();
    if n <= MAX_QUERY_KEYS {
        return all;
    }
    let picked: BTreeSet<usize> = (0..MAX_QUERY_KEYS)
        .map(|i| i * (n - 1) / (MAX_QUERY_KEYS - 1))
        .collect();
    picked.into_iter().map(|i| all[i].clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, body: &str) -> Doc {
        Doc {
            kind: "story",
            title: title.into(),
            url: "stories/x/".into(),
            summary: String::new(),
            body: body.into(),
        }
    }

    #[test]
    fn bigrams_skip_whitespace_and_fold_ascii() {
        let b: Vec<String> = bigrams(&normalize("一次 办好AB")).collect();
        assert_eq!(b, ["一次", "办好", "好a", "ab"]);
    }

    #[test]
    fn postings_mark_title_keys_and_hold_every_bigram() {
        let docs = vec![doc("路产保护科", "夏睿科长"), doc("审计局", "路产")];
        let p = postings(&docs);
        assert_eq!(p["路产"], BTreeMap::from([(0, true), (1, false)]));
        assert_eq!(p["夏睿"], BTreeMap::from([(0, false)]));
        assert_eq!(p["审"], BTreeMap::from([(1, true)]));
        assert!(!p.contains_key("夏"), "single characters only from titles");
        assert_eq!(encode(&[(0, true), (1, false)], 2), "[1,2]");
        // The compact lists the index is encoded from say the same.
        let compact = posting_lists(&docs);
        assert_eq!(compact.len(), p.len());
        for ((key, list), (k, l)) in compact.iter().zip(&p) {
            assert_eq!(key, k);
            let as_map: BTreeMap<usize, bool> =
                list.iter().map(|&(id, t)| (id as usize, t)).collect();
            assert_eq!(&as_map, l);
        }
    }

    #[test]
    fn long_terms_use_spread_bigrams_including_both_ends() {
        let keys = query_keys("打造五型机关和干部队伍");
        assert_eq!(keys.len(), MAX_QUERY_KEYS);
        assert_eq!(keys.first().map(String::as_str), Some("打造"));
        assert_eq!(keys.last().map(String::as_str), Some("队伍"));
        assert_eq!(query_keys("审"), ["审"]);
    }

    #[test]
    fn dense_lists_become_bitmaps() {
        let list: Vec<(u32, bool)> = (0..200).map(|i| (i, i == 3)).collect();
        let e = encode(&list, 200);
        assert!(e.starts_with("[\"////"), "{e}");
        assert!(e.ends_with(",[3]]"), "{e}");
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
    }

    #[test]
    fn hash_is_fnv1a() {
        assert_eq!(key_hash(""), 0x811c_9dc5);
        assert_eq!(key_hash("a"), 0xe40c_292c);
    }
}
