// The popup's two lists of what happened on the site: what was removed or blocked (from the
// host's log, per purpose and per third-party domain, with counts) and what was kept (the
// cookies in the jar, by purpose, with what each is for).
import {background, CATEGORIES, categoryName, el, errorText, t} from "../common/page.js";
import {purposeInWords, summarizeBlocks} from "../common/plain.js";

// "Recently": the last day of the site's log.
export const BLOCKED_WINDOW_MS = 24 * 3600 * 1000;

const $ = (id) => document.getElementById(id);

function countList(labelledBy, entries, label) {
  return el("ul", {className: "counts", "aria-labelledby": labelledBy}, entries.map((entry) => el("li", {},
    el("span", {className: "count", text: String(entry.count)}), " ",
    el("span", {className: "what", text: label(entry.key)}),
    el("div", {className: "small muted names", text: entry.names.join(", ")}))));
}

// Reads the site's recent removals and blocks (one page of each, newest first) and shows them.
export async function renderBlocked(site, {now = Date.now()} = {}) {
  const box = $("blocked-summary");
  const since = now - BLOCKED_WINDOW_MS;
  let events;
  try {
    const replies = await Promise.all(["remove", "blocked"].map((action) =>
      background.host("log.query", {site, action, since, limit: 500})));
    events = replies.flatMap((r) => r.events ?? []);
  } catch (error) {
    box.replaceChildren(el("p", {className: "small error", text: `${t("logUnavailable")} ${errorText(error)}`}));
    return null;
  }
  const summary = summarizeBlocks(events);
  if (summary.total === 0) {
    box.replaceChildren(el("p", {className: "muted", text: t("blockedNone")}));
    return summary;
  }
  box.replaceChildren(
    el("p", {text: t("blockedTotal", [String(summary.total)])}),
    el("h3", {id: "blocked-purpose-heading", text: t("blockedByPurpose")}),
    countList("blocked-purpose-heading", summary.byPurpose, categoryName),
    summary.byDomain.length > 0 ? el("h3", {id: "blocked-domain-heading", text: t("blockedByDomain")}) : null,
    summary.byDomain.length > 0 ? countList("blocked-domain-heading", summary.byDomain, (d) => d) : null,
  );
  return summary;
}

export function renderKept(cookies, {site, classified = true}) {
  const groups = $("cookie-groups");
  groups.replaceChildren();
  if (cookies.length === 0) {
    groups.append(el("p", {className: "muted", text: t(site ? "noCookies" : "noSite")}));
    return;
  }
  for (const category of CATEGORIES) {
    const members = cookies.filter((c) => (c.category ?? "unclassified") === category);
    if (members.length === 0) continue;
    const headingId = `group-${category}`;
    groups.append(el("section", {className: "cookie-group", "aria-labelledby": headingId},
      el("h3", {id: headingId, text: `${categoryName(category)} (${members.length})`}),
      el("ul", {}, members.map((c) => el("li", {},
        el("span", {className: "cookie-name", text: c.name}),
        c.thirdParty ? el("span", {className: "tag", text: t("thirdPartyTag")}) : null,
        c.partitioned ? el("span", {className: "tag", text: t("partitionedTag")}) : null,
        el("div", {className: "small muted", text: [c.domain.replace(/^\./, ""), c.vendor].filter(Boolean).join(" · ")}),
        classified ? el("div", {className: "small", text: purposeInWords(c, t, document.documentElement.lang)}) : null,
      )))));
  }
}
