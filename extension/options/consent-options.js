// The options page's cookie-banner section: answering on or off, Global Privacy Control, the
// sites whose banners the citizen answers, and the platforms the shipped rules know. Its own
// module beside options.js; each button reports in its own status line.
import {api, el, showStatus, t} from "../common/page.js";
import {changeConsentSettings, consentSettings, CONSENT_KEY} from "../common/consent-settings.js";

const $ = (id) => document.getElementById(id);

// The names of the shipped rules, for people: sorted, case-insensitively.
export function platformNames(rules) {
  return Object.keys(rules).sort((a, b) => a.localeCompare(b, "en", {sensitivity: "base"}));
}

export function parseSites(text) {
  return [...new Set(text.split(/\s+/).map((s) => s.trim().toLowerCase().replace(/^\*\./, "").replace(/\.$/, ""))
    .filter((s) => /^[a-z0-9.-]+\.[a-z0-9-]+$/.test(s)))].sort();
}

async function start() {
  const status = $("consent-options-status");
  const show = (settings) => {
    $("consent-answer").checked = settings.answer;
    $("consent-gpc").checked = settings.gpc;
    $("consent-off-sites").value = (settings.off ?? []).join("\n");
  };
  show(await consentSettings());
  const save = (change) => changeConsentSettings(change).then((s) => {
    show(s);
    showStatus(status, t("saved"));
  }, (error) => showStatus(status, `${t("saveFailed")} ${error.message}`, true));
  $("consent-answer").addEventListener("change", (e) => save({answer: e.target.checked}));
  $("consent-gpc").addEventListener("change", (e) => save({gpc: e.target.checked}));
  $("consent-off-save").addEventListener("click", async () => {
    try {
      const off = parseSites($("consent-off-sites").value);
      const current = await consentSettings();
      await api.storage.local.set({[CONSENT_KEY]: {...current, off}});
      show({...current, off});
      showStatus(status, t("saved"));
    } catch (error) {
      showStatus(status, `${t("saveFailed")} ${error.message}`, true);
    }
  });
  const rules = await (await fetch(api.runtime.getURL("consent/rules.json"))).json();
  const names = platformNames(rules);
  $("consent-platforms-heading").textContent = t("consentPlatformsHeading", [String(names.length)]);
  $("consent-platforms").replaceChildren(...names.map((n) => el("li", {text: n})));
}

if (typeof document !== "undefined" && document.getElementById("consent-options")) {
  start().catch((error) => showStatus($("consent-options-status"), String(error.message ?? error), true));
}
