/* tongbao search: queries the character-bigram index under search/ (see src/export/search/).
   Finds every document containing each query term, verifies it in the document's fields (no
   false positives) and ranks: the field matched (name, then tags, summary, body), then from the
   source before wholly illustrative, then a name equal to the query, then the kind, then the
   whole phrase before scattered terms, then the index order (newer stories first). Results are built from DOM text nodes only. */
(function (global) {
  "use strict";

  /* Folding, as src/export/search/fold.rs: full-width → half-width, upper → lower case, and with
     the table (fold.json) traditional → simplified. One UTF-16 unit to one, so offsets hold. */
  function fold(text, table) {
    var out = text.replace(/[\uFF01-\uFF5E\u3000A-Z]/g, function (c) {
      var code = c.charCodeAt(0);
      if (code === 0x3000) return " ";
      if (code >= 0xFF01) code -= 0xFEE0;
      if (code >= 65 && code <= 90) code += 32;
      return String.fromCharCode(code);
    });
    if (table) {
      out = out.replace(/[\u3400-\u9FFF\uF900-\uFAFF]/g, function (c) { return table.get(c) || c; });
    }
    return out;
  }

  function fnv1a(key) {
    var bytes = new TextEncoder().encode(key);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  /* The keys looked up for one term: the character itself, or at most maxKeys bigrams spread
     evenly from the first to the last (as search::query_keys in Rust). */
  function queryKeys(term, maxKeys) {
    var chars = Array.from(term);
    if (chars.length < 2) return chars;
    var all = [];
    for (var i = 0; i + 1 < chars.length; i++) all.push(chars[i] + chars[i + 1]);
    if (all.length <= maxKeys) return all;
    var picked = [], seen = {};
    for (var k = 0; k < maxKeys; k++) {
      var idx = Math.floor(k * (all.length - 1) / (maxKeys - 1));
      if (!seen[idx]) { seen[idx] = true; picked.push(all[idx]); }
    }
    return picked;
  }

  /* A posting list → Map(doc id → best tier: 3 name, 2 tags, 1 summary, 0 body). */
  function decode(list) {
    var out = new Map(), id = 0;
    if (typeof list[0] === "string") {
      var bin = atob(list[0]);
      for (var b = 0; b < bin.length; b++) {
        var byte = bin.charCodeAt(b);
        for (var bit = 0; bit < 8; bit++) if (byte & (1 << bit)) out.set(b * 8 + bit, 0);
      }
      for (var l = 1; l <= 3; l++) {
        id = 0;
        for (var t = 0; t < list[l].length; t++) { id += list[l][t]; out.set(id, 4 - l); }
      }
      return out;
    }
    for (var i = 0; i < list.length; i++) {
      id += list[i] >> 2;
      out.set(id, list[i] & 3);
    }
    return out;
  }

  /* The order of kinds among equal matches: a name match on a record is the thing itself, then
     the story named so, then listing pages and the items of the campaign page; below the name,
     the coverage (stories) comes first. */
  var NAME_ORDER = ["county", "unit", "post", "project", "metric", "story", "page", "action", "event", "fact", "tag"];
  var TEXT_ORDER = ["story", "page", "county", "unit", "post", "project", "metric", "action", "event", "fact", "tag"];

  /* The ranking key of a match (smaller first). A candidate not yet verified is ordered by the
     best tier its postings allow, taken as neither an exact name nor a whole phrase (assuming
     either would oblige a large site to verify every candidate of the tier): verification stops
     once ten results rank at or above the next candidate, so an exact name further down the
     same tier and kind can be missed on the first page of a large site. */
  function rankKey(tier, info, exact, phrase, id) {
    var order = tier === 3 ? NAME_ORDER : TEXT_ORDER;
    return [-tier, info.marking === 2 ? 1 : 0, exact ? 0 : 1, order.indexOf(info.kind), phrase ? 0 : 1, id];
  }

  function compareKeys(a, b) {
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
  }

  /* A searcher over the index at `base` (a URL prefix ending in search/); `fetchJson(url)`
     returns a promise of [parsed JSON, byte count]. */
  function Searcher(base, fetchJson) {
    this.base = base;
    this.fetchJson = fetchJson;
    this.cache = new Map();
    this.bytes = 0;
    this.meta = null;
    this.table = null;
  }

  Searcher.prototype.load = function (name) {
    var self = this;
    if (!this.cache.has(name)) {
      this.cache.set(name, this.fetchJson(this.base + name).then(function (r) {
        self.bytes += r[1];
        return r[0];
      }));
    }
    return this.cache.get(name);
  };

  Searcher.prototype.init = function () {
    var self = this;
    return this.load("meta.json").then(function (m) { self.meta = m; return m; });
  };

  /* The kind and marking of a document, from the meta's ranges. */
  Searcher.prototype.info = function (id) {
    var r = this.meta.ranges, lo = 0, hi = r.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (r[mid][0] <= id) lo = mid; else hi = mid - 1;
    }
    return { kind: r[lo][1], marking: r[lo][2] };
  };

  /* The query's terms, folded (with the traditional table once it is loaded). */
  Searcher.prototype.terms = function (q) {
    return fold(q, this.table).split(/\s+/).filter(function (t) { return t.length > 0; });
  };

  /* Loads the traditional → simplified table (once). */
  Searcher.prototype.loadTable = function () {
    var self = this;
    return this.load("fold.json").then(function (pairs) {
      if (!self.table) {
        var t = new Map(), chars = Array.from(pairs);
        for (var i = 0; i + 1 < chars.length; i += 2) t.set(chars[i], chars[i + 1]);
        self.table = t;
      }
      return self.table;
    });
  };

  /* Candidates for the terms: {list: [{id, bound}] best first, missing: whether a key had no
     posting list at all (the query as typed is not on the site)}. */
  Searcher.prototype.candidates = function (terms) {
    var self = this, m = this.meta;
    var keyLists = terms.map(function (t) { return queryKeys(t, m.max_keys); });
    var names = new Set();
    keyLists.forEach(function (keys) {
      keys.forEach(function (k) {
        var c = (fnv1a(k) & (m.chunks - 1)).toString(16);
        names.add("index-" + "000".slice(c.length) + c + ".json");
      });
    });
    var chunkNames = Array.from(names);
    return Promise.all(chunkNames.map(function (n) { return self.load(n); })).then(function (chunks) {
      var missing = false;
      function postings(key) {
        for (var i = 0; i < chunks.length; i++) {
          if (Object.prototype.hasOwnProperty.call(chunks[i], key)) return decode(chunks[i][key]);
        }
        missing = true;
        return new Map();
      }
      // Per term, the tier bound is the lowest tier of its keys; for the query, the lowest of
      // its terms.
      var result = null;
      keyLists.forEach(function (keys) {
        keys.forEach(function (k) {
          var p = postings(k);
          if (result === null) {
            result = p;
          } else {
            var next = new Map();
            result.forEach(function (tier, id) {
              if (p.has(id)) next.set(id, Math.min(tier, p.get(id)));
            });
            result = next;
          }
        });
      });
      var list = [];
      (result || new Map()).forEach(function (tier, id) {
        var info = self.info(id);
        list.push({ id: id, kind: info.kind, bound: rankKey(tier, info, false, false, id) });
      });
      list.sort(function (a, b) { return compareKeys(a.bound, b.bound); });
      return { list: list, missing: missing };
    });
  };

  /* Whether a document row holds every term; the match with its tier, phrase flag and where the
     first term is, or null. */
  function match(d, terms, info, table) {
    var shown = [d[1], d[3], d[4], d[5]];
    var folded = d[6] || shown.map(function (f) { return fold(f, table); });
    var tiers = [info.kind === "tag" ? 2 : 3, info.kind === "page" ? 3 : 2,
      info.marking === 2 && info.kind !== "story" ? 0 : 1, 0];
    var tier = 3, field = -1, at = -1;
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i], best = -1, bestField = -1, bestAt = -1;
      var single = Array.from(t).length < 2;
      for (var f = 0; f < 4; f++) {
        if (single && f > 0) break;
        var pos = folded[f].indexOf(t);
        if (pos >= 0 && tiers[f] > best) { best = tiers[f]; bestField = f; bestAt = pos; }
      }
      if (best < 0) return null;
      if (best < tier || field < 0) { tier = Math.min(tier, best); field = bestField; at = bestAt; }
    }
    var phrase = terms.length === 1 || folded.some(function (f) {
      return f.indexOf(terms.join("")) >= 0 || f.indexOf(terms.join(" ")) >= 0;
    });
    // The name (or, in the tags tier, a tag) is the query itself; what a listing lists is not
    // its name.
    var whole = [terms.join(""), terms.join(" ")];
    var exact = (tiers[0] === tier && whole.indexOf(folded[0]) >= 0) ||
      (tier === 2 && tiers[1] === 2 && folded[1].split("\n").some(function (l) { return whole.indexOf(l) >= 0; }));
    return { kind: d[0], title: d[1], url: d[2], tier: tier, exact: exact, phrase: phrase, fields: shown,
      folded: folded, field: field, at: at, term: terms[0] };
  }

  /* One query: its candidates, verified lazily, best first. `top(n)` settles the first n
     results: it verifies candidates in order of their key bound until no unverified candidate
     ranks above the n-th verified result. */
  function Query(searcher, terms, candidates) {
    this.searcher = searcher;
    this.terms = terms;
    this.all = candidates;
    this.verified = new Map(); // id → match or null
    this.kind = "";
    this.filter("");
  }

  Query.prototype.filter = function (kind) {
    this.kind = kind;
    this.cands = kind ? this.all.filter(function (c) { return c.kind === kind; }) : this.all;
    this.pos = 0;
    this.results = [];
    var self = this;
    // Matches already verified (under another filter) count again without a fetch.
    while (this.pos < this.cands.length && this.verified.has(this.cands[this.pos].id)) {
      var r = this.verified.get(this.cands[this.pos].id);
      if (r) this.results.push(r);
      this.pos++;
    }
    this.results.sort(function (a, b) { return compareKeys(a.key, b.key); });
    return self;
  };

  Query.prototype.settled = function (n) {
    if (this.pos >= this.cands.length) return true;
    if (this.results.length < n) return false;
    return compareKeys(this.results[n - 1].key, this.cands[this.pos].bound) <= 0;
  };

  Query.prototype.verifyBatch = function (size) {
    var self = this, s = this.searcher, m = s.meta;
    var batch = this.cands.slice(this.pos, this.pos + size);
    this.pos += batch.length;
    return Promise.all(batch.map(function (c) {
      return self.verified.has(c.id) ? null : s.load("docs-" + Math.floor(c.id / m.bucket) + ".json");
    })).then(function (buckets) {
      batch.forEach(function (c, k) {
        var r;
        if (self.verified.has(c.id)) {
          r = self.verified.get(c.id);
        } else {
          var d = buckets[k][c.id % m.bucket];
          var info = s.info(c.id);
          r = d && match(d, self.terms, info, s.table);
          if (r) { r.id = c.id; r.key = rankKey(r.tier, info, r.exact, r.phrase, c.id); }
          self.verified.set(c.id, r || null);
        }
        if (r) self.results.push(r);
      });
      self.results.sort(function (a, b) { return compareKeys(a.key, b.key); });
    });
  };

  Query.prototype.top = function (n) {
    var self = this;
    if (this.settled(n)) return Promise.resolve(this.results.slice(0, n));
    var size;
    if (this.results.length < n) {
      size = Math.min(64, Math.max(4, n - this.results.length));
    } else {
      var kth = this.results[n - 1].key;
      size = 0;
      while (size < 64 && this.pos + size < this.cands.length &&
        compareKeys(this.cands[this.pos + size].bound, kth) < 0) size++;
      size = Math.max(1, size);
    }
    return this.verifyBatch(size).then(function () { return self.top(n); });
  };

  /* Whether the candidate count is already the exact result count: one term of at most two
     characters (its posting list is exactly the documents holding it), or all verified. */
  Query.prototype.exact = function () {
    return this.pos >= this.cands.length ||
      (this.terms.length === 1 && Array.from(this.terms[0]).length <= 2);
  };

  /* The number of results (exact when `exact()`, else those verified so far) and per kind. */
  Query.prototype.counts = function () {
    var byKind = {}, total = 0, self = this;
    var quick = this.terms.length === 1 && Array.from(this.terms[0]).length <= 2;
    this.all.forEach(function (c) {
      var ok = quick ? true : self.verified.get(c.id);
      if (ok) { byKind[c.kind] = (byKind[c.kind] || 0) + 1; total++; }
    });
    var allVerified = this.all.every(function (c) { return self.verified.has(c.id); });
    return { total: total, byKind: byKind, exact: quick || allVerified };
  };

  /* Verifies every candidate when the text buckets that takes fit in `budget` bytes in all (so
     the count is exact); otherwise leaves them. */
  Query.prototype.complete = function (budget) {
    var s = this.searcher, m = s.meta, self = this, need = new Set();
    if (this.exact()) return Promise.resolve(true);
    this.all.forEach(function (c) {
      if (!self.verified.has(c.id)) {
        var name = "docs-" + Math.floor(c.id / m.bucket) + ".json";
        if (!s.cache.has(name)) need.add(name);
      }
    });
    if (s.bytes + need.size * m.bucket_bytes > budget) return Promise.resolve(false);
    var saved = { kind: this.kind, cands: this.cands, pos: this.pos, results: this.results };
    this.cands = this.all.filter(function (c) { return !self.verified.has(c.id); });
    this.pos = 0;
    this.results = [];
    return this.verifyBatch(this.cands.length).then(function () {
      self.kind = saved.kind; self.cands = saved.cands; self.pos = saved.pos; self.results = saved.results;
      return true;
    });
  };

  /* Runs a query string: folds it, loads the traditional table when the query as typed is not
     on the site, and returns the Query. */
  Searcher.prototype.query = function (q) {
    var self = this;
    var terms = this.terms(q);
    return this.candidates(terms).then(function (c) {
      if (!c.missing || self.table) return new Query(self, terms, c.list);
      return self.loadTable().then(function () {
        var folded = self.terms(q);
        if (folded.join(" ") === terms.join(" ")) return new Query(self, terms, c.list);
        return self.candidates(folded).then(function (c2) { return new Query(self, folded, c2.list); });
      });
    });
  };

  /* What to show under a result: [label, before, hit, after]: the field that matched around the
     hit; for a name match, the start of the summary. */
  function snippet(r) {
    var labels = ["", r.kind === "page" ? "包括：" : "标签：", "", ""];
    var f = r.field, text, folded;
    if (f <= 0) {
      f = r.fields[2] ? 2 : 3;
      text = r.fields[f].replace(/\s+/g, " ");
      return ["", text.slice(0, 80) + (text.length > 80 ? "…" : ""), "", ""];
    }
    text = r.fields[f];
    folded = r.folded[f];
    var at = folded.indexOf(r.term);
    if (at < 0) at = r.at;
    var len = r.term.length;
    var start = Math.max(0, at - 30);
    var end = Math.min(text.length, at + len + 50);
    var flat = function (s) { return s.replace(/\s+/g, " "); };
    return [labels[f], (start > 0 ? "…" : "") + flat(text.slice(start, at)), flat(text.slice(at, at + len)),
      flat(text.slice(at + len, end)) + (end < text.length ? "…" : "")];
  }

  var api = { fold: fold, fnv1a: fnv1a, queryKeys: queryKeys, decode: decode, Searcher: Searcher,
    Query: Query, snippet: snippet, match: match, rankKey: rankKey, compareKeys: compareKeys };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }

  /* ---- the page ---- */
  var box = document.getElementById("search");
  if (!box) return;
  box.hidden = false;
  var root = box.getAttribute("data-root") || "";
  var form = box.querySelector("form");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var filters = document.getElementById("search-kinds");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var PAGE = 10, BUDGET = 160 * 1000;
  var searcher = new Searcher(root + "search/", function (url) {
    return fetch(url).then(function (res) {
      if (!res.ok) throw new Error(url + ": " + res.status);
      return res.text();
    }).then(function (text) { return [JSON.parse(text), new TextEncoder().encode(text).length]; });
  });
  var ready = searcher.init();
  var run = 0, current = null, shown = 0, lastInput = 0;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.appendChild(document.createTextNode(text));
    return e;
  }

  function label(kind) {
    for (var i = 0; i < searcher.meta.kinds.length; i++) {
      if (searcher.meta.kinds[i][0] === kind) return searcher.meta.kinds[i][1];
    }
    return kind;
  }

  function show(results) {
    results.forEach(function (r) {
      var li = el("li");
      li.appendChild(el("span", "kind", label(r.kind)));
      var a = el("a", null, r.title);
      a.href = root + r.url;
      var h = el("h2", "result-title");
      h.appendChild(a);
      li.appendChild(h);
      var s = snippet(r), p = el("p", "snippet");
      if (s[0]) p.appendChild(el("span", "snippet-field", s[0]));
      p.appendChild(document.createTextNode(s[1]));
      if (s[2]) p.appendChild(el("mark", null, s[2]));
      p.appendChild(document.createTextNode(s[3]));
      li.appendChild(p);
      list.appendChild(li);
    });
  }

  function summary(q) {
    var c = q.counts();
    var n = q.kind ? (c.byKind[q.kind] || 0) : c.total;
    if (c.total === 0) {
      status.textContent = "没有找到包含“" + input.value.trim() + "”的内容。";
    } else if (c.exact) {
      status.textContent = "找到" + n + "条" + (q.kind ? "“" + label(q.kind) + "”" : "") + "结果。";
    } else {
      status.textContent = "找到" + Math.max(n, shown) + "条以上结果。";
    }
    more.hidden = q.pos >= q.cands.length && shown >= q.results.length;
    showFilters(q, c);
  }

  /* The kind filters: radio buttons (arrow keys move between them), with the count when it is
     exact; shown when the results are of more than one kind. */
  function showFilters(q, c) {
    var kinds = Object.keys(c.byKind);
    filters.textContent = "";
    filters.hidden = kinds.length < 2 && !q.kind;
    if (filters.hidden) return;
    filters.appendChild(el("legend", null, "按类别筛选"));
    var options = [["", "全部", c.total]];
    searcher.meta.kinds.forEach(function (k) {
      if (c.byKind[k[0]] || q.kind === k[0]) options.push([k[0], k[1], c.byKind[k[0]] || 0]);
    });
    options.forEach(function (o) {
      var id = "kind-" + (o[0] || "all");
      var radio = el("input");
      radio.type = "radio";
      radio.name = "kind";
      radio.id = id;
      radio.value = o[0];
      radio.checked = q.kind === o[0];
      var l = el("label", null, o[1] + (c.exact ? "（" + o[2] + "）" : ""));
      l.htmlFor = id;
      var wrap = el("span", "kind-option");
      wrap.appendChild(radio);
      wrap.appendChild(l);
      filters.appendChild(wrap);
    });
  }

  function firstPage(q) {
    list.textContent = "";
    shown = 0;
    return q.top(PAGE).then(function (r) {
      shown = r.length;
      show(r);
      summary(q);
    });
  }

  function search(text) {
    var mine = ++run;
    list.textContent = "";
    more.hidden = true;
    filters.hidden = true;
    if (!text.trim()) { status.textContent = ""; current = null; return Promise.resolve(); }
    var started = performance.now();
    return ready.then(function () { return searcher.query(text); }).then(function (q) {
      if (mine !== run) return;
      current = q;
      return firstPage(q).then(function () {
        var now = performance.now();
        box.setAttribute("data-ms", String(Math.round(now - started)));
        if (lastInput) box.setAttribute("data-typed-ms", String(Math.round(now - lastInput)));
        box.setAttribute("data-bytes", String(searcher.bytes));
        // Then make the count exact when the texts left to check fit the budget.
        return q.complete(BUDGET).then(function (done) {
          if (done && mine === run) summary(q);
          box.setAttribute("data-bytes", String(searcher.bytes));
        });
      });
    }).catch(function (e) {
      // Browsers refuse to fetch files from a page opened from disk: say how to preview instead.
      status.textContent = location.protocol === "file:"
        ? "从本地文件打开时，浏览器不允许加载搜索索引。请在站点文件夹中运行 tongbao serve，再从它给出的地址打开本站。"
        : "搜索索引加载失败，请稍后再试。";
      throw e;
    });
  }

  filters.addEventListener("change", function (e) {
    if (!current || e.target.name !== "kind") return;
    var mine = run, kind = e.target.value;
    current.filter(kind);
    firstPage(current).then(function () {
      if (mine !== run) return;
      var radio = document.getElementById("kind-" + (kind || "all"));
      if (radio) radio.focus();
    });
  });

  more.addEventListener("click", function () {
    if (!current) return;
    var mine = run, q = current;
    q.top(shown + PAGE).then(function (r) {
      if (mine !== run) return;
      show(r.slice(shown));
      shown = r.length;
      summary(q);
    });
  });

  var timer = null;
  input.addEventListener("input", function () {
    lastInput = performance.now();
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value;
      history.replaceState(null, "", q.trim() ? "?q=" + encodeURIComponent(q.trim()) : location.pathname);
      search(q);
    }, 30);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    lastInput = 0;
    search(input.value);
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; search(initial); }
})(this);
