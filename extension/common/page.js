// Helpers for the extension's pages (popup, options): translations, talking to the
// background, and small DOM builders. Pages never talk to the host themselves: the background
// owns the one native-messaging port.

import {hostOutage} from "./host-outage.js";

export const api = globalThis.browser ?? globalThis.chrome;

export {CATEGORIES} from "./policy.js";

export function t(key, substitutions) {
  // Message names allow only letters, digits and "_": "allow-all" is looked up as "allow_all".
  const name = key.replace(/[^A-Za-z0-9_@]/g, "_");
  return api.i18n.getMessage(name, substitutions) || key;
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

export function formatTime(value) {
  const date = typeof value === "number" ? new Date(value < 1e12 ? value * 1000 : value) : new Date(value);
  if (Number.isNaN(date.getTime())) return "";
  return date.toLocaleString(api.i18n.getUILanguage(), {dateStyle: "short", timeStyle: "medium"});
}

// The host-missing explanation and the fix, shared by popup and options.
export function renderHostProblem(container, status, onRetry) {
  container.replaceChildren();
  if (!hostOutage(status)) {
    container.hidden = true;
    return;
  }
  container.hidden = false;
  const heading = status.state === "incompatible" ? "hostIncompatible" : "hostMissing";
  const fix = status.state === "incompatible" ? "hostFixIncompatible" : "hostFixInstall";
  const retry = el("button", {type: "button", text: t("hostRetry")});
  retry.addEventListener("click", onRetry);
  container.append(
    el("h2", {text: t(heading)}),
    el("p", {text: t(fix)}),
    el("p", {className: "muted", text: t("hostStillEnforcing")}),
    status.error ? el("p", {className: "muted small", text: `${t("hostErrorDetail")} ${status.error}`}) : null,
    retry,
  );
}
