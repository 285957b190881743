import assert from "node:assert/strict";
import {test} from "node:test";
import {compilePolicy, createPolicyCache, policyRemoves, ruleFor} from "../../extension/background/site-policy.js";

// Shaped like a site.policy reply (schema/protocol.schema.json sitePolicyReply).
const reply = {
  host: "www.site-a.test", site: "site-a.test", mode: "default", denied: ["statistics"], truncated: false,
  rules: [
    {name: "nmstat", match: "exact", remove: true},
    {name: "_gat_pro", match: "exact", remove: false},
    {name: "keep_", match: "prefix", remove: false},
    {name: "_ga", match: "exact", remove: true},
    {name: "keep_me", match: "exact", remove: true},
    {name: "_gat", match: "prefix", remove: true},
  ],
};

const cases = [
  {label: "an exact removed name", name: "_ga", expect: true},
  {label: "a removed prefix", name: "_gat_UA1", expect: true},
  {label: "an exact name left to the host beats a later prefix", name: "_gat_pro", expect: false},
  {label: "an earlier prefix beats a later exact name", name: "keep_me", expect: false},
  {label: "no rule matches", name: "cart", expect: undefined},
];
for (const {label, name, expect} of cases) {
  test(`ruleFor: ${label}`, () => assert.equal(ruleFor(compilePolicy(reply), name), expect));
}

test("policyRemoves covers the site's own cookies only, except in block-all mode", () => {
  const policy = compilePolicy(reply);
  assert.equal(policyRemoves(policy, "_ga", ".site-a.test"), true);
  assert.equal(policyRemoves(policy, "_ga", "www.site-a.test"), true);
  assert.equal(policyRemoves(policy, "_ga", ".tracker.test"), false);
  assert.equal(policyRemoves(policy, "_ga", ".notsite-a.test"), false);
  assert.equal(policyRemoves(undefined, "_ga", ".site-a.test"), false);
  const blockAll = compilePolicy({...reply, mode: "block-all", rules: []});
  assert.equal(policyRemoves(blockAll, "anything", ".tracker.test"), true);
});

test("the cache asks once per site, answers at once, and forgets on clear", async () => {
  const asked = [];
  let answer;
  const cache = createPolicyCache({ask: (site) => {
    asked.push(site);
    return new Promise((resolve) => { answer = resolve; });
  }});
  const first = cache.prefetch("www.site-a.test");
  cache.prefetch("www.site-a.test");
  assert.deepEqual(asked, ["www.site-a.test"]);
  assert.equal(cache.verdict("www.site-a.test", {name: "_ga", domain: ".site-a.test"}), undefined);
  answer(reply);
  await first;
  assert.equal(cache.verdict("www.site-a.test", {name: "_ga", domain: ".site-a.test"}), "remove");
  assert.equal(cache.verdict("www.site-a.test", {name: "cart", domain: ".site-a.test"}), undefined);
  assert.equal(cache.deniesName("www.site-a.test", "img.site-a.test", "_ga"), true);
  assert.equal(cache.deniesName("www.site-a.test", "tracker.test", "_ga"), false);

  // An answer that arrives after the rules changed is from before the change: dropped.
  const late = cache.prefetch("other.test");
  cache.clear();
  answer({...reply, host: "other.test", site: "other.test"});
  await late;
  assert.equal(cache.size, 0);
  assert.equal(cache.verdict("www.site-a.test", {name: "_ga", domain: ".site-a.test"}), undefined);
});

test("a failed request leaves the site unknown and may be asked again", async () => {
  let calls = 0;
  const cache = createPolicyCache({ask: async () => {
    calls += 1;
    if (calls === 1) throw new Error("host gone");
    return reply;
  }});
  const warn = console.warn;
  console.warn = () => {};
  try {
    await cache.prefetch("www.site-a.test");
  } finally {
    console.warn = warn;
  }
  assert.equal(cache.size, 0);
  await cache.prefetch("www.site-a.test");
  assert.equal(calls, 2);
  assert.equal(cache.verdict("www.site-a.test", {name: "_ga", domain: ".site-a.test"}), "remove");
});
