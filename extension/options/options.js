// The options page. Each form and button does its own error handling and shows its own status
// next to it, so one failing call does not hide the others.
import {background, CATEGORIES, categoryName, el, errorText, localize, renderHostProblem, showStatus, t}
  from "../common/page.js";
import {EMPTY_RULE, ruleWith} from "../common/rules.js";
import {exportDocument, parseImport} from "../common/transfer.js";

const $ = (id) => document.getElementById(id);
let rules = [];
let settings = null;

async function loadHost() {
  const {host} = await background.status();
  await renderHostProblem($("host-problem"), host, async () => {
    await background.retry();
    setTimeout(loadAll, 500); // give the new port time to say hello
  });
  const info = host.host ?? {};
  const rows = [
    [t("hostState"), t(`hostState_${host.state}`)],
    [t("hostVersion"), info.version ?? "–"],
    [t("hostProtocol"), info.protocol ?? "–"],
    [t("hostManifests"), info.manifests ?? "–"],
    [t("hostCatalogue"), info.catalogue ?? "–"],
  ];
  // Without the host nothing here can be read or saved: say so once, at the top, and disable.
  for (const button of document.querySelectorAll("form button, #export, #import-file")) {
    button.disabled = host.state !== "ready";
  }
  $("host-info").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", {text: k}), el("dd", {text: String(v)})]));
  return host.state === "ready";
}

function renderSettings() {
  const box = $("default-categories");
  box.querySelectorAll(".row, .help").forEach((row) => row.remove());
  for (const category of CATEGORIES) {
    const id = `default-${category}`;
    const select = el("select", {id, "data-category": category, "aria-describedby": `${id}-help`},
      el("option", {value: "allow", text: t("choice_allow")}),
      el("option", {value: "deny", text: t("choice_deny")}));
    select.value = settings.categories?.[category] ?? "allow";
    select.disabled = category === "necessary";
    box.append(el("div", {className: "row"}, el("label", {for: id, text: categoryName(category)}), select),
               el("p", {id: `${id}-help`, className: "small muted help", text: t(`purposeHelp_${category}`)}));
  }
  $("default-third-party").value = settings.thirdParty;
  $("default-lifetime").value = settings.lifetime;
  $("leave-grace").value = settings.leaveGraceSeconds ?? 15;
  $("retention-days").value = settings.logRetentionDays ?? 30;
  $("retention-max").value = settings.logMaxEvents ?? 1000000;
}

async function loadSettings() {
  try {
    settings = (await background.host("settings.get")).settings;
    renderSettings();
  } catch (error) {
    showStatus($("defaults-status"), `${t("loadFailed")} ${errorText(error)}`, true);
  }
}

async function saveSettings(patch, statusId) {
  try {
    settings = (await background.host("settings.set", {settings: patch})).settings ?? {...settings, ...patch};
    renderSettings();
    showStatus($(statusId), t("saved"));
  } catch (error) {
    showStatus($(statusId), `${t("saveFailed")} ${errorText(error)}`, true);
  }
}

function ruleSummary(rule) {
  const parts = [];
  if (rule.mode && rule.mode !== "default") parts.push(t(`mode_${rule.mode}`));
  for (const [category, choice] of Object.entries(rule.categories ?? {})) {
    parts.push(`${categoryName(category)}: ${t(`choice_${choice}`)}`);
  }
  if (rule.thirdParty && rule.thirdParty !== "default") parts.push(`${t("thirdPartyDefault")}: ${t(`thirdParty_${rule.thirdParty}`)}`);
  if (rule.allowThirdParty?.length) parts.push(`${t("allowedThirdParties")}: ${rule.allowThirdParty.join(", ")}`);
  if (rule.lifetime && rule.lifetime !== "default") parts.push(t(`lifetime_${rule.lifetime}`));
  return parts.join(" · ") || t("ruleDefaults");
}

