// The shared table of precedence cases (tests/data/precedence-cases.json), run against the
// extension's common/policy.js and the rule cache's third-party blocking built on it.
// tests/unit/precedence_cases_test.cpp runs the same table against the host's decide().
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {effectiveChoices, verdictOf} from "../../extension/common/policy.js";
import {createRuleCache} from "../../extension/background/rule-cache.js";

const doc = JSON.parse(readFileSync(new URL("../data/precedence-cases.json", import.meta.url), "utf8"));

test("the table has the cases of every step of the precedence", () => {
  assert.ok(doc.cases.length >= 20, `${doc.cases.length} cases`);
});

for (const c of doc.cases) {
  test(`precedence: ${c.name}`, () => {
    const settings = {...c.settings};
    const choices = effectiveChoices(settings, c.rule ?? null);
    assert.equal(verdictOf(choices, c.cookie), c.action, JSON.stringify(choices));
    // What the DNR rules and the badge use: a third party the host removes for being one is
    // blocked; one the host lets through is not.
    if (c.cookie.thirdParty) {
      const cache = createRuleCache();
      cache.load({settings: c.settings ?? {}, rules: c.rule ? [c.rule] : []});
      const policy = cache.thirdPartyPolicy();
      const blockedByDnr = c.rule && policy.blocked.includes(c.rule.site) ||
        policy.globalBlock && !policy.exempt.includes(c.rule?.site);
      const listed = policy.allowLists.some((l) => l.site === doc.site && l.domains.includes(c.cookie.domain));
      const blocked = cache.blocksThirdParty(doc.site, c.cookie.domain);
      assert.equal(blocked, Boolean(blockedByDnr) && !listed, "blocksThirdParty and the DNR policy agree");
      if (c.action !== "remove") assert.equal(blocked, false, "a third-party cookie the host keeps is not blocked");
    }
  });
}
