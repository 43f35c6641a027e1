// The printed brief: opens SITE/brief/index.html in headless Chromium with print media at the
// width of A4 between the brief's margins, and checks that every metric of the site has its row,
// and that no text overflows its box (a cell wider than its column, a line past the page's edge).
//
//   node brief.js SITE METRIC_ID...
//
// Prints one JSON line with what it measured; exits 1 with a list of failures.
"use strict";
const path = require("path");
const { chromium } = require("playwright-core");

(async () => {
  const [site, ...metrics] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  const failures = [];
  try {
    // A4 is 210 mm wide; the brief's @page margins are 14 mm either side: 182 mm at 96 px/in.
    const width = Math.floor((182 / 25.4) * 96);
    const page = await browser.newPage({ viewport: { width, height: 1123 } });
    await page.emulateMedia({ media: "print" });
    await page.goto("file://" + path.resolve(site, "brief/index.html"));
    const found = await page.evaluate((metrics) => {
      const out = { missing: [], hidden: [], overflows: [], controls: [] };
      const rows = new Map(
        [...document.querySelectorAll("[data-metric]")].map((r) => [r.getAttribute("data-metric"), r])
      );
      for (const id of metrics) {
        const row = rows.get(id);
        if (!row) out.missing.push(id);
        else if (row.getBoundingClientRect().height === 0) out.hidden.push(id);
      }
      const brief = document.querySelector(".brief");
      const right = document.documentElement.clientWidth;
      for (const el of brief.querySelectorAll("*")) {
        const style = getComputedStyle(el);
        if (style.display === "none" || el.closest("svg")) continue;
        const box = el.getBoundingClientRect();
        const label = el.tagName.toLowerCase() + (el.className ? "." + el.className : "") + ": " + (el.textContent || "").trim().slice(0, 40);
        if (box.right > right + 0.5) out.overflows.push("past the page's edge (" + Math.round(box.right) + " > " + right + " px) " + label);
        else if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && style.overflowX !== "visible") out.overflows.push("clipped " + label);
        else if ((el.tagName === "TD" || el.tagName === "TH") && el.scrollWidth > el.clientWidth + 1) out.overflows.push("wider than its column " + label);
      }
      for (const el of document.querySelectorAll("button, input, select, textarea, details, summary")) {
        if (el.getBoundingClientRect().height > 0) out.controls.push(el.tagName.toLowerCase());
      }
      out.rows = rows.size;
      out.height = document.documentElement.scrollHeight;
      return out;
    }, metrics);
    console.log(JSON.stringify({ width, rows: found.rows, height: found.height }));
    for (const id of found.missing) failures.push("metric without a row: " + id);
    for (const id of found.hidden) failures.push("metric row not shown in print: " + id);
    for (const o of found.overflows) failures.push("text overflows: " + o);
    for (const c of found.controls) failures.push("interactive control shown in print: " + c);
  } finally {
    await browser.close();
  }
  if (failures.length) {
    console.log(failures.join("\n"));
    process.exit(1);
  }
  console.log("brief checks passed");
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
