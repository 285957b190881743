// Learned declarations end to end (issue 17, docs/declarations.md), in headless Chromium and in
// Firefox ESR against the real host: a test site defines a Cookiebot-style declaration
// (window.CookieConsentDialog.cookieTable*); statistics are denied with the command line.
//   - a cookie the catalogue does not know, declared statistics, is removed, source declared;
//   - _ga declared necessary is still removed, and its event says it was misdeclared;
//   - `manifests draft SITE` validates against the manifest schema and lists the declared cookie.
// Needs a built host (CW_BUILD_DIR, default build/dev), `npm ci` and `npm run pack`. Run:
//   CW_BUILD_DIR=build/dev node --test tests/e2e/declarations.test.mjs
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {after, before, test} from "node:test";
import {waitFor} from "../browser/wait.mjs";
import {startBrowsers} from "./start-browsers.mjs";
import {assert, createWorld, repo} from "./harness.mjs";
import {startSites} from "./sites.mjs";

const only = process.env.CW_E2E_BROWSERS?.split(",");
const want = (name) => !only || only.includes(name);
const world = createWorld();
const B = {};
let uid = 0;

const site = (b) => `decl-${b.suffix}.test`;
const www = (b) => `www.${site(b)}`;
// Made-up names the catalogue and heuristics do not place: only the declaration can.
const UNKNOWN = "wx_plumtally";
const DECLARATION = `${UNKNOWN}:Statistics,_ga:Necessary,qz_basket:Necessary`;
const DENIED = new Set(["remove", "blocked"]);

async function visit(b, query) {
  const id = `d${++uid}`;
  const url = b.sites.url(www(b), `/page?id=${id}&${query}`);
  if (b.name === "chromium") await b.drv.open(url);
  else await b.drv.open(id, url);
  await waitFor(() => b.sites.loaded.has(id), {what: `${url} to load in ${b.name}`, timeoutMs: 20_000});
}

async function event(b, match, what) {
  let seen = [];
  try {
    return await waitFor(() => (seen = world.log(site(b))).find(match),
                         {what: `${what} in the log of ${site(b)} (${b.name})`, timeoutMs: 30_000});
  } catch (error) {
    error.message += `; the log held: ${JSON.stringify(seen.map(({name, action, source, platform, misdeclared}) =>
      ({name, action, source, platform, misdeclared})))}`;
    throw error;
  }
}

before(async () => {
  for (const suffix of ["c", "f"]) world.cli("rules", "set", `decl-${suffix}.test`, "--deny", "statistics");
  const names = (suffix) => [`decl-${suffix}.test`, `www.decl-${suffix}.test`];
  await startBrowsers(world, B, {want, hosts: names, serve: startSites});
});

after(async () => {
  for (const b of Object.values(B)) {
    await b.drv?.close().catch(() => {});
    await b.sites?.close();
  }
  world.keepDiagnostics("declarations");
  world.remove();
});

for (const name of ["chromium", "firefox"]) {
  if (!want(name)) continue;
  test(`a Cookiebot declaration classifies, flags and drafts (${name})`, async () => {
    const b = B[name];
    assert.ok(b?.drv, `${name} did not start`);
    // First visit: the cookies arrive before the declaration is read, so the unknown one is
    // allowed at first; the declaration, once learned, has the site's cookies judged again.
    await visit(b, `set=${UNKNOWN},qz_basket&cb=${DECLARATION}`);
    const learned = await waitFor(() => world.cliJson("manifests", "list").learned?.find((l) => l.site === site(b)),
                                  {what: `the learned declaration of ${site(b)}`, timeoutMs: 30_000});
    assert.equal(learned.platform, "cookiebot");
    assert.equal(learned.cookies, 3);
    const declared = await event(b, (e) => e.name === UNKNOWN && DENIED.has(e.action),
                                 `${UNKNOWN} taken away`);
    assert.equal(declared.source, "declared", JSON.stringify(declared));
    assert.equal(declared.platform, "cookiebot", JSON.stringify(declared));
    assert.equal(declared.category, "statistics", JSON.stringify(declared));
    await waitFor(async () => !(await b.drv.jar()).some((c) => c.name === UNKNOWN),
                  {what: `${UNKNOWN} to leave ${name}'s jar`, timeoutMs: 20_000});

    // Second visit, the declaration known: _ga (declared necessary) is judged by the catalogue.
    await visit(b, `set=_ga,${UNKNOWN}&cb=${DECLARATION}`);
    const ga = await event(b, (e) => e.name === "_ga" && e.misdeclared, "_ga flagged as misdeclared");
    assert.ok(DENIED.has(ga.action), JSON.stringify(ga));
    assert.equal(ga.category, "statistics");
    assert.equal(ga.misdeclared, "declared necessary by the site, known as statistics");
    assert.equal(ga.declared, "necessary");
    // The command line classifies as the host does, from the same learned declaration.
    const [basket, gaAgain] = world.cliJson("classify", "--site", www(b), "qz_basket", "_ga").results;
    assert.equal(basket.source, "declared", JSON.stringify(basket));
    assert.equal(basket.category, "necessary");
    assert.equal(gaAgain.misdeclared, "declared necessary by the site, known as statistics");

    // The draft: a valid manifest with the declared cookie in it.
    const draft = JSON.parse(world.cli("manifests", "draft", site(b)));
    const {default: Ajv} = await import("ajv");
    const schema = JSON.parse(readFileSync(join(repo, "schema/manifest.schema.json"), "utf8"));
    const validate = new Ajv({strict: false, allErrors: true}).compile(schema);
    assert.ok(validate(draft), JSON.stringify(validate.errors));
    const entry = draft.cookies.find((c) => c.name === UNKNOWN);
    assert.equal(entry?.basis, "declared", JSON.stringify(draft.cookies));
    assert.equal(entry.platform, "cookiebot");
    assert.equal(entry.category, "statistics");
    assert.equal(draft.site, site(b));
  });
}
