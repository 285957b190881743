import assert from "node:assert/strict";
import {readFileSync, readdirSync} from "node:fs";
import {join} from "node:path";
import {test} from "node:test";
import {effectiveRule, ruleWith} from "../../extension/common/rules.js";
import {exportDocument, parseImport} from "../../extension/common/transfer.js";

const root = new URL("../../extension/", import.meta.url).pathname;
const messages = (lang) => JSON.parse(readFileSync(join(root, "_locales", lang, "messages.json"), "utf8"));

const settings = {categories: {necessary: "allow", functional: "allow", preferences: "allow",
                               statistics: "deny", marketing: "deny", unclassified: "allow"},
                  thirdParty: "block", lifetime: "keep"};

test("a site without a rule follows the defaults", () => {
  const e = effectiveRule(null, settings);
  assert.equal(e.categories.statistics, "deny");
  assert.equal(e.thirdParty, "block");
  assert.equal(e.lifetime, "keep");
});

test("a rule overrides only what it says", () => {
  const e = effectiveRule({site: "kk.dk", mode: "default", categories: {statistics: "allow"},
                           thirdParty: "default", lifetime: "leave"}, settings);
  assert.equal(e.categories.statistics, "allow");
  assert.equal(e.categories.marketing, "deny");
  assert.equal(e.thirdParty, "block");
  assert.equal(e.lifetime, "leave");
  assert.equal(effectiveRule({mode: "allow-all"}, settings).categories.marketing, "allow");
});

test("ruleWith builds a whole rule for rules.set, keeping what was there", () => {
  const before = {site: "kk.dk", mode: "default", categories: {marketing: "allow"}, thirdParty: "allow",
                  allowThirdParty: ["mitid.dk"], lifetime: "session"};
  const after = ruleWith(before, "kk.dk", {categories: {statistics: "deny"}});
  assert.deepEqual(after, {site: "kk.dk", mode: "default", categories: {marketing: "allow", statistics: "deny"},
                           thirdParty: "allow", allowThirdParty: ["mitid.dk"], lifetime: "session"});
  assert.deepEqual(before.categories, {marketing: "allow"}, "the old rule is not changed");
  assert.deepEqual(ruleWith(null, "a.test", {thirdParty: "block"}),
                   {site: "a.test", mode: "default", categories: {}, thirdParty: "block",
                    allowThirdParty: [], lifetime: "default"});
});

test("export round-trips through import; bad files are refused whole", () => {
  const doc = exportDocument(settings, [{site: "kk.dk", mode: "block-all"}]);
  const back = parseImport(JSON.stringify(doc));
  assert.deepEqual(back.rules, [{site: "kk.dk", mode: "block-all"}]);
  assert.deepEqual(back.settings, settings);
  const head = '"format":"cookie-warden-export","version":1';
  for (const [text, message] of [["{", /not JSON/], ["[]", /not an export/],
                                 ['{"format":"other","version":1,"rules":[]}', /not a Cookie Warden export/],
                                 [`{"format":"cookie-warden-export","version":2,"rules":[]}`, /version 2/],
                                 [`{${head},"rules":[{"mode":"allow-all"}]}`, /needs a site/],
                                 [`{${head},"rules":[{"site":"a.dk","mode":"sometimes"}]}`, /rules\[0\]\.mode/],
                                 [`{${head},"rules":[{"site":"a.dk","categories":{"necessary":"deny"}}]}`, /necessary/],
                                 [`{${head},"rules":[{"site":"a.dk","colour":"red"}]}`, /unknown field "colour"/],
                                 [`{${head},"rules":[],"settings":[1]}`, /settings must be an object/],
                                 [`{${head},"rules":[],"settings":{"logRetentionDays":0}}`, /logRetentionDays/]]) {
    assert.throws(() => parseImport(text), message, text);
  }
});

test("English and Danish have the same messages, each filled in", () => {
  const en = messages("en");
  const da = messages("da");
  assert.deepEqual(Object.keys(da).sort(), Object.keys(en).sort());
  for (const [key, entry] of Object.entries(da)) {
    assert.ok(entry.message.trim(), key);
    assert.deepEqual(Object.keys(entry.placeholders ?? {}), Object.keys(en[key].placeholders ?? {}), key);
  }
});

