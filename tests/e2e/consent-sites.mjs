// The loopback sites of the consent tests (tests/e2e/consent.test.mjs): every *.test name
// serves the same fixture pages (consent-fixtures.mjs), HTTPS with the given certificate.
//   /cookiebot /coi /onetrust /borger /kk /plain  ?id=ID[&sneaky=1][&late=1]
// Each page reports /loaded?id=ID&gpc=<navigator.globalPrivacyControl> when its script has
// run; a banner page reports /received?id=ID&answer=JSON when it saves an answer. The server
// notes the Sec-GPC header of every request.
import {createServer} from "node:https";
import * as fixtures from "./consent-fixtures.mjs";

const PAGES = {"/cookiebot": fixtures.cookiebot, "/coi": fixtures.cookieInformation, "/onetrust": fixtures.oneTrust,
               "/borger": fixtures.borger, "/kk": fixtures.kk, "/plain": fixtures.noBanner};

export async function startConsentSites(tls) {
  const loaded = new Map(); // id -> {gpc}
  const received = new Map(); // id -> the answer the banner saved
  const requests = []; // {host, path, gpc}
  const handler = (req, res) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "");
    const url = new URL(req.url, `https://${host}`);
    requests.push({host, path: url.pathname, id: url.searchParams.get("id"), gpc: req.headers["sec-gpc"] ?? null});
    const id = url.searchParams.get("id") ?? "";
    if (url.pathname === "/loaded") {
      loaded.set(id, {gpc: url.searchParams.get("gpc")});
      res.writeHead(204).end();
    } else if (url.pathname === "/received") {
      received.set(id, JSON.parse(url.searchParams.get("answer") ?? "null"));
      res.writeHead(204).end();
    } else if (Object.hasOwn(PAGES, url.pathname)) {
      const body = PAGES[url.pathname]({sneaky: url.searchParams.get("sneaky") === "1",
                                         late: url.searchParams.get("late") === "1"});
      res.writeHead(200, {"content-type": "text/html; charset=utf-8", "cache-control": "no-store"});
      res.end(`<!doctype html><html><head></head><body>${body}
<script>fetch("/loaded?id=${encodeURIComponent(id)}&gpc=" + String(navigator.globalPrivacyControl), {method: "POST"}).catch(() => {});</script>
</body></html>`);
    } else {
      res.writeHead(404, {"content-type": "text/plain"}).end("not found");
    }
  };
  const server = createServer(tls, handler);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const {port} = server.address();
  return {
    port, loaded, received, requests,
    url: (host, path) => `https://${host}:${port}${path}`,
    close: () => {
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
