// What the tabs show, as it changes: the context tracker learns which site each tab shows, the
// host hears when a site is entered or left (site.visit, site.leave: delete-on-leave), the
// site's policy is asked for before its cookies arrive, and a new page starts a new badge count.

import {siteOfUrl} from "./cookie-facts.js";

export function createTabEvents({host, context, badge, policies}) {
  const ready = () => host.status.state === "ready";

  // Asks for the policy of a site a tab is about to show (or shows), while the host is there.
  function prefetchPolicy(site) {
    if (site && ready()) policies.prefetch(site);
  }

  function tellHost(change, tabId) {
    if (!ready()) return;
    const send = (type, site) => host.request(type, {site, tabId})
      .catch((error) => console.warn(`Cookie Warden: ${type} ${site}`, error.message));
    if (change?.left) send("site.leave", change.left);
    if (change?.entered) send("site.visit", change.entered);
  }

  return {
    prefetchOpenSites: () => context.openSites().forEach((site) => prefetchPolicy(site)),

    // After connecting: the host hears of every site on show.
    async announceAll(tabs) {
      for (const tab of tabs) {
        const site = context.siteOfTab(tab.id);
        if (site) tellHost({entered: site}, tab.id);
      }
    },

    requestSeen(details) {
      const change = context.requestSeen(details);
      // The page's policy is asked for as its request leaves, well before its cookies arrive.
      if (details.type === "main_frame") prefetchPolicy(siteOfUrl(details.url));
      // A new page in the tab starts a new count.
      if (details.type === "main_frame" && details.tabId >= 0) badge.reset(details.tabId);
      if (change?.entered || change?.left) tellHost(change, details.tabId);
    },

    tabUpdated(tabId, changeInfo) {
      if (!changeInfo.url) return;
      tellHost(context.tabUrl(tabId, changeInfo.url), tabId);
      prefetchPolicy(siteOfUrl(changeInfo.url));
    },

    tabRemoved(tabId) {
      badge.forget(tabId);
      tellHost(context.tabRemoved(tabId), tabId);
    },
  };
}
