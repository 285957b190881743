// Shapes cookies and cookie events into protocol messages. The cookie VALUE never leaves this
// module: facts are built from an explicit list of fields, so a new browser field cannot leak
// into a message by accident.

const FACT_FIELDS = ["name", "domain", "path", "hostOnly", "secure", "httpOnly", "sameSite",
                     "session", "expirationDate", "storeId", "firstPartyDomain"];

export function cookieFacts(cookie) {
  const facts = {};
  for (const field of FACT_FIELDS) {
    if (cookie[field] !== undefined && cookie[field] !== null) facts[field] = cookie[field];
  }
  if (facts.firstPartyDomain === "") delete facts.firstPartyDomain;
  const partitionKey = normalPartitionKey(cookie.partitionKey);
  if (partitionKey) facts.partitionKey = partitionKey;
  return facts;
}

// Browsers report an unpartitioned cookie with no key, an empty object, or a key without a
// top-level site (Firefox); all three mean "not partitioned".
export function normalPartitionKey(key) {
  if (!key || typeof key !== "object" || !key.topLevelSite) return undefined;
  const out = {topLevelSite: key.topLevelSite};
  if (key.hasCrossSiteAncestor !== undefined) out.hasCrossSiteAncestor = key.hasCrossSiteAncestor;
  return out;
}

// The host name of an http(s) URL, or null for anything else (extension pages, about:, files).
// In the host's one canonical form: the URL parser gives IDNA ASCII in lower case; a trailing
// dot ("kk.dk.", the same site) is dropped.
export function siteOfUrl(url) {
  if (typeof url !== "string") return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
    return parsed.hostname.replace(/\.+$/, "") || null;
  } catch (_invalid) {
    return null;
  }
}

export function partitionSite(partitionKey) {
  const key = normalPartitionKey(partitionKey);
  return key ? siteOfUrl(key.topLevelSite) : null;
}

export function changeEvent(changeInfo, {site = null, tabId} = {}) {
  const event = {
    cookie: cookieFacts(changeInfo.cookie),
    removed: Boolean(changeInfo.removed),
    cause: changeInfo.cause,
    site,
  };
  if (Number.isInteger(tabId) && tabId >= 0) event.tabId = tabId;
  return event;
}

// One string per distinct cookie in the jar: the same name on another domain, path, store,
// partition or first-party domain is another cookie.
export function cookieKey(cookie) {
  const partition = normalPartitionKey(cookie.partitionKey);
  return [cookie.storeId ?? "", cookie.domain, cookie.path ?? "/", cookie.name,
          partition ? `${partition.topLevelSite}|${partition.hasCrossSiteAncestor ?? ""}` : "",
          cookie.firstPartyDomain ?? ""].join("\u0000");
}

// What decides a cookie's verdict besides its site, name and domain: everything the browser
// reports but the value and the expiry date (whether it has one does count). A site that
// sets a cookie again with a new value keeps its shape.
export function cookieShape(cookie) {
  return [cookieKey(cookie), cookie.hostOnly, cookie.secure, cookie.httpOnly, cookie.sameSite,
          cookie.session].join("\u0000");
}

// A cookie domain without the leading dot of a domain cookie ("" for none).
export function bareDomain(domain) {
  return typeof domain === "string" && domain.startsWith(".") ? domain.slice(1) : domain ?? "";
}

// Is `host` the site itself or one of its subdomains?
export function underSite(host, site) {
  return Boolean(host) && (host === site || host.endsWith(`.${site}`));
}

// The URL that cookies.remove/set need to address a cookie.
export function cookieUrl(cookie) {
  const host = bareDomain(cookie.domain);
  return `${cookie.secure ? "https" : "http"}://${host}${cookie.path || "/"}`;
}

// Does a cookie's domain cover this host name (RFC 6265 domain matching)?
export function domainMatches(cookieDomain, host) {
  if (!cookieDomain || !host) return false;
  const hostOnly = !cookieDomain.startsWith(".");
  const bare = hostOnly ? cookieDomain : cookieDomain.slice(1);
  if (host === bare) return true;
  return !hostOnly && host.endsWith(`.${bare}`);
}

// Cookie names from Set-Cookie response headers (Firefox joins several with newlines). Only the
// names: the values are not read.
export function setCookieNames(headers) {
  const names = [];
  for (const header of headers ?? []) {
    if (header.name?.toLowerCase() !== "set-cookie" || typeof header.value !== "string") continue;
    for (const line of header.value.split("\n")) {
      const eq = line.indexOf("=");
      const name = (eq < 0 ? "" : line.slice(0, eq)).trim();
      if (name) names.push(name);
    }
  }
  return names;
}
