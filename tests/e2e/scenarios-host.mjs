// Scenarios about the host and the rules: the host killed and back, a rule set in one browser
// applying in the other, the jar reconciled on start, a rule change rechecking stored cookies,
// and the timing of a removal. Registered by scenarios.test.mjs, which shares one world.
import {copyFileSync} from "node:fs";
import {join} from "node:path";
import {test} from "node:test";
import {waitFor} from "../browser/wait.mjs";
import {launchChromium} from "./chromium.mjs";
import {launchFirefox} from "./firefox.mjs";
import {artifacts, assert} from "./harness.mjs";
import {B, event, execSql, hostDown, jarWait, saveFailure, scenario, site, visit, want, world, www} from "./scenario-kit.mjs";
import {runTiming} from "./timing.mjs";

scenario(9, "the host is killed: cached rules keep working, the popup shows the outage, it reconnects", async (b) => {
  await hostDown(b);
  try {
    // A block-all site keeps no cookies, decided from the cached rules alone: neither the one
    // set by the response header nor the one set by script.
    const page = await visit(b, www(b, "outage"), "set=PHPSESSID&js=_gid");
    await jarWait(b, (j) => !j.some((c) => ["_gid", "PHPSESSID"].includes(c.name) && c.domain.endsWith(site(b, "outage"))),
                  "the block-all site's PHPSESSID (header) and _gid (script) removed while the host is away");
    // The popup reads the host's state when it opens; the outage shows through the back-off's
    // reconnect attempts too ("connecting" after a failure).
    const popup = await b.drv.popup(await page.tabId());
    assert.equal(await popup.visible("#host-problem"), true, "the popup shows the outage");
    await popup.screenshot(join(artifacts, `s9-${b.name}-popup-outage.png`));
    copyFileSync(`${b.setup.manifest}.off`, b.setup.manifest);
    await b.drv.hostReady(60_000); // the back-off retries on its own
    // The popup reads the state when it opens: opened again, it no longer shows the outage.
    await popup.reload();
    assert.equal(await popup.visible("#host-problem"), false, "the popup shows no outage once reconnected");
    await popup.close();
    await page.close();
  } finally {
    copyFileSync(`${b.setup.manifest}.off`, b.setup.manifest);
  }
});

if (want("chromium") && want("firefox")) {
  test("scenario 10 (chromium + firefox): a rule set in Chromium's popup applies in Firefox", async () => {
    const c = B.chromium;
    const f = B.firefox;
    assert.ok(c?.drv && f?.drv, "both browsers started");
    try {
      const page = await c.drv.open(c.sites.url("www.shared.test", "/page?id=shared"));
      const popup = await c.drv.popup(await c.drv.tabId(c.sites.url("www.shared.test", "/")));
      const statistics = popup.page.locator("#purpose-statistics");
      if (await statistics.isChecked()) await statistics.uncheck();
      else { await statistics.check(); await statistics.uncheck(); } // an explicit choice, stored as a rule
      await waitFor(() => world.cliJson("rules", "get", "shared.test").rule?.categories?.statistics === "deny",
                    {what: "statistics denied for shared.test in the database"});
      await popup.close();
      await page.close();
      // Firefox's host notices the change in the database within a moment and tells the add-on,
      // which then loads the rules again. A cookie set before that is judged by the old rules
      // (and only removed by the recheck that follows, scenario 12), so wait until the rule has
      // arrived: this scenario is about the rule reaching the other browser.
      await waitFor(async () => (await f.drv.cachedRule("shared.test")).rule.categories?.statistics === "deny",
                    {what: "Firefox's add-on to load the rule for shared.test", timeoutMs: 20_000});
      const ff = await visit(f, "www.shared.test", "set=_ga");
      let seen = [];
      const removed = await waitFor(() => (seen = world.log("shared.test")).find((e) => e.name === "_ga" && ["remove", "blocked"].includes(e.action) && /firefox/i.test(e.browser)),
                                    {what: "Firefox to remove _ga on shared.test under Chromium's rule", timeoutMs: 20_000})
        .catch((error) => {
          error.message += `; the log held: ${JSON.stringify(seen.map((e) => ({name: e.name, action: e.action, rule: e.rule, browser: e.browser})))}`;
          throw error;
        });
      assert.equal(removed.category, "statistics");
      await ff.close();
    } catch (error) {
      await saveFailure(10, c, error);
    }
  });
}

