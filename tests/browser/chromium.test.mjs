// The extension in a real browser: Debian's Chromium, headless, with the extension loaded and
// the host registered in the test profile by installers/install.sh --profile-dir. Loopback
// HTTPS sites set cookies; we check what ends up in the jar, the host's log (through the
// command-line tool) and the popup. Screenshots of the popup go to artifacts/.
//
// Needs a built host (CW_BUILD_DIR, default build/dev) and `npm ci`. Run:
//   node --test tests/browser/chromium.test.mjs
import assert from "node:assert/strict";
import {execFileSync} from "node:child_process";
import {copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync,
        writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {after, before, test} from "node:test";
import {chromium} from "playwright-core";
import {makeCertificate, startTestSites} from "./test-site.mjs";
import {waitFor} from "./wait.mjs";
import {pidsOf} from "./processes.mjs";

const repo = resolve(new URL("../..", import.meta.url).pathname);
const buildDir = resolve(process.env.CW_BUILD_DIR ?? join(repo, "build/dev"));
const cli = join(buildDir, "host/cookie-warden");
const extensionDir = join(repo, "extension");
const artifacts = join(repo, "artifacts");
const CHROMIUM = process.env.CW_CHROMIUM ?? "/usr/lib/chromium/chromium";
const SITE = "site-a.test";

const work = mkdtempSync(join(tmpdir(), "cw-chromium-"));
const profile = join(work, "profile");
const env = {...process.env, HOME: join(work, "home"), COOKIE_WARDEN_HOME: join(work, "data"),
             XDG_CONFIG_HOME: join(work, "home/.config")};
let sites;
let browser; // {ctx, worker, id}

function cliJson(...args) {
  return JSON.parse(execFileSync(cli, [...args, "--json"], {env, encoding: "utf8"}));
}

function runCli(...args) {
  execFileSync(cli, args, {env, stdio: ["ignore", "ignore", "inherit"]});
}

function logEvents(site) {
  const doc = cliJson("log", "--site", site);
  return Array.isArray(doc) ? doc : doc.events ?? [];
}

async function launch(lang) {
  const args = [
    `--load-extension=${extensionDir}`, `--disable-extensions-except=${extensionDir}`,
    "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
    "--host-resolver-rules=MAP *.test 127.0.0.1", "--ignore-certificate-errors", `--lang=${lang}`,
  ];
  if (process.getuid?.() === 0) args.push("--no-sandbox");
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args, ignoreHTTPSErrors: true, locale: lang,
    env: {...env, LANGUAGE: lang}, viewport: {width: 1000, height: 800},
  });
  const worker = ctx.serviceWorkers()[0] ?? await ctx.waitForEvent("serviceworker", {timeout: 15_000});
  return {ctx, worker, id: new URL(worker.url()).host};
}

// Asks the background what the pages ask it, through an extension page.
async function hostStatus() {
  const page = await browser.ctx.newPage();
  await page.goto(`chrome-extension://${browser.id}/options/options.html`);
  try {
    return await waitFor(async () => {
      const reply = await page.evaluate(() => chrome.runtime.sendMessage({type: "status"}));
      return reply.host.state === "ready" ? reply.host : null;
    }, {what: "the extension to connect to the host", timeoutMs: 15_000});
  } finally {
    await page.close();
  }
}

const jar = () => browser.worker.evaluate(async () =>
  (await chrome.cookies.getAll({partitionKey: {}})).map((c) => ({name: c.name, domain: c.domain})));

async function siteTab() {
  const page = await browser.ctx.newPage();
  await page.goto(`https://www.${SITE}:${sites.port}/`);
  const tabId = await browser.worker.evaluate(async (url) =>
    (await chrome.tabs.query({})).find((t) => t.url?.startsWith(url))?.id, `https://www.${SITE}:${sites.port}/`);
  assert.ok(Number.isInteger(tabId), "the site's tab is known to the extension");
  return {page, tabId};
}

