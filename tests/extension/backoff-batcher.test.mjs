import assert from "node:assert/strict";
import {test} from "node:test";
import {createBackoff} from "../../extension/background/backoff.js";
import {createBatcher} from "../../extension/background/batcher.js";
import {manualTimers, settle} from "./fakes.mjs";

test("back-off doubles up to its cap and starts over after reset", () => {
  const backoff = createBackoff({initialMs: 500, maxMs: 4000, jitter: 0});
  assert.deepEqual([1, 2, 3, 4, 5].map(() => backoff.next()), [500, 1000, 2000, 4000, 4000]);
  backoff.reset();
  assert.equal(backoff.next(), 500);
});

test("back-off jitter stays within its share and under the cap", () => {
  for (const r of [0, 0.5, 0.999]) {
    const backoff = createBackoff({initialMs: 1000, maxMs: 1500, jitter: 0.2, random: () => r});
    const first = backoff.next();
    assert.ok(first >= 800 && first <= 1200, `first ${first}`);
    const second = backoff.next();
    assert.ok(second >= 1200 && second <= 1500, `second ${second}`);
  }
});

test("items arriving together go out as one batch, each caller gets its own result", async () => {
  const timers = manualTimers();
  const sent = [];
  const batcher = createBatcher({send: async (items) => { sent.push(items); return items.map((x) => x * 10); },
                                 delayMs: 25, ...timers});
  const results = Promise.all([batcher.add(1), batcher.add(2), batcher.add(3)]);
  assert.equal(sent.length, 0);
  timers.advance(25);
  assert.deepEqual(await results, [10, 20, 30]);
  assert.deepEqual(sent, [[1, 2, 3]]);
});

test("a full batch goes out at once without waiting for the timer", async () => {
  const timers = manualTimers();
  const sent = [];
  const batcher = createBatcher({send: async (items) => { sent.push(items.length); return items; },
                                 maxSize: 2, ...timers});
  const all = [1, 2, 3].map((x) => batcher.add(x));
  await settle();
  assert.deepEqual(sent, [2]);
  timers.advance(100);
  assert.deepEqual(await Promise.all(all), [1, 2, 3]);
  assert.deepEqual(sent, [2, 1]);
});

test("a failed send or a short answer rejects every item of that batch only", async () => {
  const timers = manualTimers();
  let fail = true;
  const batcher = createBatcher({send: async (items) => {
    if (fail) throw new Error("host gone");
    return items.slice(1);
  }, ...timers});
  const first = [batcher.add("a"), batcher.add("b")];
  timers.advance(25);
  for (const p of first) await assert.rejects(p, /host gone/);
  fail = false;
  const second = batcher.add("c");
  timers.advance(25);
  await assert.rejects(second, /expected 1 results/);
});