scenario(11, "reconciliation: cookies set while the extension was not running are enforced on start", async (b) => {
  const recon = site(b, "recon");
  if (b.name === "chromium") {
    await b.drv.close();
    const plain = await launchChromium(world, b.setup, {extension: false});
    const page = await plain.ctx.newPage();
    await page.goto(b.sites.url(www(b, "recon"), "/page?set=_ga,PHPSESSID"));
    assert.ok((await plain.ctx.cookies()).some((c) => c.name === "_ga"), "_ga set without the extension");
    await plain.close();
    b.drv = await launchChromium(world, b.setup);
  } else {
    await b.drv.close();
    // Firefox cannot run without its side-loaded add-on here; write the cookie into its jar
    // while it is not running instead.
    const db = join(b.setup.profile, "cookies.sqlite");
    const cols = JSON.parse(execSql(db, "select name from pragma_table_info('moz_cookies')", true)).map((r) => r.name);
    const copy = cols.filter((c) => c !== "id");
    const value = (c) => ({name: "'_ga'", value: "'GA1.2.3.4'", host: `'.${recon}'`, isSecure: "0", isHttpOnly: "0"})[c] ?? c;
    execSql(db, `insert into moz_cookies (${copy.join(",")}) select ${copy.map(value).join(",")} from moz_cookies where expiry > 0 limit 1`);
    assert.ok(JSON.parse(execSql(db, "select count(*) as n from moz_cookies where name = '_ga' and host = '." + recon + "'", true))[0].n === 1,
              "_ga written into Firefox's jar while it is stopped");
    b.drv = await launchFirefox(world, b.setup);
  }
  const e = await event(b, "recon", (x) => x.name === "_ga" && x.action === "remove", "_ga removed on start", 30_000);
  assert.match(e.browser, new RegExp(b.name, "i"));
  await jarWait(b, (j) => !j.some((c) => c.name === "_ga" && c.domain.endsWith(recon)), "_ga gone from the jar after start");
});

scenario(12, "a rule changed with the command line removes the cookies already stored that it denies", async (b) => {
  const rejudge = site(b, "rejudge");
  const page = await visit(b, www(b, "rejudge"), "set=_ga,PHPSESSID");
  await event(b, "rejudge", (x) => x.name === "_ga" && x.action === "allow" && new RegExp(b.name, "i").test(x.browser),
              "_ga allowed while the site allows statistics");
  await jarWait(b, (j) => ["_ga", "PHPSESSID"].every((n) => j.some((c) => c.name === n && c.domain.endsWith(rejudge))),
                "_ga and PHPSESSID stored");
  // The site is not visited again: the cookie has to go because the rule changed.
  await page.close();
  world.cli("rules", "set", rejudge, "--deny", "statistics");
  // The browser's host notices the change in the database (every 0.4 s) and pushes
  // rules.changed; the extension judges the site's cookies again through it.
  await jarWait(b, (j) => !j.some((c) => c.name === "_ga" && c.domain.endsWith(rejudge)) &&
                          j.some((c) => c.name === "PHPSESSID" && c.domain.endsWith(rejudge)),
                "_ga gone from the jar after the rule change while PHPSESSID stays", 30_000);
  const e = await event(b, "rejudge", (x) => x.name === "_ga" && x.action === "remove", "_ga removed under the new rule");
  assert.match(e.browser, new RegExp(b.name, "i"), `removed by ${b.name}; ${JSON.stringify(e)}`);
  assert.equal(e.category, "statistics", `why: the category; ${JSON.stringify(e)}`);
  assert.equal(e.rule, `site:${rejudge}/statistics`, `why: the new rule; ${JSON.stringify(e)}`);
  assert.equal(world.log(rejudge).filter((x) => x.name === "PHPSESSID" && x.action !== "allow").length, 0,
               "PHPSESSID is not touched");
});

if (want("chromium")) {
  test("scenario 3 timing (chromium): from the Set-Cookie response to the removal", async () => {
    const b = B.chromium;
    try {
      await runTiming(b, {runs: Number(process.env.CW_E2E_RUNS ?? 30), host: www(b, "denied")});
    } catch (error) {
      await saveFailure(3, b, error);
    }
  });
}

