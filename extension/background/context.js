// Works out which top-level site a cookie change belongs to. cookies.onChanged says nothing
// about the page, so we remember which tab each recent request came from (webRequest) and
// which site each tab shows (tabs), and match the cookie's domain against recent requests.
// A partitioned cookie carries its own answer: the partition's top-level site.

import {domainMatches, partitionSite, siteOfUrl} from "./cookie-facts.js";

const RECENT_MS = 30_000;
const MAX_RECENT = 500;

export function createContextTracker({now = () => Date.now()} = {}) {
  const tabSites = new Map(); // tabId -> top-level host
  let recent = []; // {host, tabId, site, at}, newest last

  function remember(host, tabId, site) {
    recent.push({host, tabId, site, at: now()});
    if (recent.length > MAX_RECENT) recent = recent.slice(-MAX_RECENT);
  }

  // Sets the tab's site; returns the sites left and entered, so the caller can tell the host.
  function setTabSite(tabId, site) {
    const before = tabSites.get(tabId) ?? null;
    if (site) tabSites.set(tabId, site);
    else tabSites.delete(tabId);
    return before === site ? {left: null, entered: null} : {left: before, entered: site};
  }

  return {
    // webRequest.onBeforeRequest details. A main-frame request names the site the tab is about
    // to show before tabs.onUpdated does, and its response may already set cookies.
    requestSeen({tabId, url, type}) {
      const host = siteOfUrl(url);
      if (!host || tabId === undefined || tabId < 0) return null;
      if (type === "main_frame") {
        const change = setTabSite(tabId, host);
        remember(host, tabId, host);
        return change;
      }
      const site = tabSites.get(tabId);
      if (site) remember(host, tabId, site);
      return null;
    },

    tabUrl(tabId, url) {
      return setTabSite(tabId, siteOfUrl(url));
    },

    tabRemoved(tabId) {
      return setTabSite(tabId, null);
    },

    siteOfTab(tabId) {
      return tabSites.get(tabId) ?? null;
    },

    openSites() {
      return [...new Set(tabSites.values())];
    },

    // {site, tabId} for a cookie, or {site: null} when nothing we saw explains it.
    contextOf(cookie) {
      const fromPartition = partitionSite(cookie.partitionKey);
      if (fromPartition) return {site: fromPartition};
      const cutoff = now() - RECENT_MS;
      for (let i = recent.length - 1; i >= 0; i -= 1) {
        const entry = recent[i];
        if (entry.at < cutoff) break;
        if (domainMatches(cookie.domain, entry.host)) return {site: entry.site, tabId: entry.tabId};
      }
      // Cookies set by script or long after the request: a tab showing the cookie's own site.
      for (const [tabId, site] of tabSites) {
        if (domainMatches(cookie.domain, site)) return {site, tabId};
      }
      return {site: null};
    },
  };
}
