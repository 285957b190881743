// The popup: the current site's cookies by purpose, the choices for the site, and the log.
import {actionName, api, background, CATEGORIES, categoryName, el, formatTime, localize,
        renderHostProblem, showStatus, sourceName, t} from "../common/page.js";
import {effectiveRule, ruleWith} from "../common/rules.js";
import {showMisdeclared} from "./misdeclared.js";

const LOG_PAGE = 25;
const $ = (id) => document.getElementById(id);

const state = {tabId: null, site: null, ruleSite: null, rule: null, settings: null, nextLog: null,
               hostReady: false};

function renderCookies(cookies, classified = true) {
  const groups = $("cookie-groups");
  groups.replaceChildren();
  if (cookies.length === 0) {
    groups.append(el("p", {className: "muted", text: t(state.site ? "noCookies" : "noSite")}));
    return;
  }
  for (const category of CATEGORIES) {
    const members = cookies.filter((c) => (c.category ?? "unclassified") === category);
    if (members.length === 0) continue;
    const headingId = `group-${category}`;
    groups.append(el("section", {className: "cookie-group", "aria-labelledby": headingId},
      el("h3", {id: headingId, text: `${categoryName(category)} (${members.length})`}),
      el("ul", {}, members.map((c) => el("li", {},
        el("span", {className: "cookie-name", text: c.name}),
        c.thirdParty ? el("span", {className: "tag", text: t("thirdPartyTag")}) : null,
        c.partitioned ? el("span", {className: "tag", text: t("partitionedTag")}) : null,
        el("div", {className: "small muted", text: [c.domain, c.vendor].filter(Boolean).join(" · ")}),
        c.purpose ? el("div", {className: "small", text: c.purpose}) : null,
        classified ? el("div", {className: "small muted", text: `${t("sourceLabel")} ${sourceName(c.source)}`}) : null,
      )))));
  }
}

function renderChoices() {
  // Without the host the switches show the last known defaults but cannot change anything.
  const disabled = !state.site || !state.hostReady;
  const effective = effectiveRule(state.rule, state.settings);
  const purposes = $("purposes");
  purposes.querySelectorAll(".row").forEach((row) => row.remove());
  for (const category of CATEGORIES) {
    const id = `purpose-${category}`;
    const input = el("input", {type: "checkbox", role: "switch", className: "switch", id,
                               "data-category": category});
    input.checked = category === "necessary" || effective.categories[category] !== "deny";
    input.disabled = disabled || category === "necessary";
    if (category === "necessary") input.title = t("necessaryLocked");
    purposes.append(el("div", {className: "row"}, el("label", {for: id, text: categoryName(category)}), input));
  }
  $("third-party").checked = effective.thirdParty === "allow";
  $("third-party").disabled = disabled;
  for (const radio of document.querySelectorAll("input[name=lifetime]")) {
    radio.checked = radio.value === effective.lifetime;
    radio.disabled = disabled;
  }
  $("delete-now").disabled = !state.site;
  $("reset-rule").disabled = disabled || !state.rule;
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
    showStatus(status, `${t("saveFailed")} ${error.message}`, true);
  }
  renderChoices();
}

async function loadRule() {
  try {
    state.settings = (await background.host("settings.get")).settings ?? state.settings;
  } catch (error) {
    state.hostReady = false;
    showStatus($("choices-status"), `${t("choicesUnavailable")} ${error.message}`, true);
    return;
  }
  try {
    // The host answers with the rule in force (its defaults when none is saved) and its key,
    // the site's registrable domain.
    const reply = await background.host("rules.get", {site: state.site});
    state.rule = reply.exists ? reply.rule : null;
    state.ruleSite = reply.rule?.site ?? null;
  } catch (error) {
    if (error.code !== "not_found") showStatus($("choices-status"), error.message, true);
    state.rule = null;
  }
}

function logEntry(e) {
  const action = e.action ?? "allow";
  return el("li", {},
    el("time", {datetime: Number.isFinite(e.time) ? new Date(e.time).toISOString() : undefined,
                text: formatTime(e.time)}),
    el("span", {className: `tag ${action}`, text: actionName(action)}), " ",
    el("span", {className: "cookie-name", text: e.name}),
    el("span", {className: "small muted", text: ` ${e.domain}`}),
    el("div", {className: "small", text: [categoryName(e.category ?? "unclassified"),
                                           e.vendor, e.site && $("log-scope").value === "all" ? e.site : null,
                                           e.thirdParty ? t("thirdPartyTag") : null].filter(Boolean).join(" · ")}),
    el("div", {className: "small muted", text: `${t("logRule")} ${e.rule ?? ""}`}));
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
    showStatus(status, `${t("logUnavailable")} ${error.message}`, true);
  }
}

async function refresh() {
  const {host, settings} = await background.status();
  state.hostReady = host.state === "ready";
  state.settings = settings;
  renderHostProblem($("host-problem"), host, async () => {
    await background.retry();
    setTimeout(refresh, 500); // give the new port time to say hello, then look again
  });
  const view = await background.siteView(state.tabId);
  state.site = view.site;
  $("site").textContent = view.site ?? t("noSite");
  $("blocked-count").textContent = view.badge > 0 ? t("removedOnTab", [String(view.badge)]) : "";
  renderCookies(view.cookies ?? [], view.classified !== false);
  if (view.classified === false && !view.classifyError && (view.cookies ?? []).length > 0) {
    $("cookie-groups").prepend(el("p", {className: "small muted", text: t("notSortedYet")}));
  }
  if (view.classifyError) {
    $("cookie-groups").prepend(el("p", {className: "small error", text: `${t("classifyFailed")} ${view.classifyError}`}));
  }
  if (view.site && host.state === "ready") await loadRule();
  if (host.state === "ready") await showMisdeclared($("misdeclared-count"), state.ruleSite ?? state.site, {host: background.host, t});
  renderChoices();
  await loadLog();
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
      showStatus($("choices-status"), error.message, true);
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
      renderCookies(view.cookies ?? [], view.classified !== false);
    } catch (error) {
      showStatus($("choices-status"), error.message, true);
    }
    button.disabled = false;
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
  else state.tabId = (await api.tabs.query({active: true, currentWindow: true}))[0]?.id ?? null;
  await refresh();
  document.body.dataset.ready = "true";
}

main().catch((error) => {
  showStatus($("choices-status"), `${t("errorUnknown")} ${error.message}`, true);
  document.body.dataset.ready = "error";
});
