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

const CACHE_KEY = "ruleCache";
const RECONCILE_CHUNK = 200;

export function createWarden({api, isFirefox}) {
  const context = createContextTracker();
  const cache = createRuleCache();
  const enforcer = createEnforcer({cookies: api.cookies});
  const jar = createJar({cookies: api.cookies, isFirefox});
  const badge = createBadge(api.action);
  let dnrChain = Promise.resolve();

  const host = createHostClient({
    connect: () => api.runtime.connectNative(HOST_NAME),
    hello: {browser: isFirefox ? "firefox" : "chromium",
            extensionVersion: api.runtime.getManifest().version},
    onPush: (push) => onPush(push).catch((error) => console.error("Cookie Warden: push", error)),
    onState: (status) => onHostState(status),
  });

  const batcher = createBatcher({
    send: async (events) => (await host.request("cookie.changed", {events})).verdicts,
  });

  // --- rules -------------------------------------------------------------------------------

  // DNR updates go through one chain so that two refreshes cannot interleave their writes.
  function syncDnr() {
    const rules = buildDnrRules(cache.thirdPartyPolicy());
    dnrChain = dnrChain.then(() => installDnrRules(api.declarativeNetRequest, rules))
      .catch((error) => console.error("Cookie Warden: cannot install blocking rules", error));
    return dnrChain;
  }

  async function refreshRules() {
    const [settingsReply, rulesReply] = await Promise.all([
      host.request("settings.get", {}), host.request("rules.list", {})]);
    cache.load({settings: settingsReply.settings, rules: rulesReply.rules});
    await api.storage.local.set({[CACHE_KEY]: cache.toJSON()});
    await syncDnr();
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

  async function cookieChanged(changeInfo) {
    if (enforcer.isOwnChange(changeInfo)) return;
    const where = context.contextOf(changeInfo.cookie);
    if (host.status.state !== "ready") {
      // Without the host: keep applying what we know for certain from the last rules.
      if (!changeInfo.removed) {
        const verdict = localVerdict(cache, changeInfo.cookie, where.site);
        if (verdict) await enforce(verdict, changeInfo.cookie, where.tabId);
      }
      return;
    }
    const verdict = await batcher.add(changeEvent(changeInfo, where));
    if (!changeInfo.removed) await enforce(verdict, changeInfo.cookie, where.tabId);
  }

  // Classifies and enforces every cookie in the jar: those set while nobody listened too.
  async function reconcile() {
    const cookies = await jar.all();
    for (let i = 0; i < cookies.length; i += RECONCILE_CHUNK) {
      const chunk = cookies.slice(i, i + RECONCILE_CHUNK);
      const events = chunk.map((cookie) => changeEvent(
        {cookie, removed: false, cause: "explicit"}, context.contextOf(cookie)));
      const {verdicts} = await host.request("cookie.changed", {events});
      for (let j = 0; j < chunk.length; j += 1) {
        await enforce(verdicts[j], chunk[j], events[j].tabId);
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

  async function onPush(push) {
    if (push.type === "rules.changed") await refreshRules();
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
    try {
      await refreshRules();
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
    const problem = status.state !== "ready" && status.state !== "connecting";
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
    reconcile,
    syncDnr,

    async start() {
      const saved = (await api.storage.local.get(CACHE_KEY))[CACHE_KEY];
      if (saved) cache.load(saved);
      // Third-party blocking starts from the saved (or default) rules, host or no host.
      syncDnr();
      for (const tab of await api.tabs.query({})) context.tabUrl(tab.id, tab.url);
      host.start();
    },

    cookieChanged,

    requestSeen(details) {
      const change = context.requestSeen(details);
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
      if (changeInfo.url) tellHost(context.tabUrl(tabId, changeInfo.url), tabId);
    },

    tabRemoved(tabId) {
      badge.forget(tabId);
      tellHost(context.tabRemoved(tabId), tabId);
    },
  };
}
