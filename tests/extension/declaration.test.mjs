// The page-world declaration reader (declaration-reader.js) on fixtures in the platforms' own
// shapes, malformed and hostile ones, and the background's check (declaration-check.js) held to
// the same answers as schema/declaration.schema.json.
import {test} from "node:test";
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {readDeclaration} from "../../extension/background/declaration-reader.js";
import {checkDeclaration} from "../../extension/background/declaration-check.js";

const fixture = (name) => JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8"));
const schema = JSON.parse(readFileSync(new URL("../../schema/declaration.schema.json", import.meta.url), "utf8"));
const {default: Ajv} = await import("ajv");
const validate = new Ajv({strict: false, allErrors: true}).compile(schema);

function assertValid(declaration) {
  assert.ok(validate(declaration), JSON.stringify(validate.errors));
  assert.ok(checkDeclaration(declaration).declaration, checkDeclaration(declaration).error);
}

test("Cookiebot: every table, its group, first host of the provider cell, purposes without markup", () => {
  const got = readDeclaration({}, {CookieConsentDialog: fixture("cookiebot-dialog.json")});
  assertValid(got);
  assert.equal(got.platform, "cookiebot");
  const by = Object.fromEntries(got.cookies.map((c) => [c.name, c]));
  assert.deepEqual(by.CookieConsent, {name: "CookieConsent", group: "necessary", domain: "www.shop-example.test",
                                      purpose: "Stores the visitor's consent choice for this domain."});
  assert.equal(by._ga.group, "necessary");
  assert.equal(by.zz_visits.group, "statistics");
  assert.equal(by.ui_mode.group, "preference");
  assert.equal(by.ui_mode.purpose, "Remembers dark or light mode.");
  assert.equal(by["_pk_id#"].group, "statistics");
  assert.equal(by.collect.domain, "metrics.example-analytics.test");
  assert.equal(by.IDE.group, "advertising");
  assert.equal(by.mystery_x.group, "unclassified", "the [x3] count mark is not part of the name");
  assert.equal(by.mystery_x.purpose, undefined, "an empty purpose is left out");
  assert.equal(got.cookies.length, 9);
});

test("Cookiebot: also found as window.Cookiebot.dialog", () => {
  const got = readDeclaration({}, {Cookiebot: {dialog: {cookieTableStatistics: [["a1", "x.test", "p", "1 day", "HTTP"]]}}});
  assert.deepEqual(got, {platform: "cookiebot", cookies: [{name: "a1", group: "statistics", domain: "x.test", purpose: "p"}]});
});

test("OneTrust: groups by CustomGroupId, sub-groups under their parent, hosts' cookies, policy address", () => {
  const data = fixture("onetrust-domaindata.json");
  const got = readDeclaration({}, {OneTrust: {GetDomainData: () => data}});
  assertValid(got);
  assert.equal(got.platform, "onetrust");
  assert.equal(got.policyUrl, "https://www.news-example.test/cookies");
  const by = Object.fromEntries(got.cookies.map((c) => [c.name, c]));
  assert.equal(by.OptanonConsent.group, "C0001");
  assert.deepEqual(by.nx_visit, {name: "nx_visit", group: "C0002", domain: "news-example.test", purpose: "Counts visits."});
  assert.equal(by.ea_uid.domain, "stats.example-analytics.test");
  assert.equal(by.font_size.group, "C0003");
  assert.equal(by._fbp.group, "C0004");
  assert.deepEqual(by.adid, {name: "adid", group: "C0004", domain: "ads.example-ads.test", purpose: "Ad id."});
  assert.equal(by.sm_track.group, "C0005");
});

test("no platform, or a platform with nothing declared: null", () => {
  assert.equal(readDeclaration({}, {}), null);
  assert.equal(readDeclaration({}, {CookieConsentDialog: {cookieTableNecessary: ""}}), null);
  assert.equal(readDeclaration({}, {OneTrust: {GetDomainData: () => ({Groups: []})}}), null);
});

test("malformed: wrong types are skipped row by row, never thrown", () => {
  const dialog = {
    cookieTableNecessary: [null, 7, "row", [42, "x.test"], [{}, "x.test"], ["ok_1", 12, ["p"], "", ""]],
    cookieTableStatistics: {length: 3, 0: ["not_an_array_table"]},
    cookieTableAdvertising: [["has space", "x.test"], ["semi;colon", "x.test"], ["eq=sign", "x.test"], ["", "x.test"]],
  };
  const got = readDeclaration({}, {CookieConsentDialog: dialog});
  assert.deepEqual(got, {platform: "cookiebot", cookies: [{name: "ok_1", group: "necessary"}]});
  assert.equal(readDeclaration({}, {OneTrust: {GetDomainData: () => ({Groups: "nope"})}}), null);
  assert.equal(readDeclaration({}, {OneTrust: {GetDomainData: () => { throw new Error("boom"); }}}), null);
});

