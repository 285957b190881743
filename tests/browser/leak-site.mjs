// The loopback site of the leak measure (docs/leaks.md). It records every request with the
// names of the cookies it carried, and serves:
//   /wait   a page that first looks whether its document.cookie setter is the guard's (not
//           native code), then asks /go?guard=0|1 over and over (each
//           request awaited, so the network drives it, not timers) until the server says the
//           browser is ready, then opens /leak; it reloads itself when told to;
//   /go     sets the statistics cookie _gat_warmup each time; answers "go" once `ready()`
//           holds (the caller checks whether the extension already keeps that cookie away) and,
//           with `guard`, the page was guarded; "reload" when only the guard is missing (it is
//           registered for pages loaded after it);
//   /leak   answers with Set-Cookie _ga (statistics), loads 20 same-site images, then sets
//           _gid (statistics) through document.cookie and fires 400 chained fetches, then /done;
//   /scripted?set=a,b  writes cookies a and b through document.cookie, reads document.cookie
//           back at once and reports the names it holds with /after?seen=..., then /done;
//   /many   a page that sets 200 cookies, for the page-load comparison (tests/bench/page-load.mjs):
//           /many?k=K&n=N reports /loaded?k=K on load, then opens visit K+1, after N /done.
import {createServer as createHttpServer} from "node:http";
import {createServer as createHttpsServer} from "node:https";

export const IMAGES = 20;
export const CHAIN = 400;
export const DENIED = ["_ga", "_gid"];
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");

function cookieNames(header) {
  return (header ?? "").split(";").map((p) => p.split("=")[0].trim()).filter(Boolean);
}

export async function startLeakSite(tls, {ready = () => true, guard = false, next = "/leak"} = {}) {
  const requests = [];
  const secure = tls ? "; Secure" : "";
  const html = (res, body, extra = {}) => {
    res.writeHead(200, {"content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...extra});
    res.end(body);
  };
  const handler = (req, res) => {
    const path = req.url;
    const entry = {path, at: performance.now(), cookies: cookieNames(req.headers.cookie)};
    requests.push(entry);
    if (path === "/wait") {
      html(res, `<!doctype html><title>wait</title><script>
const setter = Object.getOwnPropertyDescriptor(Document.prototype, "cookie").set;
const guarded = !Function.prototype.toString.call(setter).includes("[native code]");
(async () => { for (;;) { const r = await fetch("/go?guard=" + (guarded ? 1 : 0) + "&" + Math.random());
  const answer = await r.text();
  if (answer === "go") { location.href = ${JSON.stringify(next)}; return; }
  if (answer === "reload") { location.reload(); return; } } })();</script>`);
    } else if (path.startsWith("/go")) {
      res.writeHead(200, {"content-type": "text/plain", "cache-control": "no-store",
                          "set-cookie": `_gat_warmup=1; Max-Age=600; Path=/${secure}`});
      // Answer slowly enough not to spin the machine while the browser starts.
      const guarded = new URL(path, "http://leak.test").searchParams.get("guard") === "1";
      let answer = ready(entry) ? "go" : "wait";
      if (answer === "go" && guard && !guarded) answer = "reload";
      setTimeout(() => res.end(answer), answer === "go" ? 0 : 50);
    } else if (path === "/leak") {
      const images = Array.from({length: IMAGES}, (_, i) => `<img src="/img/${i}.gif" alt="">`).join("");
      html(res, `<!doctype html><title>leak</title>${images}<script>
window.addEventListener("load", async () => {
  document.cookie = "_gid=GA1.2.3333.4444; Max-Age=86400; Path=/";
  for (let i = 0; i < ${CHAIN}; i += 1) await (await fetch("/chain/" + i)).text();
  await fetch("/done");
});</script>`, {"set-cookie": `_ga=GA1.2.1111.2222; Max-Age=86400; Path=/; Domain=site-a.test${secure}`});
    } else if (path.startsWith("/scripted")) {
      const names = (new URL(path, "http://leak.test").searchParams.get("set") ?? "").split(",").filter(Boolean);
      html(res, `<!doctype html><title>scripted</title><script>
for (const name of ${JSON.stringify(names)}) document.cookie = name + "=1; Max-Age=600; Path=/${secure}";
const seen = document.cookie.split(";").map((p) => p.split("=")[0].trim()).filter(Boolean);
fetch("/after?seen=" + encodeURIComponent(seen.join(","))).then(() => fetch("/done"));</script>`);
    } else if (path.startsWith("/img/")) {
      res.writeHead(200, {"content-type": "image/gif", "cache-control": "no-store"});
      res.end(PIXEL);
    } else if (path.startsWith("/many")) {
      // /many?k=K&n=N: visit K of N; on load it reports /loaded?k=K and opens the next visit.
      const query = new URL(path, "http://leak.test").searchParams;
      const k = Number(query.get("k") ?? 0);
      const n = Number(query.get("n") ?? 1);
      const after = k + 1 < n ? `/many?k=${k + 1}&n=${n}` : "/done";
      const cookies = Array.from({length: 200}, (_, i) => `pref${i}=v${k}; Max-Age=600; Path=/${secure}`);
      html(res, `<!doctype html><title>many</title><p>200 cookies<script>
window.addEventListener("load", async () => {
  await fetch("/loaded?k=${k}");
  location.href = ${JSON.stringify(after)};
});</script>`, {"set-cookie": cookies});
    } else {
      res.writeHead(200, {"content-type": "text/plain", "cache-control": "no-store"});
      res.end("ok");
    }
  };
  const server = tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

// The figures of one visit of /leak, from the recorded requests.
export function leakFigures(requests) {
  const start = requests.findIndex((r) => r.path === "/leak");
  if (start < 0) return null;
  const after = requests.slice(start + 1);
  const carries = (r) => r.cookies.some((name) => DENIED.includes(name));
  const images = after.filter((r) => r.path.startsWith("/img/"));
  const chain = after.filter((r) => r.path.startsWith("/chain/"));
  const firstClean = after.find((r) => (r.path.startsWith("/img/") || r.path.startsWith("/chain/")) &&
                                       !r.cookies.includes("_ga"));
  return {
    images: images.length,
    imagesLeaking: images.filter(carries).length,
    chain: chain.length,
    chainLeaking: chain.filter(carries).length,
    chainLeakingGid: chain.filter((r) => r.cookies.includes("_gid")).length,
    msToFirstClean: firstClean ? Math.round((firstClean.at - requests[start].at) * 10) / 10 : null,
    done: after.some((r) => r.path === "/done"),
  };
}
