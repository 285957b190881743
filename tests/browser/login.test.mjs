// Never break a login (issue 18): in a real browser (Debian's Chromium, headless, the unpacked
// extension and the host registered by installers/install.sh), with the default choices
// (statistics and marketing denied) a local shop sets a Django-style `sessionid` (the name the
// catalogue lists for Instagram as marketing), a `csrftoken`, an Express `connect.sid`, a
// Danish basket `kurv` and language `sprog`, next to `_ga` and `_fbp`. The trackers go; the
// login, the CSRF check and the basket keep working.
//
// Needs a built host (CW_BUILD_DIR, default build/dev) and `npm ci`. Run:
//   node --test tests/browser/login.test.mjs
import assert from "node:assert/strict";
import {execFileSync} from "node:child_process";
import {randomBytes} from "node:crypto";
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {createServer} from "node:https";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {after, before, test} from "node:test";
import {chromium} from "playwright-core";
import {makeCertificate} from "./test-site.mjs";
import {waitFor} from "./wait.mjs";

const repo = resolve(new URL("../..", import.meta.url).pathname);
const buildDir = resolve(process.env.CW_BUILD_DIR ?? join(repo, "build/dev"));
const extensionDir = join(repo, "extension");
const CHROMIUM = process.env.CW_CHROMIUM ?? "/usr/lib/chromium/chromium";
const HOST = "www.shop.test";

const work = mkdtempSync(join(tmpdir(), "cw-login-"));
const profile = join(work, "profile");
const env = {...process.env, HOME: join(work, "home"), COOKIE_WARDEN_HOME: join(work, "data"),
             XDG_CONFIG_HOME: join(work, "home/.config")};
let server;
let base;
let ctx;
let worker;

// The shop: GET / hands out the form and a CSRF token (cookie and hidden field) plus the
// trackers; POST /login checks the two tokens agree and opens a session; /basket/add puts an
// item in the basket cookie; /account answers only with the session cookie the shop issued.
function startShop(tls) {
  const sessions = new Set();
  const cookiesOf = (req) => Object.fromEntries((req.headers.cookie ?? "").split(/;\s*/)
    .filter(Boolean).map((c) => [c.slice(0, c.indexOf("=")), c.slice(c.indexOf("=") + 1)]));
  const page = (res, status, body, setCookie = []) => {
    res.writeHead(status, {"content-type": "text/html; charset=utf-8", "cache-control": "no-store",
                           "set-cookie": setCookie});
    res.end(`<!doctype html><title>Shop</title>${body}`);
  };
  const year = "Max-Age=31536000; Path=/; Secure";
  server = createServer(tls, (req, res) => {
    const jar = cookiesOf(req);
    let body = "";
    req.on("data", (chunk) => { body += chunk; });
    req.on("end", () => {
      if (req.method === "GET" && req.url === "/") {
        const csrf = jar.csrftoken ?? randomBytes(16).toString("hex");
        page(res, 200, `<form method="post" action="/login">
<input type="hidden" name="csrfmiddlewaretoken" value="${csrf}">
<input name="user" value="citizen"><button id="login">Log ind</button></form>`, [
          `csrftoken=${csrf}; ${year}; SameSite=Lax`,
          `connect.sid=s%3Aabc; Path=/; HttpOnly; Secure; SameSite=Lax`,
          `sprog=da; ${year}; SameSite=Lax`,
          `_ga=GA1.2.1111.2222; ${year}; Domain=shop.test`,
          `_fbp=fb.1.1111.2222; ${year}; Domain=shop.test`,
        ]);
      } else if (req.method === "POST" && req.url === "/login") {
        const form = new URLSearchParams(body);
        if (!jar.csrftoken || form.get("csrfmiddlewaretoken") !== jar.csrftoken) {
          page(res, 403, "<h1 id=result>CSRF check failed</h1>");
          return;
        }
        const id = randomBytes(16).toString("hex");
        sessions.add(id);
        res.writeHead(303, {location: "/account", "set-cookie": [
          `sessionid=${id}; Max-Age=1209600; Path=/; HttpOnly; Secure; SameSite=Lax`]});
        res.end();
      } else if (req.method === "GET" && req.url === "/basket/add") {
        res.writeHead(303, {location: "/account",
                            "set-cookie": [`kurv=${Number(jar.kurv ?? 0) + 1}; Max-Age=2592000; Path=/; Secure`]});
        res.end();
      } else if (req.method === "GET" && req.url === "/account") {
        if (!sessions.has(jar.sessionid)) {
          page(res, 403, "<h1 id=result>Not logged in</h1>");
          return;
        }
        page(res, 200, `<h1 id=result>Logged in</h1><p id=basket>${jar.kurv ?? 0}</p>`);
      } else {
        page(res, 404, "not found");
      }
    });
  });
  return new Promise((done) => server.listen(0, "127.0.0.1", () => {
    base = `https://${HOST}:${server.address().port}`;
    done();
  }));
}

