// What the end-to-end scenarios share: one temporary world with both browsers (started before the
// first scenario, closed after the last), the test sites, and helpers to visit pages and wait for
// the jar or the host's log. The scenarios themselves are in scenarios-*.mjs.
import {execFileSync} from "node:child_process";
import {mkdirSync, renameSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {after, before, test} from "node:test";
import {makeCertificate} from "../browser/test-site.mjs";
import {waitFor} from "../browser/wait.mjs";
import {prepareChromium, launchChromium} from "./chromium.mjs";
import {prepareFirefox, launchFirefox} from "./firefox.mjs";
import {artifacts, assert, createWorld, pidsOf} from "./harness.mjs";
import {startSites} from "./sites.mjs";

const SITE_NAMES = ["first", "borger", "denied", "embed", "tracker", "del", "leave", "session",
                    "chips", "chips2", "chipsvendor", "outage", "recon", "elsewhere", "rejudge",
                    "allowall", "tracker2"];
export const LEAVE_GRACE_S = 6; // long enough to leave and come back within it on a loaded machine
const only = process.env.CW_E2E_BROWSERS?.split(",");
export const want = (name) => !only || only.includes(name);

export const world = createWorld();
export const B = {}; // "chromium" / "firefox" -> {name, suffix, sites, setup, drv}
let uid = 0;
// A new id for a page or frame, for the test sites to report it loaded.
export const nextId = (prefix) => `${prefix}${++uid}`;

export const site = (b, name) => `${name}-${b.suffix}.test`;
export const www = (b, name) => `www.${site(b, name)}`;

function allHostNames(suffix) {
  return [...SITE_NAMES.flatMap((n) => [`${n}-${suffix}.test`, `www.${n}-${suffix}.test`]),
          "shared.test", "www.shared.test"];
}

// Opens a page of a test site in a new tab or window and waits until its script has run.
export async function visit(b, host, query = "") {
  const id = nextId("p");
  const url = b.sites.url(host, `/page?id=${id}&${query}`);
  const loaded = (pageId) => waitFor(() => b.sites.loaded.has(pageId),
                                     {what: `${url} to load in ${b.name}`, timeoutMs: 20_000});
  if (b.name === "chromium") {
    const page = await b.drv.ctx.newPage();
    await page.goto(url);
    await loaded(id);
    return {
      page, url,
      tabId: () => b.drv.tabId(url),
      async nav(h, q = "") {
        const next = nextId("p");
        await page.goto(b.sites.url(h, `/page?id=${next}&${q}`));
        await loaded(next);
      },
      close: () => page.close(),
    };
  }
  await b.drv.open(id, url);
  await loaded(id);
  return {
    url,
    tabId: () => b.drv.tabId(url),
    async nav(h, q = "") {
      const next = nextId("p");
      await b.drv.nav(id, b.sites.url(h, `/page?id=${next}&${q}`));
      await loaded(next);
    },
    close: () => b.drv.closeWindow(id),
  };
}

// The jar as {name, domain, session, partitionKey}, read through the extension's cookies API.
export const jar = (b) => b.drv.jar();
export const cookiesOf = async (b, name) => (await jar(b)).filter((c) => c.domain.replace(/^\./, "").endsWith(site(b, name)));

export async function saveFailure(n, b, error) {
  const label = `s${n}-${b.name}`;
  try {
    writeFileSync(join(artifacts, `${label}-jar.json`), JSON.stringify(await jar(b), null, 2));
    await b.drv.screenshots(join(artifacts, label));
    if (b.name === "firefox") writeFileSync(join(artifacts, `${label}-firefox-output.txt`), b.drv.output());
    world.keepDiagnostics(label);
  } catch (saving) {
    console.error(`could not keep the artifacts of ${label}: ${saving.message}`);
  }
  error.message = `[scenario ${n}, ${b.name}] ${error.message}`;
  throw error;
}

// One test per scenario and browser; `todo` names why it cannot run in that browser.
export function scenario(n, title, fn, {todo = {}} = {}) {
  for (const name of ["chromium", "firefox"]) {
    if (!want(name)) continue;
    const label = `scenario ${n} (${name}): ${title}`;
    if (todo[name]) {
      test(label, {todo: todo[name]}, () => {});
      continue;
    }
    test(label, async () => {
      const b = B[name];
      assert.ok(b?.drv, `${name} did not start`);
      try {
        await fn(b);
      } catch (error) {
        await saveFailure(n, b, error);
      }
    });
  }
}

// Waits for a site's log to hold an event; fails showing what the log held.
export async function event(b, siteName, match, what, timeoutMs = 20_000) {
  const key = site(b, siteName);
  let seen = [];
  try {
    return await waitFor(() => {
      seen = world.log(key);
      return seen.find(match);
    }, {what: `${what} in the host's log for ${key}`, timeoutMs});
  } catch (error) {
    error.message += `; the log held: ${JSON.stringify(seen.map((e) => ({name: e.name, action: e.action, category: e.category, source: e.source, browser: e.browser})))}`;
    throw error;
  }
}

export async function jarWait(b, check, what, timeoutMs = 20_000) {
  let seen = [];
  try {
    return await waitFor(async () => check(seen = await jar(b)), {what, timeoutMs, intervalMs: 200});
  } catch (error) {
    error.message += `; the jar held: ${JSON.stringify(seen.map((c) => `${c.name}@${c.domain}`))}`;
    throw error;
  }
}

// A throw-away certificate for one browser's sites (its own folder: the files share names).
function certificate(suffix) {
  const dir = join(world.work, `cert-${suffix}`);
  mkdirSync(dir, {recursive: true});
  return makeCertificate(dir, allHostNames(suffix).filter((h) => !h.startsWith("www.")).flatMap((h) => [h, `*.${h}`]));
}

before(async () => {
  // Rules and settings the scenarios start from, in the shared database.
  for (const suffix of ["c", "f"]) {
    const s = (n) => `${n}-${suffix}.test`;
    world.cli("rules", "set", s("first"), "--allow", "necessary", "--allow", "statistics");
    world.addBorgerManifest(s("borger"));
    world.cli("rules", "set", s("borger"), "--allow", "statistics");
    world.cli("rules", "set", s("denied"), "--deny", "statistics");
    world.cli("rules", "set", s("embed"), "--third-party", "block");
    world.cli("rules", "set", s("del"), "--allow", "statistics");
    world.cli("rules", "set", s("leave"), "--lifetime", "leave");
    world.cli("rules", "set", s("session"), "--lifetime", "session", "--allow", "statistics");
    world.cli("rules", "set", s("chips"), "--allow-third-party", s("chipsvendor"), "--deny", "marketing");
    world.cli("rules", "set", s("chips2"), "--allow-third-party", s("chipsvendor"), "--allow", "marketing");
    world.cli("rules", "set", s("outage"), "--mode", "block-all");
    world.cli("rules", "set", s("recon"), "--deny", "statistics");
    world.cli("rules", "set", s("rejudge"), "--allow", "statistics");
    // In this order, as the popup or the command line leaves it: allow-all over third-party block.
    world.cli("rules", "set", s("allowall"), "--third-party", "block");
    world.cli("rules", "set", s("allowall"), "--mode", "allow-all");
  }
  world.cli("settings", "set", "leave-grace", String(LEAVE_GRACE_S));

  const starts = [];
  if (want("chromium")) {
    const b = B.chromium = {name: "chromium", suffix: "c"};
    b.sites = await startSites(certificate("c"));
    b.setup = prepareChromium(world);
    starts.push(launchChromium(world, b.setup).then((drv) => { b.drv = drv; return drv.hostReady(); }));
  }
  if (want("firefox")) {
    const b = B.firefox = {name: "firefox", suffix: "f"};
    b.sites = await startSites(certificate("f"));
    b.setup = prepareFirefox(world, allHostNames("f"));
    starts.push(launchFirefox(world, b.setup).then((drv) => { b.drv = drv; }));
  }
  const results = await Promise.allSettled(starts);
  for (const r of results) if (r.status === "rejected") console.error(`a browser did not start: ${r.reason?.message}`);
});

after(async () => {
  for (const b of Object.values(B)) {
    await b.drv?.close().catch(() => {});
    await b.sites?.close();
  }
  world.keepDiagnostics("run");
  world.remove();
});


export async function hostDown(b) {
  renameSync(b.setup.manifest, `${b.setup.manifest}.off`);
  const pids = pidsOf(b.setup.hostExe);
  assert.ok(pids.length > 0, "the host runs before it is killed");
  for (const pid of pids) process.kill(pid, "SIGKILL");
  await waitFor(() => pidsOf(b.setup.hostExe).length === 0, {what: "the host to be gone"});
}


export function execSql(db, sql, json = false) {
  return execFileSync("sqlite3", [...(json ? ["-json"] : []), db, sql], {encoding: "utf8"}) || "[]";
}

