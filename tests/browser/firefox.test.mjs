// Firefox ESR loads the packed .xpi and talks to the host. There is no WebDriver for Firefox
// here, so the add-on is side-loaded into a fresh profile (PLATFORM.md), the host registered
// for Firefox by installers/install.sh under a temporary HOME, and the outcome read from the
// host's own log files and the command-line tool.
//
// Needs a built host (CW_BUILD_DIR, default build/dev) and `npm run pack` (dist/*.xpi). Run:
//   node --test tests/browser/firefox.test.mjs
import assert from "node:assert/strict";
import {execFileSync, spawn} from "node:child_process";
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync,
        writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {after, before, test} from "node:test";
import {startTestSites} from "./test-site.mjs";
import {waitFor} from "./wait.mjs";
import {packedXpi} from "./processes.mjs";

const repo = resolve(new URL("../..", import.meta.url).pathname);
const buildDir = resolve(process.env.CW_BUILD_DIR ?? join(repo, "build/dev"));
const cli = join(buildDir, "host/cookie-warden");
const ADDON_ID = "cookie-warden@cookiewarden.dk";
const FIREFOX = process.env.CW_FIREFOX ?? "firefox-esr";

const work = mkdtempSync(join(tmpdir(), "cw-firefox-"));
const profile = join(work, "profile");
const env = {...process.env, HOME: join(work, "home"), COOKIE_WARDEN_HOME: join(work, "data"),
             MOZ_CRASHREPORTER_DISABLE: "1"};
let sites;
let firefox;
let firefoxOutput = "";


function hostLog() {
  const file = join(env.COOKIE_WARDEN_HOME, "logs/cookie-warden-host.log");
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}

before(async () => {
  mkdirSync(join(profile, "extensions"), {recursive: true});
  mkdirSync(env.HOME, {recursive: true});
  copyFileSync(packedXpi(repo), join(profile, "extensions", `${ADDON_ID}.xpi`));
  const prefs = {
    "xpinstall.signatures.required": false,
    "extensions.autoDisableScopes": 0,
    "extensions.enabledScopes": 15,
    "network.dns.localDomains": "www.site-a.test,tracker.test",
    "network.cookie.cookieBehavior": 0,
    "network.cookie.sameSite.noneRequiresSecure": false,
    "browser.shell.checkDefaultBrowser": false,
    "datareporting.policy.dataSubmissionEnabled": false,
    "toolkit.telemetry.reportingpolicy.firstRun": false,
    "app.update.enabled": false,
    "browser.startup.homepage_override.mstone": "ignore",
  };
  writeFileSync(join(profile, "user.js"), Object.entries(prefs)
    .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join("\n") + "\n");
  execFileSync(join(repo, "installers/install.sh"),
               ["--browser", "firefox", "--prefix", join(work, "prefix"), "--build-dir", buildDir],
               {env, stdio: ["ignore", "ignore", "inherit"]});
  execFileSync(cli, ["rules", "set", "site-a.test", "--deny", "statistics"], {env, stdio: ["ignore", "ignore", "inherit"]});
  sites = await startTestSites(null);
  // Its own process group, so that the browser and its content processes end together.
  firefox = spawn(FIREFOX, ["--headless", "--no-remote", "--profile", profile,
                            `http://www.site-a.test:${sites.port}/later`],
                  {env, detached: true, stdio: ["ignore", "pipe", "pipe"]});
  firefox.stdout.on("data", (d) => { firefoxOutput += d; });
  firefox.stderr.on("data", (d) => { firefoxOutput += d; });
});

after(async () => {
  if (firefox && firefox.exitCode === null) {
    const exited = new Promise((resolve) => firefox.once("exit", resolve));
    process.kill(-firefox.pid, "SIGTERM");
    await exited;
  }
  await sites?.close();
  rmSync(work, {recursive: true, force: true});
});

test("Firefox loads the packed add-on and it starts the host", async () => {
  await waitFor(() => hostLog().includes(`started for ${ADDON_ID}`) || hostLog().includes("(firefox)"),
                {what: "Firefox to start the host for the add-on", timeoutMs: 45_000})
    .catch((error) => { throw new Error(`${error.message}\nFirefox said:\n${firefoxOutput.slice(-2000)}`); });
});

test("the add-on reports the site's cookies to the host, which logs the removal", async () => {
  const removed = await waitFor(() => {
    const doc = JSON.parse(execFileSync(cli, ["log", "--site", "site-a.test", "--json"], {env, encoding: "utf8"}));
    const events = Array.isArray(doc) ? doc : doc.events ?? [];
    // Kept out of the jar at the header (blocked), or removed if it slipped in before the
    // add-on was ready.
    return events.find((e) => (e.name ?? e.cookie?.name) === "_ga" && ["blocked", "remove"].includes(e.action));
  }, {what: "_ga blocked or removed and logged", timeoutMs: 30_000});
  assert.equal(removed.category, "statistics");
  assert.match(removed.browser, /firefox/i, "the event came through Firefox");
  assert.ok(sites.requests.some((r) => r.host === "www.site-a.test" && r.url === "/"), "the site was visited");
});
