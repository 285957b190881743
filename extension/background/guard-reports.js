// Cookies the document.cookie guard dropped in a page (guard/relay.js reports their names):
// they were never stored, so cookies.onChanged never saw them. The host judges them as
// incoming cookies of the page's host and logs the denied ones as `blocked`; the badge counts
// them. Only names come from the page, and the host decides again: a page that reports names
// it never wrote can only add "blocked" entries for names its own site's rules deny.
import {siteOfUrl} from "./cookie-facts.js";

export const MAX_NAMES = 100;

// The cookie.incoming events for `names` dropped on a page at `url` in a tab showing `site`.
export function droppedEvents(names, url, site) {
  const host = siteOfUrl(url);
  if (!host || !Array.isArray(names)) return [];
  return names.filter((n) => typeof n === "string" && n && n.length <= 256).slice(0, MAX_NAMES)
    .map((name) => ({cookie: {name, domain: host, hostOnly: true, path: "/", secure: false, httpOnly: false,
                              session: true},
                     cause: "explicit", site: site ?? host}));
}

export async function reportGuardDrops({host, context, badge}, sender, names) {
  const tabId = sender?.tab?.id;
  const events = droppedEvents(names, sender?.url, Number.isInteger(tabId) ? context.siteOfTab(tabId) : null);
  if (events.length === 0) return {blocked: 0};
  if (host.status.state !== "ready") {
    if (Number.isInteger(tabId)) badge.add(tabId, events.length);
    return {blocked: events.length};
  }
  const {verdicts = []} = await host.request("cookie.incoming", {events});
  const blocked = verdicts.filter((v) => v?.action === "remove").length;
  if (blocked > 0 && Number.isInteger(tabId)) badge.add(tabId, blocked);
  return {blocked};
}
