// Carries the names of cookie writes the document.cookie guard dropped (guard/guard.js, in the
// page's world, announces each as a "cookie-warden-dropped" event) to the background, which asks
// the host to log those of a purpose the site's banner was refused (afterRefusal): a site that
// tries to set _ga after being told no is on record even though the write never happened.
// Isolated world, document_start, top frame; names only, at most MAX_NAMES a page.
(function () {
  "use strict";
  const MAX_NAMES = 50;
  const api = globalThis.browser ?? globalThis.chrome;
  if (!api?.runtime?.id || window !== window.top) return;
  let pending = [];
  let sent = 0;
  let timer = null;
  document.addEventListener("cookie-warden-dropped", (event) => {
    const name = typeof event.detail === "string" ? event.detail.slice(0, 256) : "";
    if (!name || sent + pending.length >= MAX_NAMES) return;
    pending.push(name);
    timer ??= setTimeout(() => {
      timer = null;
      const names = pending;
      pending = [];
      sent += names.length;
      Promise.resolve(api.runtime.sendMessage({type: "consent.dropped", names})).catch(() => {});
    }, 100);
  });
})();
