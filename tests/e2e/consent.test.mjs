// Cookie banners answered with the citizen's choices (issue 16), in headless Chromium and
// Firefox with the real extension and host: fixture banners of Cookiebot, Cookie Information
// and OneTrust (consent-fixtures.mjs), borger.dk- and kk.dk-like pages answered from their
// manifests, a page without a banner left alone, a site that sets _ga after the refusal held
// to it (removed, logged with afterRefusal, in `cookie-warden report`), and Global Privacy
// Control where marketing is denied. Run:
//   CW_BUILD_DIR=build/dev node --test tests/e2e/consent.test.mjs
import {mkdirSync, readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {after, before, test} from "node:test";
import {waitFor} from "../browser/wait.mjs";
import {startBrowsers} from "./start-browsers.mjs";
import {assert, closeAll, createWorld, repo} from "./harness.mjs";
import {startConsentSites} from "./consent-sites.mjs";

const NAMES = ["cb", "coi", "ot", "bdk", "kkx", "plain", "late", "gpcok"];
const only = process.env.CW_E2E_BROWSERS?.split(",");
const want = (name) => !only || only.includes(name);
const world = createWorld();
const B = {};
let uid = 0;

const site = (b, name) => `${name}-${b.suffix}.test`;
const hostNames = (suffix) => NAMES.flatMap((n) => [`${n}-${suffix}.test`, `www.${n}-${suffix}.test`]);

// A shipped manifest copied over a test site, consent section included, in the user's folder.
function copyManifest(file, siteName) {
  const shipped = JSON.parse(readFileSync(join(repo, "host/manifests", file), "utf8"));
  delete shipped.$schema;
  const dir = join(world.env.COOKIE_WARDEN_HOME, "manifests");
  mkdirSync(dir, {recursive: true});
  writeFileSync(join(dir, `${siteName}.json`), JSON.stringify({...shipped, id: siteName, site: siteName, hosts: [siteName]}));
}

async function visit(b, host, path) {
  const id = `c${++uid}`;
  const url = b.sites.url(host, `${path}${path.includes("?") ? "&" : "?"}id=${id}`);
  if (b.name === "chromium") await b.drv.open(url);
  else await b.drv.open(id, url);
  await waitFor(() => b.sites.loaded.has(id), {what: `${url} to load in ${b.name}`, timeoutMs: 20_000});
  return id;
}

const received = (b, id, what) => waitFor(() => b.sites.received.get(id),
                                          {what: `${what}: the banner to receive an answer in ${b.name}`, timeoutMs: 20_000});

async function logEvent(b, name, match, what) {
  let seen = [];
  try {
    return await waitFor(() => (seen = world.log(site(b, name))).find(match), {what, timeoutMs: 20_000});
  } catch (error) {
    error.message += `; the log held ${JSON.stringify(seen.map((e) => [e.action, e.name, e.rule, e.afterRefusal]))}`;
    throw error;
  }
}

const consentEvent = (b, name) => logEvent(b, name, (e) => e.action === "consent", `the consent event of ${site(b, name)}`);

async function inJar(b, name, cookie) {
  return waitFor(async () => (await b.drv.jar()).find((c) => c.name === cookie && c.domain.replace(/^\./, "").endsWith(site(b, name))),
                 {what: `${cookie} in ${b.name}'s jar`, timeoutMs: 20_000, intervalMs: 200});
}

function browserTest(title, fn) {
  for (const name of ["chromium", "firefox"]) {
    if (!want(name)) continue;
    test(`${title} (${name})`, async () => {
      const b = B[name];
      assert.ok(b?.drv, `${name} did not start`);
      await fn(b);
    });
  }
}

before(async () => {
  for (const suffix of ["c", "f"]) {
    const s = (n) => `${n}-${suffix}.test`;
    world.cli("rules", "set", s("cb"), "--deny", "statistics", "--deny", "marketing");
    world.cli("rules", "set", s("coi"), "--allow", "statistics");
    world.cli("rules", "set", s("gpcok"), "--allow", "marketing");
    copyManifest("borger.dk.json", s("bdk"));
    copyManifest("kk.dk.json", s("kkx"));
  }
  await startBrowsers(world, B, {want, hosts: (suffix) => hostNames(suffix).filter((h) => !h.startsWith("www.")),
                                 serve: startConsentSites, firefoxHosts: hostNames});
});

after(() => closeAll(world, B, "consent"));

browserTest("Cookiebot: statistics and marketing refused per purpose, consent cookie kept, _ga after the refusal held to it", async (b) => {
  const id = await visit(b, `www.${site(b, "cb")}`, "/cookiebot?sneaky=1");
  assert.deepEqual(await received(b, id, "Cookiebot"), {preferences: true, statistics: false, marketing: false});
  const answer = await consentEvent(b, "cb");
  assert.equal(answer.platform, "cookiebot", JSON.stringify(answer));
  assert.deepEqual(answer.choices, {functional: "allow", preferences: "allow", statistics: "refuse", marketing: "refuse"});
  const ga = await logEvent(b, "cb", (e) => e.name === "_ga" && e.afterRefusal === true, "_ga logged after the refusal");
  assert.equal(ga.category, "statistics");
  assert.notEqual(ga.action, "allow");
  await waitFor(async () => !(await b.drv.jar()).some((c) => c.name === "_ga" && c.domain.endsWith(site(b, "cb"))),
                {what: "_ga to leave the jar", timeoutMs: 20_000, intervalMs: 200});
  await inJar(b, "cb", "CookieConsent");
  const consentCookie = world.log(site(b, "cb")).find((e) => e.name === "CookieConsent");
  assert.equal(consentCookie?.category, "necessary", JSON.stringify(consentCookie));
  const report = world.cliJson("report", site(b, "cb"));
  assert.equal(report.site, site(b, "cb"));
  assert.ok(report.answers.some((a) => a.platform === "cookiebot" && a.choices.statistics === "refuse" && a.time > 0),
            JSON.stringify(report.answers));
  const inReport = report.afterRefusal.find((e) => e.name === "_ga");
  assert.ok(inReport, JSON.stringify(report));
  assert.equal(inReport.category, "statistics");
  assert.ok(inReport.time >= report.answers[0].time && inReport.domain.endsWith(site(b, "cb")));
  assert.ok(!JSON.stringify(report).includes("GA1.1.12345"), "no cookie value in the report");
});

browserTest("Cookie Information: statistics allowed here, marketing refused", async (b) => {
  const id = await visit(b, site(b, "coi"), "/coi");
  const got = await received(b, id, "Cookie Information");
  assert.equal(got.functional, true);
  assert.equal(got.statistics, true);
  assert.equal(got.marketing, false);
  const answer = await consentEvent(b, "coi");
  assert.equal(answer.platform, "cookieinformation");
  assert.equal(answer.choices.statistics, "allow");
  assert.equal(answer.choices.marketing, "refuse");
  await inJar(b, "coi", "CookieInformationConsent");
});

browserTest("OneTrust: the defaults (statistics and marketing refused, functional allowed)", async (b) => {
  const id = await visit(b, site(b, "ot"), "/onetrust");
  assert.deepEqual(await received(b, id, "OneTrust"), {statistics: false, functional: true, marketing: false});
  assert.equal((await consentEvent(b, "ot")).platform, "onetrust");
  await inJar(b, "ot", "OptanonConsent");
});

browserTest("borger.dk-like: its own banner, from its manifest, refused (statistics denied)", async (b) => {
  const id = await visit(b, site(b, "bdk"), "/borger");
  assert.deepEqual(await received(b, id, "borger.dk"), {all: false, statistics: false});
  const answer = await consentEvent(b, "bdk");
  assert.equal(answer.platform, `manifest:${site(b, "bdk")}`);
  assert.equal(answer.choices.statistics, "refuse");
  await inJar(b, "bdk", "BDK_CookieLawAccepted");
});

browserTest("kk.dk-like: Cookie Information, as its manifest names it", async (b) => {
  const id = await visit(b, site(b, "kkx"), "/kk");
  const got = await received(b, id, "kk.dk");
  assert.equal(got.statistics, false);
  assert.equal((await consentEvent(b, "kkx")).platform, "cookieinformation");
});

browserTest("a late banner is answered; a page without one is left alone", async (b) => {
  const plain = await visit(b, site(b, "plain"), "/plain");
  const id = await visit(b, site(b, "late"), "/cookiebot?late=1");
  assert.equal((await received(b, id, "late Cookiebot")).statistics, false);
  // The plain page was loaded before the late banner was answered in the same browser.
  assert.equal(b.sites.received.has(plain), false);
  assert.ok(!world.log(site(b, "plain")).some((e) => e.action === "consent"));
});

browserTest("Global Privacy Control where marketing is denied, not where it is allowed", async (b) => {
  const denied = await visit(b, site(b, "plain"), "/plain");
  const allowed = await visit(b, site(b, "gpcok"), "/plain");
  const gpc = (id) => b.sites.requests.find((r) => r.id === id && r.path === "/plain")?.gpc;
  assert.equal(gpc(denied), "1");
  assert.equal(b.sites.loaded.get(denied).gpc, "true");
  assert.equal(gpc(allowed), null);
  assert.notEqual(b.sites.loaded.get(allowed).gpc, "true");
});
