// The document.cookie guard: its generated name list is up to date with the catalogue, it drops
// exactly the writes of denied names (run in a fresh context with a fake document), and its
// registrations follow the rules.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {test} from "node:test";
import vm from "node:vm";
import {CATALOGUE, OUTPUT, generate} from "../../tools/guard/generate.mjs";
import {guardRegistrations, installGuards} from "../../extension/background/guard-scripts.js";
import {createRuleCache} from "../../extension/background/rule-cache.js";

const extension = join(import.meta.dirname, "../../extension");

test("extension/guard/catalogue-names.js matches the catalogue (node tools/guard/generate.mjs)", () => {
  assert.equal(readFileSync(OUTPUT, "utf8"), generate(readFileSync(CATALOGUE, "utf8")));
});

// A page world with a cookie jar behind Document.prototype.cookie, then the guard's scripts.
function page(denied) {
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
  const context = vm.createContext({Document, CookieStore});
  const files = [...denied.map((p) => `guard/deny-${p}.js`), "guard/catalogue-names.js", "guard/guard.js"];
  for (const file of files) vm.runInContext(readFileSync(join(extension, file), "utf8"), context);
  const document = new Document();
  return {document, jar, stored, cookieStore: new CookieStore(), context};
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

test("installGuards touches only what differs", async () => {
  const calls = [];
  let registered = [];
  const scripting = {
    getRegisteredContentScripts: async () => registered,
    unregisterContentScripts: async ({ids}) => calls.push(["unregister", ids]),
    updateContentScripts: async (s) => calls.push(["update", s.map((x) => x.id)]),
    registerContentScripts: async (s) => calls.push(["register", s.map((x) => x.id)]),
  };
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
