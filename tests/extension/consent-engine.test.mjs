// The Consent-O-Matic rule interpreter (extension/consent/engine.js) on the fixture banners
// (tests/e2e/consent-fixtures.mjs) in jsdom, with the rules the extension ships.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {JSDOM} from "jsdom";
import "../../extension/consent/engine.js";
import "../../extension/consent/detectors.js";
import * as pages from "../e2e/consent-fixtures.mjs";

const engine = globalThis.cwConsentEngine;
const rules = JSON.parse(readFileSync(new URL("../../extension/consent/rules.json", import.meta.url), "utf8"));

function load(body) {
  const dom = new JSDOM(`<!doctype html><html><head></head><body>${body}</body></html>`,
                        {runScripts: "dangerously", url: "https://fixture.test/page"});
  return dom.window;
}

const cookies = (win) => Object.fromEntries(win.document.cookie.split("; ").filter(Boolean)
  .map((c) => [c.slice(0, c.indexOf("=")), decodeURIComponent(c.slice(c.indexOf("=") + 1))]));

const allowed = (over = {}) => ({functional: true, preferences: true, statistics: false, marketing: false, ...over});

async function answer(win, name, consents) {
  return engine.createRunner(win, rules[name], consents, {deadline: Date.now() + 10_000}).answer();
}

test("categories: A needs functional and preferences, D/E/F follow marketing, X only on allow-all", () => {
  assert.deepEqual(engine.categoriesFor(allowed()), {A: true, B: false, D: false, E: false, F: false, X: false});
  assert.deepEqual(engine.categoriesFor(allowed({preferences: false, marketing: true}), false),
                   {A: false, B: false, D: true, E: true, F: true, X: false});
  assert.equal(engine.categoriesFor(allowed(), true).X, true);
});

for (const [name, page, platform] of [["Cookiebot", pages.cookiebot, "cookiebot"],
                                      ["Cookie Information", pages.cookieInformation, "cookieinformation"],
                                      ["OneTrust", pages.oneTrust, "onetrust"]]) {
  test(`${name}: detected first by the shipped detectors`, () => {
    const found = engine.detect(load(page()), globalThis.cwConsentDetectors);
    assert.equal(found[0], platform, `found ${found.join(", ")}`);
  });

  test(`${name}: statistics and marketing refused, functional allowed, banner gone`, async () => {
    const win = load(page());
    const {steps} = await answer(win, platform, engine.categoriesFor(allowed()));
    assert.ok(steps > 3);
    assert.equal(win.cwReceived.statistics, false);
    assert.equal(win.cwReceived.marketing, false);
    if ("functional" in win.cwReceived) assert.equal(win.cwReceived.functional, true);
    if ("preferences" in win.cwReceived) assert.equal(win.cwReceived.preferences, true);
    assert.deepEqual(engine.detect(win, {[platform]: rules[platform]}), []);
  });

  test(`${name}: everything allowed is accepted`, async () => {
    const win = load(page());
    await answer(win, platform, engine.categoriesFor(allowed({statistics: true, marketing: true})));
    assert.equal(win.cwReceived.statistics, true);
    assert.equal(win.cwReceived.marketing, true);
  });
}

test("Cookiebot: the consent cookie says what was answered", async () => {
  const win = load(pages.cookiebot());
  await answer(win, "cookiebot", engine.categoriesFor(allowed({preferences: false})));
  assert.match(cookies(win).CookieConsent, /preferences:false,statistics:false,marketing:false/);
});

test("a page without a banner: nothing detected, nothing present", () => {
  const win = load(pages.noBanner());
  assert.deepEqual(engine.detect(win, globalThis.cwConsentDetectors), []);
  assert.equal(engine.present(win, globalThis.cwConsentDetectors), false);
});

test("a banner present but hidden is not answered", () => {
  const win = load(pages.cookiebot());
  win.document.getElementById("CybotCookiebotDialog").style.display = "none";
  assert.ok(!engine.detect(win, globalThis.cwConsentDetectors).includes("cookiebot"));
  assert.equal(engine.present(win, {cookiebot: rules.cookiebot}), true);
});

test("selection: parent, textFilter, childFilter, childFilterNegate, displayFilter, bad selectors", () => {
  const win = load(`<div class="item"><h4>Alpha</h4><input class="box"></div>
    <div class="item"><h4>Beta</h4><input class="box" id="b"></div>
    <div class="item" style="display:none"><h4>Gamma</h4></div>`);
  const ids = (nodes) => nodes.map((n) => n.querySelector("h4")?.textContent ?? n.id);
  assert.deepEqual(ids(engine.find(win, {target: {selector: ".item", textFilter: ["Beta", "Gamma"]}})), ["Beta", "Gamma"]);
  assert.deepEqual(ids(engine.find(win, {target: {selector: ".item", displayFilter: true}})), ["Alpha", "Beta"]);
  assert.deepEqual(ids(engine.find(win, {target: {selector: ".item", displayFilter: false}})), ["Gamma"]);
  assert.deepEqual(ids(engine.find(win, {target: {selector: ".item", childFilter: {target: {selector: "input"}}}})),
                   ["Alpha", "Beta"]);
  assert.deepEqual(ids(engine.find(win, {target: {selector: ".item", childFilterNegate: true,
                                                  childFilter: {target: {selector: "input"}}}})), ["Gamma"]);
  assert.deepEqual(ids(engine.find(win, {parent: {selector: ".item", textFilter: "Beta"}, target: {selector: "input"}})), ["b"]);
  assert.deepEqual(engine.find(win, {parent: {selector: ".nothing"}, target: {selector: "input"}}), []);
  assert.deepEqual(engine.find(win, {target: {selector: "div[[bad"}}), []);
});

