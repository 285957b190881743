// Keeps the extension's copy of the rules (rule-cache.js) in step with the host, saves it for
// a restarted background, and brings what the browser enforces on its own in line with it:
// the DNR rules that keep third-party cookies out, and the document.cookie guard.

import {buildDnrRules, installDnrRules} from "./dnr-rules.js";
import {guardRegistrations, installGuards} from "./guard-scripts.js";

const CACHE_KEY = "ruleCache";
const MANIFEST_SITES_KEY = "manifestSites";

export function createRulesSync({api, host, cache, isFirefox}) {
  let dnrChain = Promise.resolve();
  let guardChain = Promise.resolve();
  // The manifests the host uses (what manifests.list says of each): the document.cookie guard
  // uses a shipped names list there or stays off; null until the host said.
  let manifestSites = null;

  // DNR updates go through one chain so that two refreshes cannot interleave their writes.
  function syncDnr() {
    const rules = buildDnrRules(cache.thirdPartyPolicy(), {setCookie: !isFirefox});
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

  return {
    syncDnr,
    syncGuard,

    // The saved rules, host or no host: third-party blocking and the guard start from them.
    async load() {
      const saved = await api.storage.local.get([CACHE_KEY, MANIFEST_SITES_KEY]);
      if (saved[CACHE_KEY]) cache.load(saved[CACHE_KEY]);
      if (Array.isArray(saved[MANIFEST_SITES_KEY])) manifestSites = saved[MANIFEST_SITES_KEY];
      syncDnr();
      syncGuard();
    },

    // `withManifests`: ask which manifests the host uses too. The host loads them once per
    // process, so that is needed once per connection, not on every rule change.
    async refresh({withManifests = false} = {}) {
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
    },
  };
}
