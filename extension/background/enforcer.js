// Applies the host's verdicts to the browser's cookie jar. Every change we make fires
// cookies.onChanged again. Removals are never reported (the warden reads only cookies being
// stored), but the session-only rewrite stores a cookie: we note it and swallow its event, so
// it does not go back to the host as a new cookie (no loops, no double log lines).

import {cookieKey, cookieUrl, normalPartitionKey} from "./cookie-facts.js";

const EXPECT_MS = 10_000;

// The fields that address one cookie: its store, its partition and (Firefox) first-party domain.
function address(cookie) {
  const details = {url: cookieUrl(cookie), name: cookie.name};
  if (cookie.storeId !== undefined) details.storeId = cookie.storeId;
  const partitionKey = normalPartitionKey(cookie.partitionKey);
  if (partitionKey) details.partitionKey = partitionKey;
  if (typeof cookie.firstPartyDomain === "string") details.firstPartyDomain = cookie.firstPartyDomain;
  return details;
}

export function createEnforcer({cookies, now = () => Date.now()}) {
  const expected = new Map(); // cookieKey|removed -> {count, until}

  function expect(cookie, removed) {
    const key = `${cookieKey(cookie)}|${removed}`;
    const entry = expected.get(key) ?? {count: 0, until: 0};
    entry.count += 1;
    entry.until = now() + EXPECT_MS;
    expected.set(key, entry);
  }

  function forget(cookie, removed) {
    const key = `${cookieKey(cookie)}|${removed}`;
    const entry = expected.get(key);
    if (!entry) return;
    entry.count -= 1;
    if (entry.count <= 0) expected.delete(key);
  }

  // True when the cookie was there and is gone; false when it was gone already (null).
  async function remove(cookie) {
    return Boolean(await cookies.remove(address(cookie)));
  }

  // "Session only": write the same cookie again without an expiry. The browser reports that as
  // a removal (cause "overwrite", which the warden never reads) and an addition, ours.
  async function makeSession(cookie) {
    if (cookie.session) return false;
    const details = {...address(cookie), value: cookie.value ?? "", path: cookie.path,
                     secure: cookie.secure, httpOnly: cookie.httpOnly};
    if (!cookie.hostOnly) details.domain = cookie.domain;
    if (cookie.sameSite) details.sameSite = cookie.sameSite;
    expect({...cookie, session: true}, false);
    try {
      await cookies.set(details);
      return true;
    } catch (error) {
      forget({...cookie, session: true}, false);
      throw error;
    }
  }

  return {
    // Returns what was done: "removed", "session" or null.
    async apply(verdict, cookie) {
      if (verdict?.action === "remove") return (await remove(cookie)) ? "removed" : null;
      if (verdict?.action === "session") return (await makeSession(cookie)) ? "session" : null;
      return null;
    },

    remove,

    // True (and consumed) when this onChanged event is the echo of our own change.
    isOwnChange({cookie, removed}) {
      const key = `${cookieKey(cookie)}|${Boolean(removed)}`;
      const entry = expected.get(key);
      if (!entry) return false;
      if (entry.until < now()) {
        expected.delete(key);
        return false;
      }
      forget(cookie, Boolean(removed));
      return true;
    },
  };
}
