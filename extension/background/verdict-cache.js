// The verdicts the host gave, kept in memory so that a cookie already judged is handled at
// once, without waiting for a round trip: by site (the top-level host), cookie name and cookie
// domain. Outgoing Cookie headers carry no domain, so denied names are also kept per site.
// Emptied whenever the rules change (rules.changed), since every verdict may then differ.
// With a verdict it keeps the shape of the cookie judged (cookieShape): a cookie set again
// with the same shape, only a new value or expiry, gets the same verdict.

import {bareDomain, cookieShape} from "./cookie-facts.js";

const MAX_ENTRIES = 20_000;

export function createVerdictCache() {
  const verdicts = new Map(); // "site\0name\0domain" -> {action, shape?}
  const denied = new Map(); // site -> Set of denied names

  const key = (site, name, domain) => `${site ?? ""}\u0000${name}\u0000${bareDomain(domain)}`;

  return {
    // The cached action ("allow", "remove", "session") or undefined when never judged.
    get(site, name, domain) {
      return verdicts.get(key(site, name, domain))?.action;
    },

    // Was this very cookie (same shape, the value and expiry aside) judged on `site`, and to
    // what? undefined when not.
    sameAsJudged(site, cookie) {
      const entry = verdicts.get(key(site, cookie.name, cookie.domain));
      return entry?.shape !== undefined && entry.shape === cookieShape(cookie) ? entry.action : undefined;
    },

    // `cookie` (optional): the cookie as the browser stored it, for sameAsJudged.
    put(site, name, domain, action, cookie) {
      if (typeof action !== "string" || !name) return;
      if (verdicts.size >= MAX_ENTRIES) this.clear(); // a crude bound; refilled on demand
      verdicts.set(key(site, name, domain), {action, ...(cookie ? {shape: cookieShape(cookie)} : {})});
      if (action === "remove" && site) {
        let names = denied.get(site);
        if (!names) denied.set(site, names = new Set());
        names.add(name);
      }
    },

    // Is `name` denied on pages of `site` for some domain? (For Cookie headers.)
    deniedOn(site, name) {
      return denied.get(site)?.has(name) ?? false;
    },

    hasDenied(site) {
      return (denied.get(site)?.size ?? 0) > 0;
    },

    clear() {
      verdicts.clear();
      denied.clear();
    },

    get size() {
      return verdicts.size;
    },
  };
}
