// Requests from the extension's own pages (popup, options, welcome). Only our pages may ask:
// other extensions cannot reach runtime.onMessage without externally_connectable, and the sender
// is checked so that web pages cannot drive the host. The one message a web page's content
// script (guard/relay.js) may send is the names the document.cookie guard dropped.

import {api} from "./api.js";
import {belongsTo} from "./jar.js";
import {reportGuardDrops} from "./guard-reports.js";

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

async function siteView(warden, tabId) {
  const site = warden.context.siteOfTab(tabId);
  if (!site) return {site: null, cookies: []};
  const cookies = (await warden.jar.all()).filter((cookie) => belongsTo(cookie, site));
  const facts = cookies.map((c) => ({name: c.name, domain: c.domain, path: c.path,
                                     session: c.session, expirationDate: c.expirationDate,
                                     httpOnly: c.httpOnly, secure: c.secure,
                                     sameSite: c.sameSite}));
  let results = [];
  let classifyError = null;
  if (facts.length > 0 && warden.host.status.state === "ready") {
    try {
      results = (await warden.host.request("classify", {site, cookies: facts})).results ?? [];
    } catch (error) {
      // Still list the cookies; the popup says why their purposes are missing.
      classifyError = error.message;
    }
  }
  return {
    site,
    badge: warden.badge.count(tabId),
    classifyError,
    classified: results.length === facts.length,
    cookies: facts.map((fact, i) => ({...fact, partitioned: Boolean(cookies[i].partitionKey?.topLevelSite),
                                      ...(results[i] ?? {})})),
  };
}

export async function handlePageMessage(warden, message, sender) {
  // The one message from web pages: guard/relay.js passing on the names the guard dropped.
  if (message?.type === "guard.dropped" && sender?.id === api.runtime.id && sender.tab && !fromOwnPage(sender)) {
    return reportGuardDrops(warden, sender, message.names);
  }
  if (!fromOwnPage(sender)) throw new PageError("forbidden", "Only Cookie Warden's own pages may ask.");
  switch (message?.type) {
    case "status":
      return {host: warden.host.status, settings: warden.cache.settings};
    case "retry":
      warden.host.retry();
      return {host: warden.host.status};
    case "site.view":
      return siteView(warden, message.tabId);
    case "site.deleteNow": {
      if (typeof message.site !== "string" || !message.site) throw new PageError("bad_request", "No site given.");
      return {removed: await warden.clearSite(message.site)};
    }
    case "host": {
      if (!PAGE_VERBS.has(message.verb)) throw new PageError("forbidden", `Pages may not use "${message.verb}".`);
      const reply = await warden.host.request(message.verb, message.params ?? {});
      // The host pushes rules.changed to other connections only; our own change we pick up here
      // (which also judges the cookies in the jar again, as a push would).
      if (CHANGES_RULES.has(message.verb)) await warden.rulesChanged();
      const {id: _id, ok: _ok, ...result} = reply;
      return result;
    }
    default:
      throw new PageError("bad_request", `Unknown request "${message?.type}".`);
  }
}
