// Global Privacy Control (https://privacycg.github.io/gpc-spec/) where marketing is denied for
// a site: `Sec-GPC: 1` on the requests of its pages (declarativeNetRequest session rules, which
// both browsers have, and which the third-party rules' replace-all of the dynamic rules cannot
// touch) and navigator.globalPrivacyControl in its pages (consent/gpc.js, registered in the
// page's world at document_start). Follows the rule cache: the warden saves it to storage after
// every change, which is when this recomputes; the switch is the consent settings' `gpc`.

import {consentSettings, CONSENT_KEY} from "../common/consent-settings.js";
import {RESOURCE_TYPES} from "./dnr-rules.js";

const SCRIPT_ID = "cw-gpc";
const CACHE_KEY = "ruleCache";

function marketingAllowed(settings, rule) {
  if (rule?.mode === "allow-all") return true;
  if (rule?.mode === "block-all") return false;
  return (rule?.categories?.marketing ?? settings?.categories?.marketing ?? "deny") !== "deny";
}

// {everywhere, except, only}: GPC on every site but `except`, or only on `only`.
export function gpcPlan({settings, rules}, on = true) {
  if (!on) return {everywhere: false, except: [], only: []};
  const everywhere = !marketingAllowed(settings, null);
  const differ = (rules ?? []).filter((r) => r?.site && marketingAllowed(settings, r) === everywhere)
    .map((r) => r.site).sort();
  return everywhere ? {everywhere, except: differ, only: []} : {everywhere, except: [], only: differ};
}

const SET_GPC = {type: "modifyHeaders", requestHeaders: [{header: "Sec-GPC", operation: "set", value: "1"}]};

export function gpcDnrRules(plan) {
  const rules = [];
  const add = (condition) => rules.push({id: rules.length + 1, priority: 1, action: SET_GPC, condition});
  // A navigation is judged by where it goes, everything else by the page that asks.
  if (plan.everywhere) {
    add({resourceTypes: ["main_frame"], ...(plan.except.length ? {excludedRequestDomains: plan.except} : {})});
    add({resourceTypes: RESOURCE_TYPES, ...(plan.except.length ? {excludedInitiatorDomains: plan.except} : {})});
  } else if (plan.only.length > 0) {
    add({resourceTypes: ["main_frame"], requestDomains: plan.only});
    add({resourceTypes: RESOURCE_TYPES, initiatorDomains: plan.only});
  }
  return rules;
}

export function gpcRegistration(plan) {
  const patterns = (sites) => sites.flatMap((s) => [`*://${s}/*`, `*://*.${s}/*`]);
  const base = {id: SCRIPT_ID, js: ["consent/gpc.js"], runAt: "document_start", world: "MAIN", allFrames: true};
  if (plan.everywhere) {
    return {...base, matches: ["http://*/*", "https://*/*"],
            ...(plan.except.length ? {excludeMatches: patterns(plan.except)} : {})};
  }
  return plan.only.length > 0 ? {...base, matches: patterns(plan.only)} : null;
}

export function createGpc({api}) {
  let chain = Promise.resolve();

  async function apply() {
    const stored = (await api.storage.local.get(CACHE_KEY))[CACHE_KEY] ?? {};
    const plan = gpcPlan(stored, (await consentSettings()).gpc !== false);
    const dnr = api.declarativeNetRequest;
    const old = await dnr.getSessionRules();
    await dnr.updateSessionRules({removeRuleIds: old.map((r) => r.id), addRules: gpcDnrRules(plan)});
    const wanted = gpcRegistration(plan);
    const registered = await api.scripting.getRegisteredContentScripts({ids: [SCRIPT_ID]});
    if (registered.length > 0) await api.scripting.unregisterContentScripts({ids: [SCRIPT_ID]});
    if (wanted) await api.scripting.registerContentScripts([{...wanted, persistAcrossSessions: false}]);
    return plan;
  }

  function sync() {
    chain = chain.then(apply).catch((error) => console.error("Cookie Warden: cannot set up Global Privacy Control", error));
    return chain;
  }

  return {
    sync,
    // storage.onChanged listener: the rules or the switches changed.
    storageChanged(changes, area) {
      if (area === "local" && (changes[CACHE_KEY] || changes[CONSENT_KEY])) sync();
    },
  };
}
