// Both browsers for a test file, each with its own test sites: a certificate for every host
// `hosts(suffix)` names and its subdomains ("c" Chromium, "f" Firefox), the sites `serve`
// starts on it, then the browser with the extension, started side by side. A browser that does
// not start is reported here, and its tests fail on the missing `b.drv`.
import {mkdirSync} from "node:fs";
import {join} from "node:path";
import {makeCertificate} from "../browser/test-site.mjs";
import {prepareChromium, launchChromium} from "./chromium.mjs";
import {prepareFirefox, launchFirefox} from "./firefox.mjs";

// `firefoxHosts`: the hosts Firefox resolves to the test sites (default: `hosts`);
// `waitForHost`: the browsers whose start also waits for the host to connect.
export async function startBrowsers(world, B, {want, hosts, serve, firefoxHosts = hosts, waitForHost = ["chromium"]}) {
  const starts = [];
  for (const [name, suffix] of [["chromium", "c"], ["firefox", "f"]]) {
    if (!want(name)) continue;
    const b = B[name] = {name, suffix};
    const dir = join(world.work, `cert-${suffix}`);
    mkdirSync(dir, {recursive: true});
    b.sites = await serve(makeCertificate(dir, hosts(suffix).flatMap((h) => [h, `*.${h}`])));
    b.setup = name === "chromium" ? prepareChromium(world) : prepareFirefox(world, firefoxHosts(suffix));
    const launched = name === "chromium" ? launchChromium(world, b.setup) : launchFirefox(world, b.setup);
    starts.push(launched.then(async (drv) => {
      b.drv = drv;
      if (waitForHost.includes(name)) await drv.hostReady();
    }));
  }
  for (const r of await Promise.allSettled(starts)) {
    if (r.status === "rejected") console.error(`a browser did not start: ${r.reason?.message}`);
  }
}
