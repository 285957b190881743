// What a citizen sees (issue 20), in headless Chromium and Firefox ESR against the real host:
// every block of a visit in the log (once) and in the popup, the one-click escape for a broken
// site that ends by itself, a missing host told apart from a failing one, and the first-run
// page. The pages' accessibility (axe) and their screenshots for docs/ are in ui-look.test.mjs.
//
// Needs a built host (CW_BUILD_DIR, default build/dev), `npm ci` and `npm run pack`. Run:
//   CW_BUILD_DIR=build/dev node --test tests/e2e/citizen.test.mjs
import {renameSync, writeFileSync, chmodSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {after, before, test} from "node:test";
import {waitFor} from "../browser/wait.mjs";
import {startBrowsers} from "./start-browsers.mjs";
import {artifacts, assert, copyFileSync, createWorld, pidsOf} from "./harness.mjs";
import {startSites} from "./sites.mjs";

const NAMES = ["news", "ads", "fix", "calm"];
const only = process.env.CW_E2E_BROWSERS?.split(",");
const want = (name) => !only || only.includes(name);
const world = createWorld();
const B = {}; // "chromium" / "firefox" -> {name, suffix, sites, setup, drv}
let uid = 0;

const site = (b, name) => `${name}-${b.suffix}.test`;
const hostNames = (suffix) => NAMES.flatMap((n) => [`${n}-${suffix}.test`, `www.${n}-${suffix}.test`]);

// Opens a page of a test site in a new tab and waits until its script has run.
async function visit(b, host, query = "") {
  const id = `c${++uid}`;
  const url = b.sites.url(host, `/page?id=${id}&${query}`);
  if (b.name === "chromium") await b.drv.open(url);
  else await b.drv.open(id, url);
  await waitFor(() => b.sites.loaded.has(id), {what: `${url} to load in ${b.name}`, timeoutMs: 20_000});
  return {url, tabId: () => waitFor(() => b.drv.tabId(url), {what: "the tab's id"})};
}

const removedOrBlocked = (e) => e.action === "remove" || e.action === "blocked";

function browserTest(title, fn) {
  for (const name of ["chromium", "firefox"]) {
    if (!want(name)) continue;
    test(`${title} (${name})`, async () => {
      const b = B[name];
      assert.ok(b?.drv, `${name} did not start`);
      try {
        await fn(b);
      } catch (error) {
        await b.drv.screenshots(join(artifacts, `citizen-${name}`)).catch(() => {});
        world.keepDiagnostics(`citizen-${name}`);
        error.message = `[${name}] ${error.message}`;
        throw error;
      }
    });
  }
}

before(async () => {
  for (const suffix of ["c", "f"]) world.cli("rules", "set", `calm-${suffix}.test`, "--allow", "statistics");
  await startBrowsers(world, B, {want, hosts: (suffix) => NAMES.map((n) => `${n}-${suffix}.test`), serve: startSites,
                                 firefoxHosts: hostNames, waitForHost: ["chromium", "firefox"]});
});

after(async () => {
  for (const b of Object.values(B)) {
    await b.drv?.close().catch(() => {});
    await b.sites?.close();
  }
  world.remove();
});

browserTest("the first-run page opens on install, checks the host and changes the defaults", async (b) => {
  await waitFor(async () => (await b.drv.tabUrls()).some((u) => u?.includes("/welcome/welcome.html")),
                {what: "the welcome page to open by itself on install"});
  const page = await b.drv.page("welcome/welcome.html");
  await waitFor(() => page.visible("#host-ok"), {what: "the live check to find the host"});
  assert.match(await page.text("#defaults-words"), /Statistics.*marketing|statistics.*marketing/i);
  assert.match(await page.text("#defaults-words"), /third-party/);
  // The switches are painted again once the host answered (and after each save): click the
  // one that is there and enabled, not one about to be replaced.
  await waitFor(() => page.visible("#default-functional:enabled:checked"), {what: "the functional switch, on and usable"});
  await page.click("#default-functional");
  await waitFor(() => world.cliJson("settings", "get").settings?.categories?.functional === "deny"
                || world.cliJson("settings", "get").categories?.functional === "deny",
                {what: "the welcome page's switch to deny functional cookies by default"});
  await waitFor(() => page.visible("#default-functional:enabled:not(:checked)"), {what: "the switch painted off"});
  await page.click("#default-functional");
  await waitFor(() => (world.cliJson("settings", "get").settings ?? world.cliJson("settings", "get")).categories?.functional === "allow",
                {what: "functional cookies allowed again"});
  await page.close();
});

browserTest("every block of a visit reaches the log once, and the popup lists them", async (b) => {
  const news = site(b, "news");
  const ads = site(b, "ads");
  const tab = await visit(b, `www.${news}`, `set=_ga,sess_s&js=_fbp,_gid&img=www.${ads}&imgset=trk_id`);
  const wanted = {_ga: "statistics", _gid: "statistics", _fbp: "marketing"};
  // The third party's cookie: dropped by the declarativeNetRequest rules in Chromium (and seen
  // by a read-only webRequest listener), by the blocking header filter in Firefox (which
  // applies DNR before any listener sees the headers).
  wanted.trk_id = null;
  let events = [];
  await waitFor(() => {
    events = world.log(news);
    return Object.keys(wanted).every((name) => events.some((e) => e.name === name && removedOrBlocked(e)));
  }, {what: `every removal and block on ${news} in the log`, timeoutMs: 25_000})
    .catch((error) => {
      error.message += `; log: ${JSON.stringify(events.map((e) => [e.name, e.action]))}; sent: ${JSON.stringify(b.sites.sent)}`;
      throw error;
    });
  for (const [name, category] of Object.entries(wanted)) {
    const mine = events.filter((e) => e.name === name && removedOrBlocked(e));
    assert.equal(mine.length, 1, `${name} is logged once: ${JSON.stringify(mine)}`);
    if (category) assert.equal(mine[0].category, category, name);
  }
  const tracker = events.find((e) => e.name === "trk_id");
  assert.equal(tracker.thirdParty, true);
  assert.match(tracker.domain, new RegExp(ads.replace(/\./g, "\\.")));
  assert.equal(tracker.action, "blocked");
  const stats = world.cliJson("stats", "--site", news);
  assert.ok(JSON.stringify(stats).includes("marketing"), JSON.stringify(stats));

  const popup = await b.drv.popup(await tab.tabId());
  await waitFor(async () => /_fbp/.test(await popup.text("#blocked-summary") ?? ""), {what: "the popup's list of blocks"});
  const summary = await popup.text("#blocked-summary");
  for (const word of ["Statistics", "Marketing", "_ga", "_gid", ads, "trk_id"]) {
    assert.ok(summary.includes(word), `the popup's blocks name ${word}: ${summary}`);
  }
  assert.match(await popup.text("#cookie-groups"), /sess_s/, "what was kept is listed too");
  assert.doesNotMatch(await popup.text("#log-list"), /site:|global\//, "the log says rules in words");
  await popup.close();
});

browserTest("Something broken? Allow the site for a while: it ends by itself", async (b) => {
  const fix = site(b, "fix");
  const tab = await visit(b, `www.${fix}`, "set=_ga");
  const hostLog = () => readFileSync(join(world.env.COOKIE_WARDEN_HOME, "logs/cookie-warden-host.log"), "utf8");
  const lines = (words) => hostLog().split("\n").filter((l) => l.includes(`temporary rule for ${fix}:`) && l.includes(words)).length;
  const ruleGet = async () => {
    const reply = await b.drv.ask({type: "host", verb: "rules.get", params: {site: fix}});
    assert.equal(reply.ok, true, JSON.stringify(reply));
    return reply;
  };
  // One click: an hour of every cookie allowed, shown while it runs, with the way back.
  let popup = await b.drv.popup(await tab.tabId());
  const clicked = Date.now();
  await popup.click("#allow-hour");
  await waitFor(() => world.cliJson("rules", "get", fix).rule?.mode === "allow-all",
                {what: "one click to allow every cookie on the site"});
  const running = (await ruleGet()).temporary;
  assert.ok(running?.mode === "allow-all" && running.until - clicked > 3500_000 && running.until - clicked < 3700_000,
            `an hour: ${JSON.stringify(running)}`);
  await waitFor(() => popup.visible("#escape-running"), {what: "the popup to show the running escape"});
  assert.match(await popup.text("#escape-running"), /Reload the page/);
  await popup.click("#escape-end");
  await waitFor(() => world.cliJson("rules", "get", fix).rule?.mode === "default", {what: "Use my choices again"});
  await waitFor(() => lines("ended by the user (end)") === 1, {what: "the end in the host's log"});
  await popup.close();
  // The same button with its duration shortened through the popup's address: the host's timer
  // ends the rule by itself, puts the rule before it back and logs start and end.
  const starts = lines("(start)");
  popup = await b.drv.popup(await tab.tabId(), "&escapeSeconds=2");
  await popup.click("#allow-hour");
  await waitFor(() => lines("(start)") > starts, {what: "the start in the host's log"});
  await waitFor(() => lines("time is up") === 1, {what: "the temporary rule to end by itself", timeoutMs: 15_000});
  assert.equal(world.cliJson("rules", "get", fix).rule?.mode, "default");
  assert.equal((await ruleGet()).temporary, undefined, "no temporary rule runs any more");
  await popup.close();
  popup = await b.drv.popup(await tab.tabId());
  assert.equal(await popup.visible("#allow-hour"), true, "the escape buttons are back");
  await popup.click("#block-all");
  await waitFor(() => world.cliJson("rules", "get", fix).rule?.mode === "block-all", {what: "Block everything here"});
  await waitFor(() => popup.visible("#escape-end"), {what: "the way back"});
  await popup.click("#escape-end");
  await waitFor(() => world.cliJson("rules", "get", fix).rule?.mode === "default", {what: "Use my choices again"});
  await popup.close();
});

// Makes the registered host manifest missing, or point to a program that exits at once.
function breakHost(b, how) {
  const manifest = b.setup.manifest;
  if (how === "missing") {
    renameSync(manifest, `${manifest}.off`);
  } else {
    const crash = join(world.work, `crash-${b.name}.sh`);
    writeFileSync(crash, "#!/bin/sh\nexit 3\n");
    chmodSync(crash, 0o755);
    const doc = JSON.parse(readFileSync(`${manifest}.off`, "utf8"));
    writeFileSync(manifest, JSON.stringify({...doc, path: crash}));
  }
  for (const pid of pidsOf(b.setup.hostExe)) process.kill(pid, "SIGTERM");
}

// Opens the popup again until it shows `selector` (the extension notices a host problem on its
// next connection attempt); returns that popup.
async function popupShowing(b, tab, selector, what) {
  let popup;
  await waitFor(async () => {
    popup = await b.drv.popup(await tab.tabId());
    if (await popup.visible(selector)) return true;
    await popup.close();
    return false;
  }, {what, timeoutMs: 30_000});
  return popup;
}

browserTest("a missing host and a failing one say different things; switches say not enforced", async (b) => {
  const tab = await visit(b, `www.${site(b, "calm")}`, "set=sess_s");
  breakHost(b, "missing");
  let popup = await popupShowing(b, tab, "#host-problem[data-kind=notInstalled]",
                                 "the popup to say the helper program is not installed");
  assert.match(await popup.text("#host-problem"), /How to install it on Linux/);
  assert.equal(await popup.visible("#not-enforced"), true, "the switches say they are not enforced");
  await popup.close();
  const welcome = await b.drv.page("welcome/welcome.html#install-linux");
  assert.equal(await welcome.visible("#install-linux ol"), true, "the install help for this system is open");
  assert.equal(await welcome.visible("#host-problem"), true);
  await welcome.close();

  breakHost(b, "failing");
  await b.drv.ask({type: "retry"});
  popup = await popupShowing(b, tab, "#host-problem[data-kind=failing]",
                             "the popup to say the helper program is installed but failing");
  assert.match(await popup.text("#host-problem"), /cookie-warden doctor/);
  await popup.close();
  const options = await b.drv.page("options/options.html");
  assert.equal(await options.visible("#host-problem"), true);
  for (const status of ["#defaults-status", "#rules-status", "#manifests-status"]) {
    assert.equal((await options.text(status)) ?? "", "", `${status} repeats no error`);
  }
  await options.close();

  copyFileSync(`${b.setup.manifest}.off`, b.setup.manifest);
  await b.drv.ask({type: "retry"});
  await b.drv.hostReady(30_000);
});
