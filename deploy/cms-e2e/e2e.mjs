// End-to-end test of the web editor at /admin/ (Decap CMS), as an editor
// uses it: headless Chromium on `cabildo serve`, Decap's local backend
// (decap-server) writing into a copy of the site. It creates a press
// release with a photo and an event through the editor's forms and saves
// them; run.sh then checks the files, `cabildo check` and the built site.
//
// Every /admin/ response gets the Content-Security-Policy of
// deploy/nginx-admin.conf (plus the local backend's address in
// connect-src, which only local editing needs), so that the policy shipped
// for production is the one measured here: any violation fails the test.
//
//   BASE=http://127.0.0.1:PORT PHOTO=foto.jpg [SHOT=docs/cms-prensa.png] node e2e.mjs
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const base = process.env.BASE;
const photo = process.env.PHOTO;
const shot = process.env.SHOT;
const local = process.env.LOCAL_BACKEND || "http://localhost:8081";
const conf = new URL("../nginx-admin.conf", import.meta.url);

// The policy nginx sends for /admin/, read from the shipped file.
const csp = readFileSync(conf, "utf8").match(/add_header Content-Security-Policy "([^"]+)"/)[1]
  .replace("connect-src 'self'", `connect-src 'self' ${local}`);

const problems = [];
const step = (s) => console.log(`· ${s}`);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--lang=es-CL", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
    // Responses the test fulfils (to add the CSP header) lose their address
    // space, so Chromium would treat /admin/ as a public page asking for
    // the loopback decap-server; served directly, it is a loopback page.
    "--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessRespectPreflightResults"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "es-CL", timezoneId: "America/Santiago" });
const page = await context.newPage();
page.setDefaultTimeout(20000);
if (process.env.DEBUG) { page.on("console", (m) => console.log("console:", m.type(), m.text().slice(0, 300))); page.on("requestfailed", (r) => console.log("failed:", r.url(), r.failure()?.errorText)); }
page.on("pageerror", (e) => problems.push(`error de la página: ${e}`));
page.on("console", (m) => {
  if (/Content Security Policy/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
});
await context.addInitScript(() => {
  document.addEventListener("securitypolicyviolation", (e) =>
    console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
});
await context.route(`${base}/admin/**`, async (route) => {
  const resp = await route.fetch();
  await route.fulfill({ response: resp, headers: { ...resp.headers(), "content-security-policy": csp } });
});

try {
  step("abre /admin/ e inicia sesión en el servidor local (decap-server)");
  await page.goto(`${base}/admin/`);
  await page.getByRole("button", { name: "Iniciar sesión" }).click();
  await page.getByText("Comunicado de prensa").first().waitFor();

  // fill sets a text field by its label.
  const field = (name) => page.locator(`[id^="${name}-field-"]`).first();
  async function switchOff(name) {
    const toggle = field(name);
    if ((await toggle.getAttribute("aria-checked")) !== "false") await toggle.click();
  }
  async function publish() {
    await page.getByRole("button", { name: "Publicar" }).first().click();
    await page.getByText("Publicar ahora").click();
    await page.getByText(/Entrada guardada|Entry saved/i).first().waitFor();
  }

  step("nuevo comunicado de prensa con foto");
  await page.goto(`${base}/admin/#/collections/prensa/new`);
  await field("title").fill("Vecinos estrenan la biblioteca del barrio Norte");
  await field("summary").fill("La nueva biblioteca abre de lunes a sábado con sala infantil y préstamo de libros.");
  await switchOff("draft");
  await field("date").fill("2026-11-26T11:30");
  await field("dateline").fill("Ejemplo");
  await page.getByText("Imagen principal").first().click();
  await page.getByRole("button", { name: /Elige una imagen|Choose an image/ }).click();
  await page.locator('input[type="file"]').setInputFiles(photo);
  await page.getByRole("button", { name: /Confirmar selección|Elige seleccionad|Choose selected/ }).click();
  await field("alt").fill("Niños leen en la sala infantil de la biblioteca");
  await field("caption").fill("La sala infantil de la biblioteca del barrio Norte.");
  const body = page.locator('[data-slate-editor="true"]').first();
  await body.click();
  await page.keyboard.type("La biblioteca del barrio Norte abrió sus puertas el martes con una colección de 4.000 libros.");
  if (shot) {
    // The README's picture: the date, the photo and its texts, the preview.
    await field("date").evaluate((e) => e.scrollIntoView({ block: "start" }));
    await page.waitForTimeout(800);
    await page.screenshot({ path: shot });
    step(`captura: ${shot}`);
  }
  await publish();

  step("nuevo evento");
  // A new page load: a hash change alone leaves the saved release's form.
  await page.goto("about:blank");
  await page.goto(`${base}/admin/#/collections/evento/new`);
  await field("title").fill("Cuentacuentos en la biblioteca Norte");
  await field("summary").fill("Lectura de cuentos para niños de 4 a 8 años, con entrada liberada.");
  await switchOff("draft");
  await field("start").fill("2026-12-12T11:00");
  await field("end").fill("2026-12-12T12:30");
  await field("name").first().fill("Biblioteca del barrio Norte");
  const body2 = page.locator('[data-slate-editor="true"]').first();
  await body2.click();
  await page.keyboard.type("Una mañana de cuentos para toda la familia.");
  await publish();
} catch (e) {
  problems.push(`el editor no completó el paso: ${e.message.split("\n")[0]}`);
  await page.screenshot({ path: process.env.FAILSHOT || "cms-e2e-fallo.png" }).catch(() => {});
}
await browser.close();
if (problems.length) {
  for (const p of problems) console.log(`FAIL: ${p}`);
  process.exit(1);
}
console.log("PASS: el editor guardó el comunicado y el evento sin violaciones de CSP ni errores");
