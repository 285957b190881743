import assert from "node:assert/strict";
import {test} from "node:test";
import {defaultPath, setCookieFacts, setCookieLines, topLevelSite, withoutCookies, withoutSetCookies} from
  "../../extension/background/header-filter.js";
import {changeEvent} from "../../extension/background/cookie-facts.js";
import {createVerdictCache} from "../../extension/background/verdict-cache.js";

const NOW = 1_700_000_000_000;

test("Set-Cookie lines become cookie facts without their value", () => {
  const cases = [
    ["_ga=GA1.2.3; Max-Age=86400; Path=/; Domain=site-a.test",
     {name: "_ga", domain: ".site-a.test", hostOnly: false, path: "/", secure: false,
      httpOnly: false, session: false, expirationDate: NOW / 1000 + 86400}],
    ["PHPSESSID=s1; Path=/app; HttpOnly; Secure; SameSite=Lax",
     {name: "PHPSESSID", domain: "www.site-a.test", hostOnly: true, path: "/app", secure: true,
      httpOnly: true, session: true, sameSite: "lax"}],
    ["id=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT",
     {name: "id", domain: "www.site-a.test", hostOnly: true, path: "/", secure: false,
      httpOnly: false, session: false, expirationDate: Date.parse("2037-10-21T07:28:00Z") / 1000}],
    ["=nameless", null],
    ["garbage", null],
  ];
  for (const [line, want] of cases) {
    const facts = setCookieFacts(line, "www.site-a.test", NOW);
    assert.deepEqual(facts, want, line);
    if (facts) assert.ok(!JSON.stringify(facts).includes("GA1.2.3"), "no value in the facts");
  }
});

test("a Partitioned Set-Cookie line gives a partitioned cookie, in the page's partition", () => {
  const line = "_fbp=fb.1; Path=/; Secure; SameSite=None; Partitioned";
  const where = {url: "https://vendor.test/frame", topLevelSite: "https://www.site-a.test", storeId: "firefox-default"};
  const facts = setCookieFacts(line, "vendor.test", NOW, where);
  assert.deepEqual(facts.partitionKey, {topLevelSite: "https://www.site-a.test"});
  assert.equal(facts.storeId, "firefox-default");
  // Partitioned with no known top-level site is still partitioned (the host then judges it
  // against the page's site); without the attribute, no partition.
  assert.deepEqual(setCookieFacts(line, "vendor.test", NOW).partitionKey, {topLevelSite: ""});
  assert.equal("partitionKey" in setCookieFacts("_fbp=1; Secure", "vendor.test", NOW, where), false);
});

test("the facts of a Set-Cookie line match what cookies.onChanged reports once it is stored", () => {
  // As Firefox reports the stored cookie (value, and fields the facts never carry, included).
  const stored = {name: "_fbp", value: "fb.1", domain: ".vendor.test", hostOnly: false, path: "/px",
                  secure: true, httpOnly: true, sameSite: "no_restriction", session: false,
                  expirationDate: NOW / 1000 + 3600, storeId: "firefox-default", firstPartyDomain: "",
                  partitionKey: {topLevelSite: "https://site-a.test"}};
  const line = "_fbp=fb.1; Domain=Vendor.test; Max-Age=3600; Secure; HttpOnly; SameSite=None; Partitioned";
  const facts = setCookieFacts(line, "cdn.vendor.test", NOW,
                               {url: "https://cdn.vendor.test/px/1.gif", topLevelSite: "https://site-a.test",
                                storeId: "firefox-default"});
  assert.deepEqual(facts, changeEvent({cookie: stored, removed: false, cause: "explicit"}).cookie);
});

test("Set-Cookie lines that delete a cookie store nothing; Max-Age beats Expires", () => {
  const past = "Thu, 01 Jan 1970 00:00:00 GMT";
  const future = "Wed, 21 Oct 2037 07:28:00 GMT";
  const cases = [
    [`_ga=; Max-Age=0`, null],
    [`_ga=; Max-Age=-1; Path=/`, null],
    [`_ga=; Expires=${past}`, null],
    [`_ga=; Expires=${future}; Max-Age=0`, null],
    [`_ga=1; Expires=${past}; Max-Age=60`, NOW / 1000 + 60],
    [`_ga=1; Max-Age=60; Expires=${past}`, NOW / 1000 + 60],
    [`_ga=1; Expires=${future}`, Date.parse(future) / 1000],
  ];
  for (const [line, expiry] of cases) {
    const facts = setCookieFacts(line, "www.site-a.test", NOW);
    if (expiry === null) assert.equal(facts, null, line);
    else assert.equal(facts?.expirationDate, expiry, line);
  }
});

