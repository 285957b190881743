// Plain words for what the host says (extension/common/plain.js), in both languages, and the
// host-problem kinds (extension/common/host-outage.js).
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {purposeInWords, ruleInWords, summarizeBlocks} from "../../extension/common/plain.js";
import {outageKind} from "../../extension/common/host-outage.js";

// chrome.i18n.getMessage over a locale file: $name$ placeholders filled from substitutions.
function translator(lang) {
  const messages = JSON.parse(readFileSync(new URL(`../../extension/_locales/${lang}/messages.json`, import.meta.url), "utf8"));
  return (key, subs = []) => {
    const entry = messages[key];
    if (!entry) return key;
    return entry.message.replace(/\$([a-z]+)\$/g, (_, name) =>
      subs[Number(entry.placeholders[name].content.slice(1)) - 1]);
  };
}
const en = translator("en");
const da = translator("da");

test("rule names become sentences a person says", () => {
  const cases = [
    ["site:nyheder.test/statistics", "remove", "Your rule for nyheder.test: no statistics cookies"],
    ["site:nyheder.test/statistics", "allow", "Your rule for nyheder.test: statistics cookies allowed"],
    ["global/marketing", "blocked", "Your default choice: no marketing cookies"],
    ["global/unclassified", "allow", "Your default choice: cookies of unknown purpose allowed"],
    ["third-party", "blocked", "Your default choice: no third-party cookies"],
    ["site:kk.dk/third-party", "remove", "Your rule for kk.dk: no third-party cookies"],
    ["site:borger.dk/allow-third-party:mitid.dk", "allow", "Your rule for borger.dk: cookies from mitid.dk allowed"],
    ["site:a.test/block-all", "remove", "Your rule for a.test: block every cookie"],
    ["global/lifetime-session", "session", "Your default choice: keep cookies only until the browser closes"],
    ["something-new", "allow", "Cookie Warden's rules"],
    ["", "allow", "No reason was recorded."],
  ];
  for (const [rule, action, words] of cases) assert.equal(ruleInWords(rule, action, en), words, rule);
  assert.equal(ruleInWords("site:nyheder.test/statistics", "remove", da), "Din regel for nyheder.test: ingen statistikcookies");
  assert.equal(ruleInWords("global/unclassified", "allow", da), "Dit standardvalg: cookies med ukendt formål tilladt");
});

test("what a cookie is for is built in the user's language from the catalogue's facts", () => {
  const php = {name: "PHPSESSID", category: "necessary", vendor: "PHP.net", source: "catalogue",
               purpose: "A well-known necessary cookie of PHP.net"};
  assert.equal(purposeInWords(php, da), "En kendt nødvendig cookie fra PHP.net.");
  assert.equal(purposeInWords(php, en), "A well-known necessary cookie from PHP.net.");
  assert.equal(purposeInWords({category: "statistics", source: "heuristic"}, da),
               "Sandsynligvis en statistikcookie, at dømme efter navnet.");
  const segment = {category: "functional", source: "manifest", purpose: "Remembers your municipality",
                   purposeDa: "Husker din kommune"};
  assert.equal(purposeInWords(segment, da, "da"), "Husker din kommune", "a site's own policy, in Danish");
  assert.equal(purposeInWords(segment, en, "en"), "Remembers your municipality");
  assert.equal(purposeInWords({...segment, purposeDa: undefined}, da, "da"), "Remembers your municipality",
               "quoted as the site wrote it when there is no Danish");
  assert.equal(purposeInWords({category: "unclassified", source: "none"}, da),
               "Cookie Warden ved ikke, hvad denne cookie bruges til.");
});

test("removals and blocks are counted per purpose and per third-party domain", () => {
  const events = [
    {name: "_ga", domain: ".nyheder.test", category: "statistics", action: "remove", thirdParty: false},
    {name: "_ga", domain: ".nyheder.test", category: "statistics", action: "remove", thirdParty: false},
    {name: "trk", domain: "ads.test", category: "marketing", action: "blocked", thirdParty: true},
    {name: "vid", domain: ".www.video.test", category: "unclassified", action: "blocked", thirdParty: true},
    {name: "uid", domain: "ads.test", category: "marketing", action: "blocked", thirdParty: true},
    {name: "PHPSESSID", domain: "nyheder.test", category: "necessary", action: "allow", thirdParty: false},
  ];
  const s = summarizeBlocks(events);
  assert.equal(s.total, 5);
  assert.deepEqual(s.byPurpose.map((e) => [e.key, e.count, e.names]),
                   [["statistics", 2, ["_ga"]], ["marketing", 2, ["trk", "uid"]], ["unclassified", 1, ["vid"]]]);
  assert.deepEqual(s.byDomain.map((e) => [e.key, e.count]), [["ads.test", 2], ["video.test", 1]]);
});

test("a host that is not installed is told apart from one that fails", () => {
  assert.equal(outageKind({state: "ready"}), null);
  assert.equal(outageKind({state: "connecting", error: null}), null);
  assert.equal(outageKind({state: "missing", error: "Specified native messaging host not found."}), "notInstalled");
  assert.equal(outageKind({state: "missing", error: "No such native application dk.cookiewarden.host"}), "notInstalled");
  assert.equal(outageKind({state: "connecting", error: "Specified native messaging host not found."}), "notInstalled");
  assert.equal(outageKind({state: "missing", error: "Native host has exited."}), "failing");
  assert.equal(outageKind({state: "failed", error: "An unexpected error occurred"}), "failing");
  assert.equal(outageKind({state: "incompatible", error: "protocol 2"}), "incompatible");
});
