// The verdict on a cookie the browser stored, and its enforcement. The sources are asked in one
// order (docs/design.md, "Data flow"): the verdict given before for the same cookie, the site's
// policy (site.policy, known before the page loaded), the host (cookie.changed, batched), and,
// while the host is missing, what the cached rules make certain (local-verdict.js).

import {createBatcher} from "./batcher.js";
import {changeEvent} from "./cookie-facts.js";
import {localVerdict} from "./local-verdict.js";

// Cookies per request when the jar is judged as a whole.
export const STORED_CHUNK = 200;

// Judges cookies already in the jar ([{cookie, where}], where = context.contextOf(cookie)) with
// `verb`: cookie.changed (on connecting: the host logs every verdict) or cookie.recheck (after
// a rule change: the host logs only what it takes). Remembers each verdict and enforces those
// that take something. Returns how many were taken (removed or shortened).
export async function judgeStored({ask, enforce, remember}, verb, entries) {
  const events = entries.map(({cookie, where}) => changeEvent({cookie, removed: false, cause: "explicit"}, where));
  const verdicts = await ask(verb, events);
  let taken = 0;
  await Promise.all(entries.map(async ({cookie, where}, i) => {
    const verdict = verdicts?.[i];
    remember(events[i].site, cookie, verdict);
    if (!verdict || verdict.action === "allow") return;
    await enforce(verdict, cookie, where.tabId);
    taken += 1;
  }));
  return taken;
}

// host: host-client; cache: rule-cache; verdicts: verdict-cache; policies: site-policy cache.
export function createJudge({host, cache, context, enforcer, jar, badge, verdicts, policies}) {
  // Verdicts asked for but not back yet, by "site\0name": a request that would carry such a
  // cookie waits for it (Firefox, request-filter.js).
  const pending = new Map();
  const batcher = createBatcher({
    send: async (events) => (await host.request("cookie.changed", {events})).verdicts,
    // A cookie never judged rides along on every request until its verdict is back, so wait
    // only long enough to catch the cookies of the same response or script run.
    delayMs: 2,
  });

  async function enforce(verdict, cookie, tabId) {
    try {
      const done = await enforcer.apply(verdict, cookie);
      if (done === "removed") badge.add(tabId);
    } catch (error) {
      console.error(`Cookie Warden: cannot ${verdict?.action} cookie ${cookie.name}`, error);
    }
  }

  // `stored`: the cookie is the browser's own record of it (not facts read from a header), so
  // the same cookie set again can be recognised (verdicts.sameAsJudged).
  function remember(site, cookie, verdict, {stored = false} = {}) {
    if (site && verdict) verdicts.put(site, cookie.name, cookie.domain, verdict.action, stored ? cookie : undefined);
  }

  // Without the host: keep applying what we know for certain from the last rules.
  async function enforceLocally(cookie, where) {
    const verdict = localVerdict(cache, cookie, where.site);
    if (verdict) await enforce(verdict, cookie, where.tabId);
  }

  const stored = {
    ask: async (verb, events) => (await host.request(verb, {events})).verdicts,
    enforce,
    remember: (site, cookie, verdict) => remember(site, cookie, verdict, {stored: true}),
  };

  return {
    enforce,
    remember,
    stored,
    pending,

    async cookieChanged({cookie, removed, cause}) {
      // Only a cookie being stored needs a verdict. Removals (expired, evicted, deleted, or the
      // old copy of an overwritten cookie) are not reported: the host logs none, and a page
      // overflowing the browser's per-site limit fires one eviction per cookie it sets.
      if (removed) return;
      if (enforcer.isOwnChange({cookie, removed: false})) return;
      const where = context.contextOf(cookie);
      // The same cookie allowed before, set again with a new value (a page's 200 preference
      // cookies on every visit): same verdict, nothing to do, nothing new to log.
      if (verdicts.sameAsJudged(where.site, cookie) === "allow") return;
      // A cookie judged before, or denied by the site's policy, is enforced at once; the host
      // still hears of it (for the log).
      const known = verdicts.get(where.site, cookie.name, cookie.domain) ?? policies.verdict(where.site, cookie);
      const early = known === "remove" ? enforce({action: "remove"}, cookie, where.tabId) : null;
      if (host.status.state !== "ready") {
        await (early ?? enforceLocally(cookie, where));
        return;
      }
      const asked = batcher.add(changeEvent({cookie, removed: false, cause}, where));
      const pendingKey = `${where.site}\u0000${cookie.name}`;
      if (known === undefined && where.site) {
        pending.set(pendingKey, asked);
        asked.catch(() => {}).finally(() => {
          if (pending.get(pendingKey) === asked) pending.delete(pendingKey);
        });
      }
      let verdict;
      try {
        verdict = await asked;
      } catch (error) {
        // No answer: the host died (or timed out) with the question open. The reconcile after
        // the reconnect judges the cookie again; until then, the cached rules still apply.
        console.warn(`Cookie Warden: no verdict for cookie ${cookie.name}`, error.message);
        await (early ?? enforceLocally(cookie, where));
        return;
      }
      remember(where.site, cookie, verdict, {stored: true});
      if (early) await early;
      else await enforce(verdict, cookie, where.tabId);
    },

    // Classifies and enforces every cookie in the jar: those set while nobody listened too.
    async reconcile() {
      const cookies = await jar.all();
      for (let i = 0; i < cookies.length; i += STORED_CHUNK) {
        const entries = cookies.slice(i, i + STORED_CHUNK).map((cookie) => ({cookie, where: context.contextOf(cookie)}));
        await judgeStored(stored, "cookie.changed", entries);
      }
      return cookies.length;
    },
  };
}
