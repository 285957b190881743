// The background's core: ties the host connection, the rule cache, context tracking and the
// enforcer to the browser's events.

import {createBadge} from "./badge.js";
import {createBatcher} from "./batcher.js";
import {changeEvent, setCookieNames, siteOfUrl} from "./cookie-facts.js";
import {createContextTracker} from "./context.js";
import {buildDnrRules, installDnrRules} from "./dnr-rules.js";
import {createEnforcer} from "./enforcer.js";
import {createHostClient, HOST_NAME} from "./host-client.js";
import {belongsTo, createJar} from "./jar.js";
import {createRuleCache} from "./rule-cache.js";
import {localVerdict} from "./local-verdict.js";
import {setCookieFacts, setCookieLines, topLevelSite, withoutCookies, withoutSetCookies} from "./header-filter.js";
import {createVerdictCache} from "./verdict-cache.js";
import {hostOutage} from "../common/host-outage.js";
import {createPolicyCache} from "./site-policy.js";
import {createRecheck, isEmptyScope, recheckScope} from "./recheck.js";
import {guardRegistrations, installGuards} from "./guard-scripts.js";

const CACHE_KEY = "ruleCache";
const MANIFEST_SITES_KEY = "manifestSites";
const RECONCILE_CHUNK = 200;
// How long a response may wait for the host's verdict on its Set-Cookie lines. Past it the
// cookies go through and the reactive path (cookies.onChanged) removes what is denied.
const INCOMING_WAIT_MS = 2_000;

