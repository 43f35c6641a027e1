// Layout checks of every page of a built site in headless Chromium, at a phone width and a desktop
// width:
//
//   node layout.js <site-dir> [--mount /sub/] [--screenshots <dir>] [--report-only]
//
// For every page (and the 404 page, served for a missing path under the mount): no horizontal
// overflow at 360 and 1280 px; chart text at least 12 CSS px at 360 px; in every table the columns
// marked `th.key` (name, status, progress) visible at 360 px without scrolling; story tables and
// code blocks inside their own scrolling box. With --screenshots, a full-page PNG of the first
// page of each kind at both widths. Prints a JSON summary line ("summary {...}") with the figures;
// exits 1 on any failure unless --report-only.
"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");
const { serve, pages } = require("./serve");

const args = process.argv.slice(2);
const siteDir = path.resolve(args[0]);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const mount = opt("--mount", "/site/");
const shots = opt("--screenshots", null);
const reportOnly = args.includes("--report-only");
const PHONE = 360;
const DESKTOP = 1280;
const MIN_CHART_TEXT = 12;

/// The kind of a page, for screenshots: its path with every record id replaced by "*".
function kind(rel) {
  const parts = rel.split("/").filter(Boolean);
  if (parts.length === 0) return "home";
  if (parts.length === 1) return parts[0];
  return `${parts[0]}-${parts.slice(1).map((p) => (p === "page" || p === "tags" ? p : "x")).join("-")}`;
}

/// What the page measures in the browser, at the current viewport.
function measure() {
  const view = document.documentElement.clientWidth;
  const out = { scrollWidth: document.documentElement.scrollWidth, view, chartText: null, chartTextAt: "", hiddenKeys: [], unboxed: [] };
  for (const t of document.querySelectorAll("svg.tb-chart text")) {
    const r = t.getBoundingClientRect();
    if (r.width === 0 || !t.textContent.trim()) continue;
    const ctm = t.getScreenCTM();
    const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b);
    if (out.chartText === null || px < out.chartText) {
      out.chartText = Math.round(px * 100) / 100;
      out.chartTextAt = `${t.closest("svg").id}: “${t.textContent.trim().slice(0, 20)}”`;
    }
  }
  for (const table of document.querySelectorAll("main table")) {
    const heads = Array.from(table.querySelectorAll("thead th"));
    const row = table.querySelector("tbody tr");
    if (!row || table.getBoundingClientRect().width === 0) continue;
    const box = (table.closest(".table-wrap") || table).getBoundingClientRect();
    heads.forEach((th, i) => {
      if (!th.classList.contains("key")) return;
      const cell = row.children[i];
      const r = cell && cell.getBoundingClientRect();
      const visible = r && r.width > 0 && r.left >= Math.max(0, box.left) - 1 && r.right <= Math.min(view, box.right) + 1;
      if (!visible) out.hiddenKeys.push(`${table.getAttribute("aria-label") || "table"} › ${th.textContent.trim()}`);
    });
  }
  for (const el of document.querySelectorAll(".prose table, .prose pre")) {
    const scroller = el.closest(".scroll") || (getComputedStyle(el).overflowX === "auto" ? el : null);
    if (!scroller) out.unboxed.push(el.tagName.toLowerCase());
  }
  out.keyColumns = document.querySelectorAll("main thead th.key").length;
  return out;
}

async function main() {
  const server = await serve(siteDir, mount);
  const base = `http://127.0.0.1:${server.address().port}${mount}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  const failures = [];
  const fail = (m) => { failures.push(m); console.log(`FAIL ${m}`); };
  const list = pages(siteDir).map((rel) => [rel, base + rel]);
  list.push(["404 (deep)", base + "no/such/deep/page/"]);
  const summary = { pages: list.length, overflowPhone: [], overflowDesktop: [], minChartText: null, minChartTextAt: "", hiddenKeys: 0, keyColumns: 0 };
  const seenKinds = new Set();
  if (shots) fs.mkdirSync(shots, { recursive: true });
  for (const width of [PHONE, DESKTOP]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    for (const [rel, url] of list) {
      await page.goto(url);
      await page.waitForLoadState("load");
      const m = await page.evaluate(measure);
      if (m.scrollWidth > width) {
        (width === PHONE ? summary.overflowPhone : summary.overflowDesktop).push(`${rel || "home"} (${m.scrollWidth} px)`);
        fail(`${rel || "home"}: ${m.scrollWidth} px wide at ${width} px`);
      }
      if (width === PHONE) {
        if (m.chartText !== null && (summary.minChartText === null || m.chartText < summary.minChartText)) {
          summary.minChartText = m.chartText;
          summary.minChartTextAt = `${rel || "home"} ${m.chartTextAt}`;
        }
        if (m.chartText !== null && m.chartText < MIN_CHART_TEXT) fail(`${rel || "home"}: chart text ${m.chartText} px at ${width} px (${m.chartTextAt})`);
        for (const k of m.hiddenKeys) fail(`${rel || "home"}: key column ${k} not visible at ${width} px`);
        summary.hiddenKeys += m.hiddenKeys.length;
        summary.keyColumns += m.keyColumns;
        for (const u of m.unboxed) fail(`${rel || "home"}: a story ${u} is not in its own scrolling box`);
      }
      const k = `${kind(rel)}@${width}`;
      if (shots && !seenKinds.has(k)) {
        seenKinds.add(k);
        await page.screenshot({ path: path.join(shots, `${kind(rel)}-${width}.png`), fullPage: true });
      }
    }
    await context.close();
  }
  // The 404 page served deep under a path the site was not built for still finds its
  // stylesheet and points its links there.
  {
    const page = await browser.newPage({ viewport: { width: PHONE, height: 900 } });
    await page.goto(base + "no/such/deep/page/");
    const found = await page.waitForFunction((b) => document.querySelector('link[rel="stylesheet"]').href.startsWith(b), base, { timeout: 5000 })
      .then(() => true, () => false);
    // The stylesheet the page pointed at loads after the page's own load event: wait for it
    // (up to 5 s) instead of reading the header's colour before it arrives.
    await page.waitForFunction(() => getComputedStyle(document.querySelector(".site-header")).backgroundColor !== "rgba(0, 0, 0, 0)", null, { timeout: 5000 })
      .catch(() => {});
    const styled = await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).backgroundColor);
    const home = await page.$eval("a.brand", (a) => a.href);
    if (!found || home !== base || styled === "rgba(0, 0, 0, 0)") fail(`404 under ${mount}: stylesheet ${found ? "found" : "not found"}, header ${styled}, home link ${home}`);
    else console.log(`ok   404 under ${mount}: styled (${styled}), home link ${home}`);
    await page.close();
  }
  await browser.close();
  server.close();
  console.log(`summary ${JSON.stringify(summary)}`);
  if (failures.length && !reportOnly) {
    console.log(`\n${failures.length} layout check(s) failed`);
    process.exit(1);
  }
  console.log(failures.length ? `\n${failures.length} layout problem(s) reported` : "\nall layout checks passed");
}

main().catch((e) => { console.error(e); process.exit(2); });
