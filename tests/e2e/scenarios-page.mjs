// Scenarios about what a page's cookies become: classified, removed, kept out, deleted, made
// session cookies, partitioned. Registered by scenarios.test.mjs, which shares one world.
import {join} from "node:path";
import {waitFor} from "../browser/wait.mjs";
import {artifacts, assert} from "./harness.mjs";
import {cookiesOf, event, jarWait, LEAVE_GRACE_S, nextId, scenario, site, visit, world, www} from "./scenario-kit.mjs";

scenario(1, "first-party cookies set by header and by script are classified and logged", async (b) => {
  const page = await visit(b, www(b, "first"), "set=PHPSESSID&js=_gid");
  const byHeader = await event(b, "first", (e) => e.name === "PHPSESSID", "PHPSESSID (set by header)");
  const byScript = await event(b, "first", (e) => e.name === "_gid", "_gid (set by script)");
  assert.equal(byHeader.category, "necessary", `PHPSESSID's category; event ${JSON.stringify(byHeader)}`);
  assert.equal(byScript.category, "statistics", `_gid's category; event ${JSON.stringify(byScript)}`);
  for (const e of [byHeader, byScript]) {
    assert.equal(e.action, "allow", `${e.name} is allowed by the site's rule; event ${JSON.stringify(e)}`);
    assert.match(e.browser, new RegExp(b.name, "i"), `${e.name} was reported by ${b.name}`);
    assert.equal(e.thirdParty, false);
  }
  await jarWait(b, (j) => ["PHPSESSID", "_gid"].every((n) => j.some((c) => c.name === n && c.domain.endsWith(site(b, "first")))),
                "both cookies to stay in the jar");
  await page.close();
});

scenario(2, "a site manifest classifies the Siteimprove cookie as statistics", async (b) => {
  const page = await visit(b, www(b, "borger"), "set=nmstat");
  const e = await event(b, "borger", (x) => x.name === "nmstat", "nmstat");
  assert.equal(e.category, "statistics", `nmstat's category; event ${JSON.stringify(e)}`);
  assert.equal(e.source, "manifest", `nmstat is classified from the site's manifest; event ${JSON.stringify(e)}`);
  assert.equal(e.vendor, "Siteimprove", `nmstat's vendor; event ${JSON.stringify(e)}`);
  await page.close();
});

scenario(3, "a denied purpose: the cookie is removed and the log says why", async (b) => {
  const page = await visit(b, www(b, "denied"), "set=_ga,PHPSESSID");
  const e = await event(b, "denied", (x) => x.name === "_ga" && ["remove", "blocked"].includes(x.action), "_ga removed (or blocked at the header: Firefox)");
  assert.equal(e.category, "statistics", `why: the category; event ${JSON.stringify(e)}`);
  assert.ok(e.rule, `why: the rule that removed it; event ${JSON.stringify(e)}`);
  await jarWait(b, (j) => j.some((c) => c.name === "PHPSESSID" && c.domain.endsWith(site(b, "denied"))) &&
                          !j.some((c) => c.name === "_ga" && c.domain.endsWith(site(b, "denied"))),
                "_ga gone from the jar while PHPSESSID stays");
  await page.close();
});

// Cookie names that classify as preferences, which the default settings allow, so that only the
// third-party rule decides whether they stay.
function trackerPage(b, trackerName = "tracker") {
  const tracker = site(b, trackerName);
  const frameId = nextId("f");
  const query = `img=${tracker}&imgset=embed_lang&frame=${tracker}&frameq=${encodeURIComponent(`set=frame_lang&js=script_lang&id=${frameId}`)}`;
  return {tracker, frameId, query};
}

scenario(4, "third-party cookies of an embedded tracker (image, frame, script in the frame) are not stored", async (b) => {
  const {tracker, frameId, query} = trackerPage(b);
  const page = await visit(b, www(b, "embed"), query);
  await waitFor(() => b.sites.sent.some((s) => s.host === tracker && s.name === "embed_lang") &&
                      b.sites.sent.some((s) => s.host === tracker && s.name === "frame_lang"),
                {what: "the tracker's image and frame to be requested"});
  await waitFor(() => b.sites.loaded.has(frameId), {what: "the tracker's frame to run its script"});
  await jarWait(b, (j) => !j.some((c) => c.domain.endsWith(tracker)), "no tracker cookie in the jar");
  await page.close();
});

// Loads the tracker page on `siteName` until the tracker's image cookie is in the jar: again and
// again, since the extension may not have learnt the rule that lets it through yet.
async function trackerCookieKept(b, siteName, trackerName, what) {
  const {tracker, query} = trackerPage(b, trackerName);
  const page = await visit(b, www(b, siteName), query);
  await jarWait(b, async (j) => {
    if (j.some((c) => c.name === "embed_lang" && c.domain.endsWith(tracker))) return true;
    await page.nav(www(b, siteName), query);
    return false;
  }, what, 30_000);
  await page.close();
}

scenario("4b", "allow-listing the tracker for the site lets its cookies through", async (b) => {
  world.cli("rules", "set", site(b, "embed"), "--allow-third-party", site(b, "tracker"));
  await trackerCookieKept(b, "embed", "tracker", "the allow-listed tracker's image cookie in the jar");
});