async function openPopup(tabId) {
  const popup = await browser.ctx.newPage();
  await popup.setViewportSize({width: 400, height: 600});
  await popup.goto(`chrome-extension://${browser.id}/popup/popup.html?tab=${tabId}`);
  await popup.waitForSelector("body[data-ready=true]", {timeout: 15_000});
  return popup;
}

before(async () => {
  mkdirSync(env.HOME, {recursive: true});
  mkdirSync(join(profile, "Default"), {recursive: true});
  mkdirSync(artifacts, {recursive: true});
  // Chromium blocks third-party cookies by itself in a fresh profile; switch that off so the
  // test sees the extension's own blocking (PLATFORM.md).
  writeFileSync(join(profile, "Default/Preferences"), JSON.stringify({profile: {cookie_controls_mode: 0}}));
  execFileSync(join(repo, "installers/install.sh"),
               ["--profile-dir", profile, "--prefix", join(work, "prefix"), "--build-dir", buildDir],
               {env, stdio: ["ignore", "ignore", "inherit"]});
  execFileSync(cli, ["rules", "set", SITE, "--deny", "statistics"], {env, stdio: ["ignore", "ignore", "inherit"]});
  sites = await startTestSites(makeCertificate(work));
  browser = await launch("en-US");
});

after(async () => {
  await browser?.ctx.close();
  await sites?.close();
  if (!process.env.CW_KEEP) rmSync(work, {recursive: true, force: true}); else console.log("kept", work);
});

test("the extension connects to the host it was registered with", async () => {
  const host = await hostStatus();
  assert.equal(host.host.protocol, 1);
  assert.match(host.host.version, /^\d+\.\d+\.\d+/);
});

test("a denied statistics cookie is removed and logged; a third-party cookie never stored", async () => {
  const {page, tabId} = await siteTab();
  await page.waitForFunction(() => document.getElementById("pixel")?.complete);
  assert.ok(sites.requests.some((r) => r.host === "tracker.test" && r.url === "/pixel.gif"),
            "the tracker's image was requested");

  await waitFor(async () => {
    const names = (await jar()).map((c) => c.name);
    return names.includes("PHPSESSID") && !names.includes("_ga");
  }, {what: "_ga removed while PHPSESSID stays", timeoutMs: 15_000});
  const removed = await waitFor(() => logEvents(SITE).find((e) =>
    (e.name ?? e.cookie?.name) === "_ga" && e.action === "remove"), {what: "the removal in the log", timeoutMs: 15_000});
  assert.equal(removed.category, "statistics");
  assert.equal((await jar()).some((c) => c.name === "embed_lang"), false, "the tracker's cookie is not in the jar");
  // The badge counts _ga (removed) and trk_id (blocked) on this tab.
  await waitFor(async () => Number(await browser.worker.evaluate((id) => chrome.action.getBadgeText({tabId: id}), tabId)) >= 2,
                {what: "the badge to count the removed and the blocked cookie"});
  await page.close();
});

