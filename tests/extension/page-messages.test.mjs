import assert from "node:assert/strict";
import {test} from "node:test";

// page-messages.js reads the WebExtension API at import time: give it a minimal one.
globalThis.browser = {
  runtime: {id: "cookie-warden@cookiewarden.dk", getURL: (path) => `moz-extension://uuid/${path}`},
};
const {handlePageMessage} = await import("../../extension/background/page-messages.js");
const {createPageFacade} = await import("../../extension/background/page-facade.js");

const ownPage = {id: "cookie-warden@cookiewarden.dk", url: "moz-extension://uuid/popup/popup.html"};

function fakeWarden() {
  const calls = [];
  const host = {
    status: {state: "ready"},
    request: async (type, params) => {
      calls.push([type, params]);
      return {id: 9, ok: true, rule: {site: "kk.dk"}};
    },
    retry: () => calls.push(["retry"]),
  };
  const pages = createPageFacade({host, cache: {settings: {thirdParty: "block"}},
                                  rulesChanged: async () => calls.push(["rules changed"])});
  return {...pages, calls};
}

test("requests from anything but our own pages are refused", async () => {
  const warden = fakeWarden();
  for (const sender of [{id: "other@addon", url: "moz-extension://uuid/popup/popup.html"},
                        {id: ownPage.id, url: "https://evil.test/"},
                        {id: ownPage.id}, undefined]) {
    await assert.rejects(handlePageMessage(warden, {type: "status"}, sender), (e) => e.code === "forbidden");
  }
  assert.deepEqual(warden.calls, []);
});

test("pages may use the user-facing verbs only", async () => {
  const warden = fakeWarden();
  for (const verb of ["cookie.changed", "site.visit", "hello", "anything"]) {
    await assert.rejects(handlePageMessage(warden, {type: "host", verb}, ownPage), (e) => e.code === "forbidden", verb);
  }
  assert.deepEqual(warden.calls, []);
});

test("a rule change from a page is forwarded and reloads the extension's rules", async () => {
  const warden = fakeWarden();
  const reply = await handlePageMessage(warden, {type: "host", verb: "rules.set",
                                                 params: {site: "kk.dk", rule: {lifetime: "leave"}}}, ownPage);
  assert.deepEqual(reply, {rule: {site: "kk.dk"}}, "the envelope's id and ok are not passed on");
  assert.deepEqual(warden.calls, [["rules.set", {site: "kk.dk", rule: {lifetime: "leave"}}], ["rules changed"]]);
});

test("reading verbs do not reload rules; unknown requests are refused", async () => {
  const warden = fakeWarden();
  await handlePageMessage(warden, {type: "host", verb: "log.query", params: {limit: 5}}, ownPage);
  assert.deepEqual(warden.calls, [["log.query", {limit: 5}]]);
  await assert.rejects(handlePageMessage(warden, {type: "nonsense"}, ownPage), (e) => e.code === "bad_request");
  await assert.rejects(handlePageMessage(warden, {type: "site.deleteNow"}, ownPage), (e) => e.code === "bad_request");
});

test("a web page's content script may only pass on the names the guard dropped; the host judges them", async () => {
  const added = [];
  const calls = [];
  const host = {
    status: {state: "ready"},
    request: async (type, params) => {
      calls.push([type, params]);
      return {ok: true, verdicts: params.events.map((e) => ({action: e.cookie.name === "_fbp" ? "remove" : "allow"}))};
    },
  };
  const warden = {...createPageFacade({host, cache: {settings: {}},
                                       context: {siteOfTab: (tabId) => (tabId === 7 ? "nyheder.test" : null)},
                                       badge: {add: (tabId, n) => added.push([tabId, n])}}), calls};
  const contentScript = {id: ownPage.id, url: "https://www.nyheder.test/a", tab: {id: 7}};
  const reply = await handlePageMessage(warden, {type: "guard.dropped", names: ["_fbp", "cart", 3, "x".repeat(300)]},
                                        contentScript);
  assert.deepEqual(reply, {blocked: 1});
  assert.equal(warden.calls.length, 1);
  const [verb, {events}] = warden.calls[0];
  assert.equal(verb, "cookie.incoming");
  assert.deepEqual(events.map((e) => [e.cookie.name, e.cookie.domain, e.site]),
                   [["_fbp", "www.nyheder.test", "nyheder.test"], ["cart", "www.nyheder.test", "nyheder.test"]]);
  assert.deepEqual(added, [[7, 1]], "the badge counts what the host denied");
  // Anything else from a web page is refused, as is this message from another extension.
  await assert.rejects(handlePageMessage(warden, {type: "status"}, contentScript), (e) => e.code === "forbidden");
  await assert.rejects(handlePageMessage(warden, {type: "guard.dropped", names: ["_fbp"]},
                                         {...contentScript, id: "other@addon"}), (e) => e.code === "forbidden");
  assert.equal(warden.calls.length, 1);
});
