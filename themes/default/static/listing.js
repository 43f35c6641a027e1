/* tongbao listings: progressive enhancement of the static tables.
   - table[data-filters="key:标签 …"]: a <select> per key, from the rows' data-f-<key> values
     (several values separated by "|"); rows that do not match are hidden.
   - table.sortable: every column header becomes a button; sorting by data-value (numbers) or
     text (Chinese collation), with aria-sort on the header.
   Without JavaScript the tables are complete, and the county, tag and unit pages are the
   filtered lists. */
(function () {
  "use strict";
  var collator = new Intl.Collator("zh-CN", { numeric: true });
  var counter = 0;

  function rows(table) {
    return Array.prototype.slice.call(table.tBodies[0] ? table.tBodies[0].rows : []);
  }

  function values(row, key) {
    var v = row.getAttribute("data-f-" + key);
    return v ? v.split("|").filter(function (x) { return x !== ""; }) : [];
  }

  function addFilters(table) {
    var spec = table.getAttribute("data-filters").split(/\s+/).filter(Boolean).map(function (s) {
      var i = s.indexOf(":");
      return { key: s.slice(0, i), label: s.slice(i + 1) };
    });
    var all = rows(table);
    if (all.length < 2) return;
    var form = document.createElement("form");
    form.className = "filters";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "筛选" + (table.getAttribute("aria-label") || "列表"));
    var status = document.createElement("p");
    status.className = "filter-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var selects = [];
    spec.forEach(function (f) {
      var seen = {};
      all.forEach(function (r) { values(r, f.key).forEach(function (v) { seen[v] = true; }); });
      var options = Object.keys(seen).sort(collator.compare);
      if (options.length < 2) return;
      var id = "filter-" + (++counter);
      var label = document.createElement("label");
      label.htmlFor = id;
      label.appendChild(document.createTextNode(f.label));
      var select = document.createElement("select");
      select.id = id;
      select.setAttribute("data-key", f.key);
      var any = document.createElement("option");
      any.value = "";
      any.appendChild(document.createTextNode("全部"));
      select.appendChild(any);
      options.forEach(function (v) {
        var o = document.createElement("option");
        o.value = v;
        o.appendChild(document.createTextNode(v));
        select.appendChild(o);
      });
      var wrap = document.createElement("span");
      wrap.className = "filter";
      wrap.appendChild(label);
      wrap.appendChild(select);
      form.appendChild(wrap);
      selects.push(select);
    });
    if (selects.length === 0) return;
    function apply() {
      var shown = 0;
      all.forEach(function (r) {
        var ok = selects.every(function (s) {
          return s.value === "" || values(r, s.getAttribute("data-key")).indexOf(s.value) >= 0;
        });
        r.hidden = !ok;
        if (ok) shown++;
      });
      status.textContent = "显示" + shown + "条，共" + all.length + "条。";
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var wrapper = table.closest(".table-wrap") || table;
    wrapper.parentNode.insertBefore(form, wrapper);
    wrapper.parentNode.insertBefore(status, wrapper);
    apply();
  }

  function sortKey(row, col) {
    var cell = row.cells[col];
    if (!cell) return { num: null, text: "" };
    var v = cell.getAttribute("data-value");
    var n = v === null ? NaN : parseFloat(v);
    return { num: isNaN(n) ? null : n, text: cell.textContent.trim() };
  }

  function makeSortable(table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head) return;
    Array.prototype.forEach.call(head.cells, function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(head.cells, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var sorted = rows(table).map(function (r, i) { return { r: r, k: sortKey(r, col), i: i }; });
        sorted.sort(function (a, b) {
          var c = (a.k.num !== null && b.k.num !== null) ? a.k.num - b.k.num : collator.compare(a.k.text, b.k.text);
          if (!ascending) c = -c;
          return c || a.i - b.i;
        });
        sorted.forEach(function (x) { body.appendChild(x.r); });
      });
    });
  }

  /* A table wider than the screen scrolls inside its wrapper; keyboard users need to be able to
     focus the wrapper to scroll it, and screen readers a name for it. */
  function scrollableTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        if (!wrap.hasAttribute("tabindex")) {
          var table = wrap.querySelector("table");
          var section = wrap.closest("section");
          var heading = section && section.querySelector("h2, h3");
          var name = (table && table.getAttribute("aria-label")) || (heading && heading.textContent.trim()) || "表格";
          wrap.setAttribute("tabindex", "0");
          wrap.setAttribute("role", "region");
          wrap.setAttribute("aria-label", name + "（可左右滚动）");
        }
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  document.querySelectorAll("table[data-filters]").forEach(addFilters);
  document.querySelectorAll("table.sortable").forEach(makeSortable);
  scrollableTables();
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(scrollableTables, 150);
  });
})();
