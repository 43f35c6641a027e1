// Measures the search of a built site outside the browser, with the same search.js the pages
// use: recall against a brute-force scan of every document, false positives, whether each
// query's expected result comes first (top-1) or among the first three (top-3), and the bytes a
// query loads (first page of results, nothing cached).
//
//   node recall.js <site-dir> [--queries queries.json] [--random N] [--min-recall 1]
//                  [--min-top1 0.9] [--min-top3 0.98]
//
// queries.json: [{"q": "路产保护", "first": "stories/x/"}…]; "first" (optional) is the URL the
// first result should have. --random N adds N substrings sampled from the documents (seeded).
"use strict";
const fs = require("fs");
const path = require("path");
const search = require(path.join(__dirname, "../../themes/default/static/search.js"));

function parseArgs(argv) {
  const args = { site: argv[0], queries: null, random: 0, minRecall: 1, minTop1: 0, minTop3: 0 };
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === "--queries") args.queries = argv[++i];
    else if (argv[i] === "--random") args.random = Number(argv[++i]);
    else if (argv[i] === "--min-recall") args.minRecall = Number(argv[++i]);
    else if (argv[i] === "--min-top1") args.minTop1 = Number(argv[++i]);
    else if (argv[i] === "--min-top3") args.minTop3 = Number(argv[++i]);
  }
  return args;
}

function fileFetcher(dir) {
  return (url) => {
    const text = fs.readFileSync(path.join(dir, url), "utf8");
    return Promise.resolve([JSON.parse(text), Buffer.byteLength(text)]);
  };
}

function allDocs(dir) {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "search/meta.json"), "utf8"));
  const docs = [];
  for (let b = 0; b * meta.bucket < meta.docs; b++) {
    docs.push(...JSON.parse(fs.readFileSync(path.join(dir, `search/docs-${b}.json`), "utf8")));
  }
  return docs;
}

// The whole fold table, for the scan.
function table(dir) {
  const pairs = Array.from(JSON.parse(fs.readFileSync(path.join(dir, "search/fold.json"), "utf8")));
  const t = new Map();
  for (let i = 0; i + 1 < pairs.length; i += 2) t.set(pairs[i], pairs[i + 1]);
  return t;
}

// Which documents hold every term: in the name, or (two characters or more) in any field.
function truth(docs, terms, t) {
  const out = new Set();
  docs.forEach((d, id) => {
    const fields = [d[1], d[3], d[4], d[5]].map((f) => search.fold(f, t));
    const hit = (term) => fields[0].includes(term) ||
      (Array.from(term).length > 1 && fields.slice(1).some((f) => f.includes(term)));
    if (terms.every(hit)) out.add(id);
  });
  return out;
}

// A small seeded generator, so the sampled queries are the same on every run.
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

function sample(docs, n) {
  const rand = rng(20220815);
  const out = [];
  while (out.length < n) {
    const d = docs[Math.floor(rand() * docs.length)];
    const field = Array.from([d[1], d[4], d[5]][Math.floor(rand() * 3)]);
    if (field.length < 2) continue;
    const len = 2 + Math.floor(rand() * 5);
    const start = Math.floor(rand() * Math.max(1, field.length - len));
    const q = field.slice(start, start + len).join("");
    if (/\s/.test(q) || Array.from(q).length < 2) continue;
    out.push({ q });
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const dir = args.site;
  const docs = allDocs(dir);
  const t = table(dir);
  let queries = args.queries ? JSON.parse(fs.readFileSync(args.queries, "utf8")) : [];
  queries = queries.concat(sample(docs, args.random));
  let expected = 0, found = 0, falsePositives = 0, ranked = 0, top1 = 0, top3 = 0;
  const bytes = [], times = [], misses = [], notFirst = [];
  for (const { q, first } of queries) {
    const terms = search.fold(q, t).split(/\s+/).filter((x) => x);
    const want = truth(docs, terms, t);
    // Everything the index finds (all pages), checked against the scan.
    const all = new search.Searcher("search/", fileFetcher(dir));
    await all.init();
    const everything = await (await all.query(q)).top(Infinity);
    const got = new Set(everything.map((r) => r.id));
    expected += want.size;
    for (const id of want) if (got.has(id)) found++; else misses.push(`${q} → ${docs[id][2]}`);
    for (const id of got) if (!want.has(id)) falsePositives++;
    // What the page loads for the first page of 10 results.
    const page = new search.Searcher("search/", fileFetcher(dir));
    const t0 = process.hrtime.bigint();
    await page.init();
    const r = await (await page.query(q)).top(10);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    bytes.push(page.bytes);
    if (first) {
      ranked++;
      const urls = r.map((x) => x.url);
      if (urls[0] === first) top1++;
      if (urls.slice(0, 3).includes(first)) top3++;
      if (urls[0] !== first) {
        const at = urls.indexOf(first);
        notFirst.push(`${q}: ${first} is ${at < 0 ? "not in the first 10" : "result " + (at + 1)}; first: ${urls.slice(0, 3).join(" ")}`);
      }
    }
  }
  bytes.sort((a, b) => a - b);
  const recall = expected ? found / expected : 1;
  const rate = (n) => Number((ranked ? n / ranked : 1).toFixed(4));
  const report = {
    docs: docs.length,
    queries: queries.length,
    expected_hits: expected,
    found_hits: found,
    recall: Number(recall.toFixed(4)),
    false_positives: falsePositives,
    ranked_queries: ranked,
    top1: rate(top1),
    top3: rate(top3),
    bytes_per_query: {
      median: bytes[Math.floor(bytes.length / 2)] || 0,
      p95: bytes[Math.floor(bytes.length * 0.95)] || 0,
      max: bytes[bytes.length - 1] || 0,
    },
    node_ms_per_query_max: Number(Math.max(0, ...times).toFixed(1)),
    not_first: notFirst,
    misses: misses.slice(0, 20),
  };
  console.log(JSON.stringify(report, null, 2));
  console.log(`top-1 ${(rate(top1) * 100).toFixed(1)}% (${top1}/${ranked}), top-3 ${(rate(top3) * 100).toFixed(1)}% (${top3}/${ranked}), recall ${report.recall}`);
  if (recall < args.minRecall || falsePositives > 0 || rate(top1) < args.minTop1 || rate(top3) < args.minTop3) process.exit(1);
}

main().catch((e) => { console.error(e); process.exit(2); });
