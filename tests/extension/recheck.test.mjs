// Judging the jar again after a rule change: which changes start a recheck, which cookies it
// sends, and how it splits a big jar.
import assert from "node:assert/strict";
import {test} from "node:test";
import {createRecheck, recheckScope} from "../../extension/background/recheck.js";
import {judgeStored} from "../../extension/background/judge.js";
import {createContextTracker} from "../../extension/background/context.js";

const DEFAULTS = {categories: {statistics: "deny", marketing: "deny"}, thirdParty: "block", lifetime: "keep"};
const withRule = (rule, settings = DEFAULTS) => ({settings, rules: rule ? [{site: "kk.dk", ...rule}] : []});
const withSettings = (change) => ({settings: {...DEFAULTS, ...change,
                                              categories: {...DEFAULTS.categories, ...change.categories}},
                                   rules: []});
const SITE_ONLY = {all: false, sites: ["kk.dk"]};
const NOTHING = {all: false, sites: []};
const EVERYTHING = {all: true, sites: []};

const scopeCases = [
  ["a site denies statistics it had allowed", withRule({categories: {statistics: "allow"}}),
   withRule({categories: {statistics: "deny"}}), SITE_ONLY],
  ["a new site rule denies preferences", withRule(null), withRule({categories: {preferences: "deny"}}), SITE_ONLY],
  ["a site allows statistics again", withRule({categories: {statistics: "deny"}}),
   withRule({categories: {statistics: "allow"}}), NOTHING],
  ["a site rule that only repeats the default", withRule(null), withRule({categories: {statistics: "deny"}}), NOTHING],
  ["necessary cannot be denied", withRule(null), withRule({categories: {necessary: "deny"}}), NOTHING],
  ["a site goes block-all", withRule({mode: "default"}), withRule({mode: "block-all"}), SITE_ONLY],
  ["a block-all site denies one purpose less", withRule({mode: "block-all"}), withRule({mode: "default"}), NOTHING],
  ["an allow-all site goes back to the defaults", withRule({mode: "allow-all"}), withRule({mode: "default"}), SITE_ONLY],
  ["an allow-all rule is deleted", withRule({mode: "allow-all"}), withRule(null), SITE_ONLY],
  ["a site goes allow-all", withRule({categories: {statistics: "deny"}}), withRule({mode: "allow-all"}), NOTHING],
  ["a site keeps cookies for the session only", withRule(null), withRule({lifetime: "session"}), SITE_ONLY],
  ["a site deletes cookies on leaving (decided later, not now)", withRule(null), withRule({lifetime: "leave"}), NOTHING],
  ["a site blocks the third parties the default allows", withRule(null, {...DEFAULTS, thirdParty: "allow"}),
   withRule({thirdParty: "block"}, {...DEFAULTS, thirdParty: "allow"}), SITE_ONLY],
  ["a site's third-party exception is withdrawn", withRule({thirdParty: "allow"}), withRule({thirdParty: "default"}), SITE_ONLY],
  ["a domain leaves the site's allow-list", withRule({allowThirdParty: ["mitid.dk", "nets.eu"]}),
   withRule({allowThirdParty: ["nets.eu"]}), SITE_ONLY],
  ["a domain joins the site's allow-list", withRule({allowThirdParty: ["nets.eu"]}),
   withRule({allowThirdParty: ["mitid.dk", "nets.eu"]}), NOTHING],
  ["the settings deny preferences everywhere", withSettings({}), withSettings({categories: {preferences: "deny"}}), EVERYTHING],
  ["the settings keep cookies for the session only", withSettings({}), withSettings({lifetime: "session"}), EVERYTHING],
  ["the settings allow statistics", withSettings({}), withSettings({categories: {statistics: "allow"}}), NOTHING],
  ["the settings block third parties", withSettings({thirdParty: "allow"}), withSettings({thirdParty: "block"}), EVERYTHING],
  ["nothing changed", withRule({mode: "block-all"}), withRule({mode: "block-all"}), NOTHING],
];

for (const [name, before, after, expected] of scopeCases) {
  test(`recheck scope: ${name}`, () => {
    assert.deepEqual(recheckScope(before, after), expected);
  });
}

test("recheck scope: a global change that a site's own rule overrides still rechecks that site", () => {
  const before = {settings: {...DEFAULTS, thirdParty: "allow"}, rules: [{site: "kk.dk", mode: "allow-all"},
                                                                      {site: "dr.dk", thirdParty: "allow"}]};
  // Only dr.dk's rule tightens when its own exception goes; the settings stay as they were.
  const after = {settings: before.settings, rules: [{site: "kk.dk", mode: "allow-all"}, {site: "dr.dk", thirdParty: "block"}]};
  assert.deepEqual(recheckScope(before, after), {all: false, sites: ["dr.dk"]});
});

const cookie = (name, domain, extra = {}) => ({name, domain, path: "/", hostOnly: !domain.startsWith("."),
                                               secure: true, httpOnly: false, session: false,
                                               expirationDate: 2e9, storeId: "0", value: "secret", ...extra});

// A recheck against a fake jar and a fake host that denies `deny` (names) and keeps the rest.
function harness(cookies, {deny = ["_ga"], pause} = {}) {
  const requests = [];
  const enforced = [];
  const remembered = [];
  const context = createContextTracker();
  let pauses = 0;
  const recheck = createRecheck({
    jar: {all: async () => cookies},
    context,
    judge: (entries) => judgeStored({
      ask: async (verb, events) => {
        assert.equal(verb, "cookie.recheck");
        requests.push(events);
        return events.map((e) => ({action: deny.includes(e.cookie.name) ? "remove" : "allow"}));
      },
      enforce: async (verdict, c, tabId) => enforced.push([verdict.action, c.name, c.domain, tabId]),
      remember: (site, c, verdict) => remembered.push([site, c.name, verdict?.action]),
    }, "cookie.recheck", entries),
    pause: pause ?? (async () => { pauses += 1; }),
  });
  return {recheck, requests, enforced, remembered, context, pauses: () => pauses};
}

