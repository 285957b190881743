// The Cookie Information part of the page-world declaration reader (declaration-reader.js): the
// cookie list its banner writes into the page, read from markup in the banner's shape, and from
// malformed and hostile documents. The document is served through a small adapter over cheerio
// (querySelectorAll, querySelector, textContent: what the reader uses).
import {test} from "node:test";
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import * as cheerio from "cheerio";
import {readDeclaration} from "../../extension/background/declaration-reader.js";
import {checkDeclaration} from "../../extension/background/declaration-check.js";

const schema = JSON.parse(readFileSync(new URL("../../schema/declaration.schema.json", import.meta.url), "utf8"));
const {default: Ajv} = await import("ajv");
const validate = new Ajv({strict: false, allErrors: true}).compile(schema);

function documentOf(html) {
  const $ = cheerio.load(html);
  const wrap = (node) => ({
    get textContent() { return $(node).text(); },
    querySelector(selector) {
      const found = $(node).find(selector).first();
      return found.length > 0 ? wrap(found[0]) : null;
    },
  });
  return {querySelectorAll: (selector) => $(selector).toArray().map(wrap)};
}
const banner = readFileSync(new URL("fixtures/cookieinformation-banner.html", import.meta.url), "utf8");

function details({name, provider, purpose}) {
  const row = (kind, text) => (text === undefined ? "" :
    `<div class="cookie-details__detail-container cookie-details__detail-container-${kind}"><span class="cookie-details__detail-content">${text}</span></div>`);
  return `<div class="coi-consent-banner__cookie-details">${row("name", name)}${row("provider", provider)}${row("purpose", purpose)}</div>`;
}
const category = (kind, inner) =>
  `<div id="coi-consent-banner__description-container-cookie_cat_${kind}">${inner}</div>`;

test("Cookie Information: every category, dotted providers as hosts, several names in one cell", () => {
  const got = readDeclaration({}, {document: documentOf(banner)});
  assert.ok(validate(got), JSON.stringify(validate.errors));
  assert.ok(checkDeclaration(got).declaration, checkDeclaration(got).error);
  assert.equal(got.platform, "cookieinformation");
  const by = Object.fromEntries(got.cookies.map((c) => [c.name, c]));
  assert.deepEqual(by.CookieInformationConsent, {name: "CookieInformationConsent", group: "cookie_cat_necessary",
                                                domain: "www.shop-ci.test", purpose: "Keeps the visitor's consent choice."});
  assert.equal(by._ga.group, "cookie_cat_necessary");
  assert.deepEqual(by.ui_lang, {name: "ui_lang", group: "cookie_cat_functional", purpose: "Remembers the language."});
  assert.equal(by.wx_tally.group, "cookie_cat_statistic");
  assert.equal(by.wx_tally_seen.domain, "stats.example-metrics.test");
  assert.equal(by.ad_seen.group, "cookie_cat_marketing");
  assert.equal(by.ad_seen.domain, undefined, "a company's name is not a host");
  assert.equal(by.odd_one.group, "cookie_cat_unclassified");
  assert.equal(got.cookies.length, 7);
});

test("Cookie Information: Cookiebot's and OneTrust's objects are read first", () => {
  const got = readDeclaration({}, {document: documentOf(banner),
                                   CookieConsentDialog: {cookieTableNecessary: [["cb_only", "x.test", "", "", ""]]}});
  assert.equal(got.platform, "cookiebot");
});

test("Cookie Information malformed: no banner, empty cells, unknown categories, no document", () => {
  assert.equal(readDeclaration({}, {document: documentOf("<p>no banner</p>")}), null);
  assert.equal(readDeclaration({}, {}), null);
  assert.equal(readDeclaration({}, {document: {querySelectorAll: "not a function"}}), null);
  const html = category("statistic", details({name: ""}) + details({provider: "x.test"}) + details({name: "ok_2"})) +
    category("bogus", details({name: "never"}));
  assert.deepEqual(readDeclaration({}, {document: documentOf(html)}),
                   {platform: "cookieinformation", cookies: [{name: "ok_2", group: "cookie_cat_statistic"}]});
});

test("Cookie Information hostile: throwing methods, control characters, markup, huge lists", () => {
  const throwing = {querySelectorAll() { throw new Error("trap"); }};
  assert.equal(readDeclaration({}, {document: throwing}), null);

  const html = category("necessary",
    details({name: "bell\u0007name", purpose: "x"}) +
    details({name: "ok;no"}) +
    details({name: "fine_1", provider: "javascript:alert(1)", purpose: `<img src=x onerror=alert(1)>${"p".repeat(900)}`}) +
    details({name: Array.from({length: 500}, (_, i) => `n${i}`).join(",")}));
  const got = readDeclaration({}, {document: documentOf(html)});
  assert.ok(validate(got), JSON.stringify(validate.errors));
  const names = got.cookies.map((c) => c.name);
  assert.ok(!names.includes("bell\u0007name") && !names.includes("ok;no"), names.join());
  const fine = got.cookies.find((c) => c.name === "fine_1");
  assert.equal(fine.domain, undefined);
  assert.ok(fine.purpose.length <= 500 && !fine.purpose.includes("<"), fine.purpose);
  assert.ok(names.filter((n) => /^n\d+$/.test(n)).length <= 20, "at most 20 names are taken from one cell");

  // A list that claims a billion entries: the reader stops at its row limit, quickly.
  const one = {querySelector: () => ({textContent: "many"})};
  const huge = new Proxy({}, {get: (_, key) => (key === "length" ? 1e9 : one)});
  const started = Date.now();
  const capped = readDeclaration({}, {document: {querySelectorAll: () => huge}});
  assert.ok(Date.now() - started < 5_000);
  assert.equal(capped.cookies.length, 1, "the same name is kept once");
});
