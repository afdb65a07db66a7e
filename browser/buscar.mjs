// Browser test of /buscar/ on a built site: searches, filters by type,
// shows more results, opens a result, and runs axe on the page with its
// results, at 390 and 1280 px, with the CSP of deploy/ (no violation and
// no console error allowed). Run by browser/buscar.sh (called by .ci/run).
//   node browser/buscar.mjs OUT_DIR
// Needs PLAYWRIGHT_FROM (a node_modules with playwright-core and
// axe-core: site-check's) and CHROMIUM. SHOTS_DIR, if set, gets
// screenshots.
import { createRequire } from "node:module";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(process.env.PLAYWRIGHT_FROM + "/");
const { chromium } = require("playwright-core");
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const root = path.resolve(process.argv[2] || "public");
const here = path.dirname(new URL(import.meta.url).pathname);
const headers = fs.readFileSync(path.join(here, "../deploy/nginx-headers.conf"), "utf8");
const csp = headers.match(/Content-Security-Policy "([^"]+)"/)[1];
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "application/javascript", ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp" };

const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (p.endsWith("/")) p += "index.html";
  const f = path.join(root, path.normalize(p));
  if (!f.startsWith(root) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) {
    res.writeHead(404, { "Content-Type": "text/plain" });
    return res.end("404");
  }
  res.writeHead(200, { "Content-Type": types[path.extname(f)] || "application/octet-stream", "Content-Security-Policy": csp });
  fs.createReadStream(f).pipe(res);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}`;

let failed = 0;
const pass = (m) => console.log("PASS: " + m);
const fail = (m) => { failed++; console.log("FAIL: " + m); };
const check = (ok, m) => (ok ? pass(m) : fail(m));

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM, args: ["--no-sandbox"] });

async function open(width, url) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  page.problems = [];
  page.on("console", (m) => { if (m.type() === "error") page.problems.push(m.text()); });
  page.on("pageerror", (e) => page.problems.push(String(e)));
  await page.addInitScript(() => document.addEventListener("securitypolicyviolation", (e) =>
    console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`)));
  await page.goto(base + url);
  await settled(page);
  return page;
}

const settled = (page) => page.waitForFunction(() => {
  const r = document.getElementById("resultados");
  return r && r.getAttribute("aria-busy") === "false";
}, null, { timeout: 10000 });

async function axe(page, what) {
  await page.evaluate(axeSource); // evaluate is not subject to the page's CSP
  const r = await page.evaluate(() => window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] }));
  check(r.violations.length === 0, `${what}: axe ${r.violations.map((v) => v.id + " " + v.nodes.map((n) => n.target).join(",")).join("; ") || "sin infracciones"}`);
}

for (const width of [390, 1280]) {
  const w = `${width} px`;
  // A query typed in the form, with another form of the word: stems.
  const page = await open(width, "/buscar/");
  await page.fill("#q", "operativos");
  await Promise.all([page.waitForURL(/q=operativos/), page.click("form#buscar button[type=submit]")]);
  await settled(page);
  const status = await page.textContent("#estado");
  check(/resultado/.test(status), `${w}: estado «${status}»`);
  const groups = await page.$$eval("#resultados section h3", (hs) => hs.map((h) => h.textContent));
  check(groups.length >= 2, `${w}: resultados agrupados por tipo: ${groups.join(" | ")}`);
  const titles = await page.$$eval("#resultados h4 a", (as) => as.map((a) => a.textContent));
  check(titles.some((t) => /Operativo oftalmológico/i.test(t)), `${w}: «operativos» encuentra «Operativo oftalmológico» (${titles.length} resultados)`);
  check(await page.$eval("#estado", (e) => e.getAttribute("role") === "status" && e.getAttribute("aria-live") === "polite"), `${w}: estado en una región viva`);
  check(await page.isVisible("#filtros"), `${w}: filtros visibles`);
  await axe(page, `${w} resultados`);
  if (process.env.SHOTS_DIR) await page.screenshot({ path: path.join(process.env.SHOTS_DIR, `buscar-${width}.png`), fullPage: true });

  // Filter by type: only that group stays, the URL keeps the filter.
  await page.selectOption("#tipo", "actividades");
  await settled(page);
  const after = await page.$$eval("#resultados section h3", (hs) => hs.map((h) => h.textContent));
  check(after.length === 1 && /^Actividades/.test(after[0]), `${w}: filtro por tipo deja solo «${after.join(" | ")}»`);
  check(/tipo=actividades/.test(page.url()), `${w}: el filtro queda en la dirección (${page.url().replace(base, "")})`);
  const kinds = await page.$$eval("#resultados .search-kind", (ps) => ps.map((p) => p.textContent));
  check(kinds.length > 0 && kinds.every((k) => /^Actividad/.test(k)), `${w}: todos los resultados filtrados son actividades (${kinds.length})`);
  await axe(page, `${w} filtrado`);

  // Open a result.
  const first = page.locator("#resultados h4 a").first();
  const want = (await first.textContent()).trim();
  await Promise.all([page.waitForURL((u) => !/buscar/.test(u.pathname)), first.click()]);
  const h1 = (await page.textContent("h1")).trim();
  check(h1 === want, `${w}: abre el resultado «${want}» (h1 «${h1}»)`);
  check(page.problems.length === 0, `${w}: sin errores ni infracciones de CSP ${page.problems.join(" | ")}`);
  await page.close();

  // A query with many results: «Mostrar más» adds results and moves focus.
  const many = await open(width, "/buscar/?q=municipal");
  const n0 = await many.$$eval("#resultados li", (l) => l.length);
  if (await many.isVisible("#mas")) {
    await many.click("#mas");
    await settled(many);
    const n1 = await many.$$eval("#resultados li", (l) => l.length);
    const focused = await many.evaluate(() => document.activeElement && document.activeElement.closest("#resultados") !== null);
    check(n1 > n0 && focused, `${w}: «Mostrar más resultados» pasa de ${n0} a ${n1} y lleva el foco al primero nuevo`);
  } else check(n0 > 0 && n0 <= 10, `${w}: «municipal» muestra ${n0} resultados`);
  // Without results, and with no query: a clear status.
  await many.goto(base + "/buscar/?q=xyzzy");
  await settled(many);
  check(/No hay resultados/.test(await many.textContent("#estado")), `${w}: sin resultados lo dice`);
  check(many.problems.length === 0, `${w}: sin errores ${many.problems.join(" | ")}`);
  await many.close();
}

// Without JavaScript: the page offers the sections, archives and sitemap.
const ctx = await browser.newContext({ javaScriptEnabled: false });
const nojs = await ctx.newPage();
await nojs.goto(base + "/buscar/?q=feria");
const links = await nojs.$$eval(".browse a", (as) => as.map((a) => a.getAttribute("href")));
check(links.includes("/sitemap.xml") && links.some((h) => /^\/prensa\/\d{4}\/$/.test(h)), `sin JavaScript: ${links.length} enlaces a secciones, años y mapa del sitio`);
check(!(await nojs.isVisible("#filtros")), "sin JavaScript: los filtros no se muestran");
await ctx.close();

await browser.close();
server.close();
console.log(failed ? `${failed} fallaron` : "todo bien");
process.exit(failed ? 1 : 0);