test("a site's recheck sends only the cookies judged against that site, without their values", async () => {
  const jar = [
    cookie("_ga", ".kk.dk"), cookie("sess", "www.kk.dk"), cookie("_ga", ".dr.dk"),
    cookie("_fbp", "vendor.test", {partitionKey: {topLevelSite: "https://www.kk.dk"}}),
    cookie("_fbp", "vendor.test", {partitionKey: {topLevelSite: "https://dr.dk"}}),
    cookie("trk", "tracker.test"), // a third party seen on kk.dk's page (below)
  ];
  const h = harness(jar, {deny: ["_ga", "_fbp", "trk"]});
  h.context.requestSeen({tabId: 4, url: "https://www.kk.dk/", type: "main_frame"});
  h.context.requestSeen({tabId: 4, url: "https://tracker.test/pixel", type: "image"});
  const totals = await h.recheck.request({all: false, sites: ["kk.dk"]});
  assert.deepEqual(totals, {checked: 4, taken: 3});
  assert.equal(h.requests.length, 1);
  assert.deepEqual(h.requests[0].map((e) => [e.cookie.name, e.cookie.domain, e.site]),
                   [["_ga", ".kk.dk", "www.kk.dk"], ["sess", "www.kk.dk", "www.kk.dk"],
                    ["_fbp", "vendor.test", "www.kk.dk"], ["trk", "tracker.test", "www.kk.dk"]]);
  assert.ok(h.requests[0].every((e) => e.removed === false && !("value" in e.cookie)));
  assert.deepEqual(h.enforced, [["remove", "_ga", ".kk.dk", 4], ["remove", "_fbp", "vendor.test", undefined],
                                ["remove", "trk", "tracker.test", 4]]);
  assert.equal(h.remembered.length, 4, "every verdict goes to the verdict cache");
});

test("a cookie seen on no page is judged against its own domain", async () => {
  const h = harness([cookie("_ga", ".kk.dk"), cookie("_ga", ".notkk.dk"), cookie("_ga", "kk.dk.evil.test")]);
  await h.recheck.request({all: false, sites: ["kk.dk"]});
  assert.deepEqual(h.requests.flat().map((e) => [e.cookie.domain, e.site]), [[".kk.dk", null]]);
});

test("a whole-jar recheck goes in chunks of at most 200, one slice of the jar per turn", async () => {
  const jar = Array.from({length: 450}, (_, i) => cookie(i % 3 === 0 ? "_ga" : `c${i}`, `.s${i}.test`));
  const h = harness(jar);
  const totals = await h.recheck.request({all: true, sites: []});
  assert.deepEqual(h.requests.map((r) => r.length), [200, 200, 50]);
  assert.equal(h.pauses(), 2, "the event loop gets a turn between slices");
  assert.deepEqual(totals, {checked: 450, taken: 150});
  assert.equal(h.enforced.length, 150);
});

test("a site's cookies scattered over a big jar go to the host in one request", async () => {
  const jar = Array.from({length: 1000}, (_, i) => cookie(`c${i}`, i % 250 === 0 ? ".kk.dk" : `.s${i}.test`));
  const h = harness(jar);
  const totals = await h.recheck.request({all: false, sites: ["kk.dk"]});
  assert.deepEqual(h.requests.map((r) => r.map((e) => e.cookie.name)), [["c0", "c250", "c500", "c750"]]);
  assert.deepEqual(totals, {checked: 4, taken: 0});
  assert.equal(h.pauses(), 4, "still one slice of the jar per turn");
});

test("a change that arrives during a recheck runs after it; an empty scope does nothing", async () => {
  const jar = [cookie("_ga", ".kk.dk"), cookie("_ga", ".dr.dk"), cookie("_ga", ".x.dk")];
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  const h = harness(jar, {pause: () => gate});
  const nothing = await h.recheck.request({all: false, sites: []});
  assert.deepEqual(nothing, {checked: 0, taken: 0});
  assert.equal(h.requests.length, 0);
  const first = h.recheck.request({all: false, sites: ["kk.dk"]});
  const second = h.recheck.request({all: false, sites: ["dr.dk"]});
  const third = h.recheck.request({all: false, sites: ["x.dk"]});
  assert.equal(first, second, "one drain answers every request made while it runs");
  release();
  await third;
  // kk.dk first; dr.dk and x.dk, asked for meanwhile, together in the next run.
  assert.deepEqual(h.requests.map((r) => r.map((e) => e.cookie.domain)), [[".kk.dk"], [".dr.dk", ".x.dk"]]);
  await h.recheck.idle();
});

test("a host that cannot answer ends the recheck with an error and lets the next one run", async () => {
  let fail = true;
  const recheck = createRecheck({
    jar: {all: async () => [cookie("_ga", ".kk.dk")]},
    context: createContextTracker(),
    judge: (entries) => judgeStored({
      ask: async (_verb, events) => {
        if (fail) throw new Error("host gone");
        return events.map(() => ({action: "remove"}));
      },
      enforce: async () => {},
      remember: () => {},
    }, "cookie.recheck", entries),
  });
  await assert.rejects(recheck.request({all: true, sites: []}), /host gone/);
  fail = false;
  assert.deepEqual(await recheck.request({all: true, sites: []}), {checked: 1, taken: 1});
});
