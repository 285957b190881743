// The background core against a fake browser and a fake host: what happens to a cookie when the
// host goes away while its verdict is being asked for (e2e scenario 9 in Firefox).
import assert from "node:assert/strict";
import {test} from "node:test";
import {createWarden} from "../../extension/background/warden.js";
import {fakeBrowserApi, fakePort, settle} from "./fakes.mjs";

const SITE = "www.outage.test";

// A browser API with just what the warden touches; removals are recorded.
function fakeBrowser(port) {
  const removed = [];
  const api = fakeBrowserApi(port, {
    remove: async (details) => { removed.push(details); return details; },
    set: async (details) => details,
    getAll: async () => [],
    getAllCookieStores: async () => [{id: "firefox-default"}],
  });
  return {api, removed};
}

// A host that knows one block-all site and never answers the cookie questions in `hold`.
function hostAnswering(hold) {
  return (m) => {
    if (m.type === "hello") return {id: m.id, ok: true, protocol: 1, host: "cookie-warden-host", version: "0.1.0"};
    if (m.type === "settings.get") return {id: m.id, ok: true, settings: {}};
    if (m.type === "rules.list") return {id: m.id, ok: true, rules: [{site: "outage.test", mode: "block-all"}]};
    if (hold.includes(m.type)) return undefined;
    return {id: m.id, ok: true};
  };
}

async function readyWarden(hold, isFirefox) {
  const port = fakePort(hostAnswering(hold));
  const browser = fakeBrowser(port);
  const warden = createWarden({api: browser.api, isFirefox});
  await warden.start();
  for (let i = 0; i < 20 && warden.parts.host.status.state !== "ready"; i += 1) await settle();
  assert.equal(warden.parts.host.status.state, "ready", "the fake host is connected");
  for (let i = 0; i < 20 && !warden.parts.cache.ruleFor(SITE); i += 1) await settle();
  assert.equal(warden.parts.cache.ruleFor(SITE)?.mode, "block-all", "the rules are loaded");
  warden.requestSeen({tabId: 3, url: `https://${SITE}/`, type: "main_frame"});
  return {port, warden, removed: browser.removed};
}

const cookie = {name: "PHPSESSID", domain: SITE, path: "/", hostOnly: true, secure: true,
                httpOnly: false, session: false, storeId: "firefox-default", value: "x"};

