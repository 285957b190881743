// What the browser tests, the leak measure and the end-to-end scenarios share about the files
// and processes around a browser: the packed Firefox add-on, and the hosts a browser started.
import {existsSync, readdirSync, readFileSync, readlinkSync} from "node:fs";
import {basename, join} from "node:path";

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

// What a process is, from its command line: Chromium's --type (and the extension's renderer),
// Firefox's child-process kind (the last word of a -contentproc command line), else "main".
function processKind(args) {
  const type = args.find((a) => a.startsWith("--type="))?.slice("--type=".length);
  if (type === "renderer") return args.includes("--extension-process") ? "extension" : "page";
  if (type === "utility") {
    const sub = args.find((a) => a.startsWith("--utility-sub-type="));
    return sub?.includes("network") ? "network" : "utility";
  }
  if (type) return type;
  if (args.includes("-contentproc")) return args[args.length - 1];
  return "main";
}

// CPU time (user + system, ms) used so far by a browser's live processes: those whose command
// line names `marker` (its profile folder) and all their descendants, the hosts it started
// included (an executable named `hostName`, wherever installed). Per process kind:
// {"page": 120, "extension": 30, "host": 8, ...}.
export function cpuTimes(marker, hostName) {
  const tick = 10; // ms: USER_HZ is 100 on Linux
  const procs = new Map(); // pid -> {ppid, ms, args, exe}
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // Chromium rewrites its command line as one string: split on spaces too.
      const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split(/[\0 ]/).filter(Boolean);
      let exe = "";
      try {
        exe = readlinkSync(`/proc/${pid}/exe`);
      } catch (_hidden) {
        // another user's process
      }
      procs.set(Number(pid), {ppid: Number(fields[1]), ms: (Number(fields[11]) + Number(fields[12])) * tick, args, exe});
    } catch (_gone) {
      // exited meanwhile
    }
  }
  const ours = (pid, depth = 0) => {
    const p = procs.get(pid);
    if (!p || depth > 20) return false;
    return p.args.some((a) => a.includes(marker)) || ours(p.ppid, depth + 1);
  };
  const out = {};
  for (const [pid, p] of procs) {
    if (!ours(pid)) continue;
    const kind = basename(p.exe) === hostName ? "host" : processKind(p.args);
    out[kind] = (out[kind] ?? 0) + p.ms;
  }
  return out;
}

// CPU used between two cpuTimes() snapshots, per process kind (processes that exited in
// between are lost: read both while the browser runs).
export function cpuSpent(before, after) {
  const out = {};
  for (const [key, ms] of Object.entries(after)) out[key] = ms - (before[key] ?? 0);
  return out;
}
