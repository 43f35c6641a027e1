/* tongbao search: queries the character-bigram index under search/ (see src/search.rs).
   Finds every record containing each query term, verifies it in the record's text (no false
   positives), lists title hits first. Results are built from DOM text nodes only. */
(function (global) {
  "use strict";

  function normalize(text) {
    return text.replace(/[A-Z]/g, function (c) { return c.toLowerCase(); });
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

  function decode(list) {
    var out = new Map(), id = 0;
    if (typeof list[0] === "string") {
      // Dense: a bitmap of doc ids, then the title ids as deltas.
      var bin = atob(list[0]);
      for (var b = 0; b < bin.length; b++) {
        var byte = bin.charCodeAt(b);
        for (var bit = 0; bit < 8; bit++) if (byte & (1 << bit)) out.set(b * 8 + bit, false);
      }
      for (var t = 0; t < list[1].length; t++) { id += list[1][t]; out.set(id, true); }
      return out;
    }
    for (var i = 0; i < list.length; i++) {
      id += list[i] >> 1;
      out.set(id, (list[i] & 1) === 1);
    }
    return out;
  }

  /* A searcher over the index at `base` (a URL prefix ending in search/); `fetchJson(url)`
     returns a promise of [parsed JSON, byte count]. */
  function Searcher(base, fetchJson) {
    this.base = base;
    this.fetchJson = fetchJson;
    this.cache = new Map();
    this.bytes = 0;
    this.meta = null;
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

  /* Candidates for the query: [{id, titleLikely}], title-likely first, then by id. */
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
      function postings(key) {
        for (var i = 0; i < chunks.length; i++) {
          if (Object.prototype.hasOwnProperty.call(chunks[i], key)) return decode(chunks[i][key]);
        }
        return new Map();
      }
      var result = null;
      keyLists.forEach(function (keys) {
        keys.forEach(function (k) {
          var p = postings(k);
          if (result === null) {
            result = p;
          } else {
            var next = new Map();
            result.forEach(function (inTitle, id) {
              if (p.has(id)) next.set(id, inTitle && p.get(id));
            });
            result = next;
          }
        });
      });
      var list = [];
      (result || new Map()).forEach(function (inTitle, id) { list.push({ id: id, titleLikely: inTitle }); });
      list.sort(function (a, b) {
        return (b.titleLikely - a.titleLikely) || (a.id - b.id);
      });
      return list;
    });
  };

  /* Verifies candidates in order until `limit` results are found; returns
     {results, next} where next is the position to continue from (or -1 when done). The text
     buckets of a batch are fetched in parallel: one round trip per batch, not per result. */
  Searcher.prototype.verify = function (terms, candidates, from, limit) {
    var self = this, m = this.meta, results = [];
    function step(i) {
      if (i >= candidates.length) return Promise.resolve({ results: results, next: -1 });
      if (results.length >= limit) return Promise.resolve({ results: results, next: i });
      var batch = candidates.slice(i, i + Math.min(limit - results.length, 64));
      return Promise.all(batch.map(function (c) {
        return self.load("docs-" + Math.floor(c.id / m.bucket) + ".json");
      })).then(function (buckets) {
        batch.forEach(function (c, k) {
          var d = buckets[k][c.id % m.bucket];
          var r = d && match(d, terms);
          if (r) { r.id = c.id; results.push(r); }
        });
        return step(i + batch.length);
      });
    }
    return step(from);
  };

  /* Whether a document [kind, title, url, summary, body] holds every term; with the snippet. */
  function match(d, terms) {
    var title = normalize(d[1]);
    var text = d[3] + "\n" + d[4];
    var ntext = normalize(text);
    var titleHit = true, first = -1, firstTerm = "";
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i];
      var inTitle = title.indexOf(t) >= 0;
      var at = Array.from(t).length > 1 ? ntext.indexOf(t) : -1;
      if (!inTitle && at < 0) return null;
      if (!inTitle) titleHit = false;
      if (at >= 0 && (first < 0 || at < first)) { first = at; firstTerm = t; }
    }
    return { kind: d[0], title: d[1], url: d[2], titleHit: titleHit, text: text, at: first, term: firstTerm };
  }

  /* Text around the first hit: [before, hit, after], or the start of the summary. */
  function snippet(r) {
    var flat = r.text.replace(/\s+/g, " ");
    if (r.at < 0) {
      var head = flat.slice(0, 80);
      return [head + (flat.length > 80 ? "…" : ""), "", ""];
    }
    // Collapsing whitespace can shift offsets; find the hit again in the flattened text.
    var at = normalize(flat).indexOf(r.term);
    if (at < 0) at = 0;
    var start = Math.max(0, at - 30);
    var end = Math.min(flat.length, at + r.term.length + 50);
    return [(start > 0 ? "…" : "") + flat.slice(start, at), flat.slice(at, at + r.term.length),
      flat.slice(at + r.term.length, end) + (end < flat.length ? "…" : "")];
  }

  function parseTerms(q) {
    return normalize(q).split(/\s+/).filter(function (t) { return t.length > 0; });
  }

  var api = { normalize: normalize, fnv1a: fnv1a, queryKeys: queryKeys, Searcher: Searcher,
    parseTerms: parseTerms, snippet: snippet, match: match };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }

  /* ---- the page ---- */
  var box = document.getElementById("search");
  if (!box) return;
  box.hidden = false;
  var root = box.getAttribute("data-root") || "";
  var form = box.querySelector("form");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var PAGE = 10;
  var searcher = new Searcher(root + "search/", function (url) {
    return fetch(url).then(function (res) {
      if (!res.ok) throw new Error(url + ": " + res.status);
      return res.text();
    }).then(function (text) { return [JSON.parse(text), new TextEncoder().encode(text).length]; });
  });
  var ready = searcher.init();
  var run = 0, state = null, lastInput = 0;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.appendChild(document.createTextNode(text));
    return e;
  }

  function show(results) {
    results.forEach(function (r) {
      var li = el("li");
      li.appendChild(el("span", "kind", searcher.meta.kinds[r.kind] || r.kind));
      var a = el("a", null, r.title);
      a.href = root + r.url;
      var h = el("h2", "result-title");
      h.appendChild(a);
      li.appendChild(h);
      var s = snippet(r), p = el("p", "snippet");
      p.appendChild(document.createTextNode(s[0]));
      if (s[1]) p.appendChild(el("mark", null, s[1]));
      p.appendChild(document.createTextNode(s[2]));
      li.appendChild(p);
      list.appendChild(li);
    });
  }

  function summary() {
    var n = list.children.length;
    if (n === 0) {
      status.textContent = "没有找到包含“" + input.value.trim() + "”的内容。";
    } else {
      status.textContent = "找到" + n + (state.next >= 0 ? "条以上" : "条") + "结果。";
    }
    more.hidden = state.next < 0;
  }

  function search(q) {
    var mine = ++run;
    var terms = parseTerms(q);
    list.textContent = "";
    more.hidden = true;
    if (terms.length === 0) { status.textContent = ""; return Promise.resolve(); }
    var started = performance.now();
    return ready.then(function () { return searcher.candidates(terms); }).then(function (c) {
      if (mine !== run) return;
      state = { terms: terms, candidates: c, next: 0 };
      return searcher.verify(terms, c, 0, PAGE).then(function (r) {
        if (mine !== run) return;
        // Title hits first; the order within each group is the index order.
        r.results.sort(function (a, b) { return (b.titleHit - a.titleHit) || (a.id - b.id); });
        state.next = r.next;
        show(r.results);
        summary();
        var now = performance.now();
        box.setAttribute("data-ms", String(Math.round(now - started)));
        if (lastInput) box.setAttribute("data-typed-ms", String(Math.round(now - lastInput)));
        box.setAttribute("data-bytes", String(searcher.bytes));
      });
    }).catch(function (e) {
      // Browsers refuse to fetch files from a page opened from disk: say how to preview instead.
      status.textContent = location.protocol === "file:"
        ? "从本地文件打开时，浏览器不允许加载搜索索引。请在站点文件夹中运行 tongbao serve，再从它给出的地址打开本站。"
        : "搜索索引加载失败，请稍后再试。";
      throw e;
    });
  }

  more.addEventListener("click", function () {
    if (!state || state.next < 0) return;
    var mine = run;
    searcher.verify(state.terms, state.candidates, state.next, PAGE).then(function (r) {
      if (mine !== run) return;
      state.next = r.next;
      show(r.results);
      summary();
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
