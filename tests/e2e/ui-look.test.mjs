// The extension's pages as a citizen sees them, in headless Chromium with the real host: the
// popup after a visit with blocks of every kind, the options page and the first-run page, in
// English and Danish, light and dark. axe (npm axe-core, injected into each page) must find no
// violations; the Danish pages must hold no English sentence; the light screenshots are written
// to docs/screenshots/ (shown in docs/ui.md), the dark ones to artifacts/ui/.
//
// Needs a built host (CW_BUILD_DIR, default build/dev) and `npm ci`. Run:
//   CW_BUILD_DIR=build/dev node --test tests/e2e/ui-look.test.mjs
import {mkdirSync, readFileSync} from "node:fs";
import {createRequire} from "node:module";
import {join} from "node:path";
import {after, before, test} from "node:test";
import {makeCertificate} from "../browser/test-site.mjs";
import {waitFor} from "../browser/wait.mjs";
import {prepareChromium, launchChromium} from "./chromium.mjs";
import {assert, createWorld, repo} from "./harness.mjs";
import {startSites} from "./sites.mjs";

// Evaluated through the driver: the pages' CSP (script-src 'self') refuses a script tag.
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const shots = join(repo, "docs/screenshots");
const darkShots = join(repo, "artifacts/ui");
const SITE = "nyheder.test";
// English words that are not Danish: one on a Danish page is a sentence left in English.
const ENGLISH = /\b(the|and|your|you|is|are|not|with|this|that|from|please|helper|settings)\b/i;

const world = createWorld();
let sites;
let setup;

before(async () => {
  mkdirSync(shots, {recursive: true});
  mkdirSync(darkShots, {recursive: true});
  const dir = join(world.work, "cert");
  mkdirSync(dir, {recursive: true});
  sites = await startSites(makeCertificate(dir, [SITE, `*.${SITE}`, "ads.test", "*.ads.test"]));
  setup = prepareChromium(world);
  world.cli("rules", "set", SITE, "--deny", "statistics");
});

after(async () => {
  await sites?.close();
  world.remove();
});

async function axeViolations(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await globalThis.axe.run(document, {resultTypes: ["violations"]});
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}

for (const lang of ["en", "da"]) {
  test(`the pages in ${lang}: no axe violations in light and dark, screenshots`, async () => {
    const drv = await launchChromium(world, setup, {lang});
    try {
      await drv.hostReady();
      const url = sites.url(`www.${SITE}`, `/page?id=look-${lang}&set=_ga,sess_s&js=_fbp,_gid&img=www.ads.test&imgset=trk_id`);
      const visit = await drv.open(url);
      await waitFor(() => world.log(SITE).some((e) => e.name === "_ga"), {what: "the visit's removals in the log"});
      const tabId = await drv.tabId(url);
      const pages = [["popup", `popup/popup.html?tab=${tabId}`, {width: 400, height: 600}],
                     ["options", "options/options.html", {width: 1000, height: 800}],
                     ["welcome", "welcome/welcome.html", {width: 900, height: 800}]];
      const problems = [];
      for (const scheme of ["light", "dark"]) {
        for (const [name, path, viewport] of pages) {
          const page = await drv.ctx.newPage();
          await page.setViewportSize(viewport);
          await page.emulateMedia({colorScheme: scheme});
          await page.goto(`chrome-extension://${drv.id}/${path}`);
          await page.waitForSelector("body[data-ready=true]", {timeout: 15_000});
          if (name === "popup") {
            await waitFor(async () => (await page.locator("#blocked-summary li").count()) > 0,
                          {what: "the popup's list of blocks"});
          }
          for (const v of await axeViolations(page)) problems.push(`${name} ${lang} ${scheme}: ${v}`);
          if (lang === "da" && name !== "options") {
            const text = await page.evaluate(() => document.body.innerText);
            const english = text.split("\n").filter((line) => ENGLISH.test(line.replace(/Cookie Warden/g, "")));
            for (const line of english) problems.push(`${name} da: English text "${line}"`);
          }
          await page.screenshot({path: join(scheme === "light" ? shots : darkShots, `${name}-${lang}${scheme === "dark" ? "-dark" : ""}.png`),
                                 fullPage: true});
          await page.close();
        }
      }
      assert.deepEqual(problems, []);
      await visit.close();
    } finally {
      await drv.close();
    }
  });
}
