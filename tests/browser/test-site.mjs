// Loopback HTTPS test sites for the real-browser tests. One server answers for every *.test
// name (the browser maps them to 127.0.0.1); the Host header picks the site. A throw-away
// self-signed certificate is made with openssl for each run.
import {execFileSync} from "node:child_process";
import {readFileSync} from "node:fs";
import {createServer as createHttpServer} from "node:http";
import {createServer as createHttpsServer} from "node:https";
import {join} from "node:path";

// `names` lists the host names the certificate covers (the first is its subject).
export function makeCertificate(dir, names = ["site-a.test", "*.site-a.test", "tracker.test"]) {
  const key = join(dir, "site.key");
  const cert = join(dir, "site.crt");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                           "-subj", `/CN=${names[0]}`, "-keyout", key, "-out", cert,
                           "-addext", `subjectAltName=${names.map((n) => `DNS:${n}`).join(",")}`],
               {stdio: "ignore"});
  return {key: readFileSync(key), cert: readFileSync(cert)};
}

const PIXEL = Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");

// Pages: www.site-a.test sets a statistics cookie (_ga, Google Analytics) and a necessary
// session cookie, and embeds an image from tracker.test that tries to set a third-party cookie.
// With `tls` the sites are HTTPS (Chromium); without, plain HTTP (Firefox, which would refuse
// the self-signed certificate). /later redirects to / by script after a delay, for a browser
// that loads its first page before the extension listens (PLATFORM.md).
export async function startTestSites(tls) {
  const requests = [];
  const scheme = tls ? "https" : "http";
  const secure = tls ? "; Secure" : "";
  const handler = (req, res) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "");
    requests.push({host, url: req.url, cookie: req.headers.cookie ?? ""});
    if (host === "tracker.test" && req.url.startsWith("/pixel.gif")) {
      res.writeHead(200, {"content-type": "image/gif", "cache-control": "no-store",
                          "set-cookie": `embed_lang=da; Max-Age=86400; Path=/; SameSite=None${secure}`});
      res.end(PIXEL);
    } else if (host === "www.site-a.test" && req.url === "/") {
      const port = server.address().port;
      res.writeHead(200, {
        "content-type": "text/html; charset=utf-8", "cache-control": "no-store",
        "set-cookie": [`_ga=GA1.2.1111.2222; Max-Age=86400; Path=/; Domain=site-a.test${secure}`,
                       `PHPSESSID=s1; Path=/; HttpOnly${secure}`],
      });
      res.end(`<!doctype html><title>Site A</title><h1>Site A</h1>
<img id="pixel" src="${scheme}://tracker.test:${port}/pixel.gif" alt="">`);
    } else if (req.url === "/later") {
      res.writeHead(200, {"content-type": "text/html; charset=utf-8", "cache-control": "no-store"});
      res.end(`<!doctype html><title>Wait</title><script>setTimeout(() => { location.href = "/"; }, 3000);</script>`);
    } else {
      res.writeHead(404, {"content-type": "text/plain"});
      res.end("not found");
    }
  };
  const server = tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
