//! Search: the static full-text index for Chinese, built at build time and queried in the browser
//! by `search.js`, which finds every document containing the query and ranks them.
//!
//! Chinese has no spaces between words, so the index keys are character bigrams: every pair of
//! adjacent characters (not spanning whitespace or two fields) of a document's name, tags,
//! summary and body, after folding (`fold`). A query of two or more characters is looked up by
//! some of its bigrams; the intersection of their posting lists holds every document containing
//! the query (and maybe a few that only contain the bigrams apart), and the browser then verifies
//! the query in the document's fields, so there are no false positives. Single characters are
//! indexed for names only.
//!
//! Each posting carries the best field tier the key is in (name 3, tags 2, summary 1, body 0;
//! see `documents::Doc::fields`): the lowest of these over a query's keys bounds the tier its
//! match can have, so the browser verifies documents best-first and stops as soon as the first
//! page of results is settled.
//!
//! Files, all under `search/`:
//! - `meta.json`: format version, number of index chunks, documents per text bucket, doc count,
//!   the kinds with their labels, and `ranges`: `[first doc id, kind, marking]` for each run of
//!   documents of one kind and marking (0 from the source, 1 partly, 2 wholly illustrative).
//! - `index-XXX.json`: the posting lists of the keys whose FNV-1a hash falls in chunk XXX (hex).
//!   A sparse list is `[e, …]` with `e = (doc id − previous doc id) × 4 + tier`; a dense one (a
//!   key in many documents, such as 工作) is `["<base64 bitmap of doc ids>", [name ids], [tags
//!   ids], [summary ids]]` (ids as deltas; the rest are body), whichever is shorter.
//! - `docs-N.json`: the documents `N × bucket … (N + 1) × bucket − 1`: `[kind, title, url, tags,
//!   summary, body]`, url relative to the site root, tags one a line; a seventh element, the four
//!   text fields folded, when folding needs the traditional → simplified table. The bucket size
//!   comes from the average document size, so that a bucket stays near `TARGET_BUCKET_BYTES`.
//! - `fold.json`: the part of the traditional → simplified table whose simplified side occurs on
//!   the site, loaded by the browser only when a query finds nothing as typed.
//!
//! The chunk count grows with the index so that each chunk stays near `TARGET_CHUNK_BYTES`; a
//! query loads at most `MAX_QUERY_KEYS` chunks plus the text buckets of the results it verifies.

pub mod documents;
pub mod fold;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

pub use documents::{Doc, Kind, documents};
pub use fold::fold;

use crate::model::{Marking, Site};
use crate::output::Output;

/// Aimed-for size of one index chunk, in bytes.
const TARGET_CHUNK_BYTES: usize = 16 * 1024;
/// Most chunks a site is split into.
const MAX_CHUNKS: usize = 4096;
/// Aimed-for size of one text bucket, in bytes.
const TARGET_BUCKET_BYTES: usize = 8 * 1024;
/// Most keys (so chunks) one query term looks up; search.js uses the same figure.
pub const MAX_QUERY_KEYS: usize = 6;

/// The bigrams of a (folded) text: adjacent character pairs, none spanning whitespace.
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

/// Posting lists: key → (doc id → the best field tier the key is in), both in order.
pub fn postings(docs: &[Doc]) -> BTreeMap<String, BTreeMap<usize, u8>> {
    posting_lists(docs)
        .into_iter()
        .map(|(key, list)| {
            let list = list.into_iter().map(|(id, t)| (id as usize, t)).collect();
            (key, list)
        })
        .collect()
}

/// A document's four text fields, folded, with their tiers.
fn folded_fields(doc: &Doc) -> [(u8, String); 4] {
    doc.fields().map(|(tier, text)| (tier, fold(&text)))
}