test("hostile: throwing getters, control characters, huge arrays, long texts, bad hosts", () => {
  const trap = {};
  Object.defineProperty(trap, "cookieTableNecessary", {get() { throw new Error("trap"); }});
  assert.equal(readDeclaration({}, {CookieConsentDialog: trap}), null);

  const controls = readDeclaration({}, {CookieConsentDialog: {cookieTableNecessary: [
    ["bad\u0000name", "x.test", "p"], ["bad\nname", "x.test", "p"], ["tab\tname", "x.test", "p"],
    ["good", "x.test", "line one\nline\u0007two\u0000"], ["host_bad", "exa mple.test<script>", "p"],
    ["scheme", "https://www.x.test/path?q", "p"], ["long", "x.test", "w".repeat(5000)],
    ["n".repeat(257), "x.test", "p"]]}});
  assertValid(controls);
  const names = controls.cookies.map((c) => c.name);
  assert.deepEqual(names, ["good", "host_bad", "scheme", "long"]);
  assert.equal(controls.cookies[0].purpose, "line one line two");
  assert.equal(controls.cookies[1].domain, undefined, "an unreadable host is left out");
  assert.equal(controls.cookies[2].domain, "www.x.test");
  assert.ok(controls.cookies[3].purpose.length <= 500);

  // A million rows (and a length that lies): the reader stops at its limits.
  // An array whose length says a billion and whose every row is new: the reader stops at its
  // limit of rows looked at.
  let reads = 0;
  const rows = new Proxy([], {get(target, key) {
    if (key === "length") return 1_000_000_000;
    reads += 1;
    return [`c${String(key)}`, "x.test", "p"];
  }});
  const big = readDeclaration({}, {CookieConsentDialog: {cookieTableStatistics: Array.from({length: 5000}, (_, i) => [`n${i}`, "x.test"])}});
  assertValid(big);
  assert.equal(big.cookies.length, 2000);
  assert.equal(big.truncated, true);
  const lying = readDeclaration({}, {CookieConsentDialog: {cookieTableStatistics: rows}});
  assert.ok(reads <= 20_001, `looked at ${reads} rows`);
  assert.equal(lying.cookies.length, 2000);
  assert.equal(lying.truncated, true);
});

test("waits for the platform's loaded event when its tables are still empty", async () => {
  const listeners = new Map();
  const scope = {
    CookieConsentDialog: {cookieTableNecessary: []},
    addEventListener: (name, fn) => listeners.set(name, fn),
    removeEventListener: (name) => listeners.delete(name),
  };
  const pending = readDeclaration({waitMs: 10_000}, scope);
  assert.ok(pending instanceof Promise);
  scope.CookieConsentDialog.cookieTableNecessary = [["late_one", "x.test", "p"]];
  listeners.get("CookiebotOnDialogInit")();
  const got = await pending;
  assert.equal(got.cookies[0].name, "late_one");
  assert.equal(listeners.size, 0, "every listener is removed");
});

test("the background's check agrees with the schema, case by case", () => {
  const good = {platform: "cookiebot", cookies: [{name: "a", group: "necessary"}]};
  const cases = [
    ["minimal", good, true],
    ["with every field", {platform: "onetrust", policyUrl: "https://x.test/p", truncated: true,
                          cookies: [{name: "a", group: "C0001", domain: "x.test", purpose: "why"}]}, true],
    ["unknown platform", {...good, platform: "acme"}, false],
    ["extra top-level field", {...good, value: "secret"}, false],
    ["extra cookie field", {platform: "cookiebot", cookies: [{name: "a", group: "g", value: "v"}]}, false],
    ["control character in name", {platform: "cookiebot", cookies: [{name: "a\u0001", group: "g"}]}, false],
    ["space in name", {platform: "cookiebot", cookies: [{name: "a b", group: "g"}]}, false],
    ["newline in purpose", {platform: "cookiebot", cookies: [{name: "a", group: "g", purpose: "x\ny"}]}, false],
    ["purpose too long", {platform: "cookiebot", cookies: [{name: "a", group: "g", purpose: "x".repeat(501)}]}, false],
    ["upper-case host", {platform: "cookiebot", cookies: [{name: "a", group: "g", domain: "X.test"}]}, false],
    ["group with a space", {platform: "cookiebot", cookies: [{name: "a", group: "g h"}]}, false],
    ["number as name", {platform: "cookiebot", cookies: [{name: 5, group: "g"}]}, false],
    ["http policy", {...good, policyUrl: "http://x.test"}, false],
    ["too many", {platform: "cookiebot", cookies: Array.from({length: 2001}, (_, i) => ({name: `n${i}`, group: "g"}))}, false],
    ["cookies not a list", {platform: "cookiebot", cookies: {}}, false],
  ];
  for (const [label, value, valid] of cases) {
    assert.equal(validate(value), valid, `schema: ${label}`);
    assert.equal(Boolean(checkDeclaration(value).declaration), valid, `check: ${label}`);
  }
});
