// Requests from the extension's own pages (popup, options, welcome). Only our pages may ask:
// other extensions cannot reach runtime.onMessage without externally_connectable, and the sender
// is checked so that web pages cannot drive the host. The one message a web page's content
// script (guard/relay.js) may send is the names the document.cookie guard dropped.

import {api} from "./api.js";

// Host verbs a page may use. cookie.changed and site.* stay with the background.
const PAGE_VERBS = new Set(["classify", "rules.get", "rules.set", "rules.delete", "rules.list",
                            "rules.temporary", "settings.get", "settings.set", "log.query", "stats",
                            "manifests.list"]);
const CHANGES_RULES = new Set(["rules.set", "rules.delete", "rules.temporary", "settings.set"]);

function fromOwnPage(sender) {
  const base = api.runtime.getURL("");
  return sender?.id === api.runtime.id && typeof sender.url === "string" && sender.url.startsWith(base);
}

class PageError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

// `pages`: the facade the background offers its pages (page-facade.js).
export async function handlePageMessage(pages, message, sender) {
  // The one message from web pages: guard/relay.js passing on the names the guard dropped.
  if (message?.type === "guard.dropped" && sender?.id === api.runtime.id && sender.tab && !fromOwnPage(sender)) {
    return pages.guardDropped(sender, message.names);
  }
  if (!fromOwnPage(sender)) throw new PageError("forbidden", "Only Cookie Warden's own pages may ask.");
  switch (message?.type) {
    case "status":
      return pages.status();
    case "retry":
      return pages.retry();
    case "site.view":
      return pages.siteView(message.tabId);
    case "site.deleteNow": {
      if (typeof message.site !== "string" || !message.site) throw new PageError("bad_request", "No site given.");
      return {removed: await pages.clearSite(message.site)};
    }
    case "host": {
      if (!PAGE_VERBS.has(message.verb)) throw new PageError("forbidden", `Pages may not use "${message.verb}".`);
      const result = await pages.ask(message.verb, message.params ?? {});
      if (CHANGES_RULES.has(message.verb)) await pages.rulesChanged();
      return result;
    }
    default:
      throw new PageError("bad_request", `Unknown request "${message?.type}".`);
  }
}
