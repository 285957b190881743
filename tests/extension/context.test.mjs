import assert from "node:assert/strict";
import {test} from "node:test";
import {createContextTracker} from "../../extension/background/context.js";

function clock(start = 1_000_000) {
  let t = start;
  return {now: () => t, advance: (ms) => { t += ms; }};
}

test("a main-frame request sets the tab's site and reports the change", () => {
  const tracker = createContextTracker();
  assert.deepEqual(tracker.requestSeen({tabId: 1, url: "https://www.kk.dk/", type: "main_frame"}),
                   {left: null, entered: "www.kk.dk"});
  assert.deepEqual(tracker.requestSeen({tabId: 1, url: "https://www.kk.dk/a", type: "main_frame"}),
                   {left: null, entered: null});
  assert.deepEqual(tracker.requestSeen({tabId: 1, url: "https://borger.dk/", type: "main_frame"}),
                   {left: "www.kk.dk", entered: "borger.dk"});
  assert.deepEqual(tracker.tabRemoved(1), {left: "borger.dk", entered: null});
  assert.deepEqual(tracker.openSites(), []);
});

test("a third-party cookie belongs to the tab whose page requested its domain", () => {
  const tracker = createContextTracker();
  tracker.requestSeen({tabId: 3, url: "https://www.kk.dk/", type: "main_frame"});
  tracker.requestSeen({tabId: 3, url: "https://stats.tracker.test/pixel.gif", type: "image"});
  tracker.requestSeen({tabId: 4, url: "https://borger.dk/", type: "main_frame"});
  assert.deepEqual(tracker.contextOf({name: "id", domain: ".tracker.test"}), {site: "www.kk.dk", tabId: 3});
  assert.deepEqual(tracker.contextOf({name: "s", domain: "borger.dk"}), {site: "borger.dk", tabId: 4});
});

test("the newest matching request wins", () => {
  const tracker = createContextTracker();
  tracker.requestSeen({tabId: 1, url: "https://a.test/", type: "main_frame"});
  tracker.requestSeen({tabId: 2, url: "https://b.test/", type: "main_frame"});
  tracker.requestSeen({tabId: 1, url: "https://cdn.shared.test/x.js", type: "script"});
  tracker.requestSeen({tabId: 2, url: "https://cdn.shared.test/x.js", type: "script"});
  assert.deepEqual(tracker.contextOf({domain: ".shared.test"}), {site: "b.test", tabId: 2});
});

test("a partitioned cookie's context is its partition, whatever the requests say", () => {
  const tracker = createContextTracker();
  tracker.requestSeen({tabId: 1, url: "https://a.test/", type: "main_frame"});
  tracker.requestSeen({tabId: 1, url: "https://embed.test/", type: "sub_frame"});
  assert.deepEqual(tracker.contextOf({domain: "embed.test", partitionKey: {topLevelSite: "https://other.test"}}),
                   {site: "other.test"});
});

test("old requests stop counting; an open tab of the cookie's site still does", () => {
  const c = clock();
  const tracker = createContextTracker({now: c.now});
  tracker.requestSeen({tabId: 1, url: "https://a.test/", type: "main_frame"});
  tracker.requestSeen({tabId: 1, url: "https://third.test/p", type: "image"});
  c.advance(60_000);
  assert.deepEqual(tracker.contextOf({domain: ".third.test"}), {site: null});
  assert.deepEqual(tracker.contextOf({domain: "a.test"}), {site: "a.test", tabId: 1});
});

test("requests without a tab or with an unusable URL are ignored", () => {
  const tracker = createContextTracker();
  assert.equal(tracker.requestSeen({tabId: -1, url: "https://a.test/", type: "main_frame"}), null);
  assert.equal(tracker.requestSeen({tabId: 2, url: "data:text/plain,x", type: "image"}), null);
  assert.deepEqual(tracker.contextOf({domain: "a.test"}), {site: null});
});

test("tab URL updates move the tab between sites", () => {
  const tracker = createContextTracker();
  assert.deepEqual(tracker.tabUrl(5, "https://a.test/"), {left: null, entered: "a.test"});
  assert.deepEqual(tracker.tabUrl(5, "about:blank"), {left: "a.test", entered: null});
  assert.equal(tracker.siteOfTab(5), null);
});
