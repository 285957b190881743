// Firefox ESR with the packed add-on side-loaded into a fresh profile (PLATFORM.md). There is no
// driver: the browser's start page is the sites' control page, which opens, navigates and closes
// windows on command; the jar is read from the profile's cookies.sqlite with sqlite3.
import {execFileSync, spawn} from "node:child_process";
import {copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {waitFor} from "../browser/wait.mjs";
import {repo} from "./harness.mjs";

export const ADDON_ID = "cookie-warden@cookiewarden.dk";
const FIREFOX = process.env.CW_FIREFOX ?? "firefox-esr";

function xpi() {
  const dist = join(repo, "dist");
  const found = existsSync(dist) ? readdirSync(dist).filter((f) => f.endsWith(".xpi")) : [];
  if (found.length !== 1) throw new Error(`need one packed .xpi in dist/ (npm run pack), found: ${found.join(", ")}`);
  return join(dist, found[0]);
}

export function prepareFirefox(world, hostNames) {
  const profile = join(world.work, "firefox-profile");
  mkdirSync(join(profile, "extensions"), {recursive: true});
  copyFileSync(xpi(), join(profile, "extensions", `${ADDON_ID}.xpi`));
  const prefs = {
    "xpinstall.signatures.required": false,
    "extensions.autoDisableScopes": 0,
    "extensions.enabledScopes": 15,
    "network.dns.localDomains": hostNames.join(","),
    "network.cookie.cookieBehavior": 0,
    "network.cookie.sameSite.noneRequiresSecure": false,
    // The control page opens windows from a script, without a click.
    "dom.disable_open_during_load": false,
    "dom.popup_maximum": -1,
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

export async function launchFirefox(world, setup, sites) {
  let output = "";
  const startedBefore = (hostLog(world).match(/started for \S+ \(firefox\)/g) ?? []).length;
  const proc = spawn(FIREFOX, ["--headless", "--no-remote", "--profile", setup.profile,
                               sites.url("control.test", "/control")],
                     {env: world.env, detached: true, stdio: ["ignore", "pipe", "pipe"]});
  proc.stdout.on("data", (d) => { output += d; });
  proc.stderr.on("data", (d) => { output += d; });
  const b = {
    proc,
    output: () => output.slice(-3000),
    // Opens, navigates or closes a named window through the control page.
    open: (id, url) => sites.command({op: "open", id, url}),
    nav: (id, url) => sites.command({op: "nav", id, url}),
    closeWindow: (id) => sites.command({op: "close", id}),
    // The jar as Firefox wrote it to disk (it writes in the background, so callers wait). The
    // running browser keeps the database locked, so a copy (with its write-ahead log) is read.
    jar() {
      const file = join(setup.profile, "cookies.sqlite");
      if (!existsSync(file)) return [];
      const copy = join(setup.profile, "..", "cookies-copy.sqlite");
      rmSync(`${copy}-wal`, {force: true});
      copyFileSync(file, copy);
      if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
      const out = execFileSync("sqlite3", ["-json", copy,
                                           "select name, host, expiry, originAttributes from moz_cookies"],
                               {encoding: "utf8"});
      return out.trim() ? JSON.parse(out) : [];
    },
    async close() {
      if (proc.exitCode !== null) return;
      const exited = new Promise((resolve) => proc.once("exit", resolve));
      process.kill(-proc.pid, "SIGTERM");
      await exited;
    },
  };
  // Ready when the add-on has started a host of its own and the control page answers.
  await waitFor(() => (hostLog(world).match(/started for \S+ \(firefox\)/g) ?? []).length > startedBefore,
                {what: "Firefox to start the host for the add-on", timeoutMs: 60_000})
    .catch((error) => { throw new Error(`${error.message}\nFirefox said:\n${b.output()}`); });
  await sites.command({op: "ping"}, 30_000);
  return b;
}
