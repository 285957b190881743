// The document.cookie guard: its generated name lists are up to date with the catalogue and the
// shipped manifests, it drops exactly the writes of denied names (run in a fresh context with a
// fake document), a manifest site's list follows the host's precedence, and its registrations
// follow the rules and the manifests the host uses.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {test} from "node:test";
import vm from "node:vm";
import {generate, generateManifest, outputs, strayNamesFiles} from "../../tools/guard/generate.mjs";
import {SHIPPED_GUARDS} from "../../extension/background/guard-manifests.js";
import {GUARDED, guardRegistrations, installGuards} from "../../extension/background/guard-scripts.js";
import {createRuleCache} from "../../extension/background/rule-cache.js";

const extension = join(import.meta.dirname, "../../extension");

test("the guard's generated files match the catalogue and manifests (node tools/guard/generate.mjs)", () => {
  const files = outputs();
  assert.ok(files.some((f) => f.path.endsWith("manifest-borger.dk.js")) &&
            files.some((f) => f.path.endsWith("manifest-kk.dk.js")), "the shipped manifests have lists");
  for (const {path, text} of files) assert.equal(readFileSync(path, "utf8"), text, `${path} is stale`);
  assert.deepEqual(strayNamesFiles(files), [], "names files of manifests no longer shipped");
});

// A page world with a cookie jar behind Document.prototype.cookie, then the guard's scripts.
// `names`: a site's names file on top of the catalogue's (its text: namesText; the catalogue's
// names: catalogueText, else the shipped file).
function page(denied, {names = null, namesText = null, catalogueText = null} = {}) {
  const jar = new Map();
  class Document {}
  Object.defineProperty(Document.prototype, "cookie", {
    configurable: true, enumerable: true,
    get() { return [...jar].map(([k, v]) => `${k}=${v}`).join("; "); },
    set(text) {
      const pair = String(text).split(";")[0];
      const eq = pair.indexOf("=");
      jar.set(eq < 0 ? "" : pair.slice(0, eq).trim(), eq < 0 ? pair : pair.slice(eq + 1));
    },
  });
  const stored = [];
  class CookieStore {
    set(name) {
      stored.push(typeof name === "string" ? name : name.name);
      return Promise.resolve();
    }
  }
  // What the guard reports dropped names with (guard/relay.js listens on the document).
  const reports = [];
  class EventTarget {
    dispatchEvent(event) {
      reports.push({target: this, type: event.type, names: JSON.parse(event.detail)});
      return true;
    }
  }
  class CustomEvent {
    constructor(type, init) {
      this.type = type;
      this.detail = init?.detail;
    }
  }
  const document = new Document();
  const context = vm.createContext({Document, CookieStore, EventTarget, CustomEvent, document, queueMicrotask});
  const files = [...denied.map((p) => `guard/deny-${p}.js`), "guard/catalogue-names.js", ...(names ? [names] : []),
                 "guard/guard.js"];
  for (const file of files) {
    let text = file === names && namesText !== null ? namesText : null;
    if (file === "guard/catalogue-names.js" && catalogueText !== null) text = catalogueText;
    vm.runInContext(text ?? readFileSync(join(extension, file), "utf8"), context);
  }
  return {document, jar, stored, reports, cookieStore: new CookieStore(), context};
}

const writes = [
  {label: "an exact statistics name", text: "_gid=1; Path=/", dropped: true},
  {label: "a statistics prefix", text: " _ga_XYZ = 1", dropped: true},
  {label: "a marketing name, marketing allowed", text: "_gcl_au=1", dropped: false},
  {label: "an exact functional name under a statistics prefix", text: "_gat_pro=1", dropped: false},
  {label: "a name the catalogue does not know", text: "cart=3", dropped: false},
  {label: "no name at all", text: "justavalue", dropped: false},
];
for (const {label, text, dropped} of writes) {
  test(`guard with statistics denied: ${label} is ${dropped ? "dropped" : "kept"}`, () => {
    const {document, jar} = page(["statistics"]);
    document.cookie = text;
    assert.equal(jar.size, dropped ? 0 : 1);
  });
}