test("a cookie without Path gets the request's directory; the top-level site comes from the page", () => {
  const cases = [["https://a.test/shop/cart?x=/y", "/shop"], ["https://a.test/", "/"], ["https://a.test/x", "/"],
                 ["https://a.test/a/b/", "/a/b"], [undefined, "/"], ["not a url", "/"]];
  for (const [url, path] of cases) assert.equal(defaultPath(url), path, String(url));
  assert.equal(setCookieFacts("id=1", "a.test", NOW, {url: "https://a.test/shop/cart"}).path, "/shop");
  assert.equal(setCookieFacts("id=1; Path=/", "a.test", NOW, {url: "https://a.test/shop/cart"}).path, "/");

  assert.equal(topLevelSite({type: "main_frame", url: "https://www.site-a.test/page"}), "https://www.site-a.test");
  assert.equal(topLevelSite({type: "image", url: "https://vendor.test/px", documentUrl: "http://site-b.test:8080/",
                             frameAncestors: []}), "http://site-b.test:8080");
  assert.equal(topLevelSite({type: "sub_frame", url: "https://vendor.test/frame", documentUrl: "https://mid.test/",
                             frameAncestors: [{url: "https://mid.test/"}, {url: "https://top.test/home"}]}),
               "https://top.test");
  assert.equal(topLevelSite({type: "image", url: "https://vendor.test/px"}), null);
  assert.equal(topLevelSite({type: "image", url: "https://vendor.test/px", documentUrl: "about:blank"}), null);
});

test("denied Set-Cookie lines are dropped, joined and separate headers alike", () => {
  const headers = [
    {name: "Content-Type", value: "text/html"},
    {name: "Set-Cookie", value: "_ga=1; Path=/\nPHPSESSID=s1; Path=/"},
    {name: "set-cookie", value: "_gid=2; Path=/"},
  ];
  const lines = setCookieLines(headers);
  assert.deepEqual(lines.map((l) => l.line), ["_ga=1; Path=/", "PHPSESSID=s1; Path=/", "_gid=2; Path=/"]);
  const out = withoutSetCookies(headers, new Set(["_ga=1; Path=/", "_gid=2; Path=/"]));
  assert.deepEqual(out, [{name: "Content-Type", value: "text/html"},
                         {name: "Set-Cookie", value: "PHPSESSID=s1; Path=/"}]);
});

test("denied cookies are stripped from Cookie headers; untouched headers give null", () => {
  const denied = (name) => name === "_ga" || name === "_gid";
  assert.deepEqual(withoutCookies([{name: "Cookie", value: "_ga=1; sid=2; _gid=3"}], denied),
                   [{name: "Cookie", value: "sid=2"}]);
  assert.deepEqual(withoutCookies([{name: "Accept", value: "*/*"}, {name: "cookie", value: "_ga=1"}], denied),
                   [{name: "Accept", value: "*/*"}]);
  assert.equal(withoutCookies([{name: "Cookie", value: "sid=2; lang=da"}], denied), null);
  assert.equal(withoutCookies(undefined, denied), null);
});

test("the verdict cache answers by site, name and domain and forgets everything on clear", () => {
  const cache = createVerdictCache();
  assert.equal(cache.get("www.site-a.test", "_ga", ".site-a.test"), undefined);
  cache.put("www.site-a.test", "_ga", ".site-a.test", "remove");
  cache.put("www.site-a.test", "sid", "www.site-a.test", "allow");
  assert.equal(cache.get("www.site-a.test", "_ga", "site-a.test"), "remove", "a leading dot does not matter");
  assert.equal(cache.get("www.site-b.test", "_ga", ".site-a.test"), undefined, "other sites are not judged");
  assert.equal(cache.deniedOn("www.site-a.test", "_ga"), true);
  assert.equal(cache.deniedOn("www.site-a.test", "sid"), false);
  assert.equal(cache.hasDenied("www.site-a.test"), true);
  assert.equal(cache.hasDenied("www.site-b.test"), false);
  cache.clear();
  assert.equal(cache.size, 0);
  assert.equal(cache.hasDenied("www.site-a.test"), false);
});
