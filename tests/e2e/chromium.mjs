// Headless Chromium with the unpacked extension, driven by playwright-core (PLATFORM.md): the
// jar is read through the extension's service worker, the popup is its real page.
import {mkdirSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {chromium} from "playwright-core";
import {waitFor} from "../browser/wait.mjs";
import {repo} from "./harness.mjs";

const CHROMIUM = process.env.CW_CHROMIUM ?? "/usr/lib/chromium/chromium";
const extensionDir = join(repo, "extension");

export function prepareChromium(world) {
  const profile = join(world.work, "chromium-profile");
  mkdirSync(join(profile, "Default"), {recursive: true});
  // A fresh profile blocks third-party cookies by itself; switch that off so the scenarios see
  // the extension's own blocking (PLATFORM.md).
  writeFileSync(join(profile, "Default/Preferences"), JSON.stringify({profile: {cookie_controls_mode: 0}}));
  const hostExe = world.install("chromium", ["--profile-dir", profile]);
  return {profile, hostExe, manifest: join(profile, "NativeMessagingHosts/dk.cookiewarden.host.json")};
}

// `extension: false` starts the same profile without any extension (for reconciliation);
// `lang` is the interface language (the extension's pages follow it).
export async function launchChromium(world, setup, {extension = true, lang = "en-US"} = {}) {
  const args = [
    "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
    "--host-resolver-rules=MAP *.test 127.0.0.1", "--ignore-certificate-errors", `--lang=${lang}`,
  ];
  if (extension) args.push(`--load-extension=${extensionDir}`, `--disable-extensions-except=${extensionDir}`);
  else args.push("--disable-extensions");
  if (process.getuid?.() === 0) args.push("--no-sandbox");
  const ctx = await chromium.launchPersistentContext(setup.profile, {
    executablePath: CHROMIUM, headless: true, args, ignoreHTTPSErrors: true, locale: lang,
    env: {...world.env, LANGUAGE: lang}, viewport: {width: 1000, height: 800},
  });
  if (!extension) return {ctx, close: () => ctx.close()};
  const worker = ctx.serviceWorkers()[0] ?? await ctx.waitForEvent("serviceworker", {timeout: 20_000});
  const id = new URL(worker.url()).host;
  const b = {
    ctx,
    worker,
    id,
    close: () => ctx.close(),
    // Every cookie in the jar, partitioned ones included.
    jar: () => worker.evaluate(async () => (await chrome.cookies.getAll({partitionKey: {}}))
      .map((c) => ({name: c.name, domain: c.domain, session: c.session, partitionKey: c.partitionKey ?? null}))),
    async open(url) {
      const page = await ctx.newPage();
      await page.goto(url);
      return page;
    },
    tabId: (url) => worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url?.startsWith(u))?.id, url),
    // The real popup page for a tab, with the same small interface as Firefox's driver (and
    // the playwright page itself as `page`). `query`: more of the address ("&escapeSeconds=2").
    async popup(tabId, query = "") {
      const page = await ctx.newPage();
      await page.setViewportSize({width: 400, height: 600});
      await page.goto(`chrome-extension://${id}/popup/popup.html?tab=${tabId}${query}`);
      await page.waitForSelector("body[data-ready=true]", {timeout: 15_000});
      return {
        page,
        click: (selector) => page.locator(selector).click(),
        text: (selector) => page.locator(selector).textContent(),
        visible: (selector) => page.locator(selector).isVisible(),
        async reload() {
          await page.reload();
          await page.waitForSelector("body[data-ready=true]", {timeout: 15_000});
        },
        screenshot: (path) => page.screenshot({path}),
        close: () => page.close(),
      };
    },
    // Screenshots of every open page, for the artifacts of a failure.
    async screenshots(prefix) {
      let i = 0;
      for (const page of ctx.pages()) await page.screenshot({path: `${prefix}-${++i}.png`}).catch(() => {});
    },
    // Any page of the extension (welcome/welcome.html, options/options.html), once ready,
    // with the same small interface as the popup's.
    async page(path) {
      const page = await ctx.newPage();
      await page.goto(`chrome-extension://${id}/${path}`);
      await page.waitForSelector("body[data-ready=true]", {timeout: 15_000});
      return {page, click: (s) => page.locator(s).click(), text: (s) => page.locator(s).textContent(),
              visible: (s) => page.locator(s).isVisible(), close: () => page.close()};
    },
    // What the extension's own pages ask the background (page-messages.js), asked from one.
    async ask(message) {
      const page = await ctx.newPage();
      await page.goto(`chrome-extension://${id}/options/options.html`);
      try {
        return await page.evaluate((m) => chrome.runtime.sendMessage(m), message);
      } finally {
        await page.close();
      }
    },
    tabUrls: () => worker.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.url)),
    // Waits until the extension reports a ready host; returns what it knows of it.
    async hostReady(timeoutMs = 20_000) {
      const page = await ctx.newPage();
      await page.goto(`chrome-extension://${id}/options/options.html`);
      try {
        return await waitFor(async () => {
          const reply = await page.evaluate(() => chrome.runtime.sendMessage({type: "status"}));
          return reply.host.state === "ready" ? reply.host : null;
        }, {what: "Chromium's extension to connect to the host", timeoutMs});
      } finally {
        await page.close();
      }
    },
    // The rules the extension last loaded from the host.
    async cachedRule(site) {
      const {ruleCache} = await worker.evaluate(() => chrome.storage.local.get("ruleCache"));
      return {settings: ruleCache?.settings ?? {}, rule: ruleCache?.rules?.find((r) => r.site === site) ?? {}};
    },
  };
  return b;
}
