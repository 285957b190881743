// The popup's escape hatch for a broken site: allow every cookie on it for an hour (the host
// ends that rule by itself, restart or not) or for good, or block everything there.
import {background, el, errorText, formatTime, showStatus, t} from "../common/page.js";
import {ruleWith} from "../common/rules.js";

const $ = (id) => document.getElementById(id);
// How long "Allow this site for 1 hour" lasts. The popup's address may ask for less
// (popup.html?escapeSeconds=2): the browser tests watch the rule end by itself.
export const ESCAPE_SECONDS = 3600;

export function escapeSeconds(search = globalThis.location?.search ?? "") {
  const asked = Number(new URLSearchParams(search).get("escapeSeconds"));
  return Number.isInteger(asked) && asked >= 1 && asked <= ESCAPE_SECONDS ? asked : ESCAPE_SECONDS;
}

// The host request (rules.temporary, schema/protocol.schema.json) behind the one-click escape.
export function allowForAWhile(site, search) {
  return {site, mode: "allow-all", seconds: escapeSeconds(search)};
}

// What runs on the site now: a temporary rule (the host's rules.get says `temporary`), a lasting
// allow-all or block-all, or nothing.
export function renderEscape(state) {
  const running = $("escape-running");
  const temporary = state.temporary;
  const mode = temporary?.mode ?? state.rule?.mode ?? "default";
  const site = state.ruleSite ?? state.site;
  let text = "";
  if (temporary) {
    text = t(temporary.mode === "block-all" ? "escapeBlockedUntil" : "escapeAllowedUntil",
             [site, formatTime(temporary.until, {timeOnly: true})]);
  } else if (mode === "allow-all") {
    text = t("escapeAllowedAlways", [site]);
  } else if (mode === "block-all") {
    text = t("escapeBlockedAlways", [site]);
  }
  running.replaceChildren(...(text ? [el("strong", {text}), " ", t("reloadHint")] : []));
  running.hidden = !text;
  $("escape-buttons").hidden = mode !== "default";
  $("escape-end").hidden = mode === "default";
  for (const id of ["allow-hour", "allow-always", "block-all", "escape-end"]) {
    $(id).disabled = !state.hostReady || !state.site;
  }
}

export function wireEscape(state, after) {
  const status = () => $("escape-status");
  async function run(action) {
    try {
      await action();
      showStatus(status(), "");
    } catch (error) {
      showStatus(status(), `${t("saveFailed")} ${errorText(error)}`, true);
    }
    await after();
  }
  const site = () => state.ruleSite ?? state.site;
  $("allow-hour").addEventListener("click", () => run(() =>
    background.host("rules.temporary", allowForAWhile(site()))));
  $("allow-always").addEventListener("click", () => run(() =>
    background.host("rules.set", {site: state.site, rule: ruleWith(state.rule, site(), {mode: "allow-all"})})));
  $("block-all").addEventListener("click", () => run(() =>
    background.host("rules.set", {site: state.site, rule: ruleWith(state.rule, site(), {mode: "block-all"})})));
  $("escape-end").addEventListener("click", () => run(() => (state.temporary
    ? background.host("rules.temporary", {site: site(), mode: "end"})
    : background.host("rules.set", {site: state.site, rule: ruleWith(state.rule, site(), {mode: "default"})}))));
}
