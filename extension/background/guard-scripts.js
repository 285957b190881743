// Registers the document.cookie guard (extension/guard/guard.js) as content scripts in the
// page's own world at document_start: one registration per set of denied purposes, matching
// the sites whose rules give that set (the global choices: every other http(s) page), with the
// catalogue's names. A site with a shipped manifest gets its own registration, with what differs
// there on top of the catalogue's names (guard/manifest-<site>.js, tools/guard/generate.mjs), as
// long as the host uses that very manifest. Sites whose rule allows everything get none, nor
// do sites with any other manifest (imported, or replacing a shipped one): a manifest may place
// a catalogue name in another purpose, and the guard has no list for it.
import {underSite} from "./cookie-facts.js";
import {SHIPPED_GUARDS} from "./guard-manifests.js";
import {effectiveChoices} from "../common/policy.js";

const PREFIX = "cw-guard-";
const CATALOGUE_NAMES = "guard/catalogue-names.js";
export const GUARDED = ["functional", "preferences", "statistics", "marketing"];

function deniedSet(settings, rule) {
  const {categories} = effectiveChoices(settings, rule);
  return GUARDED.filter((purpose) => categories[purpose] === "deny");
}

const patterns = (site) => [`*://*.${site}/*`];
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// The shipped names list for the manifest the host lists for a site, if the host uses the one
// the list was made from and no other manifest speaks for hosts of that site. `manifests` are
// manifests.list entries (older saved state: bare site names, which get no list).
function shippedGuard(manifest, manifests) {
  if (typeof manifest !== "object" || manifest?.origin !== "shipped") return null;
  const guard = SHIPPED_GUARDS.find((g) => g.site === manifest.site);
  if (!guard) return null;
  const fields = ["id", "file", "hosts", "reviewed", "cookies", "thirdParties"];
  if (!fields.every((f) => same(manifest[f], guard[f]))) return null;
  const others = manifests.filter((m) => m !== manifest);
  const overlaps = others.some((m) => (typeof m === "string" ? [m] : [m.site, ...(m.hosts ?? [])])
    .some((h) => typeof h === "string" && underSite(h, guard.site)));
  return overlaps ? null : guard;
}

// The registrations for `cache` (rule-cache.js) and the manifests the host uses (manifests.list
// entries, or site names).
export function guardRegistrations(cache, manifests, {persist = true} = {}) {
  const {settings, rules} = cache.toJSON();
  const siteOf = (m) => (typeof m === "string" ? m : m?.site);
  const manifestSites = new Set(manifests.map(siteOf).filter(Boolean));
  const fallback = deniedSet(settings, null);
  const groups = new Map(); // "a-b" -> {denied, sites}
  const special = [];
  for (const rule of rules) {
    if (manifestSites.has(rule.site)) continue;
    const denied = deniedSet(settings, rule);
    if (denied.join("-") === fallback.join("-")) continue;
    special.push(rule.site);
    if (denied.length === 0) continue;
    const key = denied.join("-");
    if (!groups.has(key)) groups.set(key, {denied, sites: []});
    groups.get(key).sites.push(rule.site);
  }
  const exclude = [...manifestSites].sort().flatMap(patterns);
  const registration = (id, denied, names, matches, excludeMatches) => ({
    id: `${PREFIX}${id}`,
    js: [...denied.map((p) => `guard/deny-${p}.js`), CATALOGUE_NAMES, ...names, "guard/guard.js"],
    matches,
    ...(excludeMatches.length > 0 ? {excludeMatches} : {}),
    runAt: "document_start",
    world: "MAIN",
    allFrames: false,
    persistAcrossSessions: persist,
  });
  const out = [];
  if (fallback.length > 0) {
    out.push(registration(fallback.join("-"), fallback, [], ["http://*/*", "https://*/*"],
                          [...special.sort().flatMap(patterns), ...exclude]));
  }
  for (const {denied, sites} of [...groups.values()].sort((a, b) => a.denied.join() < b.denied.join() ? -1 : 1)) {
    out.push(registration(denied.join("-"), denied, [], sites.sort().flatMap(patterns),
                          exclude));
  }
  // One per manifest site with a list, its id fixed by the site: a rule change updates it.
  const shipped = manifests.map((m) => shippedGuard(m, manifests)).filter(Boolean)
    .sort((a, b) => (a.site < b.site ? -1 : 1));
  for (const guard of shipped) {
    const denied = deniedSet(settings, rules.find((rule) => rule.site === guard.site));
    if (denied.length === 0) continue;
    out.push(registration(`site-${guard.site}`, denied, [guard.names], guard.hosts.flatMap(patterns), []));
  }
  return out;
}

// The fields we set, in one order, to compare what is registered with what is wanted.
function shape(script) {
  return JSON.stringify([script.js, script.matches, [...(script.excludeMatches ?? [])].sort(),
                         script.runAt, script.world, Boolean(script.allFrames)]);
}

// Brings the registered guards in line with `wanted`, touching only what differs, so a page
// loading meanwhile is not left without its guard.
export async function installGuards(scripting, wanted) {
  const ours = (await scripting.getRegisteredContentScripts())
    .filter((script) => script.id.startsWith(PREFIX));
  const registered = new Map(ours.map((script) => [script.id, script]));
  const wantedIds = new Set(wanted.map((script) => script.id));
  const stale = ours.filter((script) => !wantedIds.has(script.id)).map((script) => script.id);
  const changed = wanted.filter((script) => registered.has(script.id) &&
                                            shape(registered.get(script.id)) !== shape(script));
  const added = wanted.filter((script) => !registered.has(script.id));
  if (stale.length > 0) await scripting.unregisterContentScripts({ids: stale});
  if (changed.length > 0) await scripting.updateContentScripts(changed);
  if (added.length > 0) await scripting.registerContentScripts(added);
  return {stale: stale.length, changed: changed.length, added: added.length};
}
