// Reads a site's own cookie declaration from what its consent platform already loaded into the
// page: Cookiebot's CookieConsentDialog.cookieTable* arrays, OneTrust's domain data, the cookie
// list Cookie Information's banner wrote into the page. It runs in
// the page's world (scripting.executeScript, world MAIN) and makes no request of its own: only
// objects the page itself holds are read. It returns names, domains, the platform's group and a
// purpose text, nothing else (never a cookie value), or null when no known platform is there.
//
// `readDeclaration` must stay self-contained: executeScript sends its source, not its closure.
// Everything it returns is untrusted (the page can shape these objects as it likes); the
// background checks it again with checkDeclaration (declaration-check.js) before the host sees
// it, and the host validates it against schema/declaration.schema.json.

export function readDeclaration({waitMs = 0} = {}, scope = globalThis) {
  const MAX_COOKIES = 2000;
  const MAX_ROWS = 20000; // rows looked at in all, kept or not: a huge array costs little
  const MAX_NAME = 256;
  const MAX_PURPOSE = 500;

  const get = (object, key) => {
    try {
      return object === null || (typeof object !== "object" && typeof object !== "function") ? undefined : object[key];
    } catch {
      return undefined; // a getter that throws: treat as absent
    }
  };
  const isArray = (value) => {
    try {
      return Array.isArray(value);
    } catch {
      return false;
    }
  };
  const lengthOf = (value) => {
    const n = get(value, "length");
    return Number.isSafeInteger(n) && n > 0 ? n : 0;
  };
  const text = (value) => (typeof value === "string" ? value : "");
  // Names: no spaces, control characters or separators; Cookiebot's "[x3]" count mark dropped.
  /* eslint-disable no-control-regex -- refusing control characters is the point */
  const cleanName = (value) => {
    const name = text(value).trim().replace(/\s*\[x\d+\]$/, "");
    return name.length > 0 && name.length <= MAX_NAME && !/[\u0000-\u0020\u007f;,=]/.test(name) ? name : null;
  };
  // The first host of a provider cell ("www.example.com<br/>example.com", "https://x.com/path").
  const cleanHost = (value) => {
    let host = text(value).split(/<br\s*\/?>/i)[0].trim().toLowerCase();
    host = host.replace(/^[a-z]+:\/\//, "").replace(/[/:?#].*$/, "").replace(/^\.+/, "").replace(/\.$/, "");
    const label = "[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?";
    return host.length > 0 && host.length <= 253 && new RegExp(`^${label}(\\.${label})*$`).test(host) ? host : null;
  };
  // Purposes are shown to people: markup removed, control characters made spaces, kept short.
  const cleanPurpose = (value) => {
    const out = text(value).slice(0, 4 * MAX_PURPOSE).replace(/<[^>]*>/g, " ")
      .replace(/[\u0000-\u001f\u007f]/g, " ").replace(/\s+/g, " ").trim();
    return out.length > MAX_PURPOSE ? `${out.slice(0, MAX_PURPOSE - 1)}…` : out;
  };
  const cleanUrl = (value) => {
    const url = text(value).trim();
    return url.length <= 2000 && /^https:\/\/[^\u0000-\u0020\u007f]+$/.test(url) ? url : null;
  };
  /* eslint-enable no-control-regex */

  function collector(platform) {
    const cookies = [];
    const seen = new Set();
    let rows = 0;
    let truncated = false;
    return {
      full: () => rows >= MAX_ROWS,
      add(name, domain, group, purpose) {
        rows += 1;
        const cleanedName = cleanName(name);
        if (!cleanedName) return;
        const host = cleanHost(domain);
        const key = `${cleanedName}\u0000${host ?? ""}`;
        if (seen.has(key)) return;
        if (cookies.length >= MAX_COOKIES) {
          truncated = true;
          return;
        }
        seen.add(key);
        const cookie = {name: cleanedName, group};
        if (host) cookie.domain = host;
        const why = cleanPurpose(purpose);
        if (why) cookie.purpose = why;
        cookies.push(cookie);
      },
      result(policyUrl) {
        if (cookies.length === 0) return null;
        return {platform, ...(policyUrl ? {policyUrl} : {}), ...(truncated ? {truncated: true} : {}), cookies};
      },
    };
  }

  // Cookiebot: rows [name, provider host(s), purpose, expiry, type, ...] per group.
  const COOKIEBOT_TABLES = [["cookieTableNecessary", "necessary"], ["cookieTablePreference", "preference"],
                            ["cookieTableStatistics", "statistics"], ["cookieTableAdvertising", "advertising"],
                            ["cookieTableUnclassified", "unclassified"]];
  function cookiebot() {
    const dialog = get(scope, "CookieConsentDialog") ?? get(get(scope, "Cookiebot"), "dialog")
      ?? get(get(scope, "CookieConsent"), "dialog");
    if (!dialog) return null;
    const out = collector("cookiebot");
    for (const [table, group] of COOKIEBOT_TABLES) {
      const rows = get(dialog, table);
      if (!isArray(rows)) continue;
      const n = lengthOf(rows);
      for (let i = 0; i < n && !out.full(); i += 1) {
        const row = get(rows, i);
        if (!isArray(row)) {
          out.add(null);
          continue;
        }
        // Column 7, when present, holds the hosts the provider cell is made from.
        out.add(get(row, 0), get(row, 7) ?? get(row, 1), group, get(row, 2));
      }
    }
    return out.result(null);
  }

  // OneTrust: DomainData.Groups, each with FirstPartyCookies and Hosts[].Cookies; the group's
  // CustomGroupId (C0001...) says its kind, its Parent the group it belongs under.
  function onetrust() {
    const ot = get(scope, "OneTrust") ?? get(scope, "Optanon");
    if (!ot) return null;
    let data = null;
    const getter = get(ot, "GetDomainData");
    if (typeof getter === "function") {
      try {
        data = getter.call(ot);
      } catch {
        data = null;
      }
    }
    data = data ?? get(scope, "OneTrustDomainData") ?? null;
    const groups = get(data, "Groups");
    if (!isArray(groups)) return null;
    const out = collector("onetrust");
    const idOf = (group) => {
      const id = text(get(group, "CustomGroupId")) || text(get(group, "OptanonGroupId"));
      return /^[A-Za-z0-9_-]{1,40}$/.test(id) ? id : "unknown";
    };
    const addAll = (list, groupId, fallbackHost) => {
      if (!isArray(list)) return;
      const n = lengthOf(list);
      for (let i = 0; i < n && !out.full(); i += 1) {
        const c = get(list, i);
        out.add(get(c, "Name"), get(c, "Host") || fallbackHost, groupId, get(c, "description") || get(c, "Description"));
      }
    };
    const n = lengthOf(groups);
    for (let g = 0; g < n && !out.full(); g += 1) {
      const group = get(groups, g);
      const parent = get(group, "Parent");
      // A sub-group (a vendor under "Targeting") takes its parent's kind when it has one.
      const id = typeof parent === "string" && /^C\d{4}$/.test(parent) ? parent : idOf(group);
      addAll(get(group, "FirstPartyCookies") ?? get(group, "Cookies"), id, null);
      const hosts = get(group, "Hosts");
      if (!isArray(hosts)) continue;
      const h = lengthOf(hosts);
      for (let i = 0; i < h && !out.full(); i += 1) {
        const host = get(hosts, i);
        addAll(get(host, "Cookies"), id, get(host, "HostName"));
      }
    }
    return out.result(cleanUrl(get(data, "CookiePolicyUrl")) ?? cleanUrl(get(data, "AboutLink")));
  }

  // Cookie Information: its banner script (uc.js) writes the declaration into the banner's
  // markup, one container per category whose id ends in cookie_cat_<kind>, holding a
  // .coi-consent-banner__cookie-details block per cookie with name, provider and purpose cells.
  const CI_KINDS = ["necessary", "functional", "statistic", "marketing", "unclassified"];
  const callOn = (object, method, ...args) => {
    const fn = get(object, method);
    if (typeof fn !== "function") return undefined;
    try {
      return fn.apply(object, args);
    } catch {
      return undefined;
    }
  };
  const cell = (details, kind) => text(get(callOn(details, "querySelector",
    `.cookie-details__detail-container-${kind} .cookie-details__detail-content`), "textContent"));
  function cookieinformation() {
    const doc = get(scope, "document");
    if (!doc) return null;
    const out = collector("cookieinformation");
    for (const kind of CI_KINDS) {
      const found = callOn(doc, "querySelectorAll", `[id$="cookie_cat_${kind}"] .coi-consent-banner__cookie-details`);
      const n = lengthOf(found);
      for (let i = 0; i < n && !out.full(); i += 1) {
        const details = get(found, i);
        // The provider cell holds a host or a company's name: only a dotted host is kept.
        const provider = cell(details, "provider").trim();
        const host = /\./.test(provider) ? provider : null;
        const purpose = cell(details, "purpose");
        // One cell may list several names ("_ga, _gid").
        const names = cell(details, "name").slice(0, 4 * MAX_NAME).split(/[\s,]+/).filter(Boolean);
        if (names.length === 0) out.add(null);
        for (const name of names.slice(0, 20)) out.add(name, host, `cookie_cat_${kind}`, purpose);
      }
    }
    return out.result(null);
  }

  const read = () => {
    for (const platform of [cookiebot, onetrust, cookieinformation]) {
      try {
        const found = platform();
        if (found) return found;
      } catch {
        // A hostile or half-loaded object: try the next platform.
      }
    }
    return null;
  };
  const first = read();
  if (first || !(waitMs > 0)) return first;
  // A platform's script may fill its tables after the page's load event: listen for the
  // platforms' own "loaded" events once, until waitMs, then read again.
  const present = ["CookieConsentDialog", "Cookiebot", "CookieConsent", "OneTrust", "Optanon", "CookieInformation"]
    .some((key) => get(scope, key) !== undefined);
  if (!present || typeof get(scope, "addEventListener") !== "function") return null;
  return new Promise((resolve) => {
    const events = ["CookiebotOnDialogInit", "CookiebotOnLoad", "CookiebotOnDialogDisplay", "OneTrustGroupsUpdated",
                    "CookieInformationConsentGiven"];
    let timer = null;
    const done = () => {
      for (const name of events) scope.removeEventListener(name, done);
      clearTimeout(timer);
      resolve(read());
    };
    for (const name of events) scope.addEventListener(name, done, {once: true});
    timer = setTimeout(done, waitMs);
  });
}
