import assert from "node:assert/strict";
import {test} from "node:test";
import {readConsentCookie} from "../../extension/background/consent-cookies.js";

const refusedStats = {functional: "allow", preferences: "allow", statistics: "refuse", marketing: "refuse"};

test("Cookiebot's CookieConsent, URI-encoded as the banner writes it", () => {
  const value = encodeURIComponent("{stamp:'x',necessary:true,preferences:true,statistics:false,marketing:false,method:'explicit',ver:1}");
  assert.deepEqual(readConsentCookie({name: "CookieConsent", value}), {platform: "cookiebot", choices: refusedStats});
  assert.equal(readConsentCookie({name: "CookieConsent", value: "-1"}), null);
});

test("Cookie Information's approved list", () => {
  const value = encodeURIComponent(JSON.stringify({consents_approved: ["cookie_cat_necessary", "cookie_cat_functional"],
                                                   consents_denied: ["cookie_cat_statistic", "cookie_cat_marketing"]}));
  assert.deepEqual(readConsentCookie({name: "CookieInformationConsent", value}),
                   {platform: "cookieinformation", choices: refusedStats});
  assert.equal(readConsentCookie({name: "CookieInformationConsent", value: "{not json"}), null);
});

test("OneTrust's groups", () => {
  const value = encodeURIComponent("isGpcEnabled=0&groups=C0001:1,C0002:0,C0003:1,C0004:0");
  assert.deepEqual(readConsentCookie({name: "OptanonConsent", value}), {platform: "onetrust", choices: refusedStats});
  assert.equal(readConsentCookie({name: "OptanonConsent", value: "isGpcEnabled=0"}), null);
});

test("a manifest's consent cookie: one answer for all, unknown values ignored", () => {
  const manifests = [{id: "borger.dk", consent: {cookie: {name: "BDK_CookieLawAccepted", accepted: ["true"], refused: ["false"]}}}];
  assert.deepEqual(readConsentCookie({name: "BDK_CookieLawAccepted", value: "false"}, manifests).choices,
                   {functional: "refuse", preferences: "refuse", statistics: "refuse", marketing: "refuse"});
  assert.equal(readConsentCookie({name: "BDK_CookieLawAccepted", value: "true"}, manifests).choices.statistics, "allow");
  assert.equal(readConsentCookie({name: "BDK_CookieLawAccepted", value: "maybe"}, manifests), null);
  assert.equal(readConsentCookie({name: "_ga", value: "GA1.1"}, manifests), null);
});
