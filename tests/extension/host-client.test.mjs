import assert from "node:assert/strict";
import {test} from "node:test";
import {createBackoff} from "../../extension/background/backoff.js";
import {createHostClient} from "../../extension/background/host-client.js";
import {hostOutage} from "../../extension/common/host-outage.js";
import {fakePort, manualTimers, settle} from "./fakes.mjs";

const helloReply = (id, protocol = 1) => ({id, ok: true, host: "cookie-warden-host", version: "0.1.0",
                                          protocol, manifests: 2, catalogue: 40});

function setup({respond, protocol = 1} = {}) {
  const timers = manualTimers();
  const ports = [];
  const states = [];
  const pushes = [];
  const answer = respond ?? ((m) => (m.type === "hello" ? helloReply(m.id, protocol) : {id: m.id, ok: true, echo: m.type}));
  const client = createHostClient({
    connect: () => { const p = fakePort(answer); ports.push(p); return p; },
    hello: {browser: "test", extensionVersion: "0.1.0"},
    onPush: (p) => pushes.push(p),
    onState: (s) => states.push(s.state),
    backoff: createBackoff({initialMs: 100, maxMs: 1000, jitter: 0}),
    setTimer: timers.setTimer, clearTimer: timers.clearTimer,
    requestTimeoutMs: 5000,
  });
  return {client, timers, ports, states, pushes};
}

test("says hello with browser and version, then is ready", async () => {
  const {client, ports, states} = setup();
  client.start();
  await settle();
  assert.deepEqual(ports[0].sent[0], {browser: "test", extensionVersion: "0.1.0", id: 1, type: "hello"});
  assert.deepEqual(states, ["connecting", "ready"]);
  assert.equal(client.status.host.version, "0.1.0");
  const reply = await client.request("stats", {site: "kk.dk"});
  assert.equal(reply.echo, "stats");
  assert.deepEqual(ports[0].sent[1], {site: "kk.dk", id: 2, type: "stats"});
});

test("a missing host is retried with growing delays until it appears", async () => {
  let present = false;
  const {client, ports, states, timers} = setup({respond: (m) => (present ? helloReply(m.id) : undefined)});
  client.start();
  ports[0].die("Specified native messaging host not found.");
  assert.equal(client.status.state, "missing");
  assert.equal(client.status.error, "Specified native messaging host not found.");
  await assert.rejects(client.request("stats", {}), (e) => e.code === "unavailable");
  assert.deepEqual(timers.pending, [100]);
  timers.advance(100);
  ports[1].die("Specified native messaging host not found.");
  assert.deepEqual(timers.pending, [200]);
  present = true;
  timers.advance(200);
  await settle();
  assert.equal(client.status.state, "ready");
  assert.equal(ports.length, 3);
  assert.ok(states.includes("missing"));
});

test("a host that dies fails its pending requests and is reconnected", async () => {
  const {client, ports, timers} = setup({respond: (m) => (m.type === "hello" ? helloReply(m.id) : undefined)});
  client.start();
  await settle();
  const pending = client.request("log.query", {});
  ports[0].die();
  await assert.rejects(pending, (e) => e.code === "unavailable");
  assert.equal(client.status.state, "failed");
  timers.advance(100);
  await settle();
  assert.equal(client.status.state, "ready");
});

test("errors from the host reject with their code", async () => {
  const {client} = setup({respond: (m) => (m.type === "hello" ? helloReply(m.id)
    : {id: m.id, ok: false, error: {code: "not_found", message: "no rule"}})});
  client.start();
  await settle();
  await assert.rejects(client.request("rules.get", {site: "x"}), (e) => e.code === "not_found" && e.message === "no rule");
});

test("a request the host never answers times out", async () => {
  const {client, timers} = setup({respond: (m) => (m.type === "hello" ? helloReply(m.id) : undefined)});
  client.start();
  await settle();
  const pending = client.request("stats", {});
  timers.advance(5000);
  await assert.rejects(pending, (e) => e.code === "timeout");
});

test("pushes (no id) go to the push handler", async () => {
  const {client, ports, pushes} = setup();
  client.start();
  await settle();
  ports[0].onMessage.fire({type: "site.clear", site: "kk.dk"});
  ports[0].onMessage.fire({type: "rules.changed"});
  assert.deepEqual(pushes, [{type: "site.clear", site: "kk.dk"}, {type: "rules.changed"}]);
});

test("another protocol version stops the client without retry loops", async () => {
  const {client, ports, timers} = setup({protocol: 2});
  client.start();
  await settle();
  assert.equal(client.status.state, "incompatible");
  assert.match(client.status.error, /protocol 2/);
  assert.equal(ports[0].disconnected, true);
  assert.deepEqual(timers.pending, []);
});

test("the outage shown to the user lasts through the back-off's reconnect attempts", async () => {
  let present = true;
  const seen = [];
  const {client, ports, timers} = setup({respond: (m) => (present ? helloReply(m.id) : undefined)});
  const record = () => seen.push(`${client.status.state}:${hostOutage(client.status)}`);
  client.start();
  record();
  await settle();
  record();
  present = false;
  ports[0].die("Native host has exited.");
  record();
  timers.advance(100); // the first retry: connecting, the host still missing
  record();
  ports[1].die("Specified native messaging host not found.");
  record();
  present = true;
  timers.advance(200);
  record();
  await settle();
  record();
  assert.deepEqual(seen, ["connecting:false", "ready:false", "failed:true", "connecting:true",
                          "failed:true", "connecting:true", "ready:false"]);
});
