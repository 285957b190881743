// The declaration watcher: reads in the page's world, checks, sends once, rechecks on a change.
import {test} from "node:test";
import assert from "node:assert/strict";
import {createDeclarationWatcher} from "../../extension/background/declarations.js";

const declared = {platform: "cookiebot", cookies: [{name: "zz_visits", group: "statistics", domain: "shop.test"}]};

function setup({result = declared, stored = "new", fail = null} = {}) {
  const calls = {scripts: [], requests: [], learned: []};
  let clock = 1_000;
  const watcher = createDeclarationWatcher({
    scripting: {executeScript: async (options) => {
      calls.scripts.push(options);
      if (fail) throw new Error(fail);
      return [{frameId: 0, result}];
    }},
    request: async (type, params) => {
      calls.requests.push({type, params});
      return {stored, site: "shop.test"};
    },
    onLearned: async (site) => calls.learned.push(site),
    now: () => clock,
    waitMs: 50,
  });
  return {watcher, calls, advance: (ms) => { clock += ms; }};
}

test("reads the top frame in the page's world and sends the checked declaration", async () => {
  const {watcher, calls} = setup();
  const got = await watcher.pageLoaded(3, "https://www.shop.test/basket");
  assert.deepEqual(got, {stored: "new", site: "shop.test"});
  assert.equal(calls.scripts.length, 1);
  assert.deepEqual(calls.scripts[0].target, {tabId: 3, frameIds: [0]});
  assert.equal(calls.scripts[0].world, "MAIN");
  assert.equal(typeof calls.scripts[0].func, "function");
  assert.deepEqual(calls.requests, [{type: "declaration.learned", params: {site: "www.shop.test", declaration: declared}}]);
  assert.deepEqual(calls.learned, ["shop.test"]);
});

test("the same declaration again within the hour is not sent; after it, it is (to refresh its time)", async () => {
  const {watcher, calls, advance} = setup({stored: "refreshed"});
  await watcher.pageLoaded(3, "https://www.shop.test/");
  assert.deepEqual(await watcher.pageLoaded(3, "https://www.shop.test/other"), {skipped: "sent already"});
  assert.equal(calls.requests.length, 1);
  advance(61 * 60 * 1000);
  await watcher.pageLoaded(3, "https://www.shop.test/");
  assert.equal(calls.requests.length, 2);
  assert.deepEqual(calls.learned, [], "an identical declaration changes no verdict");
});

test("a refused declaration never reaches the host", async () => {
  const {watcher, calls} = setup({result: {platform: "cookiebot", cookies: [{name: "x", group: "g", value: "secret"}]}});
  const got = await watcher.pageLoaded(3, "https://shop.test/");
  assert.match(got.refused, /cookies\[0\]/);
  assert.equal(calls.requests.length, 0);
});

test("no platform, a page scripts cannot reach, or not a web page: nothing sent", async () => {
  assert.deepEqual(await setup({result: null}).watcher.pageLoaded(1, "https://shop.test/"), {skipped: "no declaration"});
  const closed = setup({fail: "No tab with id: 1"});
  assert.match((await closed.watcher.pageLoaded(1, "https://shop.test/")).skipped, /No tab/);
  const other = setup();
  assert.deepEqual(await other.watcher.pageLoaded(1, "chrome://settings/"), {skipped: "not a web page"});
  assert.equal(other.calls.scripts.length + closed.calls.requests.length, 0);
});

test("popup: counts a site's distinct misdeclared cookies from its log, or says nothing", async () => {
  const {misdeclaredCount, showMisdeclared} = await import("../../extension/popup/misdeclared.js");
  const flagged = "declared necessary by the site, known as statistics";
  const events = [{name: "_ga", misdeclared: flagged}, {name: "_ga", misdeclared: flagged},
                  {name: "_fbp", misdeclared: "declared necessary by the site, known as marketing"},
                  {name: "sess"}, null];
  assert.equal(misdeclaredCount(events), 2);
  const element = {textContent: "old"};
  const asked = [];
  const host = async (verb, params) => { asked.push({verb, params}); return {events}; };
  await showMisdeclared(element, "shop.test", {host, t: (key, [n]) => `${key}:${n}`});
  assert.equal(element.textContent, "misdeclaredOnSite:2");
  assert.deepEqual(asked, [{verb: "log.query", params: {site: "shop.test", limit: 500}}]);
  await showMisdeclared(element, "shop.test", {host: async () => ({events: [{name: "x"}]}), t: () => "no"});
  assert.equal(element.textContent, "", "no misdeclared cookie: no line");
});