function renderRules() {
  const query = $("rule-search").value.trim().toLowerCase();
  const shown = rules.filter((rule) => rule.site.includes(query));
  $("rules-body").replaceChildren(...shown.map((rule) => {
    // The accessible name starts with the visible text (WCAG 2.5.3) and names the site.
    const edit = el("button", {type: "button"}, t("edit"),
                    el("span", {className: "visually-hidden", text: t("editHidden", [rule.site])}));
    const reset = el("button", {type: "button", className: "danger"}, t("resetRule"),
                     el("span", {className: "visually-hidden", text: t("resetHidden", [rule.site])}));
    edit.addEventListener("click", () => openEditor(rule));
    reset.addEventListener("click", () => resetRule(rule.site));
    return el("tr", {}, el("th", {scope: "row", text: rule.site}), el("td", {text: ruleSummary(rule)}),
              el("td", {className: "actions"}, edit, " ", reset));
  }));
  // Its own line, so that reloading the table does not wipe the status of what was just done.
  $("rules-empty").hidden = shown.length > 0;
}

async function loadRules() {
  try {
    rules = ((await background.host("rules.list")).rules ?? []).sort((a, b) => a.site.localeCompare(b.site));
    renderRules();
  } catch (error) {
    showStatus($("rules-status"), `${t("loadFailed")} ${errorText(error)}`, true);
  }
}

async function resetRule(site) {
  try {
    await background.host("rules.delete", {site});
    showStatus($("rules-status"), t("ruleReset"));
    await loadRules();
  } catch (error) {
    showStatus($("rules-status"), errorText(error), true);
  }
}

// A labelled select whose option texts are the messages `${prefix}_${option}`.
function selectField(id, label, value, prefix, options) {
  const select = el("select", {id}, options.map((o) => el("option", {value: o, text: t(`${prefix}_${o}`)})));
  select.value = value;
  return [el("label", {for: id, text: label}), select];
}

function openEditor(rule) {
  const r = {...EMPTY_RULE, ...rule};
  const form = $("rule-editor");
  form.dataset.site = r.site;
  $("editor-heading").textContent = t("editRuleFor", [r.site]);
  const fields = [
    ...selectField("edit-mode", t("modeLabel"), r.mode, "mode", ["default", "allow-all", "block-all"]),
    ...CATEGORIES.filter((c) => c !== "necessary").flatMap((c) =>
      selectField(`edit-choice-${c}`, categoryName(c), r.categories?.[c] ?? "default", "choice", ["default", "allow", "deny"])),
    ...selectField("edit-thirdParty", t("thirdPartyDefault"), r.thirdParty, "thirdParty", ["default", "block", "allow"]),
    el("label", {for: "edit-allow", text: t("allowedThirdParties")}),
    el("input", {type: "text", id: "edit-allow", value: (r.allowThirdParty ?? []).join(", ")}),
    ...selectField("edit-lifetime", t("lifetimeLegend"), r.lifetime, "lifetime", ["default", "keep", "session", "leave"]),
  ];
  $("editor-fields").replaceChildren(...fields);
  form.hidden = false;
  $("edit-mode").focus();
}

async function saveEditor(event) {
  event.preventDefault();
  const site = $("rule-editor").dataset.site;
  const categories = {};
  for (const c of CATEGORIES.filter((x) => x !== "necessary")) {
    const v = $(`edit-choice-${c}`).value;
    if (v !== "default") categories[c] = v;
  }
  const rule = ruleWith(null, site, {
    mode: $("edit-mode").value, categories, thirdParty: $("edit-thirdParty").value,
    lifetime: $("edit-lifetime").value,
    allowThirdParty: $("edit-allow").value.split(/[\s,]+/).filter(Boolean),
  });
  try {
    await background.host("rules.set", {site, rule});
    $("rule-editor").hidden = true;
    $("new-rule-site").value = "";
    await loadRules();
    showStatus($("rules-status"), t("savedRuleFor", [site]));
  } catch (error) {
    showStatus($("rules-status"), `${t("saveFailed")} ${errorText(error)}`, true);
  }
}

