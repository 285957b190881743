// Reading and rewriting cookie headers for the blocking webRequest listeners (Firefox). Only
// names and attributes are read; values are copied through untouched and never leave here.

// Facts about one Set-Cookie line, shaped like the cookies.Cookie that cookies.onChanged would
// report once it is stored (no value), for the host; null for a line that stores no cookie (no
// name, or a deletion: an expiry in the past, which onChanged reports as a removal and the host
// does not log). `where` says what the line alone cannot: the request's URL (for the default
// path), the top-level site (for the partition of a Partitioned cookie) and the cookie store.
export function setCookieFacts(line, requestHost, now = Date.now(), where = {}) {
  const parts = line.split(";");
  const eq = parts[0].indexOf("=");
  const name = (eq < 0 ? "" : parts[0].slice(0, eq)).trim();
  if (!name) return null;
  const facts = {name, domain: requestHost, hostOnly: true, path: defaultPath(where.url),
                 secure: false, httpOnly: false, session: true};
  let maxAge = null;
  let expires = null;
  let partitioned = false;
  for (const attribute of parts.slice(1)) {
    const at = attribute.indexOf("=");
    const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const value = at < 0 ? "" : attribute.slice(at + 1).trim();
    if (key === "domain" && value) {
      facts.domain = `.${value.replace(/^\./, "").toLowerCase()}`;
      facts.hostOnly = false;
    } else if (key === "path" && value.startsWith("/")) {
      facts.path = value;
    } else if (key === "secure") {
      facts.secure = true;
    } else if (key === "httponly") {
      facts.httpOnly = true;
    } else if (key === "max-age" && /^-?\d+$/.test(value)) {
      maxAge = Number(value);
    } else if (key === "expires") {
      const when = Date.parse(value);
      if (!Number.isNaN(when)) expires = when;
    } else if (key === "samesite") {
      facts.sameSite = {strict: "strict", lax: "lax", none: "no_restriction"}[value.toLowerCase()];
      if (!facts.sameSite) delete facts.sameSite;
    } else if (key === "partitioned") {
      partitioned = true;
    }
  }
  // Max-Age beats Expires whatever their order (RFC 6265 5.3).
  const until = maxAge !== null ? now + maxAge * 1000 : expires;
  if (until !== null) {
    if (until <= now) return null;
    facts.session = false;
    facts.expirationDate = Math.floor(until / 1000);
  }
  if (partitioned) {
    // As the cookies API reports a partitioned cookie. The host judges it against this site,
    // and the log marks it partitioned; an unknown top-level site still counts as partitioned.
    facts.partitionKey = {topLevelSite: where.topLevelSite ?? ""};
  }
  if (typeof where.storeId === "string" && where.storeId) facts.storeId = where.storeId;
  return facts;
}

// The default path of a cookie set without Path: the request path up to its last "/" (RFC 6265
// 5.1.4), as the browser stores it.
export function defaultPath(url) {
  let path;
  try {
    path = new URL(url).pathname;
  } catch (_noUrl) {
    return "/";
  }
  const last = path.lastIndexOf("/");
  return !path.startsWith("/") || last <= 0 ? "/" : path.slice(0, last);
}

// The top-level site of a request (scheme and host, as a partition key names it), from Firefox's
// webRequest details: the request itself for a page, else the outermost frame, else the document
// that made the request. null when the details do not say.
export function topLevelSite(details) {
  const url = details.type === "main_frame" ? details.url
    : details.frameAncestors?.length ? details.frameAncestors.at(-1).url
      : details.documentUrl;
  try {
    const {protocol, host} = new URL(url);
    return protocol === "http:" || protocol === "https:" ? `${protocol}//${host}` : null;
  } catch (_noUrl) {
    return null;
  }
}

// Every Set-Cookie line of a response, with where it came from (Firefox joins several lines of
// one header with newlines; other browsers give one header each).
export function setCookieLines(headers) {
  const lines = [];
  (headers ?? []).forEach((header, index) => {
    if (header.name?.toLowerCase() !== "set-cookie" || typeof header.value !== "string") return;
    for (const line of header.value.split("\n")) if (line.trim()) lines.push({index, line});
  });
  return lines;
}

// The headers without the Set-Cookie lines in `drop` (a Set of line strings).
export function withoutSetCookies(headers, drop) {
  const out = [];
  for (const header of headers) {
    if (header.name?.toLowerCase() !== "set-cookie" || typeof header.value !== "string") {
      out.push(header);
      continue;
    }
    const kept = header.value.split("\n").filter((line) => line.trim() && !drop.has(line));
    if (kept.length > 0) out.push({...header, value: kept.join("\n")});
  }
  return out;
}

// The request headers with the cookies `isDenied(name)` removed from Cookie; null when nothing
// changes (so the listener can leave the request alone).
export function withoutCookies(headers, isDenied) {
  let changed = false;
  const out = [];
  for (const header of headers ?? []) {
    if (header.name?.toLowerCase() !== "cookie" || typeof header.value !== "string") {
      out.push(header);
      continue;
    }
    const pairs = header.value.split(";");
    const kept = pairs.filter((pair) => {
      const eq = pair.indexOf("=");
      const name = (eq < 0 ? pair : pair.slice(0, eq)).trim();
      return !(name && isDenied(name));
    });
    if (kept.length === pairs.length) {
      out.push(header);
      continue;
    }
    changed = true;
    if (kept.length > 0) out.push({...header, value: kept.map((p) => p.trim()).join("; ")});
  }
  return changed ? out : null;
}
