// Loads pages of the site served by nginx (with its CSP header) in headless
// Chromium and fails on any CSP violation or console error. Run by
// nginx-test.sh when playwright-core is available (site-check's cache).
//   node csp-browser.mjs BASE_URL PATH...
import { createRequire } from "node:module";
const require = createRequire(process.env.PLAYWRIGHT_FROM + "/");
const { chromium } = require("playwright-core");

const [base, ...paths] = process.argv.slice(2);
// HOST_RULES maps the public host name to the test server, for pages that
// behave differently on localhost (the CMS of /admin/).
const args = ["--no-sandbox"];
if (process.env.HOST_RULES) args.push(`--host-resolver-rules=${process.env.HOST_RULES}`);
// SECURE_ORIGIN: treat that http:// origin as the https:// one it stands
// for (the CMS needs a secure context, as on the HTTPS site).
if (process.env.SECURE_ORIGIN) args.push(`--unsafely-treat-insecure-origin-as-secure=${process.env.SECURE_ORIGIN}`);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM, args });
let failed = 0;
for (const p of paths) {
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (m) => {
    // The 404 page's own status is expected; its resources must load.
    if (m.location().url === base + p && /status of 404/.test(m.text())) return;
    if (m.type() === "error" || /Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  const resp = await page.goto(base + p, { waitUntil: "networkidle" });
  const csp = resp && resp.headers()["content-security-policy"];
  if (!csp) problems.push("sin cabecera Content-Security-Policy");
  // The search page fetches its index: exercise it.
  if (p.startsWith("/buscar/")) {
    const box = await page.$("input[type=search], input[name=q]");
    if (box) { await box.fill("feria"); await page.waitForTimeout(500); }
  }
  // The CMS: its application must have started under the CSP (its login
  // page, since no repository is reachable from the test).
  if (p.startsWith("/admin/")) {
    await page.getByRole("button", { name: /Iniciar sesión/ }).waitFor({ timeout: 15000 })
      .catch(() => problems.push("Decap CMS no mostró su página de inicio de sesión"));
  }
  const ld = await page.$$eval('script[type="application/ld+json"]', (s) => s.length);
  if (problems.length) { failed++; console.log(`FAIL: navegador ${p}: ${problems.join(" | ")}`); }
  else console.log(`PASS: navegador ${p}: sin violaciones de CSP ni errores (${ld} bloque(s) JSON-LD)`);
  await page.close();
}
await browser.close();
process.exit(failed ? 1 : 0);
