// The switches of banner answering and Global Privacy Control, kept in the extension's own
// storage (so per browser): {answer: bool, gpc: bool, off: [site]}. Both default on; `off`
// lists the sites (and their subdomains) whose banners are left to the citizen.
const api = globalThis.browser ?? globalThis.chrome;

export const CONSENT_KEY = "consent";
export const DEFAULT_CONSENT = Object.freeze({answer: true, gpc: true, off: []});

function* parentHosts(host) {
  for (let rest = host; rest; rest = rest.includes(".") ? rest.slice(rest.indexOf(".") + 1) : "") yield rest;
}

// Is `host` one of `sites` or under one of them?
export function underAny(host, sites) {
  return [...parentHosts(host)].some((h) => sites.includes(h));
}

export async function consentSettings() {
  const stored = (await api.storage.local.get(CONSENT_KEY))[CONSENT_KEY];
  return {...DEFAULT_CONSENT, ...(stored && typeof stored === "object" ? stored : {})};
}

// Applies `change` ({answer?, gpc?, site?, siteOn?}) and saves; returns the new settings.
export async function changeConsentSettings(change) {
  const current = await consentSettings();
  const next = {...current, off: [...(current.off ?? [])]};
  if (typeof change.answer === "boolean") next.answer = change.answer;
  if (typeof change.gpc === "boolean") next.gpc = change.gpc;
  if (typeof change.site === "string" && change.site) {
    next.off = next.off.filter((s) => s !== change.site);
    if (change.siteOn === false) next.off.push(change.site);
    next.off.sort();
  }
  await api.storage.local.set({[CONSENT_KEY]: next});
  return next;
}
