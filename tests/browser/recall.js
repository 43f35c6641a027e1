// Measures the search index of a built site outside the browser, with the same search.js the
// pages use: recall against a brute-force scan of every record, false positives, and the bytes
// a query loads (first page of results, nothing cached).
//
//   node recall.js <site-dir> [--queries queries.json] [--random N] [--min-recall 1]
//
// queries.json: [{"q": "路产保护", "first": "stories/x/"}…]; "first" (optional) is the URL the
// first result must have. --random N adds N substrings sampled from the records (seeded).
"use strict";
const fs = require("fs");
const path = require("path");
const search = require(path.join(__dirname, "../../themes/default/static/search.js"));

function parseArgs(argv) {
  const args = { site: argv[0], queries: null, random: 0, minRecall: 1 };
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === "--queries") args.queries = argv[++i];
    else if (argv[i] === "--random") args.random = Number(argv[++i]);
    else if (argv[i] === "--min-recall") args.minRecall = Number(argv[++i]);
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

// Which records hold every term: in the title, or (two characters or more) in summary or body.
function truth(docs, terms) {
  const out = new Set();
  docs.forEach((d, id) => {
    const title = search.normalize(d[1]);
    const text = search.normalize(d[3] + "\n" + d[4]);
    if (terms.every((t) => title.includes(t) || (Array.from(t).length > 1 && text.includes(t)))) out.add(id);
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
    const field = Array.from([d[1], d[3], d[4]][Math.floor(rand() * 3)]);
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
  let queries = args.queries ? JSON.parse(fs.readFileSync(args.queries, "utf8")) : [];
  queries = queries.concat(sample(docs, args.random));
  let expected = 0, found = 0, falsePositives = 0, firstFailures = [];
  const bytes = [], times = [];
  const misses = [];
  for (const { q, first } of queries) {
    const terms = search.parseTerms(q);
    const want = truth(docs, terms);
    // Everything the index finds (all pages), checked against the scan.
    const all = new search.Searcher("search/", fileFetcher(dir));
    await all.init();
    const cands = await all.candidates(terms);
    const verified = await all.verify(terms, cands, 0, Infinity);
    const got = new Set(verified.results.map((r) => r.id));
    expected += want.size;
    for (const id of want) if (got.has(id)) found++; else misses.push(`${q} → ${docs[id][2]}`);
    for (const id of got) if (!want.has(id)) falsePositives++;
    // What the page loads for the first page of 10 results.
    const page = new search.Searcher("search/", fileFetcher(dir));
    const t0 = process.hrtime.bigint();
    await page.init();
    const c = await page.candidates(terms);
    const r = await page.verify(terms, c, 0, 10);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    bytes.push(page.bytes);
    r.results.sort((a, b) => (b.titleHit - a.titleHit) || (a.id - b.id));
    if (first && (!r.results.length || r.results[0].url !== first)) {
      firstFailures.push(`${q}: first result ${r.results.length ? r.results[0].url : "(none)"}, expected ${first}`);
    }
  }
  bytes.sort((a, b) => a - b);
  const recall = expected ? found / expected : 1;
  const report = {
    docs: docs.length,
    queries: queries.length,
    expected_hits: expected,
    found_hits: found,
    recall: Number(recall.toFixed(4)),
    false_positives: falsePositives,
    bytes_per_query: {
      median: bytes[Math.floor(bytes.length / 2)] || 0,
      p95: bytes[Math.floor(bytes.length * 0.95)] || 0,
      max: bytes[bytes.length - 1] || 0,
    },
    node_ms_per_query_max: Number(Math.max(0, ...times).toFixed(1)),
    first_result_failures: firstFailures,
    misses: misses.slice(0, 20),
  };
  console.log(JSON.stringify(report, null, 2));
  if (recall < args.minRecall || falsePositives > 0 || firstFailures.length > 0) process.exit(1);
}

main().catch((e) => { console.error(e); process.exit(2); });
