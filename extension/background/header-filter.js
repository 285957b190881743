// Reading and rewriting cookie headers for the blocking webRequest listeners (Firefox). Only
// names and attributes are read; values are copied through untouched and never leave here.

// Facts about one Set-Cookie line, shaped like cookies.Cookie (no value), for the host.
export function setCookieFacts(line, requestHost, now = Date.now()) {
  const parts = line.split(";");
  const eq = parts[0].indexOf("=");
  const name = (eq < 0 ? "" : parts[0].slice(0, eq)).trim();
  if (!name) return null;
  const facts = {name, domain: requestHost, hostOnly: true, path: "/", secure: false,
                 httpOnly: false, session: true};
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
      facts.session = false;
      facts.expirationDate = Math.floor(now / 1000) + Number(value);
    } else if (key === "expires" && facts.session) {
      const when = Date.parse(value);
      if (!Number.isNaN(when)) {
        facts.session = false;
        facts.expirationDate = Math.floor(when / 1000);
      }
    } else if (key === "samesite") {
      facts.sameSite = {strict: "strict", lax: "lax", none: "no_restriction"}[value.toLowerCase()];
      if (!facts.sameSite) delete facts.sameSite;
    }
  }
  return facts;
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
