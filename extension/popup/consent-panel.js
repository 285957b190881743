// The popup's line about the site's cookie banner: what Cookie Warden answered there, how many
// cookies of refused purposes the site set afterwards, and a switch to leave this site's
// banner alone. Its own module beside popup.js; it finds the tab the same way.
import {api, background, el, showStatus, t} from "../common/page.js";
import {changeConsentSettings, consentSettings, underAny} from "../common/consent-settings.js";

const PURPOSES = ["functional", "preferences", "statistics", "marketing"];
const $ = (id) => document.getElementById(id);

// "statistics and marketing" in the page's language.
function listOf(purposes) {
  const words = purposes.map((p) => t(`consentPurpose_${p}`));
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} ${t("consentAnd")} ${words.at(-1)}`;
}

export function answerLine(answer) {
  if (!answer) return null;
  const refused = PURPOSES.filter((p) => answer.choices?.[p] === "refuse");
  // functional and preferences go to a banner as one answer: name it once.
  const named = refused.includes("functional") && refused.includes("preferences")
    ? refused.filter((p) => p !== "preferences") : refused;
  const who = answer.by === "banner" ? "consentYouAnswered" : "consentAnswered";
  return refused.length === 0 ? t(`${who}All`) : t(who, [listOf(named)]);
}

export function afterRefusalLines(counts) {
  return PURPOSES.filter((p) => counts?.[p] > 0)
    .map((p) => t(counts[p] === 1 ? "consentAfterRefusalOne" : "consentAfterRefusal",
                  [String(counts[p]), t(`consentPurpose_${p}`)]));
}

async function currentHost() {
  const fromQuery = Number(new URLSearchParams(location.search).get("tab"));
  const tabId = Number.isInteger(fromQuery) && fromQuery > 0
    ? fromQuery : (await api.tabs.query({active: true, currentWindow: true}))[0]?.id;
  if (!tabId) return null;
  try {
    const url = new URL((await api.tabs.get(tabId)).url);
    return url.protocol.startsWith("http") ? url.hostname : null;
  } catch (_error) {
    return null; // a tab without a web page
  }
}

async function render() {
  const panel = $("consent-panel");
  const host = await currentHost();
  if (!panel || !host) return;
  panel.hidden = false;
  const status = $("consent-status");
  const toggle = $("consent-site");
  const settings = await consentSettings();
  toggle.checked = settings.answer && !underAny(host, settings.off ?? []);
  toggle.disabled = !settings.answer;
  toggle.addEventListener("change", async () => {
    try {
      await changeConsentSettings({site: host, siteOn: toggle.checked});
      showStatus(status, t("saved"));
    } catch (error) {
      showStatus(status, `${t("saveFailed")} ${error.message}`, true);
    }
  });
  const lines = $("consent-lines");
  try {
    const summary = await background.host("consent.summary", {site: host});
    const texts = [answerLine(summary.answer), ...afterRefusalLines(summary.afterRefusal)].filter(Boolean);
    lines.replaceChildren(...(texts.length ? texts : [t("consentNotAnswered")])
      .map((text, i) => el("p", {className: i > 0 ? "warning" : "", text})));
  } catch (error) {
    lines.replaceChildren(el("p", {className: "muted small", text: `${t("consentUnavailable")} ${error.message}`}));
  }
  document.body.dataset.consentReady = "true";
}

if (typeof document !== "undefined" && document.getElementById) {
  render().catch((error) => console.error("Cookie Warden: consent panel", error));
}