export function createWarden({api, isFirefox}) {
  const context = createContextTracker();
  const cache = createRuleCache();
  const enforcer = createEnforcer({cookies: api.cookies});
  const jar = createJar({cookies: api.cookies, isFirefox});
  const badge = createBadge(api.action);
  const verdicts = createVerdictCache();
  // What each site's pages may not keep, known before they load (site.policy).
  const policies = createPolicyCache({ask: (site) => host.request("site.policy", {site})});
  // Verdicts asked for but not back yet, by "site\0name": a request that would carry such a
  // cookie waits for it (Firefox).
  const pending = new Map();
  let dnrChain = Promise.resolve();
  let guardChain = Promise.resolve();
  // The manifests the host uses (what manifests.list says of each): the document.cookie guard
  // uses a shipped names list there or stays off; null until the host said.
  let manifestSites = null;

  const host = createHostClient({
    connect: () => api.runtime.connectNative(HOST_NAME),
    hello: {browser: isFirefox ? "firefox" : "chromium",
            extensionVersion: api.runtime.getManifest().version},
    onPush: (push) => onPush(push).catch((error) => console.error("Cookie Warden: push", error)),
    onState: (status) => onHostState(status),
  });

  const batcher = createBatcher({
    send: async (events) => (await host.request("cookie.changed", {events})).verdicts,
    // A cookie never judged rides along on every request until its verdict is back, so wait
    // only long enough to catch the cookies of the same response or script run.
    delayMs: 2,
  });

  // --- rules -------------------------------------------------------------------------------

  // Asks for the policy of a site a tab is about to show (or shows), while the host is there.
  function prefetchPolicy(site) {
    if (site && host.status.state === "ready") policies.prefetch(site);
  }

  function prefetchOpenSites() {
    for (const site of context.openSites()) prefetchPolicy(site);
  }

  // DNR updates go through one chain so that two refreshes cannot interleave their writes.
  function syncDnr() {
    const rules = buildDnrRules(cache.thirdPartyPolicy());
    dnrChain = dnrChain.then(() => installDnrRules(api.declarativeNetRequest, rules))
      .catch((error) => console.error("Cookie Warden: cannot install blocking rules", error));
    return dnrChain;
  }

  // The document.cookie guard follows the rules; it waits until the host has said which sites
  // have a manifest, since it must not use the catalogue's names there.
  function syncGuard() {
    if (!manifestSites || !api.scripting?.registerContentScripts) return guardChain;
    // Firefox did not load a page again after a restart with the guard persisted (e2e
    // scenario 11); there it is registered afresh on every start instead.
    const wanted = guardRegistrations(cache, manifestSites, {persist: !isFirefox});
    guardChain = guardChain.then(() => installGuards(api.scripting, wanted))
      .catch((error) => console.error("Cookie Warden: cannot install the document.cookie guard", error));
    return guardChain;
  }

  // `withManifests`: ask which manifests the host uses too. The host loads them once per
  // process, so that is needed once per connection, not on every rule change.
  async function refreshRules({withManifests = false} = {}) {
    const [settingsReply, rulesReply, manifestsReply] = await Promise.all([
      host.request("settings.get", {}), host.request("rules.list", {}),
      withManifests ? host.request("manifests.list", {}) : null]);
    cache.load({settings: settingsReply.settings, rules: rulesReply.rules});
    if (manifestsReply) {
      manifestSites = (manifestsReply.manifests ?? []).filter((m) => m?.site)
        .map(({site, id, origin, file, hosts, reviewed, cookies, thirdParties}) =>
          ({site, id, origin, file, hosts, reviewed, cookies, thirdParties}));
    }
    await api.storage.local.set({[CACHE_KEY]: cache.toJSON(),
                                 ...(manifestsReply ? {[MANIFEST_SITES_KEY]: manifestSites} : {})});
    await Promise.all([syncDnr(), syncGuard()]);
  }

  // --- cookies -----------------------------------------------------------------------------

  async function enforce(verdict, cookie, tabId) {
    try {
      const done = await enforcer.apply(verdict, cookie);
      if (done === "removed") badge.add(tabId);
    } catch (error) {
      console.error(`Cookie Warden: cannot ${verdict.action} cookie ${cookie.name}`, error);
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

  async function cookieChanged({cookie, removed, cause}) {
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
  }

  // --- headers (Firefox: blocking webRequest) -----------------------------------------------

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
    // Denied by the site's policy: dropped without waiting; the host still judges and logs
    // them (as blocked) from the same cookie.incoming, just not awaited.
    const byPolicy = [];
    facts.forEach((f, i) => {
      if (actions[i] === undefined && policies.verdict(site, f) === "remove") {
        actions[i] = "remove";
        byPolicy.push(i);
      }
    });
    if (byPolicy.length > 0 && host.status.state === "ready") {
      const events = byPolicy.map((i) => ({cookie: facts[i], cause: "explicit", ...(site ? {site} : {})}));
      host.request("cookie.incoming", {events})
        .then((reply) => byPolicy.forEach((i, j) => remember(site, facts[i], reply?.verdicts?.[j])))
        .catch((error) => console.warn("Cookie Warden: cannot log blocked cookies", error.message));
    }
    const unknown = [];
    facts.forEach((f, i) => { if (actions[i] === undefined) unknown.push(i); });
    if (unknown.length > 0 && host.status.state !== "ready") {
      // Without the host, the cached rules decide what they make certain (a block-all site).
      for (const i of unknown) actions[i] = localVerdict(cache, facts[i], site)?.action;
    }
    if (unknown.length > 0 && host.status.state === "ready") {
      const events = unknown.map((i) => ({cookie: facts[i], cause: "explicit",
                                          ...(site ? {site} : {})}));
      let timer;
      const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), INCOMING_WAIT_MS); });
      try {
        const reply = await Promise.race([host.request("cookie.incoming", {events}), timeout]);
        unknown.forEach((i, j) => {
          const verdict = reply?.verdicts?.[j];
          if (!verdict) return;
          actions[i] = verdict.action;
          remember(site, facts[i], verdict);
        });
      } catch (error) {
        console.warn("Cookie Warden: cannot judge incoming cookies", error.message);
      } finally {
        clearTimeout(timer);
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
    if (pending.size === 0) return strip();
    const waits = [];
    withoutCookies(details.requestHeaders, (name) => {
      const asked = pending.get(`${site}\u0000${name}`);
      if (asked) waits.push(asked.catch(() => null));
      return false;
    });
    if (waits.length === 0) return strip();
    let timer;
    const timeout = new Promise((resolve) => { timer = setTimeout(resolve, INCOMING_WAIT_MS); });
    return Promise.race([Promise.all(waits), timeout]).then(() => {
      clearTimeout(timer);
      return strip();
    });
  }

  // Classifies and enforces every cookie in the jar: those set while nobody listened too.
  async function reconcile() {
    const cookies = await jar.all();
    for (let i = 0; i < cookies.length; i += RECONCILE_CHUNK) {
      const chunk = cookies.slice(i, i + RECONCILE_CHUNK);
      const events = chunk.map((cookie) => changeEvent(
        {cookie, removed: false, cause: "explicit"}, context.contextOf(cookie)));
      const {verdicts: judged} = await host.request("cookie.changed", {events});
      for (let j = 0; j < chunk.length; j += 1) {
        remember(events[j].site, chunk[j], judged[j], {stored: true});
        await enforce(judged[j], chunk[j], events[j].tabId);
      }
    }
    return cookies.length;
  }

  async function clearSite(site) {
    let removed = 0;
    for (const cookie of await jar.all()) {
      if (!belongsTo(cookie, site)) continue;
      try {
        if (await enforcer.remove(cookie)) removed += 1;
      } catch (error) {
        console.error(`Cookie Warden: cannot remove ${cookie.name} of ${site}`, error);
      }
    }
    return removed;
  }

  // --- host events -------------------------------------------------------------------------

  // Cookies already in the jar, judged again after a rule change (recheck.js).
  const recheck = createRecheck({
    jar, context, enforce,
    remember: (site, cookie, verdict) => remember(site, cookie, verdict, {stored: true}),
    judge: async (events) => (await host.request("cookie.recheck", {events})).verdicts,
  });

  // The rules or settings changed, here (our own pages) or elsewhere (the host's push): every
  // cached verdict and policy may be wrong now, and cookies stored under the old rules may be
  // denied by the new ones. The recheck is not awaited: a page's answer does not wait for a
  // big jar.
  async function rulesChanged() {
    const before = cache.toJSON();
    verdicts.clear();
    policies.clear();
    prefetchOpenSites();
    await refreshRules();
    const scope = recheckScope(before, cache.toJSON());
    if (isEmptyScope(scope) || host.status.state !== "ready") return;
    recheck.request(scope)
      .then(({checked, taken}) => console.info(`Cookie Warden: rules changed; checked ${checked} cookies again, ${taken} denied now`))
      .catch((error) => console.warn("Cookie Warden: cannot check the jar against the new rules", error.message));
  }

  // A site's learned declaration is new or changed (declarations.js): what its cookies are for
  // may differ now, so cached verdicts go and the site's cookies in the jar are judged again.
  function declarationLearned(site) {
    verdicts.clear();
    policies.clear();
    prefetchOpenSites();
    return recheck.request({all: false, sites: [site]});
  }

  async function onPush(push) {
    if (push.type === "rules.changed") await rulesChanged();
    else if (push.type === "site.clear" && typeof push.site === "string") await clearSite(push.site);
  }

  function tellHost(change, tabId) {
    if (host.status.state !== "ready") return;
    const send = (type, site) => host.request(type, {site, tabId})
      .catch((error) => console.warn(`Cookie Warden: ${type} ${site}`, error.message));
    if (change?.left) send("site.leave", change.left);
    if (change?.entered) send("site.visit", change.entered);
  }

  async function onConnected() {
    // Rules may have changed while the host was away: ask again for the sites on show.
    policies.clear();
    prefetchOpenSites();
    try {
      await refreshRules({withManifests: true});
    } catch (error) {
      // Go on with the last known rules: reconciling still classifies and enforces the jar.
      console.error("Cookie Warden: cannot load rules from the host", error);
    }
    for (const tab of await api.tabs.query({})) {
      const site = context.siteOfTab(tab.id);
      if (site) tellHost({entered: site}, tab.id);
    }
    const count = await reconcile();
    console.info(`Cookie Warden: connected; reconciled ${count} cookies`);
  }

  function onHostState(status) {
    const problem = hostOutage(status);
    badge.setHostProblem(problem, problem
      ? api.i18n.getMessage("badgeHostProblem") || "Cookie Warden: the helper program is not running"
      : api.i18n.getMessage("extName") || "Cookie Warden")
      .catch((error) => console.warn("Cookie Warden: badge", error));
    if (status.state === "ready") {
      onConnected().catch((error) => console.error("Cookie Warden: after connecting", error));
    }
  }

  return {
    host,
    cache,
    context,
    badge,
    jar,
    clearSite,
    refreshRules,
    rulesChanged,
    declarationLearned,
    recheckIdle: () => recheck.idle(),
    reconcile,
    syncDnr,
    syncGuard,

    async start() {
      const stored = await api.storage.local.get([CACHE_KEY, MANIFEST_SITES_KEY]);
      if (stored[CACHE_KEY]) cache.load(stored[CACHE_KEY]);
      if (Array.isArray(stored[MANIFEST_SITES_KEY])) manifestSites = stored[MANIFEST_SITES_KEY];
      // Third-party blocking and the guard start from the saved (or default) rules, host or no host.
      syncDnr();
      syncGuard();
      for (const tab of await api.tabs.query({})) context.tabUrl(tab.id, tab.url);
      host.start();
    },

    cookieChanged,
    filterResponse,
    filterRequest,
    verdicts,
    policies,

    requestSeen(details) {
      const change = context.requestSeen(details);
      // The page's policy is asked for as its request leaves, well before its cookies arrive.
      if (details.type === "main_frame") prefetchPolicy(siteOfUrl(details.url));
      // A new page in the tab starts a new count.
      if (details.type === "main_frame" && details.tabId >= 0) badge.reset(details.tabId);
      if (change?.entered || change?.left) tellHost(change, details.tabId);
    },

    // Counts on the badge the third-party cookies that the DNR rules keep out of the jar: they
    // never reach cookies.onChanged. The host says which are third party (it has the PSL).
    async responseSeen(details) {
      if (details.type === "main_frame" || details.tabId < 0) return;
      const names = setCookieNames(details.responseHeaders);
      const site = context.siteOfTab(details.tabId);
      const requestHost = siteOfUrl(details.url);
      if (names.length === 0 || !site || !requestHost || host.status.state !== "ready") return;
      if (!cache.blocksThirdParty(site, requestHost)) return;
      const {results = []} = await host.request("classify", {
        site, cookies: names.map((name) => ({name, domain: requestHost}))});
      const blocked = results.filter((r) => r.thirdParty).length;
      if (blocked > 0) badge.add(details.tabId, blocked);
    },

    tabUpdated(tabId, changeInfo) {
      if (!changeInfo.url) return;
      tellHost(context.tabUrl(tabId, changeInfo.url), tabId);
      prefetchPolicy(siteOfUrl(changeInfo.url));
    },

    tabRemoved(tabId) {
      badge.forget(tabId);
      tellHost(context.tabRemoved(tabId), tabId);
    },
  };
}
