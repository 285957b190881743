// The background's side of answering cookie banners (extension/consent/content.js asks).
// Content scripts are trusted only for these requests, and only about the page they run in:
// the site is taken from the sender, never from the message.
//
// The switches (answer banners, per site; Global Privacy Control): common/consent-settings.js.

import {api} from "./api.js";
import {bareDomain, siteOfUrl} from "./cookie-facts.js";
import {CONSENT_COOKIES, readConsentCookie} from "./consent-cookies.js";
import {effectiveRule} from "../common/rules.js";
import {consentSettings, underAny} from "../common/consent-settings.js";

const OPTIONAL = ["functional", "preferences", "statistics", "marketing"];

// What the banner is told on `host`, from the site's effective rule:
//   consents  Consent-O-Matic's categories (A functional and preferences, B statistics,
//             D/E/F marketing, X anything else: only on allow-all sites)
//   choices   per purpose, what that amounts to ("allow" / "refuse")
//   allOrNothing  the same for a banner with one answer for all optional cookies
export function bannerAnswer(settings, rule) {
  const effective = effectiveRule(rule, settings);
  const allowed = Object.fromEntries(OPTIONAL.map((p) => [p, effective.categories[p] !== "deny"]));
  if (effective.mode === "block-all") for (const p of OPTIONAL) allowed[p] = false;
  const allowAll = effective.mode === "allow-all";
  const a = allowed.functional && allowed.preferences;
  const consents = {A: a, B: allowed.statistics, D: allowed.marketing, E: allowed.marketing,
                    F: allowed.marketing, X: allowAll};
  const word = (yes) => (yes ? "allow" : "refuse");
  const choices = {functional: word(a), preferences: word(a), statistics: word(allowed.statistics),
                   marketing: word(allowed.marketing)};
  const every = OPTIONAL.every((p) => allowed[p]);
  const allOrNothing = Object.fromEntries(OPTIONAL.map((p) => [p, word(every)]));
  return {allowed, consents, choices, allOrNothing, allOptionalAllowed: every};
}

// The manifest (manifests.list entry) whose hosts cover `host` and that says how its site asks.
export function manifestFor(manifests, host) {
  return (manifests ?? []).find((m) => m?.consent && Array.isArray(m.hosts) && underAny(host, m.hosts)) ?? null;
}

export function createConsentPages({host, cache}) {
  let rules = null; // the shipped rules, read once when a banner is first found
  let manifests = null; // manifests.list, once per host connection
  let manifestsOf = null;
  // Page hosts whose banner a content script is answering now, until when: the consent cookie
  // the banner stores meanwhile is our answer, logged by consent.answered, not the citizen's.
  const answering = new Map();
  const ANSWERING_MS = 20_000;

  function beingAnswered(cookieDomain) {
    const now = Date.now();
    for (const [pageHost, until] of answering) {
      if (until < now) answering.delete(pageHost);
      else if (pageHost === cookieDomain || pageHost.endsWith(`.${cookieDomain}`)) return true;
    }
    return false;
  }

  async function shippedRules() {
    if (!rules) rules = (await fetch(api.runtime.getURL("consent/rules.json"))).json();
    return rules;
  }

  async function hostManifests() {
    if (host.status.state !== "ready") return manifests ?? [];
    if (manifestsOf !== host.status.host || !manifests) {
      manifestsOf = host.status.host;
      manifests = (await host.request("manifests.list", {})).manifests ?? [];
    }
    return manifests;
  }

  function pageHost(sender) {
    if (!sender?.tab || sender.id !== api.runtime.id || sender.frameId !== 0) return null;
    return siteOfUrl(sender.url ?? sender.tab.url);
  }

  return {
    // cookies.onChanged: a consent cookie stored by the banner, whoever answered it (the
    // citizen by hand, or the banner after we answered: the host keeps one entry if they agree).
    async cookieChanged(change) {
      const cookie = change?.cookie;
      if (change?.removed || !cookie || host.status.state !== "ready") return;
      const known = Object.hasOwn(CONSENT_COOKIES, cookie.name);
      const fresh = manifests && manifestsOf === host.status.host;
      const list = known ? [] : (fresh ? manifests : await hostManifests());
      if (!known && !list.some((m) => m?.consent?.cookie?.name === cookie.name)) return;
      const read = readConsentCookie(cookie, list);
      if (!read || beingAnswered(bareDomain(cookie.domain))) return;
      await host.request("consent.record", {site: bareDomain(cookie.domain), platform: read.platform,
                                            choices: read.choices, by: "banner"});
    },

    // Is this a request of ours from a content script? (Our own pages have no tab.)
    handles(message, sender) {
      return typeof message?.type === "string" && message.type.startsWith("consent.") && Boolean(sender?.tab);
    },

    async handle(message, sender) {
      const site = pageHost(sender);
      if (!site) throw Object.assign(new Error("Only a page's top frame may ask."), {code: "forbidden"});
      switch (message.type) {
        case "consent.page": {
          const switches = await consentSettings();
          if (!switches.answer || underAny(site, switches.off ?? [])) return {answer: false};
          const answer = bannerAnswer(cache.settings, cache.ruleFor(site));
          const manifest = manifestFor(await hostManifests().catch(() => []), site);
          return {answer: true, ...answer, manifest: manifest?.id ?? null,
                  banner: manifest?.consent?.banner ? manifest.consent : null,
                  platform: manifest?.consent?.platform ?? null};
        }
        case "consent.answering":
          answering.set(site, Date.now() + ANSWERING_MS);
          return {};
        case "consent.rule": {
          const all = await shippedRules();
          const rule = Object.hasOwn(all, message.name) ? all[message.name] : null;
          return {rule};
        }
        case "consent.answered": {
          if (typeof message.platform !== "string" || typeof message.choices !== "object") {
            throw Object.assign(new Error("platform and choices are needed"), {code: "bad_request"});
          }
          const choices = Object.fromEntries(OPTIONAL.filter((p) => ["allow", "refuse"].includes(message.choices[p]))
            .map((p) => [p, message.choices[p]]));
          await host.request("consent.record", {site, platform: message.platform.slice(0, 100), choices,
                                                by: "warden", tabId: sender.tab.id});
          answering.set(site, Date.now() + 3000); // the banner's cookie may still be on its way
          return {};
        }
        case "consent.failed":
          answering.delete(site);
          console.warn(`Cookie Warden: the ${message.platform} banner on ${site} was not answered:`, message.message);
          return {};
        default:
          throw Object.assign(new Error(`Unknown request "${message.type}".`), {code: "bad_request"});
      }
    },
  };
}
