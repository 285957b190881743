// The platforms' consent cookies, read for what the citizen answered in the banner themselves,
// so that a refusal given by hand holds the site to it as one given by Cookie Warden does.
// Only the answer per purpose leaves this file; the cookie's value never does.

const word = (yes) => (yes ? "allow" : "refuse");

function decoded(value) {
  try {
    return decodeURIComponent(value);
  } catch (_error) {
    return value; // not URI-encoded
  }
}

// Cookiebot: {stamp:'…',necessary:true,preferences:false,statistics:false,marketing:false,…}.
// It has no functional purpose of its own: its preferences cover both.
function cookiebot(value) {
  const text = decoded(value);
  const flag = (p) => text.match(new RegExp(`[{,]${p}:(true|false)[,}]`))?.[1];
  const [preferences, statistics, marketing] = ["preferences", "statistics", "marketing"].map(flag);
  if (!preferences || !statistics || !marketing) return null;
  return {functional: word(preferences === "true"), preferences: word(preferences === "true"),
          statistics: word(statistics === "true"), marketing: word(marketing === "true")};
}

// Cookie Information: JSON with consents_approved / consents_denied lists of cookie_cat_*.
function cookieInformation(value) {
  let parsed;
  try {
    parsed = JSON.parse(decoded(value));
  } catch (_error) {
    return null;
  }
  const approved = new Set(Array.isArray(parsed?.consents_approved) ? parsed.consents_approved : []);
  if (!Array.isArray(parsed?.consents_approved)) return null;
  const functional = approved.has("cookie_cat_functional");
  return {functional: word(functional), preferences: word(functional),
          statistics: word(approved.has("cookie_cat_statistic")), marketing: word(approved.has("cookie_cat_marketing"))};
}

// OneTrust: a query string with groups=C0001:1,C0002:0,… (C0002 performance, C0003
// functional, C0004 targeting; sites may number their groups otherwise: then this is a guess).
function oneTrust(value) {
  const groups = new URLSearchParams(decoded(value)).get("groups");
  if (!groups) return null;
  const state = Object.fromEntries(groups.split(",").map((g) => g.split(":")));
  if (!("C0002" in state) && !("C0004" in state)) return null;
  return {functional: word(state.C0003 === "1"), preferences: word(state.C0003 === "1"),
          statistics: word(state.C0002 === "1"), marketing: word(state.C0004 === "1")};
}

export const CONSENT_COOKIES = {CookieConsent: {platform: "cookiebot", read: cookiebot},
                                CookieInformationConsent: {platform: "cookieinformation", read: cookieInformation},
                                OptanonConsent: {platform: "onetrust", read: oneTrust}};

// A manifest's consent cookie ({name, accepted: [values], refused: [values]}): one answer for
// every optional purpose.
export function manifestChoice(consent, value) {
  const all = (w) => ({functional: w, preferences: w, statistics: w, marketing: w});
  if (consent?.cookie?.accepted?.includes(value)) return all("allow");
  if (consent?.cookie?.refused?.includes(value)) return all("refuse");
  return null;
}

// {platform, choices} for a stored cookie, or null when it is no consent cookie we can read.
export function readConsentCookie(cookie, manifests = []) {
  const known = Object.hasOwn(CONSENT_COOKIES, cookie?.name) ? CONSENT_COOKIES[cookie.name] : null;
  if (known) {
    const choices = known.read(cookie.value ?? "");
    return choices ? {platform: known.platform, choices} : null;
  }
  const manifest = manifests.find((m) => m?.consent?.cookie?.name === cookie?.name);
  if (!manifest) return null;
  const choices = manifestChoice(manifest.consent, cookie.value);
  return choices ? {platform: `manifest:${manifest.id}`, choices} : null;
}
