// The background's wiring: builds the parts (host connection, rules, judge, header filter,
// recheck, pages' facade) and ties them to the host's and the tabs' events. What each part does
// is in its own module; main.js ties this to the browser's listeners.

import {createBadge} from "./badge.js";
import {createContextTracker} from "./context.js";
import {createDeclarationWatcher} from "./declarations.js";
import {createEnforcer} from "./enforcer.js";
import {createHostClient, HOST_NAME} from "./host-client.js";
import {clearSite as clearJarSite, createJar} from "./jar.js";
import {createJudge, judgeStored} from "./judge.js";
import {createPageFacade} from "./page-facade.js";
import {createRecheck, isEmptyScope, recheckScope} from "./recheck.js";
import {createRequestFilter} from "./request-filter.js";
import {createRuleCache} from "./rule-cache.js";
import {createRulesSync} from "./rules-sync.js";
import {createPolicyCache} from "./site-policy.js";
import {createTabEvents} from "./tabs.js";
import {createVerdictCache} from "./verdict-cache.js";
import {hostOutage} from "../common/host-outage.js";

export function createWarden({api, isFirefox}) {
  const context = createContextTracker();
  const cache = createRuleCache();
  const enforcer = createEnforcer({cookies: api.cookies});
  const jar = createJar({cookies: api.cookies, isFirefox});
  const badge = createBadge(api.action);
  const verdicts = createVerdictCache();
  const host = createHostClient({
    connect: () => api.runtime.connectNative(HOST_NAME),
    hello: {browser: isFirefox ? "firefox" : "chromium", extensionVersion: api.runtime.getManifest().version},
    onPush: (push) => onPush(push).catch((error) => console.error("Cookie Warden: push", error)),
    onState: (status) => onHostState(status),
  });
  // What each site's pages may not keep, known before they load (site.policy).
  const policies = createPolicyCache({ask: (site) => host.request("site.policy", {site})});
  const rules = createRulesSync({api, host, cache, isFirefox});
  const judge = createJudge({host, cache, context, enforcer, jar, badge, verdicts, policies});
  const filter = createRequestFilter({host, cache, context, badge, verdicts, policies, judge, isFirefox});
  const tabs = createTabEvents({host, context, badge, policies});
  // Cookies already in the jar, judged again after a rule change.
  const recheck = createRecheck({jar, context, judge: (entries) => judgeStored(judge.stored, "cookie.recheck", entries)});

  // The rules or settings changed, here (our own pages) or elsewhere (the host's push): every
  // cached verdict and policy may be wrong now, and cookies stored under the old rules may be
  // denied by the new ones. The recheck is not awaited: a page's answer does not wait for a
  // big jar.
  async function rulesChanged() {
    const before = cache.toJSON();
    verdicts.clear();
    policies.clear();
    tabs.prefetchOpenSites();
    await rules.refresh();
    const scope = recheckScope(before, cache.toJSON());
    if (isEmptyScope(scope) || host.status.state !== "ready") return;
    recheck.request(scope)
      .then(({checked, taken}) => console.info(`Cookie Warden: rules changed; checked ${checked} cookies again, ${taken} denied now`))
      .catch((error) => console.warn("Cookie Warden: cannot check the jar against the new rules", error.message));
  }

  const clearSite = (site) => clearJarSite({jar, enforcer}, site);

  // A site's learned declaration is new or changed (declarations.js): what its cookies are for
  // may differ now, so cached verdicts go and the site's cookies in the jar are judged again.
  function declarationLearned(site) {
    verdicts.clear();
    policies.clear();
    tabs.prefetchOpenSites();
    return recheck.request({all: false, sites: [site]});
  }
  const declarations = createDeclarationWatcher({
    scripting: api.scripting, request: (type, params) => host.request(type, params), onLearned: declarationLearned,
  });

  async function onPush(push) {
    if (push.type === "rules.changed") await rulesChanged();
    else if (push.type === "site.clear" && typeof push.site === "string") await clearSite(push.site);
  }

  async function onConnected() {
    // Rules may have changed while the host was away: ask again for the sites on show.
    policies.clear();
    tabs.prefetchOpenSites();
    try {
      await rules.refresh({withManifests: true});
    } catch (error) {
      // Go on with the last known rules: reconciling still classifies and enforces the jar.
      console.error("Cookie Warden: cannot load rules from the host", error);
    }
    const open = await api.tabs.query({});
    await tabs.announceAll(open);
    // Pages that finished loading while the host was away: their declarations are read now.
    for (const tab of open) {
      if (tab.status !== "complete" || !/^https?:/.test(tab.url ?? "")) continue;
      declarations.pageLoaded(tab.id, tab.url)
        .catch((error) => console.warn("Cookie Warden: reading a declaration", error));
    }
    const count = await judge.reconcile();
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
    async start() {
      await rules.load();
      for (const tab of await api.tabs.query({})) context.tabUrl(tab.id, tab.url);
      host.start();
    },

    cookieChanged: judge.cookieChanged,
    filterResponse: filter.filterResponse,
    filterRequest: filter.filterRequest,
    responseSeen: filter.responseSeen,

    requestSeen: tabs.requestSeen,
    tabUpdated: tabs.tabUpdated,
    tabRemoved: tabs.tabRemoved,
    // tabs.onUpdated: a page that finished loading may hold its consent platform's declaration.
    pageLoaded(tabId, changeInfo, tab) {
      if (changeInfo?.status !== "complete" || host.status.state !== "ready") return undefined;
      return declarations.pageLoaded(tabId, tab?.url ?? changeInfo.url);
    },

    // The one door for the extension's pages (page-messages.js).
    pages: createPageFacade({host, cache, context, jar, badge, clearSite, rulesChanged}),
    // The parts, for tests and for looking into a running background; not for the pages.
    parts: {host, cache, verdicts, policies, recheck, rules, judge},
  };
}
