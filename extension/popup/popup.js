// The popup: for the site in the tab, an escape for a broken site, what was removed or blocked
// and what was kept, the choices for the site, and the log.
import {actionName, api, background, CATEGORIES, categoryName, el, errorText, formatTime, localize,
        renderHostProblem, showStatus, t} from "../common/page.js";
import {effectiveRule, ruleWith} from "../common/rules.js";
import {ruleInWords} from "../common/plain.js";
import {renderBlocked, renderKept} from "./blocked.js";
import {renderEscape, wireEscape} from "./escape.js";
import {showMisdeclared} from "./misdeclared.js";

const LOG_PAGE = 25;
const $ = (id) => document.getElementById(id);

const state = {tabId: null, site: null, ruleSite: null, rule: null, temporary: null, settings: null,
               nextLog: null, hostReady: false};

// Where a choice comes from: the site's own rule or the defaults.
function fromText(fromRule) {
  return fromRule ? t("fromSiteRule", [state.ruleSite ?? state.site]) : t("fromDefaults");
}

function renderChoices() {
  // Without the host the switches show the last known defaults but cannot change anything.
  const disabled = !state.site || !state.hostReady;
  const effective = effectiveRule(state.rule, state.settings);
  const mode = state.temporary?.mode ?? state.rule?.mode ?? "default";
  const cats = state.rule?.categories ?? {};
  $("not-enforced").hidden = state.hostReady;
  const purposes = $("purposes");
  purposes.querySelectorAll(".purpose").forEach((row) => row.remove());
  for (const category of CATEGORIES) {
    const id = `purpose-${category}`;
    const input = el("input", {type: "checkbox", role: "switch", className: "switch", id,
                               "data-category": category, "aria-describedby": `${id}-help ${id}-from`});
    input.checked = mode === "allow-all" || (mode !== "block-all"
      && (category === "necessary" || effective.categories[category] !== "deny"));
    input.disabled = disabled || category === "necessary" || mode !== "default";
    const fromRule = mode !== "default" || (category !== "necessary" && (cats[category] === "allow" || cats[category] === "deny"));
    purposes.append(el("div", {className: "purpose"},
      el("div", {className: "row"}, el("label", {for: id, text: categoryName(category)}), input),
      el("p", {id: `${id}-help`, className: "small help", text: t(`purposeHelp_${category}`)}),
      el("p", {id: `${id}-from`, className: "small muted from",
               text: category === "necessary" ? t("necessaryLocked") : fromText(fromRule)})));
  }
  $("third-party").checked = mode === "allow-all" || (mode !== "block-all" && effective.thirdParty === "allow");
  $("third-party").disabled = disabled || mode !== "default";
  $("third-party-from").textContent = fromText(mode !== "default" || ["allow", "block"].includes(state.rule?.thirdParty));
  for (const radio of document.querySelectorAll("input[name=lifetime]")) {
    radio.checked = radio.value === effective.lifetime;
    radio.disabled = disabled;
  }
  $("delete-now").disabled = !state.site;
  $("reset-rule").disabled = disabled || !state.rule;
  renderEscape(state);
}

async function saveRule(change) {
  const status = $("choices-status");
  try {
    const rule = ruleWith(state.rule, state.ruleSite ?? state.site, change);
    const reply = await background.host("rules.set", {site: state.site, rule});
    state.rule = reply.rule ?? rule;
    state.ruleSite = state.rule.site ?? state.ruleSite;
    showStatus(status, t("saved"));
  } catch (error) {
    showStatus(status, `${t("saveFailed")} ${errorText(error)}`, true);
  }
  renderChoices();
}

async function loadRule() {
  try {
    state.settings = (await background.host("settings.get")).settings ?? state.settings;
  } catch (error) {
    state.hostReady = false;
    showStatus($("choices-status"), `${t("choicesUnavailable")} ${errorText(error)}`, true);
    return;
  }
  try {
    // The host answers with the rule in force (its defaults when none is saved), its key (the
    // site's registrable domain: the whole site the rule covers) and a temporary rule running.
    const reply = await background.host("rules.get", {site: state.site});
    state.rule = reply.exists ? reply.rule : null;
    state.ruleSite = reply.rule?.site ?? reply.site ?? null;
    state.temporary = reply.temporary ?? null;
  } catch (error) {
    if (error.code !== "not_found") showStatus($("choices-status"), errorText(error), true);
    state.rule = null;
    state.temporary = null;
  }
}

function logEntry(e) {
  const action = e.action ?? "allow";
  return el("li", {},
    el("time", {datetime: Number.isFinite(e.time) ? new Date(e.time).toISOString() : undefined,
                text: formatTime(e.time)}),
    el("span", {className: `tag ${action}`, text: actionName(action)}), " ",
    el("span", {className: "cookie-name", text: e.name}),
    el("span", {className: "small muted", text: ` ${String(e.domain ?? "").replace(/^\./, "")}`}),
    el("div", {className: "small", text: [categoryName(e.category ?? "unclassified"),
                                           e.vendor, e.site && $("log-scope").value === "all" ? e.site : null,
                                           e.thirdParty ? t("thirdPartyTag") : null].filter(Boolean).join(" · ")}),
    el("div", {className: "small muted", text: ruleInWords(e.rule, action, t)}));
}