/// The posting lists, sorted by key, each in document order: the compact form the index is
/// encoded from. Documents are scanned in parallel, a block at a time (so that only one block's
/// keys are held at once); a key is a number while lists are gathered, text only at the end.
fn posting_lists(docs: &[Doc]) -> Vec<(String, Vec<(u32, u8)>)> {
    use rayon::prelude::*;
    let mut lists: std::collections::HashMap<u64, Vec<(u32, u8)>> =
        std::collections::HashMap::new();
    for (block, chunk) in docs.chunks(256).enumerate() {
        let keyed: Vec<Vec<(u64, u8)>> = chunk.par_iter().map(doc_keys).collect();
        for (offset, keys) in keyed.into_iter().enumerate() {
            let id = (block * 256 + offset) as u32;
            for (key, tier) in keys {
                lists.entry(key).or_default().push((id, tier));
            }
        }
    }
    let mut out: Vec<(String, Vec<(u32, u8)>)> = lists
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

/// The keys of one document, each once, with the best tier it is in: the name's characters, and
/// the bigrams of each field (never across two fields or whitespace).
fn doc_keys(doc: &Doc) -> Vec<(u64, u8)> {
    let mut keys: Vec<(u64, u8)> = Vec::new();
    for (n, (tier, text)) in folded_fields(doc).iter().enumerate() {
        let chars: Vec<char> = text.chars().collect();
        if n == 0 {
            keys.extend(
                chars
                    .iter()
                    .filter(|c| !c.is_whitespace())
                    .map(|&c| (key_code(c, None), *tier)),
            );
        }
        keys.extend(
            chars
                .windows(2)
                .filter(|w| !w[0].is_whitespace() && !w[1].is_whitespace())
                .map(|w| (key_code(w[0], Some(w[1])), *tier)),
        );
    }
    // Keep each key once, with its best tier.
    keys.sort_unstable_by_key(|&(key, tier)| (key, std::cmp::Reverse(tier)));
    keys.dedup_by_key(|k| k.0);
    keys
}

/// Encodes one posting list as the JSON search.js decodes: a delta list, or a bitmap when shorter.
fn encode(list: &[(u32, u8)], docs: usize) -> String {
    let sparse = encode_sparse(list);
    let bitmap_len = docs.div_ceil(8).div_ceil(3) * 4;
    if sparse.len() <= bitmap_len + 8 {
        return sparse;
    }
    let mut bits = vec![0u8; docs.div_ceil(8)];
    // The ids in the name, tags and summary tiers; the rest are in the body.
    let mut tiers: [Vec<String>; 3] = Default::default();
    let mut prev = [0usize; 3];
    for &(id, tier) in list {
        let id = id as usize;
        bits[id / 8] |= 1 << (id % 8);
        if tier > 0 {
            let t = (3 - tier) as usize;
            tiers[t].push((id - prev[t]).to_string());
            prev[t] = id;
        }
    }
    format!(
        "[\"{}\",[{}],[{}],[{}]]",
        base64(&bits),
        tiers[0].join(","),
        tiers[1].join(","),
        tiers[2].join(",")
    )
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

fn encode_sparse(list: &[(u32, u8)]) -> String {
    let mut out = String::with_capacity(list.len() * 3 + 2);
    out.push('[');
    let mut prev = 0usize;
    for (i, &(id, tier)) in list.iter().enumerate() {
        let id = id as usize;
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{}", (id - prev) * 4 + usize::from(tier));
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
    kinds: Vec<(&'a str, &'a str)>,
    ranges: Vec<(usize, &'a str, u8)>,
    /// The size of the largest text bucket: what verifying one more bucket can cost.
    bucket_bytes: usize,
    fold_bytes: usize,
}

fn marking_rank(m: Marking) -> u8 {
    match m {
        Marking::None => 0,
        Marking::Partly => 1,
        Marking::Whole => 2,
    }
}

/// The runs of documents of one kind and marking: `[first id, kind, marking]`.
fn ranges(docs: &[Doc]) -> Vec<(usize, &'static str, u8)> {
    let mut out: Vec<(usize, &'static str, u8)> = Vec::new();
    for (id, d) in docs.iter().enumerate() {
        let run = (d.kind.key(), marking_rank(d.marking));
        if out.last().is_none_or(|l| (l.1, l.2) != run) {
            out.push((id, run.0, run.1));
        }
    }
    out
}

/// The index files for the site (see the module doc for their layout).
pub fn outputs(site: &Site) -> Vec<Output> {
    let docs = documents(site);
    let lists = posting_lists(&docs);
    // The characters a query can meet on this site: the fold table is cut down to them.
    let site_chars: BTreeSet<char> = lists.iter().flat_map(|(k, _)| k.chars()).collect();
    let encoded: Vec<(String, String)> = {
        use rayon::prelude::*;
        lists
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
        .map(|d| {
            d.title.len() + d.url.len() + d.summary.len() + d.body.len() + d.tags.len() * 8 + 24
        })
        .sum();
    let bucket = (TARGET_BUCKET_BYTES * docs.len().max(1) / text_bytes.max(1)).clamp(1, 64);
    for (n, bucket) in docs.chunks(bucket).enumerate() {
        let rows: Vec<serde_json::Value> = bucket.iter().map(row).collect();
        out.push(Output {
            path: format!("search/docs-{n}.json"),
            bytes: serde_json::to_vec(&rows).unwrap_or_default(),
        });
    }
    let bucket_bytes = out
        .iter()
        .filter(|o| o.path.starts_with("search/docs-"))
        .map(|o| o.bytes.len())
        .max()
        .unwrap_or(0);
    let table = fold::table_for(|c| site_chars.contains(&c));
    let fold_json = serde_json::to_vec(&table).unwrap_or_default();
    let meta = Meta {
        version: 2,
        chunks,
        bucket,
        docs: docs.len(),
        max_keys: MAX_QUERY_KEYS,
        kinds: Kind::ALL.iter().map(|k| (k.key(), k.label())).collect(),
        ranges: ranges(&docs),
        bucket_bytes,
        fold_bytes: fold_json.len(),
    };
    out.push(Output {
        path: "search/fold.json".into(),
        bytes: fold_json,
    });
    out.push(Output {
        path: "search/meta.json".into(),
        bytes: serde_json::to_vec(&meta).unwrap_or_default(),
    });
    out
}

/// A document as a row of its text bucket (see the module doc).
fn row(d: &Doc) -> serde_json::Value {
    let fields = d.fields();
    let mut row = vec![
        serde_json::Value::from(d.kind.key()),
        d.title.clone().into(),
        d.url.clone().into(),
        fields[1].1.clone().into(),
        d.summary.clone().into(),
        d.body.clone().into(),
    ];
    if fields.iter().any(|(_, text)| fold::needs_table(text)) {
        let folded: Vec<serde_json::Value> =
            fields.iter().map(|(_, text)| fold(text).into()).collect();
        row.push(folded.into());
    }
    row.into()
}

/// The keys search.js looks up for one query term (already folded, without whitespace):
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

    fn doc(title: &str, tags: &[&str], summary: &str, body: &str) -> Doc {
        Doc {
            kind: Kind::Story,
            marking: Marking::None,
            title: title.into(),
            url: "stories/x/".into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            summary: summary.into(),
            body: body.into(),
        }
    }

    #[test]
    fn bigrams_skip_whitespace() {
        let b: Vec<String> = bigrams(&fold("一次 办好ＡB")).collect();
        assert_eq!(b, ["一次", "办好", "好a", "ab"]);
    }

    #[test]
    fn postings_keep_the_best_tier_of_each_key() {
        let docs = vec![
            doc("路产保护科", &[], "", "夏睿科长"),
            doc("审计局", &["積分制考核"], "路产", "积分"),
        ];
        let p = postings(&docs);
        assert_eq!(p["路产"], BTreeMap::from([(0, 3), (1, 1)]));
        assert_eq!(p["夏睿"], BTreeMap::from([(0, 0)]));
        assert_eq!(p["审"], BTreeMap::from([(1, 3)]));
        // The tag, folded, is in the tags tier though the body has it too.
        assert_eq!(p["积分"], BTreeMap::from([(1, 2)]));
        assert!(!p.contains_key("夏"), "single characters only from names");
        assert_eq!(encode(&[(0, 3), (1, 0)], 2), "[3,4]");
    }

    #[test]
    fn fields_and_lines_are_never_bridged() {
        let docs = vec![doc("东湖县", &["甲乙"], "丙丁", "160\n100%\n东湖县")];
        let p = postings(&docs);
        assert!(!p.contains_key("县甲"), "name and tags");
        assert!(!p.contains_key("乙丙"), "tags and summary");
        assert!(
            !p.contains_key("0\n1") && !p.contains_key("01"),
            "two cells"
        );
    }

    #[test]
    fn wholly_illustrative_summaries_count_as_body() {
        let mut d = doc("示意单位", &[], "三联办", "");
        d.kind = Kind::Unit;
        d.marking = Marking::Whole;
        assert_eq!(postings(&[d.clone()])["三联"], BTreeMap::from([(0, 0)]));
        d.marking = Marking::Partly;
        assert_eq!(postings(&[d])["三联"], BTreeMap::from([(0, 1)]));
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
    fn dense_lists_become_bitmaps_with_tier_lists() {
        let list: Vec<(u32, u8)> = (0..200).map(|i| (i, if i == 3 { 3 } else { 0 })).collect();
        let e = encode(&list, 200);
        assert!(e.starts_with("[\"////"), "{e}");
        assert!(e.ends_with(",[3],[],[]]"), "{e}");
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
