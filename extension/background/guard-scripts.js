// Registers the document.cookie guard (extension/guard/guard.js) as content scripts in the
// page's own world at document_start: one registration per set of denied purposes, matching
// the sites whose rules give that set (the global choices: every other http(s) page). Sites
// whose rule allows everything get none, nor do sites with a manifest: a manifest may place a
// catalogue name in another purpose, and the guard knows only the catalogue.

const PREFIX = "cw-guard-";
export const GUARDED = ["functional", "preferences", "statistics", "marketing"];

function deniedSet(settings, rule) {
  if (rule?.mode === "allow-all") return [];
  if (rule?.mode === "block-all") return [...GUARDED];
  return GUARDED.filter((purpose) => (rule?.categories?.[purpose] ?? settings.categories?.[purpose]) === "deny");
}

const patterns = (site) => [`*://*.${site}/*`];

// The registrations for `cache` (rule-cache.js) and the sites that have a manifest.
export function guardRegistrations(cache, manifestSites, {persist = true} = {}) {
  const {settings, rules} = cache.toJSON();
  const fallback = deniedSet(settings, null);
  const groups = new Map(); // "a-b" -> {denied, sites}
  const special = [];
  for (const rule of rules) {
    const denied = deniedSet(settings, rule);
    if (denied.join("-") === fallback.join("-")) continue;
    special.push(rule.site);
    if (denied.length === 0) continue;
    const key = denied.join("-");
    if (!groups.has(key)) groups.set(key, {denied, sites: []});
    groups.get(key).sites.push(rule.site);
  }
  const exclude = [...new Set(manifestSites)].sort().flatMap(patterns);
  const registration = (denied, matches, excludeMatches) => ({
    id: `${PREFIX}${denied.join("-")}`,
    js: [...denied.map((p) => `guard/deny-${p}.js`), "guard/catalogue-names.js", "guard/guard.js"],
    matches,
    ...(excludeMatches.length > 0 ? {excludeMatches} : {}),
    runAt: "document_start",
    world: "MAIN",
    allFrames: false,
    persistAcrossSessions: persist,
  });
  const out = [];
  if (fallback.length > 0) {
    out.push(registration(fallback, ["http://*/*", "https://*/*"],
                          [...special.sort().flatMap(patterns), ...exclude]));
  }
  for (const {denied, sites} of [...groups.values()].sort((a, b) => a.denied.join() < b.denied.join() ? -1 : 1)) {
    out.push(registration(denied, sites.sort().flatMap(patterns), exclude));
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
