// Learns a site's own cookie declaration: when a page has finished loading, the reader
// (declaration-reader.js) looks in the page's world for a known consent platform's declaration;
// what it finds is checked (declaration-check.js) and sent to the host (declaration.learned),
// which stores it as the site's learned manifest. Nothing is fetched: only objects the page
// itself loaded are read. The same declaration is not sent again for an hour (the host would
// only refresh its time); a new or changed one makes the site's cookies be judged again.

import {checkDeclaration} from "./declaration-check.js";
import {readDeclaration} from "./declaration-reader.js";
import {siteOfUrl} from "./cookie-facts.js";

// How long the reader waits for a platform that is present but has not filled its tables yet.
const WAIT_MS = 4_000;
const RESEND_MS = 60 * 60 * 1000;
const MAX_SITES = 500;

export function createDeclarationWatcher({scripting, request, onLearned, now = () => Date.now(), waitMs = WAIT_MS}) {
  const sent = new Map(); // site -> {key, at}

  async function read(tabId) {
    const results = await scripting.executeScript({
      target: {tabId, frameIds: [0]}, world: "MAIN", func: readDeclaration, args: [{waitMs}],
    });
    return results?.[0]?.result ?? null;
  }

  return {
    // For tabs.onUpdated with status "complete". Resolves to what happened, for tests and logs.
    async pageLoaded(tabId, url) {
      const site = siteOfUrl(url);
      if (!site || !scripting?.executeScript) return {skipped: "not a web page"};
      let raw;
      try {
        raw = await read(tabId);
      } catch (error) {
        // A tab closed or navigated meanwhile, or a page the browser keeps scripts out of.
        return {skipped: `cannot read the page: ${error.message}`};
      }
      if (raw === null || raw === undefined) return {skipped: "no declaration"};
      const {declaration, error} = checkDeclaration(raw);
      if (!declaration) {
        console.warn(`Cookie Warden: the declaration on ${site} is not usable: ${error}`);
        return {refused: error};
      }
      const key = JSON.stringify(declaration);
      const last = sent.get(site);
      if (last?.key === key && now() - last.at < RESEND_MS) return {skipped: "sent already"};
      const reply = await request("declaration.learned", {site, declaration});
      if (sent.size >= MAX_SITES) sent.delete(sent.keys().next().value);
      sent.set(site, {key, at: now()});
      if (reply?.stored === "new" || reply?.stored === "replaced") await onLearned(reply.site ?? site, reply);
      return {stored: reply?.stored, site: reply?.site ?? site};
    },
  };
}
