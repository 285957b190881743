// Packs extension/ as it is (no build step) into dist/: a zip for Chromium-family stores and
// an .xpi for Firefox. Both hold the same files; each browser ignores the other's background key.
import {execFileSync} from "node:child_process";
import {mkdirSync, readFileSync, readdirSync, rmSync, statSync} from "node:fs";
import {join, relative, resolve} from "node:path";

const root = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..");
const source = join(root, "extension");
const dist = join(root, "dist");
const {version} = JSON.parse(readFileSync(join(source, "manifest.json"), "utf8"));

function files(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (name.startsWith(".")) return [];
    return statSync(path).isDirectory() ? files(path) : [relative(source, path)];
  });
}

mkdirSync(dist, {recursive: true});
const list = files(source);
for (const name of [`cookie-warden-chromium-${version}.zip`, `cookie-warden-firefox-${version}.xpi`]) {
  const target = join(dist, name);
  rmSync(target, {force: true});
  // -X: no extra file attributes, so the archive depends only on the files' contents and times.
  execFileSync("zip", ["-q", "-X", target, ...list], {cwd: source, stdio: "inherit"});
  console.log(relative(root, target));
}