test("actions: consent with toggles and true/false actions, ifcss, foreach, ifallownone, waitcss", async () => {
  const win = load(`<input type="checkbox" id="a" checked><input type="checkbox" id="b">
    <button id="yes" onclick="window.said='yes'">y</button><button id="no" onclick="window.said='no'">n</button>
    <ul><li class="v"><input type="checkbox" checked></li><li class="v"><input type="checkbox" checked></li></ul>`);
  const toggle = (id, type) => ({type, matcher: {type: "checkbox", target: {selector: `#${id}`}},
                                 toggleAction: {type: "click", target: {selector: `#${id}`}}});
  const rule = {methods: [{name: "DO_CONSENT", action: {type: "list", actions: [
    {type: "consent", consents: [toggle("a", "B"), toggle("b", "A"),
                                 {type: "F", trueAction: {type: "click", target: {selector: "#yes"}},
                                  falseAction: {type: "click", target: {selector: "#no"}}}]},
    {type: "foreach", target: {selector: "li.v"}, action: {type: "consent", consents: [
      {type: "X", matcher: {type: "checkbox", target: {selector: "input"}},
       toggleAction: {type: "click", target: {selector: "input"}}}]}},
    {type: "ifallownone", trueAction: {type: "click", target: {selector: "#yes"}}},
    {type: "ifcss", target: {selector: "#missing"}, falseAction: {type: "hide", target: {selector: "ul"}}},
    {type: "waitcss", target: {selector: "#missing"}, retries: 2, waitTime: 5},
  ]}}]};
  await engine.createRunner(win, rule, {A: true, B: false, D: false, E: false, F: false, X: false}).answer();
  const doc = win.document;
  assert.equal(doc.getElementById("a").checked, false);
  assert.equal(doc.getElementById("b").checked, true);
  assert.equal(win.said, "no");
  assert.deepEqual([...doc.querySelectorAll("li input")].map((i) => i.checked), [false, false]);
  assert.ok(doc.querySelector("ul").classList.contains(engine.HIDDEN_CLASS));
});

test("a rule that runs past its deadline stops with an error", async () => {
  const win = load("<p>slow</p>");
  const rule = {methods: [{name: "DO_CONSENT", action: {type: "list", actions: [
    {type: "wait", waitTime: 50}, {type: "wait", waitTime: 50}]}}]};
  await assert.rejects(engine.createRunner(win, rule, {}, {deadline: Date.now() + 20}).answer(), /too long/);
});

test("every shipped rule has detectors and uses only methods the interpreter knows", () => {
  const known = new Set(["HIDE_CMP", "OPEN_OPTIONS", "DO_CONSENT", "SAVE_CONSENT", "UTILITY"]);
  const names = Object.keys(rules);
  assert.ok(names.length > 150, `${names.length} rules`);
  for (const name of ["cookiebot", "cookieinformation", "onetrust"]) assert.ok(names.includes(name));
  for (const [name, rule] of Object.entries(rules)) {
    assert.ok(Array.isArray(rule.detectors), name);
    for (const m of rule.methods ?? []) assert.ok(known.has(m.name) || m.custom, `${name}: ${m.name}`);
  }
  assert.deepEqual(Object.keys(globalThis.cwConsentDetectors), names);
});

test("beforeSave runs after the choices are set and before the banner is saved", async () => {
  const win = load(`<input type="checkbox" id="s" checked><button id="save" onclick="window.saved = true">save</button>`);
  const rule = {methods: [
    {name: "SAVE_CONSENT", action: {type: "click", target: {selector: "#save"}}},
    {name: "DO_CONSENT", action: {type: "consent", consents: [{type: "B", matcher: {type: "checkbox", target: {selector: "#s"}},
                                                               toggleAction: {type: "click", target: {selector: "#s"}}}]}},
  ]};
  let seen = null;
  await engine.createRunner(win, rule, {B: false}, {
    beforeSave: async () => { seen = {saved: Boolean(win.saved), checked: win.document.getElementById("s").checked}; },
  }).answer();
  assert.deepEqual(seen, {saved: false, checked: false});
  assert.equal(win.saved, true);
});
