import assert from "node:assert/strict";
import {test} from "node:test";
import {setCookieFacts, setCookieLines, withoutCookies, withoutSetCookies} from
  "../../extension/background/header-filter.js";
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
