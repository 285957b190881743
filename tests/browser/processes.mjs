// What the browser tests, the leak measure and the end-to-end scenarios share about the files
// and processes around a browser: the packed Firefox add-on, and the hosts a browser started.
import {existsSync, readdirSync, readlinkSync} from "node:fs";
import {join} from "node:path";

// The one packed .xpi in the repository's dist/ (made by `npm run pack`).
export function packedXpi(repo) {
  const dist = join(repo, "dist");
  const found = existsSync(dist) ? readdirSync(dist).filter((f) => f.endsWith(".xpi")) : [];
  if (found.length !== 1) throw new Error(`need one packed .xpi in dist/ (run npm run pack), found: ${found.join(", ")}`);
  return join(dist, found[0]);
}

// Processes running the given executable.
export function pidsOf(exe) {
  return readdirSync("/proc").filter((p) => /^\d+$/.test(p)).filter((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/exe`) === exe;
    } catch (_gone) {
      return false;
    }
  }).map(Number);
}
