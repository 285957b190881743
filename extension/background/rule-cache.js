// The extension's copy of the host's settings and site rules. It lets the extension keep
// enforcing what it last knew while the host is missing (third-party blocking through DNR,
// block-all sites) and is persisted so a restarted service worker starts with it.
//
// Rule shape (docs/design.md, "Settings and rules"): {site, mode: default|allow-all|block-all,
// categories: {cat: allow|deny}, thirdParty: block|allow|default, allowThirdParty: [domain],
// lifetime: keep|session|leave|default}. What they add up to is common/policy.js's to say.

import {allowedThirdParty, DEFAULT_SETTINGS, effectiveChoices} from "../common/policy.js";

// Rules are keyed by registrable domain, which the extension cannot compute without the Public
// Suffix List; walking up the host's labels finds the rule for "www.kk.dk" under "kk.dk".
function* parentHosts(host) {
  let rest = host;
  while (rest) {
    yield rest;
    const dot = rest.indexOf(".");
    if (dot < 0) return;
    rest = rest.slice(dot + 1);
  }
}

export function createRuleCache() {
  let settings = {...DEFAULT_SETTINGS};
  const rules = new Map();

  return {
    load({settings: newSettings, rules: newRules} = {}) {
      if (newSettings && typeof newSettings === "object") {
        settings = {...DEFAULT_SETTINGS, ...newSettings};
      }
      if (Array.isArray(newRules)) {
        rules.clear();
        for (const rule of newRules) if (rule?.site) rules.set(rule.site, rule);
      }
    },

    setRule(rule) {
      if (rule?.site) rules.set(rule.site, rule);
    },

    deleteRule(site) {
      rules.delete(site);
    },

    get settings() {
      return settings;
    },

    ruleFor(host) {
      if (!host) return null;
      for (const candidate of parentHosts(host)) {
        const rule = rules.get(candidate);
        if (rule) return rule;
      }
      return null;
    },

    // Do the rules block third-party cookies from requestHost on pages of site? (The caller
    // has established that requestHost is a third party.)
    blocksThirdParty(site, requestHost) {
      const {blocks, allowed} = effectiveChoices(settings, this.ruleFor(site)).thirdParty;
      return blocks && !allowedThirdParty(allowed, requestHost);
    },

    // What third-party blocking means per site, for the DNR rules.
    thirdPartyPolicy() {
      const globalBlock = effectiveChoices(settings, null).thirdParty.blocks;
      const exempt = []; // sites whose third parties may set cookies, against the global block
      const blocked = []; // sites that block third parties although the default allows them
      const allowLists = []; // {site, domains}: third parties allowed on a blocking site
      for (const rule of rules.values()) {
        const {blocks, allowed} = effectiveChoices(settings, rule).thirdParty;
        if (blocks !== globalBlock) (blocks ? blocked : exempt).push(rule.site);
        if (blocks && allowed.length > 0) allowLists.push({site: rule.site, domains: allowed});
      }
      return {globalBlock, exempt: exempt.sort(), blocked: blocked.sort(), allowLists};
    },

    toJSON() {
      return {settings, rules: [...rules.values()]};
    },
  };
}