test("the guard leaves no trace in the page and also covers cookieStore.set", async () => {
  const {document, stored, cookieStore, context} = page(["statistics", "marketing"]);
  assert.equal(vm.runInContext('globalThis[Symbol.for("cookie-warden.guard")]', context), undefined);
  await cookieStore.set("_gcl_au", "1");
  await cookieStore.set({name: "_ga", value: "1"});
  await cookieStore.set("session", "1");
  assert.deepEqual(stored, ["session"]);
  document.cookie = "a=1";
  assert.equal(document.cookie, "a=1");
});

test("the guard reports the names it dropped, once each, in one event per script run", async () => {
  const {document, reports, cookieStore} = page(["statistics", "marketing"]);
  document.cookie = "_gid=1";
  document.cookie = "_gid=2";
  document.cookie = "cart=1";
  await cookieStore.set("_gcl_au", "1");
  await new Promise((resolve) => queueMicrotask(resolve));
  assert.deepEqual(reports.map((r) => [r.type, r.names]), [["cookie-warden-dropped", ["_gid", "_gcl_au"]]]);
  assert.equal(reports[0].target, document);
});

test("without a denied purpose the guard changes nothing", () => {
  const {document, jar} = page([]);
  document.cookie = "_gid=1";
  assert.equal(jar.size, 1);
});

test("registrations: the global choice everywhere else, a rule's own set on its site, none on manifest sites", () => {
  const cache = createRuleCache();
  cache.load({rules: [
    {site: "site-a.test", categories: {statistics: "deny"}},  // same as the defaults
    {site: "open.test", mode: "allow-all"},
    {site: "shop.test", categories: {marketing: "allow"}},
  ]});
  const regs = guardRegistrations(cache, ["kk.dk"]);
  assert.deepEqual(regs.map((r) => r.id), ["cw-guard-statistics-marketing", "cw-guard-statistics"]);
  const [all, shop] = regs;
  assert.deepEqual(all.matches, ["http://*/*", "https://*/*"]);
  assert.deepEqual(all.excludeMatches, ["*://*.open.test/*", "*://*.shop.test/*", "*://*.kk.dk/*"]);
  assert.deepEqual(all.js, ["guard/deny-statistics.js", "guard/deny-marketing.js", "guard/catalogue-names.js",
                            "guard/guard.js"]);
  assert.equal(all.world, "MAIN");
  assert.equal(all.runAt, "document_start");
  assert.deepEqual(shop.matches, ["*://*.shop.test/*"]);
  assert.deepEqual(shop.excludeMatches, ["*://*.kk.dk/*"]);

  cache.load({settings: {categories: {statistics: "allow", marketing: "allow"}}, rules: []});
  assert.deepEqual(guardRegistrations(cache, []), []);
});

// The scripting API over the registrations `registered()` returns; changes are noted in `calls`.
function fakeScripting(registered, calls) {
  return {
    getRegisteredContentScripts: async () => registered(),
    unregisterContentScripts: async ({ids}) => calls.push(["unregister", ids]),
    updateContentScripts: async (s) => calls.push(["update", s.map((x) => x.id)]),
    registerContentScripts: async (s) => calls.push(["register", s.map((x) => x.id)]),
  };
}

test("installGuards touches only what differs", async () => {
  const calls = [];
  let registered = [];
  const scripting = fakeScripting(() => registered, calls);
  const cache = createRuleCache();
  const wanted = guardRegistrations(cache, []);
  await installGuards(scripting, wanted);
  assert.deepEqual(calls, [["register", ["cw-guard-statistics-marketing"]]]);
  calls.length = 0;
  registered = [...wanted, {id: "cw-guard-marketing", js: [], matches: []}, {id: "someone-else", js: []}];
  await installGuards(scripting, wanted);
  assert.deepEqual(calls, [["unregister", ["cw-guard-marketing"]]]);
  calls.length = 0;
  registered = [{...wanted[0], excludeMatches: ["*://*.x.test/*"]}];
  await installGuards(scripting, wanted);
  assert.deepEqual(calls, [["update", ["cw-guard-statistics-marketing"]]]);
});

// --- sites with a manifest -----------------------------------------------------------------

// Whether a write of `name` survives on a page with these names and denied purposes.
function kept(name, denied, options) {
  const {document, jar} = page(denied, options);
  document.cookie = `${name}=1; Path=/`;
  return jar.has(name);
}

