// A static host for the browser checks: serves a built site under a sub-path on 127.0.0.1, and a
// missing file as 404.html with status 404, as a static host would.
"use strict";
const fs = require("fs");
const http = require("http");
const path = require("path");

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".xml": "application/xml", ".txt": "text/plain",
  ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".csv": "text/csv",
};

/// Serves `dir` at `prefix` (e.g. "/wuxing/"); resolves to the listening server.
function serve(dir, prefix) {
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = null;
    if (url.startsWith(prefix)) {
      const rel = url.slice(prefix.length);
      const p = path.join(dir, rel);
      if (p.startsWith(dir)) {
        if (fs.existsSync(p) && fs.statSync(p).isFile()) file = p;
        else if (fs.existsSync(path.join(p, "index.html")) && url.endsWith("/")) file = path.join(p, "index.html");
      }
    }
    if (!file) {
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(fs.readFileSync(path.join(dir, "404.html")));
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/// Every page of the site in `dir`: its folder URLs relative to the site root ("", "units/", …).
function pages(dir) {
  const found = [];
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.name === "index.html") found.push(rel ? `${rel}/` : "");
    }
  };
  walk("");
  return found.sort();
}

module.exports = { serve, pages };
