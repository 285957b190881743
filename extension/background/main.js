// Background entry point (Chromium service worker, Firefox background script). Every listener
// is registered synchronously here, before anything is awaited: a stopped service worker is
// woken by an event and only sees it if the listener exists on the first turn. Listeners wait
// on `ready` (saved rules loaded, host connection started) before they act.

import {api, isFirefox} from "./api.js";
import {createWarden} from "./warden.js";
import {handlePageMessage} from "./page-messages.js";
import {RESOURCE_TYPES} from "./dnr-rules.js";

const warden = createWarden({api, isFirefox});
const ready = warden.start();

// Once started, events go straight to the handler: a page setting 200 cookies fires 400
// cookies.onChanged events, and each turn through a promise adds to what the page waits for.
let started = false;
ready.then(() => { started = true; }, () => {});

function whenReady(what, fn) {
  const fail = (error) => console.error(`Cookie Warden: ${what}`, error);
  return (...args) => {
    if (!started) {
      ready.then(() => fn(...args)).catch(fail);
      return;
    }
    try {
      Promise.resolve(fn(...args)).catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}

api.cookies.onChanged.addListener(whenReady("cookie change", warden.cookieChanged));
api.webRequest.onBeforeRequest.addListener(whenReady("request", warden.requestSeen),
                                           {urls: ["<all_urls>"]});
// Chromium shows Set-Cookie to webRequest only with extraHeaders, an option Firefox lacks.
const responseOptions = api.webRequest.OnHeadersReceivedOptions?.EXTRA_HEADERS
  ? ["responseHeaders", "extraHeaders"] : ["responseHeaders"];
// Only what a page loads: the badge counts third-party cookies, never those of a navigation.
api.webRequest.onHeadersReceived.addListener(whenReady("response", warden.responseSeen),
                                             {urls: ["<all_urls>"], types: RESOURCE_TYPES},
                                             responseOptions);
// Firefox keeps blocking webRequest in MV3: denied cookies are taken out of the headers before
// the browser stores (Set-Cookie) or sends (Cookie) them. A response waits for the saved state
// (a storage read): the third-party Set-Cookie lines are this filter's to drop in Firefox, not
// the DNR rules' (dnr-rules.js). A request before it passes unchanged; DNR drops third-party
// Cookie headers and the reactive path covers the rest.
if (isFirefox) {
  const filterResponse = (details) => warden.filterResponse(details).catch((error) => {
    console.error("Cookie Warden: response headers", error);
    return {};
  });
  api.webRequest.onHeadersReceived.addListener(
    (details) => (started ? filterResponse(details) : ready.then(() => filterResponse(details), () => ({}))),
    {urls: ["<all_urls>"]}, ["blocking", "responseHeaders"]);
  api.webRequest.onBeforeSendHeaders.addListener(
    (details) => (started ? warden.filterRequest(details) : {}),
    {urls: ["<all_urls>"]}, ["blocking", "requestHeaders"]);
}
api.tabs.onUpdated.addListener(whenReady("tab update", warden.tabUpdated));
// A loaded page's own cookie declaration, read from its consent platform (declarations.js).
api.tabs.onUpdated.addListener(whenReady("declaration", warden.pageLoaded));
api.tabs.onRemoved.addListener(whenReady("tab close", warden.tabRemoved));

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  ready
    .then(() => handlePageMessage(warden.pages, message, sender))
    .then((result) => sendResponse({ok: true, ...result}))
    .catch((error) => sendResponse({ok: false, error: {code: error.code ?? "internal",
                                                       message: String(error.message ?? error)}}));
  return true; // answer asynchronously (works in both browsers)
});

// Nothing to do on these but wake up: start() above already runs on every wake.
api.runtime.onStartup.addListener(() => {});
// A first install opens the welcome page (extension/welcome/): the host check, the defaults in
// plain words, install help. Updates and browser updates open nothing.
api.runtime.onInstalled.addListener((details) => {
  if (details?.reason !== "install") return;
  Promise.resolve(api.tabs.create({url: api.runtime.getURL("welcome/welcome.html")}))
    .catch((error) => console.error("Cookie Warden: cannot open the welcome page", error));
});
