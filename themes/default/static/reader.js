/* tongbao reader helpers, all optional (without scripts the page is complete):
   - the 大字 switch (#text-size): larger text on html.large, remembered in localStorage;
   - the cite line's 引用日期: today's date, from the reader's own clock (the build stays
     deterministic; without scripts the placeholder is left for the reader to fill);
   - printing: every chart's data table is opened for print and closed again after. */
(function () {
  "use strict";
  var KEY = "tongbao-text-size";
  var root = document.documentElement;
  var button = document.getElementById("text-size");
  if (button) {
    var set = function (large) {
      root.classList.toggle("large", large);
      button.setAttribute("aria-pressed", large ? "true" : "false");
      try { if (large) localStorage.setItem(KEY, "large"); else localStorage.removeItem(KEY); } catch (e) { /* storage off: this page only */ }
    };
    button.hidden = false;
    button.setAttribute("aria-pressed", root.classList.contains("large") ? "true" : "false");
    button.addEventListener("click", function () { set(!root.classList.contains("large")); });
  }

  var today = new Date();
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var iso = today.getFullYear() + "-" + pad(today.getMonth() + 1) + "-" + pad(today.getDate());
  document.querySelectorAll(".cite-accessed").forEach(function (el) {
    el.textContent = iso;
    el.setAttribute("title", "引用日期（今天）");
  });

  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.chart-data:not([open])").forEach(function (d) { d.open = true; opened.push(d); });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
