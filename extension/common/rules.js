// Site rules as the popup and options page edit them (docs/design.md, "Settings and rules";
// the host's rules.set takes a whole rule: {site, mode, categories, thirdParty, allowThirdParty,
// lifetime}).

import {DEFAULT_SETTINGS} from "./policy.js";

export const EMPTY_RULE = Object.freeze({mode: "default", categories: {}, thirdParty: "default",
                                         allowThirdParty: [], lifetime: "default"});

// What applies to a site: its rule where it says something, the global settings elsewhere.
export function effectiveRule(rule, settings) {
  const s = settings ?? DEFAULT_SETTINGS;
  const r = {...EMPTY_RULE, ...(rule ?? {})};
  const categories = {...s.categories};
  for (const [category, choice] of Object.entries(r.categories ?? {})) {
    if (choice === "allow" || choice === "deny") categories[category] = choice;
  }
  if (r.mode === "allow-all") for (const c of Object.keys(categories)) categories[c] = "allow";
  return {
    mode: r.mode,
    categories,
    thirdParty: r.thirdParty === "default" ? s.thirdParty : r.thirdParty,
    lifetime: r.lifetime === "default" ? s.lifetime : r.lifetime,
    allowThirdParty: r.allowThirdParty ?? [],
  };
}

// A complete rule for rules.set: the current one with `change` applied on top.
export function ruleWith(rule, site, change) {
  const base = {...EMPTY_RULE, ...(rule ?? {}), site};
  return {
    site,
    mode: change.mode ?? base.mode,
    categories: {...base.categories, ...(change.categories ?? {})},
    thirdParty: change.thirdParty ?? base.thirdParty,
    allowThirdParty: change.allowThirdParty ?? [...(base.allowThirdParty ?? [])],
    lifetime: change.lifetime ?? base.lifetime,
  };
}