const jarNames = async () => (await worker.evaluate(async () =>
  (await chrome.cookies.getAll({domain: "shop.test"})).map((c) => c.name))).sort();

before(async () => {
  mkdirSync(env.HOME, {recursive: true});
  mkdirSync(join(profile, "Default"), {recursive: true});
  writeFileSync(join(profile, "Default/Preferences"), JSON.stringify({profile: {cookie_controls_mode: 0}}));
  execFileSync(join(repo, "installers/install.sh"),
               ["--profile-dir", profile, "--prefix", join(work, "prefix"), "--build-dir", buildDir],
               {env, stdio: ["ignore", "ignore", "inherit"]});
  await startShop(makeCertificate(work, ["shop.test", "*.shop.test"]));
  const args = [
    `--load-extension=${extensionDir}`, `--disable-extensions-except=${extensionDir}`,
    "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync",
    "--host-resolver-rules=MAP *.test 127.0.0.1", "--ignore-certificate-errors",
  ];
  if (process.getuid?.() === 0) args.push("--no-sandbox");
  ctx = await chromium.launchPersistentContext(profile, {executablePath: CHROMIUM, headless: true, args,
                                                         ignoreHTTPSErrors: true, env});
  worker = ctx.serviceWorkers()[0] ?? await ctx.waitForEvent("serviceworker", {timeout: 15_000});
  // The extension is ready once it has judged a cookie: wait for its connection to the host.
  const options = await ctx.newPage();
  await options.goto(`chrome-extension://${new URL(worker.url()).host}/options/options.html`);
  await waitFor(async () => (await options.evaluate(() =>
    chrome.runtime.sendMessage({type: "status"}))).host.state === "ready",
  {what: "the extension to connect to the host", timeoutMs: 15_000});
  await options.close();
});

after(async () => {
  await ctx?.close();
  server?.close();
  if (!process.env.CW_KEEP) rmSync(work, {recursive: true, force: true}); else console.log("kept", work);
});

test("with statistics and marketing denied, the trackers go and the login, CSRF and basket work", async () => {
  const page = await ctx.newPage();
  await page.goto(`${base}/`);
  await waitFor(async () => {
    const names = await jarNames();
    return names.includes("csrftoken") && names.includes("connect.sid") && !names.includes("_ga") &&
      !names.includes("_fbp");
  }, {what: "_ga and _fbp removed while csrftoken and connect.sid stay", timeoutMs: 20_000});

  await page.click("#login");
  await page.waitForSelector("#result");
  assert.equal(await page.textContent("#result"), "Logged in");
  await page.goto(`${base}/basket/add`);
  await page.goto(`${base}/basket/add`);
  assert.equal(await page.textContent("#basket"), "2", "the basket kept both items");

  // The extension judges every cookie after the browser stored it: give it the time to remove
  // any of these, then check that the session still opens the account page.
  await waitFor(async () => {
    const names = await jarNames();
    return ["sessionid", "csrftoken", "connect.sid", "kurv", "sprog"].every((n) => names.includes(n));
  }, {what: "the session, CSRF, basket and language cookies in the jar", timeoutMs: 15_000});
  const logged = () => {
    const doc = JSON.parse(execFileSync(join(buildDir, "host/cookie-warden"),
                                        ["log", "--site", "shop.test", "--json"], {env, encoding: "utf8"}));
    return Array.isArray(doc) ? doc : doc.events ?? [];
  };
  const events = await waitFor(() => {
    const all = logged();
    return all.some((e) => (e.name ?? e.cookie?.name) === "_fbp" && e.action === "remove") && all;
  }, {what: "the removal of _fbp in the host's log"});
  for (const name of ["sessionid", "csrftoken", "connect.sid", "kurv"]) {
    assert.ok(!events.some((e) => (e.name ?? e.cookie?.name) === name && e.action === "remove"),
              `${name} was never removed`);
  }
  await page.goto(`${base}/account`);
  assert.equal(await page.textContent("#result"), "Logged in");
  assert.deepEqual((await jarNames()).filter((n) => n === "_ga" || n === "_fbp"), []);
  await page.close();
});
