// Cookies in HTTP headers. In Firefox (blocking webRequest) denied cookies are taken out of
// Set-Cookie before the browser stores them and out of Cookie before it sends them; in both
// browsers the third-party cookies the DNR rules keep out of the jar are logged (as blocked) and
// counted on the badge.

import {setCookieNames, siteOfUrl} from "./cookie-facts.js";
import {setCookieFacts, setCookieLines, topLevelSite, withoutCookies, withoutSetCookies} from "./header-filter.js";
import {localVerdict} from "./local-verdict.js";

// How long a response may wait for the host's verdict on its Set-Cookie lines. Past it the
// cookies go through and the reactive path (cookies.onChanged) removes what is denied.
const INCOMING_WAIT_MS = 2_000;

// Resolves with `promise`'s value, or with null after `ms`.
function within(promise, ms) {
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// judge: judge.js (remember, pending); the rest as in warden.js.
export function createRequestFilter({host, cache, context, badge, verdicts, policies, judge, isFirefox}) {
  const ready = () => host.status.state === "ready";

  function siteOfRequest(details) {
    if (details.type === "main_frame") return siteOfUrl(details.url);
    return context.siteOfTab(details.tabId) ?? null;
  }

  // Drops the Set-Cookie lines of denied cookies before the browser stores them. Cookies never
  // judged are asked about (cookie.incoming, which logs them as blocked when denied).
  async function filterResponse(details) {
    const lines = setCookieLines(details.responseHeaders);
    const requestHost = siteOfUrl(details.url);
    if (lines.length === 0 || !requestHost) return {};
    const site = siteOfRequest(details);
    // What the cookies API would report of each cookie once stored: its partition, store, path.
    const where = {url: details.url, storeId: details.cookieStoreId,
                   topLevelSite: topLevelSite(details) ?? (site ? `https://${site}` : undefined)};
    const now = Date.now();
    const facts = lines.map(({line}) => setCookieFacts(line, requestHost, now, where));
    const actions = facts.map((f) => (f ? verdicts.get(site, f.name, f.domain) : "allow"));
    const incoming = (indexes) => host.request("cookie.incoming", {
      events: indexes.map((i) => ({cookie: facts[i], cause: "explicit", ...(site ? {site} : {})}))});
    // Denied by the site's policy, or a third party's cookie where third parties are blocked
    // (what the DNR rules do in Chromium; in Firefox they leave Set-Cookie to this filter):
    // dropped without waiting; the host still judges and logs them (as blocked) from the same
    // cookie.incoming, just not awaited.
    const thirdPartyBlocked = isFirefox && details.thirdParty === true && details.type !== "main_frame"
      && site && cache.blocksThirdParty(site, requestHost);
    const byPolicy = [];
    facts.forEach((f, i) => {
      if (thirdPartyBlocked) {
        // Every line, as the DNR rule would; each visit's are reported (the host logs a
        // repeat within its window once).
        actions[i] = "remove";
        if (f) byPolicy.push(i);
      } else if (actions[i] === undefined && policies.verdict(site, f) === "remove") {
        actions[i] = "remove";
        byPolicy.push(i);
      }
    });
    if (byPolicy.length > 0 && ready()) {
      incoming(byPolicy)
        .then((reply) => byPolicy.forEach((i, j) => judge.remember(site, facts[i], reply?.verdicts?.[j])))
        .catch((error) => console.warn("Cookie Warden: cannot log blocked cookies", error.message));
    }
    const unknown = [];
    facts.forEach((f, i) => { if (actions[i] === undefined) unknown.push(i); });
    if (unknown.length > 0 && !ready()) {
      // Without the host, the cached rules decide what they make certain (a block-all site).
      for (const i of unknown) actions[i] = localVerdict(cache, facts[i], site)?.action;
    }
    if (unknown.length > 0 && ready()) {
      try {
        const reply = await within(incoming(unknown), INCOMING_WAIT_MS);
        unknown.forEach((i, j) => {
          const verdict = reply?.verdicts?.[j];
          if (!verdict) return;
          actions[i] = verdict.action;
          judge.remember(site, facts[i], verdict);
        });
      } catch (error) {
        console.warn("Cookie Warden: cannot judge incoming cookies", error.message);
      }
    }
    const drop = new Set(lines.filter((_, i) => actions[i] === "remove").map(({line}) => line));
    if (drop.size === 0) return {};
    if (details.tabId >= 0) badge.add(details.tabId, drop.size);
    return {responseHeaders: withoutSetCookies(details.responseHeaders, drop)};
  }

  // Drops denied cookies from an outgoing Cookie header: a cookie set by script is never sent,
  // even before its removal from the jar has happened. Synchronous: only the cache is asked.
  // A cookie whose verdict is on its way (set by script a moment ago) holds the request until
  // the verdict is back, at most INCOMING_WAIT_MS.
  function filterRequest(details) {
    const site = siteOfRequest(details);
    if (!site) return {};
    const requestHost = siteOfUrl(details.url);
    const strip = () => {
      if (!verdicts.hasDenied(site) && !policies.get(site)) return {};
      const headers = withoutCookies(details.requestHeaders, (name) => verdicts.deniedOn(site, name)
        || policies.deniesName(site, requestHost, name));
      return headers ? {requestHeaders: headers} : {};
    };
    if (judge.pending.size === 0) return strip();
    const waits = [];
    withoutCookies(details.requestHeaders, (name) => {
      const asked = judge.pending.get(`${site}\u0000${name}`);
      if (asked) waits.push(asked.catch(() => null));
      return false;
    });
    if (waits.length === 0) return strip();
    return within(Promise.all(waits), INCOMING_WAIT_MS).then(strip);
  }

  // Counts on the badge the third-party cookies that the DNR rules keep out of the jar: they
  // never reach cookies.onChanged. The host says which are third party (it has the PSL).
  async function responseSeen(details) {
    // Firefox: the blocking filter above drops and reports these lines itself.
    if (isFirefox || details.type === "main_frame" || details.tabId < 0) return;
    const names = setCookieNames(details.responseHeaders);
    const site = context.siteOfTab(details.tabId);
    const requestHost = siteOfUrl(details.url);
    if (names.length === 0 || !site || !requestHost || !ready()) return;
    if (!cache.blocksThirdParty(site, requestHost)) return;
    // The declarativeNetRequest rules dropped these lines and say nothing of it outside an
    // unpacked extension (Chromium's onRuleMatchedDebug). The host judges them as incoming
    // cookies and logs the ones it denies as blocked, with purpose and third-party domain;
    // one the header filter logged already (Firefox) is a repeat, which the host logs once.
    const where = {url: details.url, storeId: details.cookieStoreId,
                   topLevelSite: topLevelSite(details) ?? `https://${site}`};
    const now = Date.now();
    const events = setCookieLines(details.responseHeaders)
      .map(({line}) => setCookieFacts(line, requestHost, now, where))
      .filter(Boolean).map((cookie) => ({cookie, cause: "explicit", site}));
    if (events.length === 0) return;
    const {verdicts: judged = []} = await host.request("cookie.incoming", {events});
    const blocked = judged.filter((v) => v?.action === "remove").length;
    if (blocked > 0) badge.add(details.tabId, blocked);
  }

  return {filterResponse, filterRequest, responseSeen};
}
