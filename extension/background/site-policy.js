// What each top-level site's pages may not keep, asked of the host (site.policy) when a page
// starts loading, so that a denied cookie seen for the first time is removed at once instead
// of after a round trip (which waits for the host's log commit, tens of ms on a slow disk).
// The policy's rules cover first-party cookies only; the first matching rule decides; a name
// no rule matches, and any cookie of another site, is left to the host. Emptied on
// rules.changed.

import {bareDomain, underSite} from "./cookie-facts.js";

const MAX_SITES = 200;

// The reply, shaped for lookups: exact names by name, prefixes in precedence order. Each keeps
// its position in the host's list, since an earlier prefix beats a later exact name.
export function compilePolicy(reply) {
  const exact = new Map();
  const prefixes = [];
  (reply?.rules ?? []).forEach((rule, index) => {
    if (typeof rule?.name !== "string") return;
    const entry = {name: rule.name, index, remove: rule.remove === true};
    if (rule.match === "prefix") prefixes.push(entry);
    else if (!exact.has(rule.name)) exact.set(rule.name, entry);
  });
  return {site: reply?.site ?? "", mode: reply?.mode ?? "default",
          denied: Array.isArray(reply?.denied) ? reply.denied : [], exact, prefixes};
}

// true: remove; false: the host decides; undefined: no rule matches.
export function ruleFor(policy, name) {
  const exact = policy.exact.get(name);
  for (const prefix of policy.prefixes) {
    if (exact && prefix.index > exact.index) break;
    if (name.startsWith(prefix.name)) return prefix.remove;
  }
  return exact?.remove;
}

// Would the policy remove this cookie (by name and domain) on pages of its site?
export function policyRemoves(policy, name, domain) {
  if (!policy) return false;
  if (policy.mode === "block-all") return true;
  if (!underSite(bareDomain(domain), policy.site)) return false;
  return ruleFor(policy, name) === true;
}

export function createPolicyCache({ask}) {
  const policies = new Map(); // top-level host -> compiled policy
  const asking = new Map(); // top-level host -> promise
  let generation = 0;

  return {
    // Asks for the policy of `host` unless it is known or on its way. Resolves when known.
    prefetch(host) {
      if (!host || policies.has(host)) return Promise.resolve();
      if (asking.has(host)) return asking.get(host);
      const asked = generation;
      let request;
      try {
        request = Promise.resolve(ask(host)); // sent now, not a turn later: every ms counts
      } catch (error) {
        request = Promise.reject(error);
      }
      const done = request
        .then((reply) => {
          if (asked !== generation) return;
          if (policies.size >= MAX_SITES) policies.delete(policies.keys().next().value);
          policies.set(host, compilePolicy(reply));
        })
        .catch((error) => console.warn(`Cookie Warden: no policy for ${host}:`, error.message))
        .finally(() => {
          if (asking.get(host) === done) asking.delete(host);
        });
      asking.set(host, done);
      return done;
    },

    get(host) {
      return policies.get(host);
    },

    // "remove" when the policy of the page's site removes this cookie, else undefined.
    verdict(host, cookie) {
      return policyRemoves(policies.get(host), cookie.name, cookie.domain) ? "remove" : undefined;
    },

    // For an outgoing Cookie header (no domain): is `name` removed on pages of `host`, for a
    // request to `requestHost` of the same site?
    deniesName(host, requestHost, name) {
      const policy = policies.get(host);
      return Boolean(requestHost) && policyRemoves(policy, name, requestHost);
    },

    // The rules changed: every policy may differ. Answers already on their way are dropped.
    clear() {
      generation += 1;
      policies.clear();
      asking.clear();
    },

    get size() {
      return policies.size;
    },
  };
}
