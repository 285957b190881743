// Shared set-up of the end-to-end scenarios: one temporary world (HOME, COOKIE_WARDEN_HOME, the
// host installed for each browser), the command-line tool, the test site manifests, and the
// artifacts kept when something fails.
import assert from "node:assert/strict";
import {execFileSync} from "node:child_process";
import {copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {pidsOf} from "../browser/processes.mjs";

export const repo = resolve(new URL("../..", import.meta.url).pathname);
export const buildDir = resolve(process.env.CW_BUILD_DIR ?? join(repo, "build/dev"));
export const artifacts = join(repo, "artifacts/e2e");
const cliPath = join(buildDir, "host/cookie-warden");

export function createWorld() {
  const work = mkdtempSync(join(tmpdir(), "cw-e2e-"));
  const env = {...process.env, HOME: join(work, "home"), COOKIE_WARDEN_HOME: join(work, "data"),
               XDG_CONFIG_HOME: join(work, "home/.config"), MOZ_CRASHREPORTER_DISABLE: "1"};
  mkdirSync(env.HOME, {recursive: true});
  mkdirSync(artifacts, {recursive: true});

  const cli = (...args) => execFileSync(cliPath, args, {env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"]});
  const world = {
    work,
    env,
    cli,
    cliJson: (...args) => JSON.parse(cli(...args, "--json")),
    // The host's log for a site, newest first.
    log(site) {
      const doc = JSON.parse(cli("log", "--site", site, "--limit", "500", "--json"));
      return doc.events ?? [];
    },
    // Installs the host for one browser under its own prefix, so that its processes can be
    // told apart (and killed) by their executable.
    install(name, args) {
      const prefix = join(work, `prefix-${name}`);
      execFileSync(join(repo, "installers/install.sh"), [...args, "--prefix", prefix, "--build-dir", buildDir],
                   {env, stdio: ["ignore", "ignore", "inherit"]});
      return join(prefix, "lib/cookie-warden/cookie-warden-host");
    },
    // A copy of borger.dk's shipped manifest that covers a test site instead, in the user's
    // manifest folder, so the site's cookies are classified from borger.dk's policy.
    addBorgerManifest(site) {
      const shipped = JSON.parse(readFileSync(join(repo, "host/manifests/borger.dk.json"), "utf8"));
      delete shipped.$schema;
      const dir = join(env.COOKIE_WARDEN_HOME, "manifests");
      mkdirSync(dir, {recursive: true});
      writeFileSync(join(dir, `${site}.json`), JSON.stringify({...shipped, id: site, site, hosts: [site]}, null, 2));
    },
    // Copies the host's diagnostics (its log files) next to the screenshots.
    keepDiagnostics(label) {
      const logs = join(env.COOKIE_WARDEN_HOME, "logs");
      if (existsSync(logs)) cpSync(logs, join(artifacts, `${label}-host-logs`), {recursive: true});
    },
    remove() {
      if (process.env.CW_KEEP) console.log("kept", work);
      else rmSync(work, {recursive: true, force: true});
    },
  };
  return world;
}

export {pidsOf};

// Closes every browser and site server of `browsers` (name -> {drv, sites}), keeps the host's
// diagnostics under `label` and removes the world.
export async function closeAll(world, browsers, label) {
  for (const b of Object.values(browsers)) {
    await b.drv?.close().catch(() => {});
    await b.sites?.close();
  }
  world.keepDiagnostics(label);
  world.remove();
}

// Finds the event for a cookie in a site's log, failing with what the log held instead.
export function findEvent(events, name, action) {
  return events.find((e) => e.name === name && (!action || e.action === action));
}

// An assertion message that names the scenario and browser and shows what was seen.
export function says(scenario, browser, what, seen) {
  return `[scenario ${scenario}, ${browser}] ${what}; seen: ${JSON.stringify(seen)}`;
}

export {assert, copyFileSync};
