// Helpers for the extension's pages (popup, options): translations, talking to the
// background, and small DOM builders. Pages never talk to the host themselves: the background
// owns the one native-messaging port.

import {outageKind} from "./host-outage.js";

export const api = globalThis.browser ?? globalThis.chrome;

export {CATEGORIES} from "./policy.js";

export function t(key, substitutions) {
  // Message names allow only letters, digits and "_": "allow-all" is looked up as "allow_all".
  const name = key.replace(/[^A-Za-z0-9_@]/g, "_");
  return api.i18n.getMessage(name, substitutions) || key;
}

// An error for people, in the interface's language: the message for its code (the host's
// own English message is shown only under "Advanced").
export function errorText(error) {
  const message = api.i18n.getMessage(`error_${String(error?.code ?? "internal").replace(/[^A-Za-z0-9_]/g, "_")}`);
  return message || t("error_internal");
}

// Fills elements marked data-i18n (their text) and data-i18n-ATTR (that attribute) with the
// messages they name.
export function localize(root = document) {
  document.documentElement.lang = api.i18n.getUILanguage().split("-")[0] || "en";
  for (const el of root.querySelectorAll("*")) {
    for (const {name, value} of [...el.attributes]) {
      if (name === "data-i18n") el.textContent = t(value);
      else if (name.startsWith("data-i18n-")) el.setAttribute(name.slice("data-i18n-".length), t(value));
    }
  }
}

export class RequestError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

async function ask(message) {
  const reply = await api.runtime.sendMessage(message);
  if (!reply?.ok) throw new RequestError(reply?.error?.code ?? "internal", reply?.error?.message ?? t("errorUnknown"));
  return reply;
}

export const background = {
  status: () => ask({type: "status"}),
  retry: () => ask({type: "retry"}),
  siteView: (tabId) => ask({type: "site.view", tabId}),
  deleteSiteNow: (site) => ask({type: "site.deleteNow", site}),
  host: (verb, params = {}) => ask({type: "host", verb, params}),
};

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

// Shows the outcome of a user action next to it: polite for success, assertive for errors.
export function showStatus(target, text, isError = false) {
  target.textContent = text;
  target.classList.toggle("error", isError);
  target.setAttribute("role", isError ? "alert" : "status");
}

export function categoryName(category) {
  return t(`category_${category}`);
}

export function sourceName(source) {
  return t(`source_${source ?? "none"}`);
}

export function actionName(action) {
  return t(`action_${action}`);
}

export function formatTime(value, {timeOnly = false} = {}) {
  const date = typeof value === "number" ? new Date(value < 1e12 ? value * 1000 : value) : new Date(value);
  if (Number.isNaN(date.getTime())) return "";
  return date.toLocaleString(api.i18n.getUILanguage(), timeOnly ? {timeStyle: "short"}
    : {dateStyle: "short", timeStyle: "medium"});
}

// Where the host writes its own log, per system (README "The host").
const HOST_LOG = {
  linux: "~/.local/share/cookie-warden/logs/cookie-warden-host.log",
  mac: "~/Library/Application Support/Cookie Warden/logs/cookie-warden-host.log",
  win: "%LOCALAPPDATA%\\Cookie Warden\\logs\\cookie-warden-host.log",
};

async function platform() {
  try {
    return (await api.runtime.getPlatformInfo()).os;
  } catch (_unknown) {
    return "linux";
  }
}

// A link to the install help for the user's system (the welcome page's install section).
export function installLink(os) {
  const known = ["linux", "win", "mac"].includes(os) ? os : "linux";
  return el("a", {href: api.runtime.getURL(`welcome/welcome.html#install-${known}`), target: "_blank",
                  text: t(`installFor_${known}`)});
}

// The host problem: not installed (how to install it on this system), installed but failing
// (run the doctor, where the log is) or the wrong version; what still works meanwhile; a
// retry. The browser's own words go under "Advanced". Shared by popup, options and welcome.
export async function renderHostProblem(container, status, onRetry) {
  const kind = outageKind(status);
  if (!kind) {
    container.replaceChildren();
    container.hidden = true;
    return;
  }
  const os = await platform();
  const retry = el("button", {type: "button", text: t("hostRetry")});
  retry.addEventListener("click", onRetry);
  const fix = {
    notInstalled: [el("p", {text: t("hostWhy")}), el("p", {}, installLink(os))],
    failing: [el("p", {}, t("hostFixDoctor"), " ", el("code", {text: "cookie-warden doctor"})),
              el("p", {className: "small"}, t("hostLogIs"), " ", el("code", {text: HOST_LOG[os] ?? HOST_LOG.linux}))],
    incompatible: [el("p", {text: t("hostFixIncompatible")})],
  }[kind];
  container.replaceChildren(
    el("h2", {text: t(`hostProblem_${kind}`)}),
    ...fix,
    el("p", {className: "muted", text: t("hostStillEnforcing")}),
    retry,
    status.error ? el("details", {className: "small muted"}, el("summary", {text: t("advanced")}),
                      el("p", {text: String(status.error)})) : null,
  );
  container.dataset.kind = kind;
  container.hidden = false;
}
