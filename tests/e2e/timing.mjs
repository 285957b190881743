// Scenario 3 measured: how long a denied cookie lives in Chromium's jar, from the moment the
// test site sent its Set-Cookie header to the moment the extension's removal reached the jar
// (cookies.onChanged, cause "explicit", seen in the extension's own service worker). Both clocks
// are this machine's wall clock. The figures go to artifacts/e2e/timing.json and docs/e2e.md.
import {writeFileSync} from "node:fs";
import {join} from "node:path";
import {waitFor} from "../browser/wait.mjs";
import {artifacts, assert} from "./harness.mjs";

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

export async function runTiming(b, {runs, host}) {
  await b.drv.worker.evaluate((domain) => {
    globalThis.cwTimingRemovals = [];
    chrome.cookies.onChanged.addListener(({removed, cookie, cause}) => {
      if (removed && cause === "explicit" && cookie.name === "_ga" && cookie.domain.endsWith(domain)) {
        globalThis.cwTimingRemovals.push(Date.now());
      }
    });
  }, host.replace(/^www\./, ""));
  const page = await b.drv.ctx.newPage();
  const delays = [];
  for (let i = 0; i < runs; i++) {
    const before = b.sites.sent.length;
    await page.goto(b.sites.url(host, `/page?set=_ga&id=t${i}`));
    const sent = await waitFor(() => b.sites.sent.slice(before).find((s) => s.name === "_ga"),
                               {what: `run ${i}: the site to send _ga`});
    const removedAt = await waitFor(() => b.drv.worker.evaluate(() => globalThis.cwTimingRemovals.length)
      .then((n) => (n > i ? b.drv.worker.evaluate((k) => globalThis.cwTimingRemovals[k], i) : 0)),
                                    {what: `run ${i}: _ga to be removed`, timeoutMs: 15_000, intervalMs: 20});
    delays.push(removedAt - sent.at);
  }
  await page.close();
  const sorted = [...delays].sort((x, y) => x - y);
  const result = {runs, medianMs: quantile(sorted, 0.5), p95Ms: quantile(sorted, 0.95),
                  minMs: sorted[0], maxMs: sorted.at(-1), delaysMs: delays};
  writeFileSync(join(artifacts, "timing.json"), JSON.stringify(result, null, 2));
  console.log(`scenario 3 timing (chromium, ${runs} runs): median ${result.medianMs} ms, p95 ${result.p95Ms} ms, ` +
              `min ${result.minMs} ms, max ${result.maxMs} ms`);
  assert.ok(delays.every((d) => d >= 0 && d < 15_000), `every removal follows its response; ${delays.join(",")}`);
}
