// Page-load benchmark of issue 10 (docs/leaks.md): a page whose response sets 200 cookies, with
// the extension and without (the control), in headless Chromium and Firefox ESR. A driver that
// prints figures, not a test: timings on a shared machine are for reading, not for asserting.
//
// Each browser session visits /many N times in a row (each visit sets the same 200 cookies
// again, so the extension sees 200 changes per visit); the load time of a visit is measured by
// the loopback server, from the page's request to the request its `load` handler sends. The
// host runs on the real disk (no slow writes). Four setups, taken in turn so that a change in
// the machine's load hits all alike:
//   control    no extension;
//   floor      an extension with one empty cookies.onChanged listener: what watching cookies
//              costs a page in this browser, whatever the extension then does;
//   floor+dnr  the same with the declarativeNetRequest permission, which issue 10 asks for
//              (third-party cookies dropped from headers) and Cookie Warden has: in Chromium
//              it alone sends every request through the browser process (webRequest does too);
//   extension  Cookie Warden, statistics denied on the site.
// Needs what leaks.test.mjs needs. Run:
//   node tests/bench/page-load.mjs            (CW_BENCH_VISITS=N visits, CW_BENCH_SESSIONS=S
//                                              sessions per browser and setup; default 20 and 3;
//                                              CW_BENCH_BROWSERS=chromium,firefox)
// To compare changes to the extension in Chromium, CW_BENCH_VARIANTS=name=DIR,name=DIR adds
// setups that load those unpacked copies instead.
import {chromiumRun, cleanup, firefoxRun} from "../browser/leak-runs.mjs";

const VISITS = Number(process.env.CW_BENCH_VISITS ?? 20);
const SESSIONS = Number(process.env.CW_BENCH_SESSIONS ?? 3);
const VARIANTS = new Map((process.env.CW_BENCH_VARIANTS ?? "").split(",").filter(Boolean)
  .map((pair) => pair.split("=")));
const BROWSERS = (process.env.CW_BENCH_BROWSERS ?? "chromium,firefox").split(",");

// Milliseconds per visit, from /many?k=K to /loaded?k=K.
function loadTimes(requests) {
  const started = new Map();
  const times = [];
  for (const r of requests) {
    const query = new URL(r.path, "http://leak.test").searchParams;
    if (r.path.startsWith("/many")) started.set(query.get("k"), r.at);
    else if (r.path.startsWith("/loaded") && started.has(query.get("k"))) {
      times.push(r.at - started.get(query.get("k")));
    }
  }
  return times;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x) => Math.round(x * 10) / 10;

try {
  for (const browser of BROWSERS) {
    const run = browser === "firefox" ? firefoxRun : chromiumRun;
    const SETUPS = ["control", "floor", "floor+dnr", "extension",
                    ...(browser === "firefox" ? [] : VARIANTS.keys())];
    const FLOORS = {"floor": [], "floor+dnr": ["declarativeNetRequest"]};
    const all = Object.fromEntries(SETUPS.map((setup) => [setup, []]));
    const firsts = Object.fromEntries(SETUPS.map((setup) => [setup, []]));
    const cpus = Object.fromEntries(SETUPS.map((setup) => [setup, {}]));
    for (let s = 0; s < SESSIONS; s += 1) {
      for (const setup of SETUPS) {
        const options = {next: `/many?k=0&n=${VISITS}`, slowWriteMs: 0, floor: FLOORS[setup] ?? null};
        if (VARIANTS.has(setup)) options.extension = VARIANTS.get(setup);
        const {requests, cpu} = await run(`bench-${browser}-${setup}-${s}`,
                                          setup === "extension" || VARIANTS.has(setup), options);
        const times = loadTimes(requests);
        for (const [kind, ms] of Object.entries(cpu)) cpus[setup][kind] = (cpus[setup][kind] ?? 0) + ms;
        firsts[setup].push(times[0]);
        all[setup].push(...times);
      }
    }
    const figures = {browser, visits: VISITS, sessions: SESSIONS};
    for (const setup of SETUPS) {
      // CPU per visit, by process: what the setup costs the machine besides the wait.
      const cpuPerVisit = Object.fromEntries(Object.entries(cpus[setup]).filter(([, ms]) => ms > 0)
        .map(([kind, ms]) => [kind, round(ms / all[setup].length)]));
      figures[setup] = {medianMs: round(median(all[setup])), firstVisitMedianMs: round(median(firsts[setup])),
                        n: all[setup].length, cpuMsPerVisit: cpuPerVisit};
    }
    const percent = (a, b) => round((figures[a].medianMs / figures[b].medianMs - 1) * 100);
    figures.medianDifferencePercent = percent("extension", "control");
    figures.floorDifferencePercent = percent("floor", "control");
    figures.extensionOverFloorPercent = percent("extension", "floor");
    figures.extensionOverFloorDnrPercent = percent("extension", "floor+dnr");
    for (const variant of SETUPS.filter((setup) => VARIANTS.has(setup))) {
      figures[`${variant}OverFloorPercent`] = percent(variant, "floor");
    }
    console.log(`PAGELOAD ${JSON.stringify(figures)}`);
    console.log(`${browser}: median page load over ${SESSIONS} x ${VISITS} visits (target: within 5 % of control)`);
    for (const setup of SETUPS) {
      const f = figures[setup];
      const cpu = Object.entries(f.cpuMsPerVisit).sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([kind, ms]) => `${kind} ${ms}`).join(", ");
      const change = setup === "control" ? "" : ` (${percent(setup, "control") >= 0 ? "+" : ""}${percent(setup, "control")} %)`;
      console.log(`  ${setup.padEnd(10)} ${String(f.medianMs).padStart(6)} ms${change.padEnd(11)}` +
                  `  first visit ${f.firstVisitMedianMs} ms; CPU ms per visit: ${cpu}`);
    }
  }
} finally {
  cleanup();
}
