// The extension's side of every page (a content script in its own world, at document_start):
// passes the cookie names the document.cookie guard (guard.js, in the page's world) dropped to
// the background, which has the host judge and log them. A page can send this event too; it
// can only make the host judge names on its own site, and at most MAX of them per page.
(() => {
  const MAX = 100;
  const seen = new Set();
  const runtime = (globalThis.browser ?? globalThis.chrome).runtime;
  document.addEventListener("cookie-warden-dropped", (event) => {
    let names;
    try {
      names = JSON.parse(event.detail);
    } catch (_notOurs) {
      return;
    }
    if (!Array.isArray(names)) return;
    const fresh = names.filter((n) => typeof n === "string" && n && n.length <= 256 && !seen.has(n))
      .slice(0, Math.max(0, MAX - seen.size));
    if (fresh.length === 0) return;
    for (const name of fresh) seen.add(name);
    Promise.resolve(runtime.sendMessage({type: "guard.dropped", names: fresh}))
      .catch((error) => console.warn("Cookie Warden: cannot report dropped cookies", error));
  });
})();