const borger = {names: "guard/manifest-borger.dk.js"};
const precedence = [
  // AMCV_ is statistics in the catalogue (Adobe Analytics' visitor id, issue 18) and in
  // borger.dk's manifest.
  {name: "AMCV_1234%40AdobeOrg", denied: ["marketing"], catalogue: true, site: true},
  {name: "AMCV_1234%40AdobeOrg", denied: ["statistics"], catalogue: false, site: false},
  // Named only by the manifest.
  {name: "siteimproveses", denied: ["statistics"], catalogue: true, site: false},
  {name: "SegmentID_kommune", denied: ["functional"], catalogue: true, site: false},
  {name: "CookieInformationConsent", denied: [...GUARDED], catalogue: true, site: true},
  // The manifest does not name it: the catalogue's purpose holds there too.
  {name: "_gid", denied: ["statistics"], catalogue: false, site: false},
  {name: "_gat_pro", denied: ["statistics"], catalogue: true, site: true},
  {name: "cart", denied: [...GUARDED], catalogue: true, site: true},
];
for (const {name, denied, catalogue, site} of precedence) {
  test(`${name} with ${denied.join("+")} denied: ${catalogue ? "kept" : "dropped"} elsewhere, ` +
       `${site ? "kept" : "dropped"} on borger.dk`, () => {
    assert.equal(kept(name, denied), catalogue);
    assert.equal(kept(name, denied, borger), site);
  });
}

const CATALOGUE_TEXT = JSON.stringify({
  columns: ["name", "match", "domain", "domainRequired", "category", "platform", "retention"],
  entries: [
    ["trk", "exact", "", 0, "marketing", "A", "1 day"],
    ["trk_", "prefix", "", 0, "marketing", "A", "1 day"],
    ["vis", "exact", "", 0, "marketing", "B", "1 day"],
    ["vis", "exact", "example.dk", 0, "statistics", "B", "1 day"],
    ["own", "exact", "vendor.com", 1, "statistics", "C", "1 day"],
    ["far", "exact", "vendor.com", 0, "statistics", "C", "1 day"],
    ["sess_x", "exact", "", 0, "statistics", "D", "1 day"],
  ],
});
const manifestText = (cookies, thirdParties = []) => JSON.stringify({
  id: "example.dk", site: "example.dk", hosts: ["example.dk"], cookies, thirdParties});
const declared = (name, category, extra = {}) => ({name, category, ...extra});

test("a manifest list: the manifest before the catalogue, the catalogue entry chosen for the site", () => {
  const namesText = generateManifest(CATALOGUE_TEXT, manifestText([
    declared("trk", "statistics"),
    declared("sess", "necessary", {match: "prefix"}),
    declared("trk_keep", "necessary"),
  ]));
  const on = (name, denied) => kept(name, denied, {names: "site.js", namesText, catalogueText: generate(CATALOGUE_TEXT)});
  assert.equal(on("trk", ["marketing"]), true, "the manifest's purpose, not the catalogue's");
  assert.equal(on("trk", ["statistics"]), false);
  assert.equal(on("trk_1", ["marketing"]), false, "a catalogue prefix the manifest does not shadow");
  assert.equal(on("trk_keep", ["marketing"]), true, "a manifest's exact name before a catalogue prefix");
  assert.equal(on("sess_x", ["statistics"]), true, "a manifest prefix before a catalogue exact name");
  assert.equal(on("vis", ["statistics"]), false, "the catalogue's entry for the site's own domain");
  assert.equal(on("vis", ["marketing"]), true);
  assert.equal(on("own", [...GUARDED]), true, "an entry only for its own (other) domain does not apply");
  assert.equal(on("far", ["statistics"]), false, "an entry for another domain that does not require it");
});

