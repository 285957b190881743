// The background core when the rules change (a push from the host, or our own popup): cookies
// already in the jar that the new rules deny leave it, through the host and the enforcer, and
// the enforcer's own removals are not reported back as new changes.
import assert from "node:assert/strict";
import {test} from "node:test";
import {createWarden} from "../../extension/background/warden.js";
import {cookieKey} from "../../extension/background/cookie-facts.js";
import {fakeBrowserApi, fakePort, settle} from "./fakes.mjs";

const SITE = "www.stats.test";

// A browser whose cookie jar fires onChanged into the warden, as the real one does.
function fakeBrowser(port, cookies) {
  const jar = new Map(cookies.map((c) => [cookieKey(c), {...c}]));
  let warden = null;
  const find = (d) => [...jar.values()].find((c) => c.name === d.name &&
    d.url.includes(c.domain.replace(/^\./, "")) && (c.storeId ?? "0") === (d.storeId ?? "0"));
  const api = fakeBrowserApi(port, {
    remove: async (details) => {
      const c = find(details);
      if (!c) return null;
      jar.delete(cookieKey(c));
      queueMicrotask(() => warden?.cookieChanged({removed: true, cause: "explicit", cookie: c}));
      return {name: c.name};
    },
    set: async (details) => {
      const old = find(details);
      const next = {...old, session: details.expirationDate === undefined};
      delete next.expirationDate;
      jar.set(cookieKey(next), next);
      queueMicrotask(() => {
        warden?.cookieChanged({removed: true, cause: "overwrite", cookie: old});
        warden?.cookieChanged({removed: false, cause: "explicit", cookie: next});
      });
      return next;
    },
    getAll: async (filter) => (filter.partitionKey ? [] : [...jar.values()]),
    getAllCookieStores: async () => [{id: "0"}],
  });
  return {api, jar, attach: (w) => { warden = w; }};
}

// A host whose site rule for stats.test is `rule.current`; it removes what that rule denies
// (statistics names start with "_ga"), and keeps the rest.
function fakeHost(rule) {
  const verdict = (e) => {
    const denied = rule.current.mode === "block-all" ||
      (rule.current.categories?.statistics === "deny" && e.cookie.name.startsWith("_ga"));
    if (denied) return {action: "remove", category: "statistics", rule: "site:stats.test/statistics"};
    if (rule.current.lifetime === "session" && !e.cookie.session) return {action: "session", rule: "site:stats.test/lifetime-session"};
    return {action: "allow", category: "necessary", rule: "global/necessary"};
  };
  return (m) => {
    if (m.type === "hello") return {id: m.id, ok: true, protocol: 1, host: "cookie-warden-host", version: "0.1.0"};
    if (m.type === "settings.get") return {id: m.id, ok: true, settings: rule.settings ?? {}};
    if (m.type === "rules.list") return {id: m.id, ok: true, rules: [{site: "stats.test", ...rule.current}]};
    if (m.type === "rules.set") rule.current = m.rule;
    if (m.type === "cookie.recheck" || m.type === "cookie.changed" || m.type === "cookie.incoming") {
      return {id: m.id, ok: true, logged: true, verdicts: m.events.map(verdict)};
    }
    return {id: m.id, ok: true};
  };
}

const stored = (name, extra = {}) => ({name, domain: ".stats.test", path: "/", hostOnly: false, secure: true,
                                       httpOnly: false, session: false, expirationDate: 2e9, storeId: "0",
                                       value: "v", ...extra});

async function until(condition, what) {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 2));
  assert.ok(condition(), what);
}

async function started(isFirefox, cookies) {
  const rule = {current: {categories: {statistics: "allow"}}};
  const port = fakePort(fakeHost(rule));
  const browser = fakeBrowser(port, cookies);
  const warden = createWarden({api: browser.api, isFirefox});
  browser.attach(warden);
  await warden.start();
  await until(() => warden.parts.host.status.state === "ready", "the fake host is connected");
  // The reconcile after connecting judges the jar once (under the rule that allows statistics).
  await until(() => port.sent.some((m) => m.type === "cookie.changed"), "the jar was reconciled");
  await settle();
  warden.requestSeen({tabId: 2, url: `https://${SITE}/`, type: "main_frame"});
  const sent = (type) => port.sent.filter((m) => m.type === type);
  const change = async (next) => {
    rule.current = next;
    port.onMessage.fire({type: "rules.changed"});
    await until(() => warden.parts.cache.ruleFor(SITE) && JSON.stringify(warden.parts.cache.ruleFor(SITE)) ===
                JSON.stringify({site: "stats.test", ...next}), "the new rule is loaded");
    await warden.parts.recheck.idle();
    await settle();
  };
  // Cookie changes reach the host in batches, in order: once a marker change has been sent,
  // every change reported before it has been sent too.
  let markers = 0;
  const reported = async () => {
    const name = `marker${markers += 1}`;
    warden.cookieChanged({removed: false, cause: "explicit", cookie: stored(name, {domain: "marker.test", session: true})});
    await until(() => sent("cookie.changed").some((m) => m.events.some((e) => e.cookie.name === name)),
                "the marker reached the host");
    return sent("cookie.changed").flatMap((m) => m.events).filter((e) => !e.cookie.name.startsWith("marker"));
  };
  const changeSettings = async (settings) => {
    rule.settings = settings;
    port.onMessage.fire({type: "rules.changed"});
    await until(() => JSON.stringify(warden.parts.cache.settings.categories) ===
                JSON.stringify({...warden.parts.cache.settings.categories, ...settings.categories}) &&
                warden.parts.cache.settings.lifetime === (settings.lifetime ?? "keep"), "the new settings are loaded");
    await warden.parts.recheck.idle();
    await settle();
  };
  return {port, warden, jar: browser.jar, sent, change, changeSettings, reported};
}

