// The loopback sites of the end-to-end scenarios. One server answers for every *.test name (the
// browsers map them to 127.0.0.1) and every name serves the same pages, driven by the query:
//
//   /page?set=a,b&js=c&img=HOST&frame=HOST&id=ID   sets cookies a and b by header, c by script,
//       embeds HOST's /pixel.gif and /frame, and reports /loaded?id=ID when its script has run;
//       with &cb=name:group,... it also defines a Cookiebot-style declaration
//       (window.CookieConsentDialog.cookieTable<Group>, rows [name, host, purpose, expiry, type])
//   /pixel.gif?set=a     an image that sets a (SameSite=None) cookie
//   /frame?set=a&js=b&partitioned=1&id=ID   a frame setting a by header and b by script,
//       as partitioned (CHIPS) cookies when asked
//
// The server notes when it sent each Set-Cookie, so a test can time what the browser did next.
// The sites are HTTPS when given a certificate (both browsers here) and plain HTTP without.

import {createServer as createHttpServer} from "node:http";
import {createServer as createHttpsServer} from "node:https";

const PIXEL = Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");
const list = (value) => (value ? value.split(",").filter(Boolean) : []);

// A cookie's value is a throw-away token; persistent unless its name ends in "_s".
function cookieLine(name, {secure, thirdParty, partitioned}) {
  let line = `${name}=v${Date.now() % 100000}; Path=/`;
  if (!name.endsWith("_s")) line += "; Max-Age=86400";
  if (thirdParty) line += "; SameSite=None";
  if (secure) line += "; Secure";
  if (partitioned) line += "; Partitioned";
  return line;
}

function scriptCookie(name, {secure, thirdParty, partitioned}) {
  return JSON.stringify(cookieLine(name, {secure, thirdParty, partitioned}));
}

// A Cookiebot-style declaration of "name:group" pairs (group: Necessary, Preference,
// Statistics, Advertising or Unclassified), defined as the platform's script defines it.
function cookiebotDeclaration(pairs, host) {
  if (pairs.length === 0) return "";
  const tables = {};
  for (const pair of pairs) {
    const [name, group] = pair.split(":");
    const key = `cookieTable${group}`;
    (tables[key] ??= []).push([name, host.replace(/^www\./, ""), `Declared ${group.toLowerCase()} for the tests.`, "1 day", "HTTP"]);
  }
  return `window.CookieConsentDialog = ${JSON.stringify(tables)};`;
}

export async function startSites(tls) {
  const scheme = tls ? "https" : "http";
  const secure = Boolean(tls);
  const sent = []; // {host, name, at}
  const loaded = new Map(); // page id -> time its script reported
  let port = 0;

  function setCookies(res, host, names, opts) {
    const lines = names.map((n) => cookieLine(n, {secure, ...opts}));
    if (lines.length) res.setHeader("set-cookie", lines);
    const at = Date.now();
    for (const name of names) sent.push({host, name, at});
  }

  const handler = (req, res) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "");
    const url = new URL(req.url, `${scheme}://${host}`);
    const q = (k) => url.searchParams.get(k);
    const html = (body) => {
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.setHeader("cache-control", "no-store");
      res.writeHead(200);
      res.end(`<!doctype html>${body}`);
    };
    if (url.pathname === "/page") {
      setCookies(res, host, list(q("set")), {});
      const embeds = [];
      if (q("img")) embeds.push(`<img id="pixel" src="${scheme}://${q("img")}:${port}/pixel.gif?set=${q("imgset") ?? ""}" alt="">`);
      if (q("frame")) embeds.push(`<iframe src="${scheme}://${q("frame")}:${port}/frame?${q("frameq") ?? ""}"></iframe>`);
      const js = list(q("js")).map((n) => `document.cookie = ${scriptCookie(n, {secure})};`).join("\n");
      html(`<title>${host}</title><h1>${host}</h1>${embeds.join("")}
<script>${cookiebotDeclaration(list(q("cb")), host)}
${js}
fetch("/loaded?id=${encodeURIComponent(q("id") ?? "")}", {method: "POST"}).catch(() => {});</script>`);
    } else if (url.pathname === "/pixel.gif") {
      setCookies(res, host, list(q("set")), {thirdParty: true});
      res.writeHead(200, {"content-type": "image/gif", "cache-control": "no-store"});
      res.end(PIXEL);
    } else if (url.pathname === "/frame") {
      const opts = {thirdParty: true, partitioned: q("partitioned") === "1"};
      setCookies(res, host, list(q("set")), opts);
      const js = list(q("js")).map((n) => `document.cookie = ${scriptCookie(n, {secure, ...opts})};`).join("\n");
      html(`<title>frame</title><script>${js}
fetch("/loaded?id=${encodeURIComponent(q("id") ?? "")}", {method: "POST"}).catch(() => {});</script>`);
    } else if (url.pathname === "/loaded") {
      loaded.set(q("id"), Date.now());
      res.writeHead(204).end();
    } else {
      res.writeHead(404, {"content-type": "text/plain"}).end("not found");
    }
  };
  const server = tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = server.address().port;
  return {
    port,
    scheme,
    sent,
    loaded,
    url: (host, path) => `${scheme}://${host}:${port}${path}`,
    close: () => {
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
