// Reading the whole cookie jar: every store, partitioned cookies included. getAll leaves out
// partitioned cookies unless asked with partitionKey: {} (PLATFORM.md), and in Firefox leaves
// out first-party-isolated ones unless asked with firstPartyDomain: null.

import {bareDomain, cookieKey, domainMatches, partitionSite, underSite} from "./cookie-facts.js";

export function createJar({cookies, isFirefox}) {
  async function storeIds() {
    try {
      const stores = await cookies.getAllCookieStores();
      return stores.length > 0 ? stores.map((store) => store.id) : [undefined];
    } catch (error) {
      console.warn("Cookie Warden: cannot list cookie stores", error);
      return [undefined];
    }
  }

  async function query(filter) {
    const base = isFirefox ? {...filter, firstPartyDomain: null} : {...filter};
    const found = new Map();
    for (const details of [base, {...base, partitionKey: {}}]) {
      let list;
      try {
        list = await cookies.getAll(details);
      } catch (error) {
        // Older browsers reject partitionKey; the plain query above still counted.
        if (details.partitionKey) continue;
        throw error;
      }
      for (const cookie of list) found.set(cookieKey(cookie), cookie);
    }
    return [...found.values()];
  }

  return {
    async all() {
      const out = [];
      for (const storeId of await storeIds()) {
        out.push(...await query(storeId === undefined ? {} : {storeId}));
      }
      return out;
    },

    async ofSite(site) {
      const all = await this.all();
      return all.filter((cookie) => belongsTo(cookie, site));
    },
  };
}

// A site's cookies: those sent to it, those of its subdomains, and those in its partition.
export function belongsTo(cookie, site) {
  return domainMatches(cookie.domain, site) || underSite(bareDomain(cookie.domain), site) ||
    underSite(partitionSite(cookie.partitionKey), site);
}

// Removes every cookie that belongs to `site` ("Delete this site's cookies now", the host's
// site.clear after leaving). Returns how many were removed.
export async function clearSite({jar, enforcer}, site) {
  let removed = 0;
  for (const cookie of await jar.all()) {
    if (!belongsTo(cookie, site)) continue;
    try {
      if (await enforcer.remove(cookie)) removed += 1;
    } catch (error) {
      console.error(`Cookie Warden: cannot remove ${cookie.name} of ${site}`, error);
    }
  }
  return removed;
}