scenario(5, "\"Delete this site's cookies now\" clicked in the real popup", async (b) => {
  const page = await visit(b, www(b, "del"), "set=PHPSESSID,_ga&js=_gid");
  await jarWait(b, (j) => j.filter((c) => c.domain.endsWith(site(b, "del"))).length >= 3, "the site's three cookies");
  const popup = await b.drv.popup(await page.tabId());
  await popup.click("#delete-now");
  await jarWait(b, (j) => !j.some((c) => c.domain.endsWith(site(b, "del"))), "the site's cookies to be deleted");
  let said = "";
  await waitFor(async () => /\b3\b/.test(said = await popup.text("#choices-status")),
                {what: "the popup to say how many cookies it deleted"})
    .catch((error) => { error.message += `; the popup said: ${JSON.stringify(said)}`; throw error; });
  await popup.screenshot(join(artifacts, `s5-${b.name}-popup-after-delete.png`));
  await popup.close();
  await page.close();
});

scenario(6, "delete-on-leave: gone after the grace period, kept when returning before it", async (b) => {
  const leave = site(b, "leave");
  const page = await visit(b, www(b, "leave"), "set=PHPSESSID,_ga");
  await jarWait(b, (j) => j.some((c) => c.domain.endsWith(leave)), "the site's cookies before leaving");
  // Leave and come straight back: within the grace period, so the cookies stay ...
  await page.nav(www(b, "elsewhere"));
  await page.nav(www(b, "leave"));
  const back = Date.now();
  // ... for longer than the grace period (a hold, not a wait: it checks all along that they stay).
  while (Date.now() - back < (LEAVE_GRACE_S + 3) * 1000) {
    assert.ok((await cookiesOf(b, "leave")).length > 0,
              `the cookies vanished ${Date.now() - back} ms after returning within the grace period`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  // Leave for good: gone after the grace period.
  const left = Date.now();
  await page.nav(www(b, "elsewhere"));
  await jarWait(b, (j) => !j.some((c) => c.domain.endsWith(leave)), "the site's cookies to be deleted after leaving", 30_000);
  assert.ok(Date.now() - left >= LEAVE_GRACE_S * 1000 - 500, "not deleted before the grace period ended");
  await page.close();
});

scenario(7, "session-only lifetime turns a persistent cookie into a session cookie", async (b) => {
  const page = await visit(b, www(b, "session"), "set=_ga");
  const e = await event(b, "session", (x) => x.name === "_ga" && x.action === "session", "_ga made a session cookie");
  assert.match(e.browser, new RegExp(b.name, "i"));
  await jarWait(b, (j) => j.some((c) => c.name === "_ga" && c.domain.endsWith(site(b, "session")) && c.session),
                "_ga as a session cookie in the jar");
  await page.close();
});

scenario(8, "partitioned (CHIPS) cookies are seen, classified and removed with the right partition key", async (b) => {
  const vendor = site(b, "chipsvendor");
  // The vendor's frame sets _fbp by header and _fbc by script, both partitioned, under two
  // top-level sites: one denies marketing, the other allows it. Firefox may keep the header
  // cookie out of the jar (logged as blocked); the script cookie always lands in the jar and
  // has to be removed from its own partition.
  const frames = [nextId("f"), nextId("f")];
  const query = (id) => `frame=${vendor}&frameq=${encodeURIComponent(`set=_fbp&js=_fbc&partitioned=1&id=${id}`)}`;
  const denied = await visit(b, www(b, "chips"), query(frames[0]));
  const allowed = await visit(b, www(b, "chips2"), query(frames[1]));
  for (const id of frames) await waitFor(() => b.sites.loaded.has(id), {what: "the vendor's frame to run its script"});
  const byScript = await event(b, "chips", (x) => x.name === "_fbc" && x.action === "remove", "the partitioned _fbc (set by script) removed");
  assert.equal(byScript.partitioned, true, `the event is for the partitioned cookie; ${JSON.stringify(byScript)}`);
  assert.equal(byScript.category, "marketing", `its category; ${JSON.stringify(byScript)}`);
  const byHeader = await event(b, "chips", (x) => x.name === "_fbp" && ["remove", "blocked"].includes(x.action),
                               "the partitioned _fbp (set by header) removed, or blocked at the header");
  assert.equal(byHeader.category, "marketing", `its category; ${JSON.stringify(byHeader)}`);
  // Blocked at the header (Firefox) or removed from the jar: either way the log says partitioned.
  assert.equal(byHeader.partitioned, true, `partitioned; ${JSON.stringify(byHeader)}`);
  const top = (c) => c.partitionKey?.topLevelSite ?? "";
  await jarWait(b, (j) => ["_fbp", "_fbc"].every((name) => {
    const found = j.filter((c) => c.name === name);
    return found.some((c) => top(c).includes(`//${site(b, "chips2")}`)) &&
      !found.some((c) => top(c).includes(`//${site(b, "chips")}`));
  }), "_fbp and _fbc kept in chips2's partition and gone from chips' partition");
  await denied.close();
  await allowed.close();
});


scenario(13, "a site in allow-all mode keeps third-party cookies although its rule also says third-party block", async (b) => {
  // The host's precedence puts allow-all before the third-party choice (docs/design.md,
  // "Precedence"); the extension's blocking rules must follow it.
  await trackerCookieKept(b, "allowall", "tracker2", "the third-party image cookie of the allow-all site in the jar");
});
