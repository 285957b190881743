import assert from "node:assert/strict";
import {test} from "node:test";
import {changeEvent, cookieFacts, cookieKey, cookieUrl, domainMatches, partitionSite, siteOfUrl}
  from "../../extension/background/cookie-facts.js";

const chromeCookie = {
  name: "_ga", value: "GA1.2.secret-value", domain: ".kk.dk", path: "/", hostOnly: false,
  secure: true, httpOnly: false, sameSite: "lax", session: false, expirationDate: 1800000000,
  storeId: "0",
};

test("facts never carry the cookie value", () => {
  const facts = cookieFacts(chromeCookie);
  assert.equal("value" in facts, false);
  assert.equal(JSON.stringify(facts).includes("secret-value"), false);
  assert.deepEqual(facts, {name: "_ga", domain: ".kk.dk", path: "/", hostOnly: false, secure: true,
                           httpOnly: false, sameSite: "lax", session: false,
                           expirationDate: 1800000000, storeId: "0"});
});

test("facts drop unknown browser fields", () => {
  assert.equal("futureSecret" in cookieFacts({...chromeCookie, futureSecret: "x"}), false);
});

test("an empty partition key means unpartitioned", () => {
  for (const partitionKey of [undefined, {}, {topLevelSite: ""}, null]) {
    assert.equal("partitionKey" in cookieFacts({...chromeCookie, partitionKey}), false, String(partitionKey));
  }
  const facts = cookieFacts({...chromeCookie, partitionKey: {topLevelSite: "https://kk.dk", hasCrossSiteAncestor: false}});
  assert.deepEqual(facts.partitionKey, {topLevelSite: "https://kk.dk", hasCrossSiteAncestor: false});
});

test("Firefox's empty firstPartyDomain is left out, a real one kept", () => {
  assert.equal("firstPartyDomain" in cookieFacts({...chromeCookie, firstPartyDomain: ""}), false);
  assert.equal(cookieFacts({...chromeCookie, firstPartyDomain: "kk.dk"}).firstPartyDomain, "kk.dk");
});

test("change events carry context and no value", () => {
  const event = changeEvent({cookie: chromeCookie, removed: false, cause: "explicit"},
                            {site: "www.kk.dk", tabId: 7});
  assert.deepEqual(Object.keys(event).sort(), ["cause", "cookie", "removed", "site", "tabId"]);
  assert.equal(event.site, "www.kk.dk");
  assert.equal(event.tabId, 7);
  assert.equal(JSON.stringify(event).includes("secret-value"), false);
  const noTab = changeEvent({cookie: chromeCookie, removed: true, cause: "overwrite"}, {site: null, tabId: -1});
  assert.equal(noTab.site, null);
  assert.equal("tabId" in noTab, false);
  assert.equal(noTab.removed, true);
});

test("site of URL", () => {
  const cases = [
    ["https://www.kk.dk/borger?x=1", "www.kk.dk"],
    // One canonical form, as the host's: IDNA ASCII, lower case, no trailing dot.
    ["https://KØBENHAVN.DK./", "xn--kbenhavn-54a.dk"],
    ["https://www.kk.dk../x", "www.kk.dk"],
    ["http://127.0.0.1:8080/", "127.0.0.1"],
    ["chrome-extension://abc/popup.html", null],
    ["about:blank", null],
    ["not a url", null],
    [undefined, null],
  ];
  for (const [url, site] of cases) assert.equal(siteOfUrl(url), site, String(url));
  assert.equal(partitionSite({topLevelSite: "https://borger.dk"}), "borger.dk");
  assert.equal(partitionSite({}), null);
});

test("domain matching follows host-only and domain cookies", () => {
  const cases = [
    [".kk.dk", "kk.dk", true],
    [".kk.dk", "www.kk.dk", true],
    [".kk.dk", "evilkk.dk", false],
    ["www.kk.dk", "www.kk.dk", true],
    ["www.kk.dk", "a.www.kk.dk", false],
    ["kk.dk", "www.kk.dk", false],
  ];
  for (const [domain, host, expected] of cases) {
    assert.equal(domainMatches(domain, host), expected, `${domain} vs ${host}`);
  }
});

test("keys tell apart cookies that differ in store, partition or path", () => {
  const base = cookieKey(chromeCookie);
  assert.equal(cookieKey({...chromeCookie, value: "other"}), base);
  assert.notEqual(cookieKey({...chromeCookie, storeId: "1"}), base);
  assert.notEqual(cookieKey({...chromeCookie, path: "/a"}), base);
  assert.notEqual(cookieKey({...chromeCookie, partitionKey: {topLevelSite: "https://x.dk"}}), base);
  assert.equal(cookieKey({...chromeCookie, partitionKey: {}}), base);
});

test("cookie URL uses the scheme the cookie needs", () => {
  assert.equal(cookieUrl(chromeCookie), "https://kk.dk/");
  assert.equal(cookieUrl({domain: "a.test", path: "/p", secure: false}), "http://a.test/p");
});

test("Set-Cookie names are read without their values, in both browsers' header forms", async () => {
  const {setCookieNames} = await import("../../extension/background/cookie-facts.js");
  assert.deepEqual(setCookieNames([
    {name: "Content-Type", value: "text/html"},
    {name: "set-cookie", value: "a=1; Path=/"},
    {name: "Set-Cookie", value: "b=2; Secure\nc=; Max-Age=0\nnovalue"},
  ]), ["a", "b", "c"]);
  assert.deepEqual(setCookieNames(undefined), []);
});