for (const isFirefox of [false, true]) {
  test(`a cookie whose verdict is in flight when the host dies is judged from the cached rules (${isFirefox ? "Firefox" : "Chromium"})`, async () => {
    const {port, warden, removed} = await readyWarden(["cookie.changed"], isFirefox);
    const changed = warden.cookieChanged({cookie, removed: false, cause: "explicit"});
    // The batcher sends after a short timer: wait for the question to reach the host.
    for (let i = 0; i < 200 && !port.sent.some((m) => m.type === "cookie.changed"); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.ok(port.sent.some((m) => m.type === "cookie.changed"), "the cookie was reported to the host");
    port.die("the host died");
    await changed;
    assert.deepEqual(removed.map((r) => r.name), ["PHPSESSID"], "the block-all site's cookie is removed");
  });
}

test("Firefox: a header cookie of a block-all site is kept out of the jar while the host is away", async () => {
  const {port, warden} = await readyWarden([], true);
  port.die("the host died");
  await settle();
  assert.notEqual(warden.parts.host.status.state, "ready");
  const headers = [{name: "Set-Cookie", value: "PHPSESSID=x; Path=/; Secure"}, {name: "Content-Type", value: "text/html"}];
  const reply = await warden.filterResponse({url: `https://${SITE}/`, type: "main_frame", tabId: 3, responseHeaders: headers});
  assert.deepEqual(reply.responseHeaders, [{name: "Content-Type", value: "text/html"}]);
  // A site without a cached rule is left alone: only the reactive path can judge it later.
  const other = await warden.filterResponse({url: "https://www.other.test/", type: "main_frame", tabId: 4, responseHeaders: headers});
  assert.deepEqual(other, {});
});

// What reaches the host: only cookies being stored, and a cookie allowed before only again
// when something but its value or expiry changed (a page setting the same 200 cookies on every
// visit costs no round trips and no log lines).
test("removals are not reported; a cookie allowed before is reported again only when its shape changes", async () => {
  const port = fakePort((m) => {
    if (m.type === "cookie.changed") {
      return {id: m.id, ok: true, verdicts: m.events.map(() => ({action: "allow"}))};
    }
    return hostAnswering([])(m);
  });
  const warden = createWarden({api: fakeBrowser(port).api, isFirefox: false});
  await warden.start();
  for (let i = 0; i < 20 && warden.parts.host.status.state !== "ready"; i += 1) await settle();
  warden.requestSeen({tabId: 5, url: "https://www.allowed.test/", type: "main_frame"});
  const pref = {name: "pref1", domain: "www.allowed.test", path: "/", hostOnly: true, secure: true,
                httpOnly: false, session: false, expirationDate: 1900000000, storeId: "0", value: "a"};
  const reported = () => port.sent.filter((m) => m.type === "cookie.changed")
    .flatMap((m) => m.events.map((e) => `${e.cookie.name}:${e.removed}:${e.cookie.session}`));

  await warden.cookieChanged({cookie: pref, removed: false, cause: "explicit"});
  assert.deepEqual(reported(), ["pref1:false:false"], "a new cookie is reported");
  // The site sets it again with a new value and expiry: an overwrite, then the new cookie.
  await warden.cookieChanged({cookie: pref, removed: true, cause: "overwrite"});
  await warden.cookieChanged({cookie: {...pref, value: "b", expirationDate: 1900000500}, removed: false, cause: "explicit"});
  await warden.cookieChanged({cookie: pref, removed: true, cause: "evicted"});
  await warden.cookieChanged({cookie: {...pref, name: "never-judged"}, removed: true, cause: "expired"});
  assert.deepEqual(reported(), ["pref1:false:false"], "neither the removals nor the same cookie again");
  // Now a session cookie: another shape, judged again (a session-only rule could differ).
  await warden.cookieChanged({cookie: {...pref, session: true, expirationDate: undefined}, removed: false, cause: "explicit"});
  assert.deepEqual(reported(), ["pref1:false:false", "pref1:false:true"]);
  // After a rule change nothing judged before stands.
  warden.parts.verdicts.clear();
  await warden.cookieChanged({cookie: pref, removed: false, cause: "explicit"});
  assert.equal(reported().length, 3);
});

// Firefox applies the DNR rules before webRequest sees a response, so a Set-Cookie line they
// dropped would never be logged: there the blocking header filter drops a third party's
// cookies itself, at once, and reports them to the host (logged as blocked, on the badge).
test("Firefox: a third party's cookie is dropped by the header filter and reported to the host", async () => {
  const {port, warden} = await readyWarden([], true);
  const news = "www.news.test";
  warden.requestSeen({tabId: 7, url: `https://${news}/`, type: "main_frame"});
  assert.equal(warden.parts.cache.blocksThirdParty(news, "ads.test"), true, "third parties are blocked by default");
  const headers = [{name: "Set-Cookie", value: "trk_id=v1; Path=/; Secure; SameSite=None"},
                   {name: "set-cookie", value: "=broken"}, {name: "Content-Type", value: "image/gif"}];
  const image = {url: "https://ads.test/px.gif", type: "image", tabId: 7, thirdParty: true, responseHeaders: headers};
  const reply = await warden.filterResponse(image);
  assert.deepEqual(reply.responseHeaders, [{name: "Content-Type", value: "image/gif"}], "every Set-Cookie line goes, as DNR's would");
  await settle();
  const told = port.sent.filter((m) => m.type === "cookie.incoming").flatMap((m) => m.events);
  assert.deepEqual(told.map((e) => [e.cookie.name, e.cookie.domain, e.site]), [["trk_id", "ads.test", news]]);
  assert.equal(JSON.stringify(told).includes("v1"), false, "no value reaches the host");
  // The read-only listener that reports DNR's drops in Chromium stays quiet in Firefox.
  const before = port.sent.length;
  await warden.responseSeen(image);
  assert.equal(port.sent.length, before);
  // A first-party response and a navigation are not this rule's.
  const own = await warden.filterResponse({...image, url: `https://${news}/px.gif`, thirdParty: false,
                                           responseHeaders: [{name: "Set-Cookie", value: "pref=1; Path=/"}]});
  assert.equal(own.responseHeaders, undefined);
  const away = await warden.filterResponse({...image, type: "main_frame", url: "https://ads.test/",
                                            responseHeaders: [{name: "Set-Cookie", value: "pref=1; Path=/"}]});
  assert.equal(away.responseHeaders, undefined);
});

test("a page that finished loading before the host answered has its declaration read once it does", async () => {
  const port = fakePort(hostAnswering([]));
  const browser = fakeBrowser(port);
  const read = [];
  browser.api.tabs.query = async () => [{id: 5, url: "https://www.shop.test/", status: "complete"},
                                        {id: 6, url: "https://www.late.test/", status: "loading"},
                                        {id: 7, url: "about:blank", status: "complete"}];
  browser.api.scripting = {executeScript: async ({target}) => {
    read.push(target.tabId);
    return [{result: {platform: "cookiebot", cookies: [{name: "qz_basket", group: "necessary"}]}}];
  }};
  const warden = createWarden({api: browser.api, isFirefox: false});
  await warden.start();
  for (let i = 0; i < 50 && !port.sent.some((m) => m.type === "declaration.learned"); i += 1) await settle();
  const learned = port.sent.filter((m) => m.type === "declaration.learned");
  assert.deepEqual(read, [5], "only the loaded web page is read");
  assert.equal(learned.length, 1);
  assert.equal(learned[0].site, "www.shop.test");
  assert.equal(learned[0].declaration.cookies[0].name, "qz_basket");
});
