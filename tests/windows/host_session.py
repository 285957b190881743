#!/usr/bin/env python3
"""Drives the Windows host and command-line tool under Wine, as a browser and a person would.

Usage: host_session.py BUILD_DIR WORK_DIR
Runs cookie-warden-host.exe through pipes with real native-messaging frames (Firefox-style
and Chrome-style arguments), then cookie-warden.exe on the same database. Each check prints a
line; any failure exits 1. Every wait has a deadline; nothing sleeps a fixed time.
"""
import json
import os
import queue
import struct
import subprocess
import sys
import threading

SECRET = "s3cret-cookie-value-windows"
FAILURES = []


def check(what, ok, detail=""):
    print(("ok    " if ok else "FAIL  ") + what + ("" if ok else ": " + str(detail)[:600]))
    if not ok:
        FAILURES.append(what)


def winpath(path):
    return "Z:" + os.path.abspath(path).replace("/", "\\")


class Host:
    def __init__(self, exe, args, env):
        self.proc = subprocess.Popen(["wine", exe] + args, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self.frames = queue.Queue()
        self.stderr = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.stderr.extend(self.proc.stderr), daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            head = out.read(4)
            if len(head) < 4:
                self.frames.put(None if not head else ("cut", head))
                return
            (n,) = struct.unpack("<I", head)
            body = out.read(n)
            self.frames.put(("frame", body))

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message):
        body = json.dumps(message).encode()
        self.send_raw(struct.pack("<I", len(body)) + body)

    def next_frame(self, timeout=60):
        item = self.frames.get(timeout=timeout)
        if item is None or item[0] != "frame":
            return item
        return json.loads(item[1])

    def request(self, message, timeout=60):
        self.send(message)
        while True:
            reply = self.next_frame(timeout)
            if not isinstance(reply, dict) or reply.get("id") == message.get("id"):
                return reply

    def close_and_wait(self, timeout=60):
        self.proc.stdin.close()
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return "timeout"


def event(site, name, domain):
    return {"cookie": {"name": name, "value": SECRET, "domain": domain, "path": "/",
                       "session": False, "expirationDate": 2.0e9, "secure": True,
                       "httpOnly": False, "sameSite": "lax", "storeId": "0"},
            "removed": False, "cause": "explicit", "site": site, "tabId": 7}


def cli(build, env, *args):
    r = subprocess.run(["wine", os.path.join(build, "cookie-warden.exe")] + list(args),
                       env=env, capture_output=True, timeout=120)
    return r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")


def main():
    build, work = sys.argv[1], sys.argv[2]
    home = os.path.join(work, "home")
    env = dict(os.environ, COOKIE_WARDEN_HOME=winpath(home))
    exe = os.path.join(build, "cookie-warden-host.exe")
    manifest = "C:\\Program Files\\Cookie Warden\\dk.cookiewarden.host.firefox.json"

    # Firefox: the manifest path and the add-on id.
    host = Host(exe, [manifest, "cookie-warden@cookiewarden.dk"], env)
    hello = host.request({"id": 1, "type": "hello", "browser": "firefox"})
    check("hello (Firefox arguments)", isinstance(hello, dict) and hello.get("ok") and
          hello.get("protocol") == 1 and hello.get("manifests", 0) > 0, hello)
    c = host.request({"id": 2, "type": "classify", "site": "www.kk.dk",
                      "cookies": [{"name": "_ga", "domain": ".kk.dk"}]})
    check("classify", c.get("ok") and c["results"][0]["category"] == "statistics", c)
    r = host.request({"id": 3, "type": "rules.set", "site": "www.borger.dk",
                      "rule": {"allowThirdParty": ["mitid.dk"]}})
    check("rules.set", r.get("ok") and r["rule"]["site"] == "borger.dk", r)
    v = host.request({"id": 4, "type": "cookie.changed",
                      "event": event("www.borger.dk", "session", "login.mitid.dk")})
    check("cookie.changed follows the stored rule", v.get("ok") and
          v["verdict"]["action"] == "allow" and
          v["verdict"]["rule"] == "site:borger.dk/allow-third-party:mitid.dk", v)
    v = host.request({"id": 5, "type": "cookie.changed",
                      "event": event("www.kk.dk", "_tracker", "ads.example.com")})
    check("cookie.changed, third party removed", v.get("ok") and
          v["verdict"]["action"] == "remove", v)
    log = host.request({"id": 6, "type": "log.query", "site": "borger.dk"})
    check("log.query", log.get("ok") and [e["name"] for e in log["events"]] == ["session"], log)
    # A frame that is not JSON is answered, and the host carries on.
    host.send_raw(struct.pack("<I", 9) + b"not json!")
    bad = host.next_frame()
    check("bad frame answered", isinstance(bad, dict) and bad.get("ok") is False and
          bad["error"]["code"] == "bad_json", bad)
    again = host.request({"id": 7, "type": "hello"})
    check("host serves after a bad frame", isinstance(again, dict) and again.get("ok"), again)
    # A request, then stdin closes at once: the reply still comes, then a clean exit.
    host.send({"id": 8, "type": "rules.list"})
    status = host.close_and_wait()
    last = host.next_frame(5)
    check("reply flushed after stdin closed", isinstance(last, dict) and last.get("id") == 8,
          last)
    check("exit 0 when stdin closes", status == 0, status)
    check("no cookie value in stderr", SECRET not in b"".join(host.stderr).decode(errors="replace"))

    # Chrome and Edge: the origin and --parent-window.
    host = Host(exe, ["chrome-extension://jjnjmppplncaaifkjlbbjnehaemmebmg/",
                      "--parent-window=0"], env)
    hello = host.request({"id": 1, "type": "hello", "browser": "chrome"})
    check("hello (Chrome arguments)", isinstance(hello, dict) and hello.get("ok"), hello)
    # A frame cut in the middle, then stdin closes: the host ends cleanly.
    host.send_raw(struct.pack("<I", 100) + b'{"id": 2, "ty')
    check("exit 0 when stdin closes inside a frame", host.close_and_wait() == 0)

    # Someone else's extension is turned away.
    host = Host(exe, ["chrome-extension://abcdefghijklmnopabcdefghijklmnop/"], env)
    refused = host.next_frame()
    check("other extension refused", isinstance(refused, dict) and
          refused["error"]["code"] == "forbidden", refused)
    host.close_and_wait()

    # The command-line tool on the same database.
    code, out, err = cli(build, env, "rules", "set", "kk.dk", "--deny", "functional")
    check("cookie-warden rules set", code == 0, err)
    code, out, err = cli(build, env, "rules", "list", "--json")
    sites = sorted(r["site"] for r in json.loads(out)["rules"]) if code == 0 else []
    check("cookie-warden rules list --json", sites == ["borger.dk", "kk.dk"], (code, out, err))
    code, out, err = cli(build, env, "log", "--json", "--site", "borger.dk")
    names = [e["name"] for e in json.loads(out)["events"]] if code == 0 else []
    check("cookie-warden log --json", names == ["session"], (code, out, err))
    check("no cookie value in the log output", SECRET not in out)
    code, out, err = cli(build, env, "rules", "set", "kk.dk", "--deny", "eat")
    check("bad usage: exit 2 and a message", code == 2 and "eat" in err, (code, err))

    for root, _, files in os.walk(home):
        for f in files:
            with open(os.path.join(root, f), "rb") as fh:
                if SECRET.encode() in fh.read():
                    check("no cookie value in " + f, False)
    print(f"{len(FAILURES)} failed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
