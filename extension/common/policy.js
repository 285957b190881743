// The citizen's choices and the order in which they decide, as the extension needs them: the
// one place in the extension that knows the categories, the defaults and the precedence. The
// host decides every cookie (host/src/policy/decision.cpp); the extension uses this module only for what
// it must know before or without asking: third-party blocking (DNR), the document.cookie guard,
// which cookies to judge again after a rule change, and the pages' forms. The cases in
// tests/data/precedence-cases.json are run against both (docs/design.md, "Precedence").

export const CATEGORIES = Object.freeze(["necessary", "functional", "preferences", "statistics",
                                         "marketing", "unclassified"]);
export const MODES = Object.freeze(["default", "allow-all", "block-all"]);
export const THIRD_PARTY = Object.freeze(["block", "allow"]);
export const LIFETIMES = Object.freeze(["keep", "session", "leave"]);

// The host's defaults (host/src/policy/rules.hpp, Settings).
export const DEFAULT_SETTINGS = Object.freeze({
  categories: Object.freeze({
    necessary: "allow", functional: "allow", preferences: "allow",
    statistics: "deny", marketing: "deny", unclassified: "allow",
  }),
  thirdParty: "block",
  lifetime: "keep",
});

const oneOf = (value, choices) => (choices.includes(value) ? value : undefined);
const list = (value) => (Array.isArray(value) ? value.filter((v) => typeof v === "string" && v) : []);

// Is `domain` (a host or registrable domain) one of the third parties a rule lets through?
export function allowedThirdParty(allowed, domain) {
  return typeof domain === "string" && allowed.some((d) => domain === d || domain.endsWith(`.${d}`));
}

// What a site's rule and the global settings add up to, in the host's precedence:
// block-all, then allow-all, then the third-party choice, then the categories, then the
// lifetime. `rule` may be null (the global settings alone).
//   mode: default|allow-all|block-all
//   categories: {category: allow|deny} (necessary is always allowed unless block-all)
//   thirdParty: {blocks, allowed: [domain]}: are third-party cookies removed, and which are let through
//   lifetime: keep|session|leave
export function effectiveChoices(settings, rule) {
  const mode = oneOf(rule?.mode, MODES) ?? "default";
  const categories = {};
  if (mode !== "default") {
    for (const c of CATEGORIES) categories[c] = mode === "block-all" ? "deny" : "allow";
    return {mode, categories, thirdParty: {blocks: mode === "block-all", allowed: []}, lifetime: "keep"};
  }
  for (const c of CATEGORIES) {
    categories[c] = oneOf(rule?.categories?.[c], ["allow", "deny"]) ??
      oneOf(settings?.categories?.[c], ["allow", "deny"]) ?? DEFAULT_SETTINGS.categories[c];
  }
  categories.necessary = "allow";
  const thirdParty = oneOf(rule?.thirdParty, THIRD_PARTY) ?? oneOf(settings?.thirdParty, THIRD_PARTY) ??
    DEFAULT_SETTINGS.thirdParty;
  const lifetime = oneOf(rule?.lifetime, LIFETIMES) ?? oneOf(settings?.lifetime, LIFETIMES) ??
    DEFAULT_SETTINGS.lifetime;
  return {mode, categories, thirdParty: {blocks: thirdParty === "block", allowed: list(rule?.allowThirdParty)},
          lifetime};
}

// The action the host takes on a classified cookie ({category, thirdParty, domain, persistent}),
// from effectiveChoices alone: allow, remove or session.
export function verdictOf(choices, cookie) {
  if (choices.mode === "block-all") return "remove";
  if (choices.mode === "allow-all") return "allow";
  if (cookie.thirdParty && choices.thirdParty.blocks &&
      !allowedThirdParty(choices.thirdParty.allowed, cookie.domain)) return "remove";
  if (choices.categories[cookie.category] === "deny") return "remove";
  if (choices.lifetime === "session" && cookie.persistent) return "session";
  return "allow";
}
