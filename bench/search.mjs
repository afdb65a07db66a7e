// The measuring half of bench/search.sh: serves OUT_DIR (gzip level 6 for
// text, as a CDN or nginx with gzip on; Pagefind's .pf_* files are already
// compressed and go as they are), then for each query opens Cabildo's
// /buscar/?q= and Pagefind's page in a fresh browser context at 390 px and
// waits until the first 10 results (or all, if fewer) are in the page.
// Bytes are what the server sent for the search (the script and the index
// files; not the page's own HTML, CSS and favicon), time is from the start
// of navigation to the results in the page.
//   node bench/search.mjs OUT_DIR
import { createRequire } from "node:module";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const require = createRequire(process.env.PLAYWRIGHT_FROM + "/");
const { chromium } = require("playwright-core");
const root = path.resolve(process.argv[2]);

// The 20 queries: common words of the generated site, rare words, words
// with accents or ñ, and two words.
const QUERIES = [
  "municipal", "vecinos", "feria", "salud", "plaza",
  "zumba", "alfabetización", "pabellón", "Quillayes", "Ximena",
  "educación", "niñez", "pavimentación", "ciclovía", "Peñón",
  "operativo oftalmológico", "punto limpio", "junta de vecinos", "becas educación", "huertos comunitarios",
];

const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "application/javascript", ".json": "application/json", ".svg": "image/svg+xml", ".wasm": "application/wasm" };
const text = /^(text\/|application\/(javascript|json))|svg/;
let sent = []; // [path, bytes] of each response since the last reset
const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (p.endsWith("/")) p += "index.html";
  const f = path.join(root, path.normalize(p));
  if (!f.startsWith(root) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) {
    res.writeHead(404);
    return res.end();
  }
  const type = types[path.extname(f)] || "application/octet-stream";
  let body = fs.readFileSync(f);
  const h = { "Content-Type": type, "Cache-Control": "no-store" };
  if (text.test(type) && /gzip/.test(req.headers["accept-encoding"] || "") && body.length >= 256) {
    body = zlib.gzipSync(body, { level: 6 });
    h["Content-Encoding"] = "gzip";
  }
  h["Content-Length"] = body.length;
  sent.push([p, body.length]);
  res.writeHead(200, h);
  res.end(body);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM, args: ["--no-sandbox"] });

const fold = (s) => s.normalize("NFD").replace(/\p{Mn}/gu, "").toLowerCase();
const engines = {
  cabildo: { url: "/buscar/?q=", search: (p) => p.startsWith("/buscar/indice/") || /^\/assets\/buscar\./.test(p) },
  pagefind: { url: "/pagefind-buscar/?q=", search: (p) => p.startsWith("/pagefind/") || p.startsWith("/pagefind-buscar/buscar.js") },
};

async function run(engine, q) {
  const e = engines[engine];
  const ctx = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (err) => errors.push(String(err)));
  sent = [];
  const t0 = Date.now();
  await page.goto(base + e.url + encodeURIComponent(q));
  await page.waitForFunction(() => document.getElementById("resultados")?.getAttribute("aria-busy") === "false", null, { timeout: 60000 });
  const ms = Date.now() - t0;
  const top = await page.$$eval("#resultados a", (as) => as.slice(0, 10).map((a) => a.textContent.trim()));
  const status = await page.textContent("#estado");
  await ctx.close();
  const bytes = sent.filter(([p]) => e.search(p)).reduce((s, [, n]) => s + n, 0);
  const files = sent.filter(([p]) => e.search(p)).length;
  return { ms, bytes, files, top, status: status.trim(), errors };
}

const kb = (n) => (n / 1024).toFixed(1);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const rows = [];
let failed = 0;
for (const q of QUERIES) {
  const c = await run("cabildo", q);
  const p = await run("pagefind", q);
  rows.push({ q, c, p });
  // Quality: an item whose title has the query (folded) must be in
  // Cabildo's top 3 whenever the results hold one.
  const has = (t) => fold(t).includes(fold(q));
  const want = c.top.some(has) || p.top.some(has);
  const ok = !want || c.top.slice(0, 3).some(has);
  if (!ok) failed++;
  console.log(`«${q}»  cabildo: ${c.status}${c.errors.length ? " ERRORS " + c.errors.join(" | ") : ""}; pagefind: ${p.status}${p.errors.length ? " ERRORS " + p.errors.join(" | ") : ""}`);
  console.log(`  cabildo top 5:  ${c.top.slice(0, 5).map((t) => "«" + t + "»").join(", ") || "—"}`);
  console.log(`  pagefind top 5: ${p.top.slice(0, 5).map((t) => "«" + t + "»").join(", ") || "—"}`);
  console.log(`  title with the query in cabildo's top 3: ${want ? (ok ? "yes" : "NO") : "n/a (no result title has it)"}`);
}
console.log();
console.log("| query | cabildo KB (files) | cabildo ms | pagefind KB (files) | pagefind ms |");
console.log("|---|---:|---:|---:|---:|");
for (const { q, c, p } of rows) console.log(`| ${q} | ${kb(c.bytes)} (${c.files}) | ${c.ms} | ${kb(p.bytes)} (${p.files}) | ${p.ms} |`);
const col = (f) => rows.map(f);
console.log(`| **median** | **${kb(median(col((r) => r.c.bytes)))}** | **${median(col((r) => r.c.ms))}** | **${kb(median(col((r) => r.p.bytes)))}** | **${median(col((r) => r.p.ms))}** |`);
console.log(`| **worst** | **${kb(Math.max(...col((r) => r.c.bytes)))}** | **${Math.max(...col((r) => r.c.ms))}** | **${kb(Math.max(...col((r) => r.p.bytes)))}** | **${Math.max(...col((r) => r.p.ms))}** |`);
await browser.close();
server.close();
if (failed) { console.log(`${failed} queries without a title match in cabildo's top 3`); process.exit(1); }
