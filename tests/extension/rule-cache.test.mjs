import assert from "node:assert/strict";
import {test} from "node:test";
import {createRuleCache} from "../../extension/background/rule-cache.js";
import {DEFAULT_SETTINGS} from "../../extension/common/policy.js";
import {buildDnrRules, RESOURCE_TYPES} from "../../extension/background/dnr-rules.js";
import {localVerdict} from "../../extension/background/local-verdict.js";

test("defaults follow docs/design.md (\"Settings and rules\") until the host says otherwise", () => {
  const cache = createRuleCache();
  assert.equal(cache.settings.thirdParty, "block");
  assert.equal(cache.settings.categories.statistics, "deny");
  cache.load({settings: {thirdParty: "allow"}});
  assert.equal(cache.settings.thirdParty, "allow");
  assert.equal(cache.settings.lifetime, DEFAULT_SETTINGS.lifetime);
});

test("a host finds the rule of its registrable domain by walking up", () => {
  const cache = createRuleCache();
  cache.load({rules: [{site: "kk.dk", categories: {statistics: "deny"}}, {site: "borger.dk"}]});
  assert.equal(cache.ruleFor("www.kk.dk").site, "kk.dk");
  assert.equal(cache.ruleFor("kk.dk").site, "kk.dk");
  assert.equal(cache.ruleFor("notkk.dk"), null);
  assert.equal(cache.ruleFor(null), null);
  cache.deleteRule("kk.dk");
  assert.equal(cache.ruleFor("www.kk.dk"), null);
});

test("load replaces rules; a round trip through JSON keeps them", () => {
  const cache = createRuleCache();
  cache.load({rules: [{site: "a.test"}]});
  cache.load({rules: [{site: "b.test", mode: "block-all"}]});
  assert.equal(cache.ruleFor("a.test"), null);
  const copy = createRuleCache();
  copy.load(JSON.parse(JSON.stringify(cache.toJSON())));
  assert.equal(copy.ruleFor("b.test").mode, "block-all");
});

const policyCases = [
  {
    name: "global block, no rules",
    settings: {thirdParty: "block"}, rules: [],
    expect: {globalBlock: true, exempt: [], blocked: [], allowLists: []},
  },
  {
    name: "allow-all and third-party allow exempt a site from the global block",
    settings: {thirdParty: "block"},
    rules: [{site: "b.test", mode: "allow-all"}, {site: "a.test", thirdParty: "allow"}],
    expect: {globalBlock: true, exempt: ["a.test", "b.test"], blocked: [], allowLists: []},
  },
  {
    name: "global allow, a site that blocks",
    settings: {thirdParty: "allow"},
    rules: [{site: "a.test", thirdParty: "block"}, {site: "c.test", mode: "block-all"}],
    expect: {globalBlock: false, exempt: [], blocked: ["a.test", "c.test"], allowLists: []},
  },
  {
    name: "allow-lists count only where third parties are blocked",
    settings: {thirdParty: "block"},
    rules: [{site: "borger.dk", allowThirdParty: ["mitid.dk"]},
            {site: "x.test", thirdParty: "allow", allowThirdParty: ["y.test"]}],
    expect: {globalBlock: true, exempt: ["x.test"], blocked: [],
             allowLists: [{site: "borger.dk", domains: ["mitid.dk"]}]},
  },
];

for (const c of policyCases) {
  test(`third-party policy: ${c.name}`, () => {
    const cache = createRuleCache();
    cache.load({settings: c.settings, rules: c.rules});
    assert.deepEqual(cache.thirdPartyPolicy(), c.expect);
  });
}

test("DNR: a global block strips both headers on third-party subresources, not navigations", () => {
  const rules = buildDnrRules({globalBlock: true, exempt: ["a.test"], blocked: [], allowLists: []});
  assert.equal(rules.length, 1);
  const [rule] = rules;
  assert.deepEqual(rule.action.responseHeaders, [{header: "set-cookie", operation: "remove"}]);
  assert.deepEqual(rule.action.requestHeaders, [{header: "cookie", operation: "remove"}]);
  assert.equal(rule.condition.domainType, "thirdParty");
  assert.deepEqual(rule.condition.excludedInitiatorDomains, ["a.test"]);
  assert.equal(RESOURCE_TYPES.includes("main_frame"), false);
});

test("DNR in Firefox: the same rules keep only the Cookie header; Set-Cookie is the header filter's", () => {
  const policy = {globalBlock: true, exempt: ["a.test"], blocked: [], allowLists: [{site: "b.test", domains: ["c.test"]}]};
  const firefox = buildDnrRules(policy, {setCookie: false});
  const chromium = buildDnrRules(policy);
  assert.equal(firefox[0].action.responseHeaders, undefined);
  assert.deepEqual(firefox[0].action.requestHeaders, [{header: "cookie", operation: "remove"}]);
  assert.deepEqual(firefox.map((r) => r.condition), chromium.map((r) => r.condition));
});

test("DNR: no blocking at all gives no rules", () => {
  assert.deepEqual(buildDnrRules({globalBlock: false, exempt: [], blocked: [], allowLists: []}), []);
});

test("DNR: per-site block and allow-list rules, ids unique, allow outranks strip", () => {
  const rules = buildDnrRules({globalBlock: false, exempt: [], blocked: ["borger.dk"],
                               allowLists: [{site: "borger.dk", domains: ["mitid.dk"]}]});
  assert.equal(rules.length, 2);
  assert.deepEqual(rules[0].condition.initiatorDomains, ["borger.dk"]);
  assert.equal(rules[1].action.type, "allow");
  assert.deepEqual(rules[1].condition.requestDomains, ["mitid.dk"]);
  assert.ok(rules[1].priority > rules[0].priority);
  assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
});

test("without the host only block-all sites are enforced locally", () => {
  const cache = createRuleCache();
  cache.load({rules: [{site: "a.test", mode: "block-all"}, {site: "b.test", categories: {statistics: "deny"}}]});
  assert.equal(localVerdict(cache, {name: "x", domain: "a.test"}, "www.a.test").action, "remove");
  assert.equal(localVerdict(cache, {name: "_ga", domain: ".b.test"}, "b.test"), null);
  assert.equal(localVerdict(cache, {name: "x", domain: "a.test"}, null), null);
});

test("blocksThirdParty follows mode, third-party choice and the allow-list", () => {
  const cache = createRuleCache();
  cache.load({settings: {thirdParty: "block"},
              rules: [{site: "borger.dk", allowThirdParty: ["mitid.dk"]},
                      {site: "open.test", mode: "allow-all"}]});
  assert.equal(cache.blocksThirdParty("www.borger.dk", "tracker.test"), true);
  assert.equal(cache.blocksThirdParty("www.borger.dk", "login.mitid.dk"), false);
  assert.equal(cache.blocksThirdParty("open.test", "tracker.test"), false);
  cache.load({settings: {thirdParty: "allow"}, rules: [{site: "x.test", thirdParty: "block"}]});
  assert.equal(cache.blocksThirdParty("a.test", "tracker.test"), false);
  assert.equal(cache.blocksThirdParty("x.test", "tracker.test"), true);
});