test("the popup shows the site's cookies by purpose and its log; a switch changes the rule", async () => {
  const {page, tabId} = await siteTab();
  const popup = await openPopup(tabId);
  await waitFor(() => popup.locator("#log-list li", {hasText: "_ga"}).count(), {what: "_ga in the popup's log"});
  const groups = await popup.locator(".cookie-group h3").allTextContents();
  assert.ok(groups.some((g) => g.startsWith("Necessary") || g.startsWith("Unclassified")), groups.join());
  assert.ok(await popup.locator(".cookie-group", {hasText: "PHPSESSID"}).count() > 0);
  await popup.screenshot({path: join(artifacts, "popup-en.png"), fullPage: true});

  const statistics = popup.locator("#purpose-statistics");
  assert.equal(await statistics.isChecked(), false, "statistics shows as denied");
  await statistics.focus();
  await popup.keyboard.press("Space"); // keyboard-usable
  await waitFor(() => cliJson("rules", "get", SITE).rule.categories.statistics === "allow",
                {what: "the rule to allow statistics in the host's database"});

  // Allowing third-party cookies for the site lifts the DNR blocking for it at once.
  await popup.locator("#third-party").check();
  await waitFor(() => cliJson("rules", "get", SITE).rule.thirdParty === "allow",
                {what: "the rule to allow third-party cookies"});
  await waitFor(async () => {
    const rules = await browser.worker.evaluate(() => chrome.declarativeNetRequest.getDynamicRules());
    return rules.some((r) => r.condition.excludedInitiatorDomains?.includes(SITE));
  }, {what: "the blocking rule to exempt the site"});
  await page.reload();
  await page.waitForFunction(() => document.getElementById("pixel")?.complete);
  await waitFor(async () => (await jar()).some((c) => c.name === "embed_lang"),
                {what: "the tracker's cookie, now allowed, in the jar"});
  await popup.close();
  await page.close();
});

test("the options page shows the host, the site rules and the loaded policies; edits a rule", async () => {
  const page = await browser.ctx.newPage();
  await page.goto(`chrome-extension://${browser.id}/options/options.html`);
  await page.waitForSelector("body[data-ready=true]", {timeout: 15_000});
  await waitFor(() => page.locator("#manifests-body a[href^='https://']").count(), {what: "policy links"});
  const policies = await page.locator("#manifests-body th").allTextContents();
  assert.ok(policies.some((p) => p.startsWith("kk.dk")) && policies.some((p) => p.startsWith("borger.dk")),
            policies.join());
  assert.match(await page.locator("#host-info").textContent(), /\d+\.\d+\.\d+/);
  await page.locator("#rule-search").fill("site-a");
  await page.getByRole("button", {name: `Edit the rule for ${SITE}`}).click();
  await page.locator("#edit-choice-marketing").selectOption("allow");
  await page.locator("#rule-editor button[type=submit]").click();
  await waitFor(() => cliJson("rules", "get", SITE).rule.categories.marketing === "allow",
                {what: "the edited rule in the host's database"});
  await page.screenshot({path: join(artifacts, "options-en.png"), fullPage: true});
  await page.close();
});

test("the popup in Danish", async () => {
  await browser.ctx.close();
  browser = await launch("da");
  await hostStatus();
  const {page, tabId} = await siteTab();
  const popup = await openPopup(tabId);
  assert.equal(await popup.locator("#cookies-heading").textContent(), "Beholdt på dette websted");
  await popup.screenshot({path: join(artifacts, "popup-da.png"), fullPage: true});
  await popup.close();
  await page.close();
});

// The rules the extension last loaded from the host (it reloads on the rules.changed push), so
// a test can wait until a change made with the CLI has reached both the host and the extension.
async function cachedChoices() {
  const {ruleCache} = await browser.worker.evaluate(() => chrome.storage.local.get("ruleCache"));
  return {settings: ruleCache?.settings ?? {}, rule: ruleCache?.rules?.find((r) => r.site === SITE) ?? {}};
}

const siteCookies = async () => (await jar()).filter((c) => c.domain.replace(/^\./, "").endsWith(SITE));