test("every message the pages name exists", () => {
  const en = messages("en");
  const used = new Set();
  const walk = (dir) => readdirSync(dir, {withFileTypes: true}).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]);
  for (const file of walk(root).filter((f) => /\.(js|html)$/.test(f))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\bt\("([A-Za-z_]+)"|data-i18n(?:-[a-z]+)?="([A-Za-z_]+)"|getMessage\("([A-Za-z_]+)"/g)) {
      used.add(m[1] ?? m[2] ?? m[3]);
    }
  }
  const missing = [...used].filter((key) => !(key in en));
  assert.deepEqual(missing, []);
  assert.ok(used.size > 50, `found ${used.size} message names`);
  for (const prefix of ["category", "source", "action", "hostState", "lifetime", "choice", "thirdParty", "mode"]) {
    assert.ok(Object.keys(en).some((k) => k.startsWith(`${prefix}_`)), prefix);
  }
});

test("export documents and cookie events match the JSON Schemas in schema/", async () => {
  const {default: Ajv} = await import("ajv");
  const ajv = new Ajv({strict: false, allErrors: true});
  const schemaDir = new URL("../../schema/", import.meta.url);
  const rulesSchema = JSON.parse(readFileSync(new URL("rules.schema.json", schemaDir), "utf8"));
  const exported = exportDocument(settings, [{site: "kk.dk", mode: "default", categories: {statistics: "deny"},
                                              thirdParty: "default", allowThirdParty: [], lifetime: "leave"}]);
  assert.ok(ajv.validate(rulesSchema, exported), ajv.errorsText());
  // What the CLI exports, the options page imports.
  assert.doesNotThrow(() => parseImport(JSON.stringify(exported)));

  const protocol = JSON.parse(readFileSync(new URL("protocol.schema.json", schemaDir), "utf8"));
  ajv.addSchema(protocol, "protocol");
  const {changeEvent} = await import("../../extension/background/cookie-facts.js");
  const event = changeEvent({removed: false, cause: "explicit",
                             cookie: {name: "_ga", value: "secret", domain: ".kk.dk", path: "/", hostOnly: false,
                                      secure: true, httpOnly: false, sameSite: "lax", session: false,
                                      expirationDate: 1900000000, storeId: "0",
                                      partitionKey: {topLevelSite: "https://kk.dk", hasCrossSiteAncestor: false}}},
                            {site: "www.kk.dk", tabId: 3});
  const request = {id: 1, type: "cookie.changed", events: [event]};
  assert.ok(ajv.validate("protocol#/definitions/cookieChangedRequest", request), ajv.errorsText());
});

test("the popup's one-click escape asks the host for an hour, in the protocol's words", async () => {
  const {allowForAWhile, ESCAPE_SECONDS} = await import("../../extension/popup/escape.js");
  const {default: Ajv} = await import("ajv");
  const ajv = new Ajv({strict: false, allErrors: true});
  ajv.addSchema(JSON.parse(readFileSync(new URL("../../schema/protocol.schema.json", import.meta.url), "utf8")), "protocol");
  const request = allowForAWhile("nyheder.test", "?tab=3");
  assert.deepEqual(request, {site: "nyheder.test", mode: "allow-all", seconds: 3600});
  assert.equal(ESCAPE_SECONDS, 3600);
  // The host reads `seconds` and nothing else for the duration.
  assert.deepEqual(Object.keys(request).filter((k) => !["site", "mode", "seconds"].includes(k)), []);
  assert.ok(ajv.validate("protocol#/definitions/rulesTemporaryRequest", {id: 1, type: "rules.temporary", ...request}),
            ajv.errorsText());
  // A test may shorten it through the popup's address; nonsense keeps the hour.
  assert.equal(allowForAWhile("a.test", "?tab=3&escapeSeconds=2").seconds, 2);
  for (const bad of ["0", "-5", "2.5", "x", "7200", ""]) {
    assert.equal(allowForAWhile("a.test", `?escapeSeconds=${bad}`).seconds, 3600, bad);
  }
});
