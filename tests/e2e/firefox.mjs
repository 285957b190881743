// Firefox ESR with the packed add-on side-loaded into a fresh profile (PLATFORM.md), driven over
// WebDriver BiDi (`--remote-debugging-port`, tests/e2e/bidi.mjs). The session accepts the test
// sites' self-signed certificate, so Firefox's sites are HTTPS like Chromium's. The add-on's
// uuid is pinned in the profile, so its pages have a known address; one of them (the options
// page, kept open in a tab) reads the jar through the cookies API and asks the background for
// its state, as the Chromium driver does through the service worker.
import {spawn} from "node:child_process";
import {copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {waitFor} from "../browser/wait.mjs";
import {packedXpi} from "../browser/processes.mjs";
import {connectBidi, evaluated} from "./bidi.mjs";
import {repo} from "./harness.mjs";

export const ADDON_ID = "cookie-warden@cookiewarden.dk";
// Any fixed uuid: it names the add-on's pages moz-extension://<uuid>/ in this profile.
const ADDON_UUID = "4f3c2a1e-7b6d-4e8f-9a0b-c1d2e3f4a5b6";
const ADDON_BASE = `moz-extension://${ADDON_UUID}`;
const FIREFOX = process.env.CW_FIREFOX ?? "firefox-esr";


export function prepareFirefox(world, hostNames) {
  const profile = join(world.work, "firefox-profile");
  mkdirSync(join(profile, "extensions"), {recursive: true});
  copyFileSync(packedXpi(repo), join(profile, "extensions", `${ADDON_ID}.xpi`));
  const prefs = {
    "xpinstall.signatures.required": false,
    "extensions.autoDisableScopes": 0,
    "extensions.enabledScopes": 15,
    "extensions.webextensions.uuids": JSON.stringify({[ADDON_ID]: ADDON_UUID}),
    "network.dns.localDomains": hostNames.join(","),
    // Accept every cookie, so that what stays out of the jar is the add-on's doing (Firefox's
    // default partitions third-party cookies by itself).
    "network.cookie.cookieBehavior": 0,
    "browser.shell.checkDefaultBrowser": false,
    "datareporting.policy.dataSubmissionEnabled": false,
    "toolkit.telemetry.reportingpolicy.firstRun": false,
    "app.update.enabled": false,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.sessionstore.resume_from_crash": false,
  };
  writeFileSync(join(profile, "user.js"), Object.entries(prefs)
    .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join("\n") + "\n");
  const hostExe = world.install("firefox", ["--browser", "firefox"]);
  return {profile, hostExe, manifest: join(world.env.HOME, ".mozilla/native-messaging-hosts/dk.cookiewarden.host.json")};
}

function hostLog(world) {
  const file = join(world.env.COOKIE_WARDEN_HOME, "logs/cookie-warden-host.log");
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}

// Runs `fn` (source of an async function taking one JSON argument) in a browsing context and
// returns its JSON result.
async function call(bidi, context, fn, arg = null) {
  const result = await bidi.send("script.evaluate", {
    expression: `(${fn})(${JSON.stringify(arg)}).then((r) => JSON.stringify(r ?? null))`,
    target: {context}, awaitPromise: true});
  return JSON.parse(evaluated(result));
}

// A page of the add-on (or any page) in a tab of its own, with what the scenarios do to it.
function pageIn(bidi, context) {
  const page = {
    context,
    async navigate(url, wait = "complete") {
      await bidi.send("browsingContext.navigate", {context, url, wait});
    },
    // Resolves when the page's body says it is ready (the popup and options pages set it).
    ready(timeoutMs = 15_000) {
      return waitFor(() => call(bidi, context, async () => document.body?.dataset.ready === "true"),
                     {what: "the add-on's page to be ready", timeoutMs});
    },
    text: (selector) => call(bidi, context, async (s) => document.querySelector(s)?.textContent ?? null, selector),
    visible: (selector) => call(bidi, context, async (s) => {
      const e = document.querySelector(s);
      return Boolean(e) && !e.hidden && e.getClientRects().length > 0;
    }, selector),
    // A real click: the pointer moves to the element's centre, presses and releases.
    async click(selector) {
      await bidi.send("browsingContext.activate", {context});
      const found = await bidi.send("script.evaluate", {
        expression: `(() => { const e = document.querySelector(${JSON.stringify(selector)}); e?.scrollIntoView({block: "center"}); return e; })()`,
        target: {context}, awaitPromise: false});
      const node = found.result;
      if (node?.type !== "node") throw new Error(`no ${selector} on the page to click`);
      await bidi.send("input.performActions", {context, actions: [{
        type: "pointer", id: "mouse", parameters: {pointerType: "mouse"},
        actions: [{type: "pointerMove", x: 0, y: 0, origin: {type: "element", element: {sharedId: node.sharedId}}},
                  {type: "pointerDown", button: 0}, {type: "pointerUp", button: 0}]}]});
    },
    async reload() {
      await bidi.send("browsingContext.reload", {context, wait: "complete"});
      await page.ready();
    },
    async screenshot(path) {
      const {data} = await bidi.send("browsingContext.captureScreenshot", {context});
      writeFileSync(path, Buffer.from(data, "base64"));
    },
    close: () => bidi.send("browsingContext.close", {context}),
  };
  return page;
}

export async function launchFirefox(world, setup) {
  let output = "";
  const startedBefore = (hostLog(world).match(/started for \S+ \(firefox\)/g) ?? []).length;
  // Port 0: Firefox picks a free one and prints it. System access lets the session open the
  // add-on's moz-extension:// pages (Firefox refuses such navigations to a driver otherwise).
  const proc = spawn(FIREFOX, ["--headless", "--no-remote", "--profile", setup.profile,
                               "--remote-debugging-port=0", "--remote-allow-system-access", "about:blank"],
                     {env: {...world.env, MOZ_REMOTE_ALLOW_SYSTEM_ACCESS: "1"}, detached: true,
                      stdio: ["ignore", "pipe", "pipe"]});
  proc.stdout.on("data", (d) => { output += d; });
  proc.stderr.on("data", (d) => { output += d; });
  let bidi = null;
  // A start that fails leaves no browser behind (nobody else would stop it).
  const fail = async (error) => {
    bidi?.close();
    await stopFirefox(proc);
    throw new Error(`${error.message}\nFirefox said:\n${output.slice(-3000)}`);
  };
  const newTab = async () => (await bidi.send("browsingContext.create", {type: "tab"})).context;
  const tabs = new Map(); // the scenarios' names for tabs -> browsing context ids
  let reader;
  try {
    const url = await waitFor(() => output.match(/WebDriver BiDi listening on (ws:\/\/\S+)/)?.[1],
                              {what: "Firefox's WebDriver BiDi address", timeoutMs: 60_000});
    bidi = await connectBidi(`${url}/session`);
    await bidi.send("session.new", {capabilities: {alwaysMatch: {acceptInsecureCerts: true}}});
    // Ready when the add-on has started a host of its own.
    await waitFor(() => (hostLog(world).match(/started for \S+ \(firefox\)/g) ?? []).length > startedBefore,
                  {what: "Firefox to start the host for the add-on", timeoutMs: 60_000});
    reader = pageIn(bidi, await newTab());
    await reader.navigate(`${ADDON_BASE}/options/options.html`);
  } catch (error) {
    await fail(error);
  }

  const b = {
    proc,
    bidi,
    output: () => output.slice(-3000),
    // Opens a named tab, navigates it or closes it. Navigation does not wait for the load:
    // the test sites report when a page's script has run.
    async open(id, target) {
      const context = await newTab();
      tabs.set(id, context);
      await bidi.send("browsingContext.navigate", {context, url: target, wait: "none"});
    },
    nav: (id, target) => bidi.send("browsingContext.navigate", {context: tabs.get(id), url: target, wait: "none"}),
    async closeWindow(id) {
      const context = tabs.get(id);
      tabs.delete(id);
      if (context) await bidi.send("browsingContext.close", {context});
    },
    // Every cookie in the jar, partitioned ones included, as the add-on's cookies API gives it.
    jar: () => call(bidi, reader.context, async () => {
      const all = new Map();
      for (const query of [{firstPartyDomain: null}, {firstPartyDomain: null, partitionKey: {}}]) {
        for (const c of await browser.cookies.getAll(query)) {
          const key = [c.name, c.domain, c.path, c.partitionKey?.topLevelSite ?? ""].join("|");
          all.set(key, {name: c.name, domain: c.domain, session: c.session, partitionKey: c.partitionKey ?? null});
        }
      }
      return [...all.values()];
    }),
    // The add-on's id for the tab showing a URL (the site's tab, for the popup).
    tabId: (prefix) => call(bidi, reader.context, async (u) => (await browser.tabs.query({})).find((t) => t.url?.startsWith(u))?.id ?? null, prefix),
    // The real popup page, opened in a tab of its own for the given tab. `query`: more of the
    // address ("&escapeSeconds=2").
    async popup(tabId, query = "") {
      const page = pageIn(bidi, await newTab());
      await page.navigate(`${ADDON_BASE}/popup/popup.html?tab=${tabId}${query}`);
      await page.ready();
      return page;
    },
    // Any page of the add-on (welcome/welcome.html, options/options.html) in a tab of its own.
    async page(path) {
      const page = pageIn(bidi, await newTab());
      await page.navigate(`${ADDON_BASE}/${path}`);
      await page.ready();
      return page;
    },
    // What the add-on's own pages ask the background (page-messages.js), asked from one.
    ask: (message) => call(bidi, reader.context, async (m) => browser.runtime.sendMessage(m), message),
    // The URLs of the open tabs, as the add-on sees them.
    tabUrls: () => call(bidi, reader.context, async () => (await browser.tabs.query({})).map((t) => t.url)),
    // Waits until the add-on reports a ready host; returns what it knows of it.
    hostReady: (timeoutMs = 20_000) => waitFor(async () => {
      const reply = await call(bidi, reader.context, async () => browser.runtime.sendMessage({type: "status"}));
      return reply?.host?.state === "ready" ? reply.host : null;
    }, {what: "Firefox's add-on to connect to the host", timeoutMs}),
    // The rules the add-on last loaded from the host (it saves them in its storage).
    cachedRule: (site) => call(bidi, reader.context, async (s) => {
      const {ruleCache} = await browser.storage.local.get("ruleCache");
      return {settings: ruleCache?.settings ?? {}, rule: ruleCache?.rules?.find((r) => r.site === s) ?? {}};
    }, site),
    // Screenshots of every open tab, for the artifacts of a failure.
    async screenshots(prefix) {
      const {contexts} = await bidi.send("browsingContext.getTree", {maxDepth: 0});
      let i = 0;
      for (const {context} of contexts) {
        const {data} = await bidi.send("browsingContext.captureScreenshot", {context}).catch(() => ({}));
        if (data) writeFileSync(`${prefix}-${++i}.png`, Buffer.from(data, "base64"));
      }
    },
    async close() {
      bidi.close();
      await stopFirefox(proc);
    },
  };
  return b;
}

// Stops Firefox and the processes it started (one process group). Returns at once for a browser
// that already ended, whether it exited or was killed by a signal (then exitCode stays null and
// waiting for "exit" would hang the run); SIGKILL if it ignores SIGTERM for 10 s.
async function stopFirefox(proc) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((resolve) => proc.once("exit", resolve));
  const signal = (name) => { try { process.kill(-proc.pid, name); } catch { /* already gone */ } };
  signal("SIGTERM");
  let timer;
  const late = new Promise((resolve) => { timer = setTimeout(resolve, 10_000, "late"); });
  if (await Promise.race([exited, late]) === "late") {
    signal("SIGKILL");
    await exited;
  }
  clearTimeout(timer);
}