const jarNames = (jar) => [...jar.values()].map((c) => c.name).sort();

for (const isFirefox of [false, true]) {
  const browserName = isFirefox ? "Firefox" : "Chromium";

  test(`${browserName}: denying statistics on a site removes its statistics cookies now, once`, async () => {
    const {warden, jar, sent, change, reported} = await started(isFirefox, [stored("_ga"), stored("_gid_x"), stored("PHPSESSID")]);
    const reportedBefore = (await reported()).length;
    await change({categories: {statistics: "deny"}});
    assert.deepEqual(jarNames(jar), ["PHPSESSID", "_gid_x"]);
    const rechecks = sent("cookie.recheck");
    assert.equal(rechecks.length, 1);
    assert.deepEqual(rechecks[0].events.map((e) => e.cookie.name).sort(), ["PHPSESSID", "_ga", "_gid_x"]);
    assert.equal((await reported()).length, reportedBefore, "our own removal is not reported as a change");
    if (isFirefox) {
      // The header filter knows at once that _ga may not be sent to the site any more.
      const reply = warden.filterRequest({tabId: 2, url: `https://${SITE}/x`, type: "xmlhttprequest",
                                          requestHeaders: [{name: "Cookie", value: "_ga=1; PHPSESSID=2"}]});
      assert.deepEqual(reply.requestHeaders, [{name: "Cookie", value: "PHPSESSID=2"}]);
    }
  });

  test(`${browserName}: allowing statistics again removes nothing and asks nothing`, async () => {
    const {jar, sent, change} = await started(isFirefox, [stored("_ga"), stored("PHPSESSID")]);
    await change({categories: {statistics: "allow"}, lifetime: "leave"});
    assert.deepEqual(jarNames(jar), ["PHPSESSID", "_ga"]);
    assert.equal(sent("cookie.recheck").length, 0);
  });

  test(`${browserName}: block-all empties the site; session-only makes its cookies session cookies`, async () => {
    const other = {...stored("_ga"), domain: ".other.test"};
    const {jar, sent, change, reported} = await started(isFirefox, [stored("PHPSESSID"), stored("pref", {session: true}), other]);
    const reportedBefore = (await reported()).length;
    await change({lifetime: "session"});
    assert.deepEqual([...jar.values()].map((c) => [c.name, c.domain, c.session]).sort(),
                     [["PHPSESSID", ".stats.test", true], ["_ga", ".other.test", false], ["pref", ".stats.test", true]]);
    assert.equal((await reported()).length, reportedBefore, "the session copy we wrote is not reported as a change");
    await change({mode: "block-all"});
    assert.deepEqual(jarNames(jar), ["_ga"], "only the other site's cookie stays");
    assert.ok(sent("cookie.recheck").every((m) => m.events.every((e) => e.cookie.domain === ".stats.test")));
  });
}

test("a settings change that takes something away rechecks the whole jar; one that gives rechecks nothing", async () => {
  const other = {...stored("_ga"), domain: ".other.test"};
  const {sent, changeSettings} = await started(false, [stored("PHPSESSID"), other]);
  await changeSettings({categories: {statistics: "allow"}});
  assert.equal(sent("cookie.recheck").length, 0, "allowing more asks nothing");
  await changeSettings({categories: {statistics: "allow", preferences: "deny"}});
  assert.deepEqual(sent("cookie.recheck").flatMap((m) => m.events.map((e) => e.cookie.domain)).sort(),
                   [".other.test", ".stats.test"]);
});

test("a rule changed in our own popup (no push comes back) is rechecked like a pushed one", async () => {
  const {warden, jar, sent} = await started(false, [stored("_ga"), stored("PHPSESSID")]);
  // What page-messages.js does for rules.set: forward it, then call rulesChanged().
  await warden.parts.host.request("rules.set", {site: "stats.test", rule: {categories: {statistics: "deny"}}});
  await warden.pages.rulesChanged();
  await warden.parts.recheck.idle();
  await settle();
  assert.equal(sent("cookie.recheck").length, 1);
  assert.deepEqual(jarNames(jar), ["PHPSESSID"]);
  assert.equal(warden.parts.verdicts.deniedOn(SITE, "_ga"), true, "the verdict cache holds the new verdict");
});
