// What the host says, in words a person uses: the rule behind a verdict, what a cookie is for,
// and what was taken away on a site. Pure functions over a translator `t` (page.js's), so that
// they can be tested without a browser.

import {CATEGORIES} from "./policy.js";

// A verdict's rule string (docs/store.md, "Precedence and rule names") as a sentence:
// "Your rule for nyheder.test: no statistics cookies", "Your default choice: ...".
export function ruleInWords(rule, action, t) {
  if (typeof rule !== "string" || rule === "") return t("ruleUnknown");
  if (rule === "removed") return t("ruleRemoved");
  if (rule === "third-party") return t("ruleDefault", [t("what_thirdPartyBlocked")]);
  const global = /^global\/(.+)$/.exec(rule);
  if (global) return t("ruleDefault", [what(global[1], action, t)]);
  const site = /^site:([^/]+)\/(.+)$/.exec(rule);
  if (site) return t("ruleSite", [site[1], what(site[2], action, t)]);
  return t("ruleOther");
}

function what(tail, action, t) {
  const denied = action === "remove" || action === "blocked";
  if (tail === "block-all") return t("what_blockAll");
  if (tail === "allow-all") return t("what_allowAll");
  if (tail === "third-party") return t("what_thirdPartyBlocked");
  if (tail === "third-party-allowed") return t("what_thirdPartyAllowed");
  if (tail === "lifetime-session") return t("what_session");
  if (tail.startsWith("allow-third-party:")) return t("what_allowFrom", [tail.slice("allow-third-party:".length)]);
  if (CATEGORIES.includes(tail)) return t(`what_${denied ? "deny" : "allow"}_${tail}`);
  return t("ruleOther");
}

// One line on what a cookie is for, in the user's language (`lang`, "en" or "da"). The
// catalogue's and the heuristics' descriptions are English, so those are built here from the
// facts (purpose, vendor); a site's own policy is quoted in the language asked for when the
// manifest gives it (purposeDa), else as the site wrote it.
export function purposeInWords(cookie, t, lang = "en") {
  const kind = t(`cookieKind_${CATEGORIES.includes(cookie.category) ? cookie.category : "unclassified"}`);
  if (cookie.source === "manifest" && lang === "da" && cookie.purposeDa) return cookie.purposeDa;
  if (cookie.source === "manifest" && cookie.purpose) return cookie.purpose;
  if (cookie.source === "catalogue") {
    return cookie.vendor ? t("purposeKnownFrom", [kind, cookie.vendor]) : t("purposeKnown", [kind]);
  }
  if (cookie.source === "heuristic") return t("purposeGuessed", [kind]);
  return t("purposeUnknown");
}

// The registrable-looking domain of a cookie's domain, for grouping third parties:
// ".ads.test" -> "ads.test". The host has the Public Suffix List; here only the leading dot
// and "www." are dropped, which is what a person reads.
function shownDomain(domain) {
  return String(domain ?? "").replace(/^\./, "").replace(/^www\./, "");
}

// What was removed or blocked, from log events: counts per purpose and per third-party domain,
// each with the distinct cookie names.
export function summarizeBlocks(events) {
  const byPurpose = new Map();
  const byDomain = new Map();
  const add = (map, key, name) => {
    const entry = map.get(key) ?? {key, count: 0, names: new Set()};
    entry.count += 1;
    entry.names.add(name);
    map.set(key, entry);
  };
  let total = 0;
  for (const e of events) {
    if (e.action !== "remove" && e.action !== "blocked") continue;
    total += 1;
    add(byPurpose, CATEGORIES.includes(e.category) ? e.category : "unclassified", e.name);
    if (e.thirdParty) add(byDomain, shownDomain(e.domain), e.name);
  }
  const sorted = (map) => [...map.values()].map((e) => ({...e, names: [...e.names].sort()}))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  return {total,
          byPurpose: sorted(byPurpose).sort((a, b) => CATEGORIES.indexOf(a.key) - CATEGORIES.indexOf(b.key)),
          byDomain: sorted(byDomain)};
}
