import assert from "node:assert/strict";
import {test} from "node:test";
import {createEnforcer} from "../../extension/background/enforcer.js";
import {cookieKey} from "../../extension/background/cookie-facts.js";

// A cookie jar that behaves like the browser's: remove/set fire onChanged, and remove needs
// the cookie's own store and partition to find it.
function fakeCookies(initial) {
  const jar = new Map(initial.map((c) => [cookieKey(c), {...c}]));
  const events = [];
  const calls = [];
  const find = (d) => [...jar.values()].find((c) => c.name === d.name &&
    (c.storeId ?? "0") === (d.storeId ?? "0") &&
    (c.partitionKey?.topLevelSite ?? null) === (d.partitionKey?.topLevelSite ?? null) &&
    (c.firstPartyDomain ?? "") === (d.firstPartyDomain ?? "") &&
    d.url.includes(c.domain.replace(/^\./, "")));
  return {
    jar, events, calls,
    async remove(details) {
      calls.push(["remove", details]);
      const c = find(details);
      if (!c) return null;
      jar.delete(cookieKey(c));
      events.push({removed: true, cause: "explicit", cookie: c});
      return {name: c.name, storeId: c.storeId};
    },
    async set(details) {
      calls.push(["set", details]);
      const old = find(details);
      const next = {...old, value: details.value, session: details.expirationDate === undefined};
      delete next.expirationDate;
      if (old) events.push({removed: true, cause: "overwrite", cookie: old});
      jar.set(cookieKey(next), next);
      events.push({removed: false, cause: "explicit", cookie: next});
      return next;
    },
  };
}

const partitioned = {name: "embed", value: "v1", domain: "embed.test", path: "/", hostOnly: true,
                     secure: true, httpOnly: true, sameSite: "no_restriction", session: false,
                     expirationDate: 1900000000, storeId: "1",
                     partitionKey: {topLevelSite: "https://site.test"}};
const firefoxCookie = {name: "_ga", value: "v2", domain: ".kk.dk", path: "/", hostOnly: false,
                       secure: false, httpOnly: false, sameSite: "lax", session: false,
                       expirationDate: 1900000000, storeId: "firefox-container-2",
                       firstPartyDomain: "kk.dk"};

test("remove addresses the cookie by its store, partition and first-party domain", async () => {
  const cookies = fakeCookies([partitioned, firefoxCookie]);
  const enforcer = createEnforcer({cookies});
  assert.equal(await enforcer.apply({action: "remove"}, partitioned), "removed");
  assert.equal(await enforcer.apply({action: "remove"}, firefoxCookie), "removed");
  assert.equal(cookies.jar.size, 0);
  assert.deepEqual(cookies.calls[0][1], {url: "https://embed.test/", name: "embed", storeId: "1",
                                         partitionKey: {topLevelSite: "https://site.test"}});
  assert.equal(cookies.calls[1][1].firstPartyDomain, "kk.dk");
  assert.equal(cookies.calls[1][1].storeId, "firefox-container-2");
});

test("a removal expects no echo: removals are never reported, so nothing waits for them", async () => {
  const cookies = fakeCookies([firefoxCookie]);
  const enforcer = createEnforcer({cookies});
  assert.equal(await enforcer.apply({action: "remove"}, firefoxCookie), "removed");
  assert.equal(cookies.events.length, 1);
  assert.equal(enforcer.isOwnChange(cookies.events[0]), false);
});

test("a removal of a cookie already gone expects no echo", async () => {
  const cookies = fakeCookies([]);
  const enforcer = createEnforcer({cookies});
  assert.equal(await enforcer.apply({action: "remove"}, firefoxCookie), null);
  assert.equal(enforcer.isOwnChange({removed: true, cookie: firefoxCookie}), false);
});

test("session re-sets the cookie without expiry, keeping its attributes, and swallows the new cookie's echo", async () => {
  const cookies = fakeCookies([partitioned]);
  const enforcer = createEnforcer({cookies});
  assert.equal(await enforcer.apply({action: "session"}, partitioned), "session");
  const [, details] = cookies.calls[0];
  assert.equal("expirationDate" in details, false);
  assert.equal(details.value, "v1");
  assert.equal(details.httpOnly, true);
  assert.equal(details.sameSite, "no_restriction");
  assert.equal("domain" in details, false, "a host-only cookie stays host-only");
  assert.deepEqual(details.partitionKey, {topLevelSite: "https://site.test"});
  assert.equal(cookies.events.length, 2);
  // The overwrite's removal is not looked at (the warden drops every overwrite removal), so
  // nothing waits for it; the addition is ours.
  const [removal, addition] = cookies.events;
  assert.equal(removal.cause, "overwrite");
  assert.equal(enforcer.isOwnChange(addition), true);
  assert.equal(enforcer.isOwnChange(addition), false, "a second, foreign addition is reported");
  assert.equal([...cookies.jar.values()][0].session, true);
});

test("session does nothing to a cookie that is already a session cookie", async () => {
  const cookies = fakeCookies([{...firefoxCookie, session: true}]);
  const enforcer = createEnforcer({cookies});
  assert.equal(await enforcer.apply({action: "session"}, {...firefoxCookie, session: true}), null);
  assert.equal(cookies.calls.length, 0);
});

test("allow and unknown verdicts leave the jar alone", async () => {
  const cookies = fakeCookies([firefoxCookie]);
  const enforcer = createEnforcer({cookies});
  assert.equal(await enforcer.apply({action: "allow"}, firefoxCookie), null);
  assert.equal(await enforcer.apply(undefined, firefoxCookie), null);
  assert.equal(cookies.calls.length, 0);
});

test("a failed removal reports the error", async () => {
  const cookies = {remove: async () => { throw new Error("no permission"); }};
  const enforcer = createEnforcer({cookies});
  await assert.rejects(enforcer.apply({action: "remove"}, firefoxCookie), /no permission/);
});

test("a failed session rewrite forgets its expectation", async () => {
  const cookies = {set: async () => { throw new Error("no permission"); }};
  const enforcer = createEnforcer({cookies});
  await assert.rejects(enforcer.apply({action: "session"}, firefoxCookie), /no permission/);
  assert.equal(enforcer.isOwnChange({removed: false, cookie: {...firefoxCookie, session: true}}), false);
});

test("stale expectations expire", async () => {
  let t = 0;
  const cookies = fakeCookies([firefoxCookie]);
  const enforcer = createEnforcer({cookies, now: () => t});
  await enforcer.apply({action: "session"}, firefoxCookie);
  t += 60_000;
  assert.equal(enforcer.isOwnChange(cookies.events[1]), false);
});