async function loadManifests() {
  try {
    const {manifests = [], problems = []} = await background.host("manifests.list");
    $("manifests-body").replaceChildren(...manifests.map((m) => el("tr", {},
      el("th", {scope: "row"}, m.site, el("div", {className: "small muted", text: m.publisher ?? ""})),
      el("td", {}, m.policyUrl
        ? el("a", {href: m.policyUrl, target: "_blank", rel: "noopener noreferrer", text: m.policyUrl})
        : "–"),
      el("td", {text: m.reviewed || "–"}),
      el("td", {className: "small muted", text: `${t(`origin_${m.origin}`)}: ${m.file}`}))));
    const notes = problems.map((p) => `${t("manifestSkipped")} ${p.file} (${p.path}): ${p.message}`);
    if (manifests.length === 0) notes.unshift(t("manifestsNone"));
    showStatus($("manifests-status"), notes.join("\n"), problems.length > 0);
  } catch (error) {
    showStatus($("manifests-status"), `${t("loadFailed")} ${errorText(error)}`, true);
  }
}

async function exportRules() {
  try {
    const doc = exportDocument((await background.host("settings.get")).settings,
                               (await background.host("rules.list")).rules ?? []);
    const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], {type: "application/json"}));
    const link = el("a", {href: url, download: `cookie-warden-${new Date().toISOString().slice(0, 10)}.json`});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    showStatus($("transfer-status"), t("exported", [String(doc.rules.length)]));
  } catch (error) {
    showStatus($("transfer-status"), `${t("exportFailed")} ${errorText(error)}`, true);
  }
}

async function importRules(event) {
  const file = event.target.files?.[0];
  if (!file) return;
  try {
    const doc = parseImport(await file.text());
    // Like `cookie-warden import`: the file replaces every rule and the settings it names.
    if (doc.settings) await background.host("settings.set", {settings: doc.settings});
    for (const rule of doc.rules) await background.host("rules.set", {site: rule.site, rule});
    const kept = new Set(doc.rules.map((rule) => rule.site));
    for (const rule of (await background.host("rules.list")).rules ?? []) {
      if (!kept.has(rule.site)) await background.host("rules.delete", {site: rule.site});
    }
    showStatus($("transfer-status"), t("imported", [String(doc.rules.length)]));
    await Promise.all([loadSettings(), loadRules()]);
  } catch (error) {
    // Nothing was changed if the file did not parse; the host refuses a bad rule on its own.
    showStatus($("transfer-status"), `${t("importFailed")} ${errorText(error)}`, true);
  }
  event.target.value = "";
}

function wire() {
  $("defaults-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const categories = {};
    for (const select of $("default-categories").querySelectorAll("select")) {
      if (select.dataset.category !== "necessary") categories[select.dataset.category] = select.value;
    }
    saveSettings({categories, thirdParty: $("default-third-party").value, lifetime: $("default-lifetime").value,
                  leaveGraceSeconds: Number($("leave-grace").value)}, "defaults-status");
  });
  $("retention-form").addEventListener("submit", (event) => {
    event.preventDefault();
    saveSettings({logRetentionDays: Number($("retention-days").value),
                  logMaxEvents: Number($("retention-max").value)}, "retention-status");
  });
  $("rule-search").addEventListener("input", renderRules);
  $("add-rule-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const site = $("new-rule-site").value.trim().toLowerCase();
    if (site) openEditor(rules.find((r) => r.site === site) ?? {site});
  });
  $("rule-editor").addEventListener("submit", saveEditor);
  $("editor-cancel").addEventListener("click", () => { $("rule-editor").hidden = true; });
  $("export").addEventListener("click", exportRules);
  $("import-file").addEventListener("change", importRules);
}

// Without the host nothing below can be read: the one message at the top says why, instead of
// an error under every section.
async function loadAll() {
  const ready = await loadHost();
  for (const section of document.querySelectorAll(".needs-host")) section.hidden = !ready;
  if (!ready) return;
  await Promise.all([loadSettings(), loadRules(), loadManifests()]);
}

localize();
wire();
loadAll().finally(() => { document.body.dataset.ready = "true"; });