test("a manifest list leaves names whose purpose depends on the cookie's domain to the host", () => {
  const limited = generateManifest(CATALOGUE_TEXT, manifestText([
    declared("trk", "necessary", {domain: "login.example.dk"}),
    declared("vis", "marketing", {domain: "example.dk"}),
    declared("pre_", "marketing", {match: "prefix", domain: "shop.example.dk"}),
    declared("other", "marketing", {domain: "elsewhere.dk"}),
  ]));
  const on = (name, denied, namesText = limited) => kept(name, denied, {names: "site.js", namesText,
                                                                         catalogueText: generate(CATALOGUE_TEXT)});
  assert.equal(on("trk", ["marketing"]), true, "limited to part of the site: ask");
  assert.equal(on("pre_1", ["marketing"]), true);
  assert.equal(on("vis", ["marketing"]), false, "limited to the whole site: it applies");
  assert.equal(on("other", ["marketing"]), true, "another site's entry does not apply");
  // A declared third party inside the site: the host judges undeclared names by their domain.
  const inside = generateManifest(CATALOGUE_TEXT, manifestText([declared("vis", "statistics")],
                                                              [{domain: "cdn.example.dk", category: "marketing"}]));
  assert.equal(on("vis", ["statistics"], inside), false);
  assert.equal(on("trk", ["marketing"], inside), true);
  const outside = generateManifest(CATALOGUE_TEXT, manifestText([], [{domain: "vendor.com", category: "statistics"}]));
  assert.equal(on("trk", ["marketing"], outside), false);
});

// What manifests.list says of the shipped manifests.
const listed = (site, extra = {}) => {
  const {names, ...summary} = SHIPPED_GUARDS.find((g) => g.site === site);
  assert.ok(names);
  return {...summary, origin: "shipped", publisher: "x", policyUrl: "https://x", ...extra};
};

test("registrations: a shipped manifest's site gets its own list, other manifest sites none", () => {
  const cache = createRuleCache();
  cache.load({rules: [{site: "kk.dk", categories: {marketing: "allow"}}]});
  const regs = guardRegistrations(cache, [listed("borger.dk"), listed("kk.dk"), {site: "mine.dk", origin: "user"}]);
  assert.deepEqual(regs.map((r) => r.id), ["cw-guard-statistics-marketing", "cw-guard-site-borger.dk",
                                           "cw-guard-site-kk.dk"]);
  const [all, borgerReg, kk] = regs;
  assert.deepEqual(all.excludeMatches, ["*://*.borger.dk/*", "*://*.kk.dk/*", "*://*.mine.dk/*"]);
  assert.deepEqual(borgerReg.matches, ["*://*.borger.dk/*"]);
  assert.equal(borgerReg.excludeMatches, undefined);
  assert.deepEqual(borgerReg.js, ["guard/deny-statistics.js", "guard/deny-marketing.js", "guard/catalogue-names.js",
                                  "guard/manifest-borger.dk.js", "guard/guard.js"]);
  assert.deepEqual(kk.js, ["guard/deny-statistics.js", "guard/catalogue-names.js", "guard/manifest-kk.dk.js",
                           "guard/guard.js"]);
  assert.equal(borgerReg.world, "MAIN");

  // The host uses another manifest for the site (a user's, or a different version): no list.
  cache.load({rules: []});
  for (const manifests of [[listed("borger.dk", {origin: "user"})], [listed("borger.dk", {reviewed: "2020-01-01"})],
                           [listed("borger.dk", {cookies: 99})], ["borger.dk"]]) {
    const ids = guardRegistrations(cache, manifests).map((r) => r.id);
    assert.deepEqual(ids, ["cw-guard-statistics-marketing"], JSON.stringify(manifests));
  }
  cache.load({rules: [{site: "borger.dk", mode: "allow-all"}]});
  assert.deepEqual(guardRegistrations(cache, [listed("borger.dk")]).map((r) => r.id),
                   ["cw-guard-statistics-marketing"]);
});

test("installGuards: a rule change on a manifest site updates only its registration", async () => {
  const cache = createRuleCache();
  let registered = guardRegistrations(cache, [listed("borger.dk"), listed("kk.dk")]);
  const calls = [];
  const scripting = fakeScripting(() => registered, calls);
  assert.deepEqual(await installGuards(scripting, registered), {stale: 0, changed: 0, added: 0});
  cache.load({rules: [{site: "borger.dk", categories: {statistics: "allow"}}]});
  await installGuards(scripting, guardRegistrations(cache, [listed("borger.dk"), listed("kk.dk")]));
  assert.deepEqual(calls, [["update", ["cw-guard-site-borger.dk"]]]);
  calls.length = 0;
  registered = guardRegistrations(cache, [listed("borger.dk"), listed("kk.dk")]);
  cache.load({rules: [{site: "borger.dk", mode: "allow-all"}]});
  await installGuards(scripting, guardRegistrations(cache, [listed("borger.dk"), listed("kk.dk")]));
  assert.deepEqual(calls, [["unregister", ["cw-guard-site-borger.dk"]]]);
});