// The host filters the log by site and action; the purpose filter is applied here, reading
// further pages (a bounded number per click) until a page's worth is found.
async function loadLog(more = false) {
  const list = $("log-list");
  const status = $("log-status");
  if (!more) {
    list.replaceChildren();
    state.nextLog = null;
  }
  const purpose = $("log-purpose").value;
  const params = {limit: purpose ? 100 : LOG_PAGE};
  if ($("log-scope").value === "site" && state.site) params.site = state.ruleSite ?? state.site;
  if ($("log-action").value) params.action = $("log-action").value;
  try {
    let found = 0;
    for (let page = 0; page < 5 && found < LOG_PAGE; page += 1) {
      if (more || page > 0) {
        if (state.nextLog === null) break;
        params.before = state.nextLog;
      }
      const reply = await background.host("log.query", params);
      const events = (reply.events ?? []).filter((e) => !purpose || e.category === purpose);
      list.append(...events.map(logEntry));
      found += events.length;
      state.nextLog = reply.next ?? null;
    }
    $("log-more").hidden = state.nextLog === null;
    showStatus(status, list.children.length === 0 ? t("logEmpty") : "");
  } catch (error) {
    $("log-more").hidden = true;
    showStatus(status, `${t("logUnavailable")} ${errorText(error)}`, true);
  }
}

async function refresh() {
  const {host, settings} = await background.status();
  state.hostReady = host.state === "ready";
  state.settings = settings;
  await renderHostProblem($("host-problem"), host, async () => {
    await background.retry();
    setTimeout(refresh, 500); // give the new port time to say hello, then look again
  });
  const view = await background.siteView(state.tabId);
  state.site = view.site;
  // Without a website (a browser page, or the popup opened as a page of its own) only the log
  // of every site is shown, and says so.
  for (const section of document.querySelectorAll(".site-only")) section.hidden = !state.site;
  if (!state.site) {
    $("log-scope").value = "all";
    $("log-scope").querySelector("option[value=site]").disabled = true;
  }
  if (view.site && host.state === "ready") await loadRule();
  const shown = state.ruleSite ?? view.site;
  $("site").textContent = shown ?? t("noSite");
  // The rule is the whole site's: say so when the tab shows one host of it.
  $("site-covers").textContent = shown && shown !== view.site ? t("siteCovers", [view.site, shown]) : "";
  $("site-covers").hidden = !$("site-covers").textContent;
  $("blocked-count").textContent = view.badge > 0 ? t("removedOnTab", [String(view.badge)]) : "";
  renderKept(view.cookies ?? [], {site: view.site, classified: view.classified !== false});
  if (view.classified === false && !view.classifyError && (view.cookies ?? []).length > 0) {
    $("cookie-groups").prepend(el("p", {className: "small muted", text: t("notSortedYet")}));
  }
  if (view.classifyError) {
    $("cookie-groups").prepend(el("p", {className: "small error", text: `${t("classifyFailed")} ${t("error_unavailable")}`}));
  }
  if (state.hostReady) await showMisdeclared($("misdeclared-count"), shown, {host: background.host, t});
  renderChoices();
  if (view.site && state.hostReady) await renderBlocked(shown);
  else $("blocked-summary").replaceChildren(el("p", {className: "muted", text: t("blockedNeedsHost")}));
  if (state.hostReady) await loadLog();
  else showStatus($("log-status"), t("logNeedsHost"));
}

function wire() {
  $("open-options").addEventListener("click", (event) => {
    event.preventDefault();
    api.runtime.openOptionsPage();
  });
  $("purposes").addEventListener("change", (event) => {
    const category = event.target.dataset.category;
    if (category) saveRule({categories: {[category]: event.target.checked ? "allow" : "deny"}});
  });
  $("third-party").addEventListener("change", (event) => {
    saveRule({thirdParty: event.target.checked ? "allow" : "block"});
  });
  $("lifetime").addEventListener("change", (event) => saveRule({lifetime: event.target.value}));
  $("reset-rule").addEventListener("click", async () => {
    try {
      await background.host("rules.delete", {site: state.ruleSite ?? state.site});
      state.rule = null;
      showStatus($("choices-status"), t("ruleReset"));
    } catch (error) {
      showStatus($("choices-status"), errorText(error), true);
    }
    renderChoices();
  });
  $("delete-now").addEventListener("click", async () => {
    const button = $("delete-now");
    button.disabled = true;
    try {
      const {removed} = await background.deleteSiteNow(state.ruleSite ?? state.site);
      showStatus($("choices-status"), t("deletedCount", [String(removed)]));
      const view = await background.siteView(state.tabId);
      renderKept(view.cookies ?? [], {site: view.site, classified: view.classified !== false});
    } catch (error) {
      showStatus($("choices-status"), errorText(error), true);
    }
    button.disabled = false;
  });
  wireEscape(state, async () => {
    await loadRule();
    renderChoices();
  });
  for (const id of ["log-scope", "log-action", "log-purpose"]) {
    $(id).addEventListener("change", () => loadLog());
  }
  $("log-more").addEventListener("click", () => loadLog(true));
  for (const category of CATEGORIES) {
    $("log-purpose").append(el("option", {value: category, text: categoryName(category)}));
  }
}

async function main() {
  localize();
  wire();
  // A test or a user can open the popup as a page for a given tab: popup.html?tab=ID.
  const fromQuery = Number(new URLSearchParams(location.search).get("tab"));
  if (Number.isInteger(fromQuery) && fromQuery > 0) state.tabId = fromQuery;
  else {
    const [tab] = await api.tabs.query({active: true, currentWindow: true});
    // The popup opened as a tab of its own is not about a website.
    state.tabId = tab && tab.url !== location.href ? tab.id : null;
  }
  await refresh();
  document.body.dataset.ready = "true";
}

main().catch((error) => {
  showStatus($("choices-status"), `${t("errorUnknown")} ${errorText(error)}`, true);
  document.body.dataset.ready = "error";
});
