// Runs the loopback leak site (leak-site.mjs) in Firefox ESR and headless Chromium, with or
// without the extension: shared by the leak measure (leaks.test.mjs) and the page-load
// benchmark (tests/bench/page-load.mjs). See docs/leaks.md.
import {execFileSync, spawn} from "node:child_process";
import {chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync,
        writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {chromium} from "playwright-core";
import {makeCertificate} from "./test-site.mjs";
import {leakFigures, startLeakSite} from "./leak-site.mjs";
import {waitFor} from "./wait.mjs";
import {cpuSpent, cpuTimes, packedXpi} from "./processes.mjs";

const repo = resolve(new URL("../..", import.meta.url).pathname);
const buildDir = resolve(process.env.CW_BUILD_DIR ?? join(repo, "build/dev"));
const cli = join(buildDir, "host/cookie-warden");
const HOST_NAME = "cookie-warden-host";
// CW_EXT_DIR: another unpacked extension for Chromium (to compare with an older version).
const extensionDir = process.env.CW_EXT_DIR ?? join(repo, "extension");
const ADDON_ID = "cookie-warden@cookiewarden.dk";
const FIREFOX = process.env.CW_FIREFOX ?? "firefox-esr";
const CHROMIUM = process.env.CW_CHROMIUM ?? "/usr/lib/chromium/chromium";
const VISIT_MS = 90_000;
export const SLOW_WRITE_MS = Number(process.env.CW_SLOW_WRITE_MS ?? 20);

const work = mkdtempSync(join(tmpdir(), "cw-leaks-"));
export const cleanup = () => rmSync(work, {recursive: true, force: true});

// The extension is ready once it kept the warm-up cookie (also statistics) away from a request
// after the server had set it: it is connected, has the rules and enforces them.
function readiness(control) {
  let set = 0;
  return (entry) => {
    if (control) return true;
    if (set > 0 && !entry.cookies.includes("_gat_warmup")) return true;
    set += 1;
    return false;
  };
}

// Points the host manifest at a wrapper that starts the host with slow disk writes.
let slowWrites = null;
function slowDown(manifestPath, dir, slowWriteMs) {
  if (slowWriteMs <= 0) return;
  if (!slowWrites) {
    slowWrites = join(work, "slow-writes.so");
    execFileSync("cc", ["-shared", "-fPIC", "-O2", "-o", slowWrites,
                        join(repo, "tests/browser/slow-writes.c"), "-ldl"], {stdio: "inherit"});
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const wrapper = join(dir, "slow-host.sh");
  writeFileSync(wrapper, `#!/bin/sh\nexport LD_PRELOAD=${slowWrites} CW_SLOW_WRITE_MS=${slowWriteMs}\n` +
                         `exec ${JSON.stringify(manifest.path)} "$@"\n`);
  chmodSync(wrapper, 0o755);
  writeFileSync(manifestPath, JSON.stringify({...manifest, path: wrapper}));
}

// The cheapest extension that watches cookies: one empty cookies.onChanged listener, plus the
// `permissions` given. What it costs a page is what any extension that watches cookies (with
// those permissions) costs: the page-load benchmark's floors. Returns its folder (Chromium) and
// its packed .xpi (Firefox).
const FLOOR_ID = "floor@cookiewarden.test";
function floorExtension(permissions = []) {
  const name = ["floor-extension", ...permissions].join("-");
  const dir = join(work, name);
  const xpi = join(work, `${name}.xpi`);
  if (!existsSync(xpi)) {
    mkdirSync(dir, {recursive: true});
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({
      manifest_version: 3, name, version: "1.0", permissions: ["cookies", ...permissions],
      host_permissions: ["<all_urls>"],
      background: {service_worker: "background.js", scripts: ["background.js"]},
      browser_specific_settings: {gecko: {id: FLOOR_ID}}}));
    writeFileSync(join(dir, "background.js"),
                  "(globalThis.browser ?? globalThis.chrome).cookies.onChanged.addListener(() => {});\n");
    execFileSync("zip", ["-q", "-j", xpi, join(dir, "manifest.json"), join(dir, "background.js")]);
  }
  return {dir, xpi};
}

function freshHome(name) {
  const dir = join(work, name);
  const env = {...process.env, HOME: join(dir, "home"), COOKIE_WARDEN_HOME: join(dir, "data"),
               XDG_CONFIG_HOME: join(dir, "home/.config"), MOZ_CRASHREPORTER_DISABLE: "1"};
  mkdirSync(env.HOME, {recursive: true});
  return {dir, env};
}

function logEvents(env, site = "site-a.test") {
  const doc = JSON.parse(execFileSync(cli, ["log", "--site", site, "--limit", "100000", "--json"],
                                      {env, encoding: "utf8", maxBuffer: 1 << 28}));
  return Array.isArray(doc) ? doc : doc.events ?? [];
}

// Waits for the page after /wait (`next`) to reach /done. Returns the leak figures and the CPU
// the browser's and the host's processes used from `next`'s request to /done (cpuTimes).
async function visit(site, what, next, marker) {
  const path = next.split("?")[0];
  await waitFor(() => site.requests.some((r) => r.path.startsWith(path)),
                {what: `${what}: the page to leave /wait`, timeoutMs: VISIT_MS, intervalMs: 5});
  const before = cpuTimes(marker, HOST_NAME);
  await waitFor(() => site.requests.some((r) => r.path === "/done"),
                {what: `${what}: the page after /wait to reach /done`, timeoutMs: VISIT_MS, intervalMs: 20});
  return {figures: leakFigures(site.requests), cpu: cpuSpent(before, cpuTimes(marker, HOST_NAME))};
}

// --- Firefox: the packed .xpi side-loaded into a fresh profile ------------------------------


// Firefox holds cookies.sqlite locked: read a copy (with its write-ahead log).
function firefoxJar(profile, dir) {
  const copy = join(dir, "jar");
  mkdirSync(copy, {recursive: true});
  for (const file of ["cookies.sqlite", "cookies.sqlite-wal"]) {
    if (existsSync(join(profile, file))) copyFileSync(join(profile, file), join(copy, file));
  }
  if (!existsSync(join(copy, "cookies.sqlite"))) return [];
  return execFileSync("sqlite3", [join(copy, "cookies.sqlite"), "select name from moz_cookies"],
                      {encoding: "utf8"}).split("\n").filter(Boolean);
}

// One visit: /wait until the browser is ready, then `next` (the leak page) until /done.
// `floor`: instead of Cookie Warden, a floor extension with these extra permissions (see
// floorExtension). `host`: the
// page's host name (mapped to loopback), `rules`: `cookie-warden rules set` arguments.
const siteOf = (host) => host.split(".").slice(-2).join(".");
const RULES = [["site-a.test", "--deny", "statistics"]];
export async function firefoxRun(name, withExtension,
                                 {next = "/leak", slowWriteMs = SLOW_WRITE_MS, floor = null,
                                  host = "www.site-a.test", rules = RULES} = {}) {
  const {dir, env} = freshHome(name);
  const profile = join(dir, "profile");
  mkdirSync(join(profile, "extensions"), {recursive: true});
  if (floor) copyFileSync(floorExtension(floor).xpi, join(profile, "extensions", `${FLOOR_ID}.xpi`));
  if (withExtension) {
    copyFileSync(packedXpi(repo), join(profile, "extensions", `${ADDON_ID}.xpi`));
    execFileSync(join(repo, "installers/install.sh"),
                 ["--browser", "firefox", "--prefix", join(dir, "prefix"), "--build-dir", buildDir],
                 {env, stdio: ["ignore", "ignore", "inherit"]});
    for (const rule of rules) execFileSync(cli, ["rules", "set", ...rule], {env, stdio: "ignore"});
    slowDown(join(env.HOME, ".mozilla/native-messaging-hosts/dk.cookiewarden.host.json"), dir, slowWriteMs);
  }
  const prefs = {
    "xpinstall.signatures.required": false, "extensions.autoDisableScopes": 0,
    "extensions.enabledScopes": 15, "network.dns.localDomains": host,
    // Plain HTTP to a real name (www.borger.dk): no HSTS preload or HTTPS-first upgrade.
    "network.stricttransportsecurity.preloadlist": false, "dom.security.https_first": false,
    "dom.security.https_first_schemeless": false,
    "network.cookie.cookieBehavior": 0, "browser.shell.checkDefaultBrowser": false,
    "datareporting.policy.dataSubmissionEnabled": false,
    "toolkit.telemetry.reportingpolicy.firstRun": false, "app.update.enabled": false,
    "browser.startup.homepage_override.mstone": "ignore",
  };
  writeFileSync(join(profile, "user.js"), Object.entries(prefs)
    .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join("\n") + "\n");
  const site = await startLeakSite(null, {ready: readiness(!withExtension), guard: withExtension, next});
  let output = "";
  const firefox = spawn(FIREFOX, ["--headless", "--no-remote", "--profile", profile,
                                  `http://${host}:${site.port}/wait`],
                        {env, detached: true, stdio: ["ignore", "pipe", "pipe"]});
  firefox.stdout.on("data", (d) => { output += d; });
  firefox.stderr.on("data", (d) => { output += d; });
  try {
    const {figures, cpu} = await visit(site, `Firefox ${name}`, next, profile)
      .catch((error) => { throw new Error(`${error.message}\nFirefox said:\n${output.slice(-1500)}`); });
    let jar = [];
    let log = [];
    if (withExtension) {
      log = logEvents(env, siteOf(host));
      jar = firefoxJar(profile, dir);
    }
    return {figures, cpu, jar, log, requests: site.requests};
  } finally {
    if (firefox.exitCode === null) {
      const exited = new Promise((done) => firefox.once("exit", done));
      process.kill(-firefox.pid, "SIGTERM");
      await exited;
    }
    await site.close();
  }
}

// --- Chromium: the unpacked extension through playwright-core -------------------------------

// `extension`: another unpacked copy of the extension to load (default: CW_EXT_DIR or ours).
export async function chromiumRun(name, withExtension, {next = "/leak", slowWriteMs = SLOW_WRITE_MS,
                                                        floor = null, extension = extensionDir,
                                                        host = "www.site-a.test", rules = RULES} = {}) {
  const {dir, env} = freshHome(name);
  const profile = join(dir, "profile");
  mkdirSync(join(profile, "Default"), {recursive: true});
  writeFileSync(join(profile, "Default/Preferences"), JSON.stringify({profile: {cookie_controls_mode: 0}}));
  const args = ["--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic",
                `--host-resolver-rules=MAP *.test 127.0.0.1, MAP ${host} 127.0.0.1`, "--ignore-certificate-errors"];
  if (withExtension) {
    args.push(`--load-extension=${extension}`, `--disable-extensions-except=${extension}`);
    execFileSync(join(repo, "installers/install.sh"),
                 ["--profile-dir", profile, "--prefix", join(dir, "prefix"), "--build-dir", buildDir],
                 {env, stdio: ["ignore", "ignore", "inherit"]});
    for (const rule of rules) execFileSync(cli, ["rules", "set", ...rule], {env, stdio: "ignore"});
    slowDown(join(profile, "NativeMessagingHosts/dk.cookiewarden.host.json"), dir, slowWriteMs);
  }
  if (floor) {
    const {dir: floorDir} = floorExtension(floor);
    args.push(`--load-extension=${floorDir}`, `--disable-extensions-except=${floorDir}`);
  }
  if (process.getuid?.() === 0) args.push("--no-sandbox");
  const site = await startLeakSite(makeCertificate(dir), {ready: readiness(!withExtension),
                                                          guard: withExtension, next});
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args, ignoreHTTPSErrors: true, env});
  try {
    const page = await ctx.newPage();
    await page.goto(`https://${host}:${site.port}/wait`);
    const {figures, cpu} = await visit(site, `Chromium ${name}`, next, profile);
    return {figures, cpu, log: withExtension ? logEvents(env, siteOf(host)) : [], requests: site.requests};
  } finally {
    await ctx.close();
    await site.close();
  }
}
