// The first-run page (opened once, on install): is the helper program there (checked live,
// with install help for this system when it is not), what the defaults do in plain words, and
// switches to change them.
import {api, background, CATEGORIES, categoryName, el, errorText, localize, renderHostProblem,
        showStatus, t} from "../common/page.js";

const $ = (id) => document.getElementById(id);
// How often the page asks the background whether the host has come (a status read, no host
// traffic): the user may be installing it in another window.
const WATCH_MS = 1500;
const state = {hostReady: false, settings: null, seenSettings: null, problem: null};

const choosable = CATEGORIES.filter((c) => c !== "necessary");

function renderDefaults() {
  const s = state.settings;
  const words = $("defaults-words");
  if (!s) {
    words.replaceChildren();
    return;
  }
  const list = (choice) => choosable.filter((c) => (s.categories?.[c] ?? "allow") === choice)
    .map((c) => categoryName(c).toLowerCase()).join(", ") || t("welcomeNothing");
  words.replaceChildren(
    el("li", {text: t("welcomeRefuses", [list("deny")])}),
    el("li", {text: t("welcomeAllows", [`${categoryName("necessary").toLowerCase()}, ${list("allow")}`])}),
    el("li", {text: t(s.thirdParty === "allow" ? "welcomeThirdPartyAllowed" : "welcomeThirdPartyBlocked")}));
  // The switches are made once and then only set: one replaced under the pointer or the
  // keyboard focus (settings change elsewhere too) would lose the click or the focus.
  const box = $("default-purposes");
  for (const category of CATEGORIES) {
    const id = `default-${category}`;
    let input = document.getElementById(id);
    if (!input) {
      input = el("input", {type: "checkbox", role: "switch", className: "switch", id,
                           "data-category": category, "aria-describedby": `${id}-help`});
      box.append(el("div", {className: "purpose"},
        el("div", {className: "row"}, el("label", {for: id, text: categoryName(category)}), input),
        el("p", {id: `${id}-help`, className: "small help", text: t(`purposeHelp_${category}`)})));
    }
    input.checked = category === "necessary" || s.categories?.[category] !== "deny";
    input.disabled = category === "necessary" || !state.hostReady;
  }
  $("default-third-party").checked = s.thirdParty === "allow";
  $("default-third-party").disabled = !state.hostReady;
}

async function save(patch) {
  try {
    const reply = await background.host("settings.set", {settings: patch});
    state.settings = reply.settings ?? {...state.settings, ...patch};
    showStatus($("defaults-status"), t("saved"));
  } catch (error) {
    showStatus($("defaults-status"), `${t("saveFailed")} ${errorText(error)}`, true);
  }
  renderDefaults();
}

async function check() {
  const {host, settings} = await background.status();
  const ready = host.state === "ready";
  // Settings change elsewhere too (the popup, another browser sharing the host's database):
  // the background's copy follows them, and the switches follow it.
  const seen = JSON.stringify(settings ?? null);
  const changed = ready !== state.hostReady || !state.settings || seen !== state.seenSettings;
  state.seenSettings = seen;
  state.hostReady = ready;
  $("host-ok").textContent = ready ? t("welcomeHostReady") : "";
  $("host-ok").hidden = !ready;
  $("host-watching").hidden = ready;
  // Install help only for whoever still needs it.
  $("install").hidden = ready;
  // Painted again only when the problem changes: a live region read out every 1.5 s, or a
  // button replaced under the keyboard focus, would be no help.
  const problem = `${host.state}\u0000${host.error ?? ""}`;
  if (problem !== state.problem) {
    state.problem = problem;
    await renderHostProblem($("host-problem"), host, () => background.retry());
  }
  if (!ready && !$("host-problem").hidden) $("defaults-status").textContent = t("welcomeNeedsHost");
  if (changed) {
    state.settings = settings;
    if (ready) {
      try {
        state.settings = (await background.host("settings.get")).settings ?? settings;
        $("defaults-status").textContent = "";
      } catch (error) {
        showStatus($("defaults-status"), `${t("loadFailed")} ${errorText(error)}`, true);
      }
    }
    renderDefaults();
  }
}

function wire() {
  $("default-purposes").addEventListener("change", (event) => {
    const category = event.target.dataset.category;
    if (category) save({categories: {[category]: event.target.checked ? "allow" : "deny"}});
  });
  $("default-third-party").addEventListener("change", (event) => {
    save({thirdParty: event.target.checked ? "allow" : "block"});
  });
  $("more-settings").addEventListener("click", (event) => {
    event.preventDefault();
    api.runtime.openOptionsPage();
  });
}

// The install help of the user's system is opened (or the one a link names: #install-win).
async function openInstallHelp() {
  let os = location.hash.replace(/^#install-/, "");
  if (!["linux", "win", "mac"].includes(os)) {
    try {
      os = (await api.runtime.getPlatformInfo()).os;
    } catch (_unknown) {
      os = "linux";
    }
  }
  const section = $(`install-${os}`) ?? $("install-linux");
  section.open = true;
  if (location.hash.startsWith("#install")) section.scrollIntoView();
}

async function main() {
  localize();
  wire();
  await openInstallHelp();
  await check();
  document.body.dataset.ready = "true";
  setInterval(() => check().catch((error) => console.warn("Cookie Warden: status", error)), WATCH_MS);
}

main().catch((error) => {
  showStatus($("defaults-status"), `${t("errorUnknown")} ${errorText(error)}`, true);
  document.body.dataset.ready = "error";
});
