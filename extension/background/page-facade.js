// What the extension's own pages (popup, options) may ask of the background, and nothing more:
// page-messages.js checks who asks and which host verbs, this answers.

import {belongsTo} from "./jar.js";
import {reportGuardDrops} from "./guard-reports.js";

export function createPageFacade({host, cache, context, jar, badge, clearSite, rulesChanged}) {
  return {
    status: () => ({host: host.status, settings: cache.settings}),

    retry() {
      host.retry();
      return {host: host.status};
    },

    // The site shown in a tab and its cookies, classified by the host when it is there.
    async siteView(tabId) {
      const site = context.siteOfTab(tabId);
      if (!site) return {site: null, cookies: []};
      const cookies = (await jar.all()).filter((cookie) => belongsTo(cookie, site));
      const facts = cookies.map((c) => ({name: c.name, domain: c.domain, path: c.path,
                                         session: c.session, expirationDate: c.expirationDate,
                                         httpOnly: c.httpOnly, secure: c.secure,
                                         sameSite: c.sameSite}));
      let results = [];
      let classifyError = null;
      if (facts.length > 0 && host.status.state === "ready") {
        try {
          results = (await host.request("classify", {site, cookies: facts})).results ?? [];
        } catch (error) {
          // Still list the cookies; the popup says why their purposes are missing.
          classifyError = error.message;
        }
      }
      return {
        site,
        badge: badge.count(tabId),
        classifyError,
        classified: results.length === facts.length,
        cookies: facts.map((fact, i) => ({...fact, partitioned: Boolean(cookies[i].partitionKey?.topLevelSite),
                                          ...(results[i] ?? {})})),
      };
    },

    clearSite,

    // A host verb (page-messages.js says which); the reply without its id and ok.
    async ask(verb, params) {
      const {id: _id, ok: _ok, ...result} = await host.request(verb, params);
      return result;
    },

    // The host pushes rules.changed to other connections only: a page's own change is picked up
    // here (which also judges the cookies in the jar again, as a push would).
    rulesChanged,

    // The names the document.cookie guard dropped in a web page (guard/relay.js).
    guardDropped: (sender, names) => reportGuardDrops({host, context, badge}, sender, names),
  };
}