test("rules changed from the command line reach the extension: session, then delete on leave", async () => {
  // rules.changed: the host pushes the CLI's change, the extension reloads rules and DNR.
  runCli("rules", "set", SITE, "--third-party", "block", "--lifetime", "session");
  await waitFor(async () => {
    const rules = await browser.worker.evaluate(() => chrome.declarativeNetRequest.getDynamicRules());
    return !rules.some((r) => r.condition.excludedInitiatorDomains?.includes(SITE));
  }, {what: "the extension to block third parties on the site again"});

  // lifetime session: the site's persistent cookies are written again without expiry.
  const {page} = await siteTab();
  runCli("rules", "set", SITE, "--allow", "statistics");
  await waitFor(async () => {
    const {rule} = await cachedChoices();
    return rule.lifetime === "session" && rule.categories?.statistics === "allow";
  }, {what: "the extension to learn the new rule"});
  await page.reload();
  await waitFor(async () => {
    const ga = await browser.worker.evaluate(async () => (await chrome.cookies.getAll({name: "_ga"}))[0]);
    return ga?.session === true;
  }, {what: "_ga to become a session cookie"});
  assert.ok(logEvents(SITE).some((e) => e.name === "_ga" && e.action === "session"));

  // lifetime leave: once no tab shows the site for the grace period, the host asks the
  // extension to clear it (site.visit/site.leave, then the site.clear push).
  runCli("settings", "set", "leave-grace", "1");
  runCli("rules", "set", SITE, "--lifetime", "leave");
  await waitFor(async () => {
    const {settings, rule} = await cachedChoices();
    return rule.lifetime === "leave" && settings.leaveGraceSeconds === 1;
  }, {what: "the extension to learn the leave rule"});
  assert.ok((await siteCookies()).length > 0, "the site has cookies before leaving");
  for (const other of browser.ctx.pages()) {
    if (other !== page && other.url().includes(SITE)) await other.close();
  }
  await page.goto(`https://elsewhere.test:${sites.port}/`);
  await waitFor(async () => (await siteCookies()).length === 0,
                {what: "the site's cookies to be deleted after leaving it", timeoutMs: 15_000});
  await page.close();
});

// The host's processes started by the browser for this profile, found by their executable.
function hostPids() {
  return pidsOf(join(work, "prefix/lib/cookie-warden/cookie-warden-host"));
}

test("a missing host shows on the badge and in the popup; Try again reconnects and reconciles", async () => {
  runCli("rules", "set", SITE, "--deny", "statistics", "--lifetime", "keep");
  await waitFor(async () => (await cachedChoices()).rule.categories?.statistics === "deny",
                {what: "the extension to learn that statistics are denied again"});
  const manifest = join(profile, "NativeMessagingHosts/dk.cookiewarden.host.json");
  renameSync(manifest, `${manifest}.off`);
  const pids = hostPids();
  assert.ok(pids.length > 0, "the host runs");
  for (const pid of pids) process.kill(pid, "SIGTERM");
  await waitFor(async () => (await browser.worker.evaluate(() => chrome.action.getBadgeText({}))) === "!",
                {what: "the badge to show the problem"});
  // Cookies set while the host is away cannot be classified yet ...
  const {page, tabId} = await siteTab();
  await waitFor(async () => (await jar()).some((c) => c.name === "_ga"), {what: "_ga set while the host is away"});
  // Not installed (no host manifest): the install help for this system, not developer advice.
  // The host's exit is seen first ("failing"); "not installed" once the browser looked for the
  // host again and found no manifest: the popup is opened again until it says so.
  let popup = null;
  await waitFor(async () => {
    await popup?.close();
    popup = await openPopup(tabId);
    return await popup.locator("#host-problem").isVisible()
      && await popup.locator("#host-problem").getAttribute("data-kind") === "notInstalled";
  }, {what: "the popup to say the host is not installed"});
  assert.match(await popup.locator("#host-problem a").getAttribute("href"), /welcome\/welcome\.html#install-linux$/);
  assert.equal(await popup.locator("#purpose-statistics").isDisabled(), true);
  await popup.screenshot({path: join(artifacts, "popup-host-missing-da.png"), fullPage: true});

  copyFileSync(`${manifest}.off`, manifest);
  await popup.locator("#host-problem button").click();
  await hostStatus();
  await waitFor(async () => (await browser.worker.evaluate(() => chrome.action.getBadgeText({}))) === "",
                {what: "the badge to clear"});
  // ... and are reconciled once it is back.
  await waitFor(async () => !(await jar()).some((c) => c.name === "_ga"),
                {what: "the reconcile after reconnecting to remove _ga"});
  await popup.close();
  await page.close();
});
