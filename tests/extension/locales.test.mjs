// The interface's messages: every key in English exists in Danish and is translated (not the
// English text again, and no English words left in it), with the same placeholders; every key
// the pages name exists. An allow-list holds the few texts that are the same in both languages.
import assert from "node:assert/strict";
import {readFileSync, readdirSync} from "node:fs";
import {join} from "node:path";
import {test} from "node:test";
import {CATEGORIES} from "../../extension/common/policy.js";

const root = new URL("../../extension/", import.meta.url).pathname;
const messages = (lang) => JSON.parse(readFileSync(join(root, "_locales", lang, "messages.json"), "utf8"));
const en = messages("en");
const da = messages("da");
const schema = JSON.parse(readFileSync(new URL("../../schema/protocol.schema.json", import.meta.url), "utf8"));

// The same in Danish as in English, on purpose: names, and words Danish borrowed.
const SAME_IN_BOTH = new Set(["extName", "hostState", "hostVersion", "install_linux_title", "install_win_title",
                              "install_mac_title"]);
// English words that are not Danish words too: one of them in a Danish text means a sentence
// was left untranslated (or half translated).
const ENGLISH = /\b(the|and|your|you|is|are|not|with|this|that|from|allowed|blocked|removed|cookies? of|helper|please|settings?|site)\b/i;

test("every English message has a Danish translation, and no Danish one is left over", () => {
  assert.deepEqual(Object.keys(da).filter((k) => !(k in en)), [], "Danish keys without an English one");
  assert.deepEqual(Object.keys(en).filter((k) => !(k in da)), [], "English keys without a Danish one");
});

test("no Danish message is the English text again or holds English words", () => {
  const same = Object.keys(en).filter((k) => !SAME_IN_BOTH.has(k) && en[k].message === da[k]?.message);
  assert.deepEqual(same, [], "untranslated (identical to English)");
  const english = Object.keys(da).filter((k) => !SAME_IN_BOTH.has(k)
    && ENGLISH.test(da[k].message.replace(/\$[a-z]+\$/g, "").replace(/Cookie Warden/g, "")));
  assert.deepEqual(english.map((k) => `${k}: ${da[k].message}`), [], "English words in Danish messages");
});

test("the English words check catches an untranslated sentence", () => {
  assert.ok(ENGLISH.test("The helper program is not running"));
  assert.ok(!ENGLISH.test("Hjælpeprogrammet kører ikke, og cookies fra tredjepart er blokeret"));
});

test("both languages use the same placeholders in each message", () => {
  const names = (m) => Object.keys(m?.placeholders ?? {}).sort();
  for (const key of Object.keys(en)) {
    assert.deepEqual(names(da[key]), names(en[key]), key);
    for (const name of names(en[key])) {
      assert.ok(en[key].message.includes(`$${name}$`), `${key} (en) uses $${name}$`);
      assert.ok(da[key].message.includes(`$${name}$`), `${key} (da) uses $${name}$`);
    }
  }
});

// Every message a page or background file names: data-i18n attributes, t("...") and
// getMessage("..."), and the families built from a prefix and a known list.
function namedKeys() {
  const keys = new Set();
  const walk = (dir) => readdirSync(dir, {withFileTypes: true}).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]);
  for (const file of walk(root)) {
    if (!/\.(html|js)$/.test(file) || file.includes("_locales")) continue;
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/data-i18n(?:-[a-z]+)?="([A-Za-z0-9_]+)"/g)) keys.add(m[1]);
    for (const m of text.matchAll(/\b(?:t|getMessage)\("([A-Za-z0-9_]+)"/g)) keys.add(m[1]);
  }
  for (const c of CATEGORIES) {
    for (const prefix of ["category_", "purposeHelp_", "cookieKind_", "what_deny_", "what_allow_"]) keys.add(prefix + c);
  }
  for (const code of schema.definitions.errorCode.enum) keys.add(`error_${code}`);
  for (const kind of ["notInstalled", "failing", "incompatible"]) keys.add(`hostProblem_${kind}`);
  for (const os of ["linux", "win", "mac"]) keys.add(`installFor_${os}`);
  for (const action of schema.definitions.action.enum) keys.add(`action_${action}`);
  return keys;
}

test("every message the extension names exists", () => {
  const missing = [...namedKeys()].filter((k) => !(k in en));
  assert.deepEqual(missing, []);
});
