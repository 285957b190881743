// The extension's copy of the host's settings and site rules. It lets the extension keep
// enforcing what it last knew while the host is missing (third-party blocking through DNR,
// block-all sites) and is persisted so a restarted service worker starts with it.
//
// Rule shape (DESIGN §6): {site, mode: default|allow-all|block-all, categories: {cat: allow|deny},
// thirdParty: block|allow|default, allowThirdParty: [domain], lifetime: keep|session|leave|default}.

export const DEFAULT_SETTINGS = Object.freeze({
  categories: Object.freeze({
    necessary: "allow", functional: "allow", preferences: "allow",
    statistics: "deny", marketing: "deny", unclassified: "allow",
  }),
  thirdParty: "block",
  lifetime: "keep",
});

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

function asList(value) {
  return Array.isArray(value) ? value.filter((v) => typeof v === "string" && v) : [];
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
      const rule = this.ruleFor(site);
      let blocks = settings.thirdParty !== "allow";
      if (rule?.mode === "allow-all" || rule?.thirdParty === "allow") blocks = false;
      if (rule?.mode === "block-all" || rule?.thirdParty === "block") blocks = true;
      if (!blocks) return false;
      return !asList(rule?.allowThirdParty).some((d) => requestHost === d || requestHost.endsWith(`.${d}`));
    },

    // What third-party blocking means per site, for the DNR rules.
    thirdPartyPolicy() {
      const globalBlock = settings.thirdParty !== "allow";
      const exempt = []; // sites whose third parties may set cookies, against the global block
      const blocked = []; // sites that block third parties although the default allows them
      const allowLists = []; // {site, domains}: third parties allowed on a blocking site
      for (const rule of rules.values()) {
        const mode = rule.mode ?? "default";
        const choice = rule.thirdParty ?? "default";
        let blocks = globalBlock;
        if (mode === "allow-all" || choice === "allow") blocks = false;
        if (mode === "block-all" || choice === "block") blocks = true;
        if (blocks === globalBlock) {
          // same as the default: only an allow-list can differ
        } else if (blocks) {
          blocked.push(rule.site);
        } else {
          exempt.push(rule.site);
        }
        const domains = asList(rule.allowThirdParty);
        if (blocks && domains.length > 0) allowLists.push({site: rule.site, domains});
      }
      return {globalBlock, exempt: exempt.sort(), blocked: blocked.sort(), allowLists};
    },

    toJSON() {
      return {settings, rules: [...rules.values()]};
    },
  };
}
