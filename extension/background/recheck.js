// Judging the cookies already in the jar again when the rules change. Without it a cookie stored
// under the old rules would stay until its site set it again. Only a change that can take
// something away starts a recheck (a looser rule removes nothing, so it costs nothing), and only
// the cookies that the changed rules govern are sent: one site's cookies for a site rule, the
// whole jar for the global settings. The host decides and logs (cookie.recheck), the enforcer
// removes, exactly as for a cookie that has just been set.

import {bareDomain, partitionSite, underSite} from "./cookie-facts.js";
import {CATEGORIES, effectiveChoices} from "../common/policy.js";

// Cookies per cookie.recheck request, and per slice of the jar looked at in one turn of the
// event loop: a jar of thousands never holds up the browser's events or floods the host.
const CHUNK = 200;

const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));

// Can a cookie allowed (or kept as it was) under `before` be removed or shortened under `after`?
// Errs towards yes: a false yes costs a recheck that finds nothing, a false no leaves a cookie.
export function tightens(before, after) {
  if (after.mode === "allow-all") return false;
  if (after.mode === "block-all") return before.mode !== "block-all";
  if (before.mode === "block-all") return false; // nothing of it was left to take away
  if (before.mode === "allow-all") return true;
  if (CATEGORIES.some((c) => before.categories[c] !== "deny" && after.categories[c] === "deny")) return true;
  if (after.thirdParty.blocks) {
    if (!before.thirdParty.blocks) return true;
    if (before.thirdParty.allowed.some((domain) => !after.thirdParty.allowed.includes(domain))) return true;
  }
  return after.lifetime === "session" && before.lifetime !== "session";
}

function rulesBySite(snapshot) {
  const out = new Map();
  for (const rule of snapshot?.rules ?? []) if (rule?.site) out.set(rule.site, rule);
  return out;
}

// Which cookies to judge again, from the rule cache before and after a change (cache.toJSON()):
// {all: true} when the global settings took something away, else the sites whose rules did.
export function recheckScope(before, after) {
  if (tightens(effectiveChoices(before?.settings, null), effectiveChoices(after?.settings, null))) {
    return {all: true, sites: []};
  }
  const oldRules = rulesBySite(before);
  const newRules = rulesBySite(after);
  const sites = [];
  for (const site of new Set([...oldRules.keys(), ...newRules.keys()])) {
    if (tightens(effectiveChoices(before?.settings, oldRules.get(site)),
                 effectiveChoices(after?.settings, newRules.get(site)))) sites.push(site);
  }
  return {all: false, sites: sites.sort()};
}

export function isEmptyScope(scope) {
  return !scope || (!scope.all && scope.sites.length === 0);
}

function mergeScopes(a, b) {
  if (!a) return b;
  if (a.all || b.all) return {all: true, sites: []};
  return {all: false, sites: [...new Set([...a.sites, ...b.sites])].sort()};
}

// The site a cookie is judged against, as the host works it out (cookie_events.cpp
// judged_site_host): its partition's top-level site, else the page it was set on, else its own
// domain.
function judgedHost(cookie, where) {
  return partitionSite(cookie.partitionKey) ?? where.site ?? bareDomain(cookie.domain);
}

// jar: {all()}; context: {contextOf(cookie)}; judge([{cookie, where}]) -> how many it took
// (judge.js judgeStored with cookie.recheck).
export function createRecheck({jar, context, judge, pause = nextTurn}) {
  let wanted = null; // scope asked for and not started yet
  let running = null; // the promise of the drain under way

  function inScope(scope, cookie, where) {
    if (scope.all) return true;
    const host = judgedHost(cookie, where);
    return scope.sites.some((site) => underSite(host, site));
  }

  async function runOnce(scope) {
    const cookies = await jar.all();
    let checked = 0;
    let taken = 0;
    let chunk = [];
    const send = async () => {
      taken += await judge(chunk);
      checked += chunk.length;
      chunk = [];
    };
    for (let i = 0; i < cookies.length; i += CHUNK) {
      if (i > 0) await pause();
      for (const cookie of cookies.slice(i, i + CHUNK)) {
        const where = context.contextOf(cookie);
        if (inScope(scope, cookie, where)) chunk.push({cookie, where});
      }
      // A site's few cookies scattered over a big jar go together, not one request per slice.
      if (chunk.length >= CHUNK) await send();
    }
    if (chunk.length > 0) await send();
    return {checked, taken};
  }

  async function drain() {
    const totals = {checked: 0, taken: 0};
    try {
      // A change that arrives during a run is judged in a run of its own afterwards: cookies
      // already judged in this one were judged under the rules before it.
      while (wanted) {
        const scope = wanted;
        wanted = null;
        const {checked, taken} = await runOnce(scope);
        totals.checked += checked;
        totals.taken += taken;
      }
      return totals;
    } finally {
      running = null;
    }
  }

  return {
    // Judges the cookies of `scope` again; resolves when every recheck asked for so far is done.
    request(scope) {
      if (isEmptyScope(scope)) return running ?? Promise.resolve({checked: 0, taken: 0});
      wanted = mergeScopes(wanted, scope);
      if (!running) running = drain();
      return running;
    },

    // Resolves when no recheck is under way (for tests and callers that must wait).
    idle() {
      return (running ?? Promise.resolve()).then(() => undefined, () => undefined);
    },
  };
}
