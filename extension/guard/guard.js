// The document.cookie guard (docs/leaks.md). Runs in the page's own world at document_start,
// before any of the page's scripts, on pages of sites where a purpose is denied
// (background/guard-scripts.js registers it, after deny-<purpose>.js, catalogue-names.js and on a
// site with a shipped manifest manifest-<site>.js, which leave their data under a symbol that is
// removed here at once). A write of a cookie
// whose name the catalogue puts in a denied purpose is dropped, synchronously: it is never
// stored, so no request carries it. Everything else goes through untouched; the host still
// judges every cookie that is stored. Costs one property lookup per page until the page writes
// a cookie; the name lists are split on the first write.
(() => {
  const key = Symbol.for("cookie-warden.guard");
  const state = globalThis[key];
  delete globalThis[key];
  const deny = new Set(state?.deny ?? []);
  const catalogue = state?.catalogue;
  // On a site with a shipped manifest (manifest-<site>.js): its names first, and the catalogue
  // entries whose choice there differs from the general list.
  const site = state?.site;
  if (deny.size === 0 || !catalogue) return;

  const byName = (lists) => {
    const out = new Map();
    for (const [purpose, names] of Object.entries(lists)) for (const name of names.split("\n")) out.set(name, purpose);
    return out;
  };
  const own = (object, key) => (object && Object.hasOwn(object, key) ? object[key] : undefined);
  let exact = null;
  let siteExact = null;
  function purposeOf(name) {
    if (!exact) {
      exact = byName(catalogue.exact);
      siteExact = byName(site?.exact ?? {});
    }
    const declared = siteExact.get(name) ?? site?.prefixes.find(([prefix]) => name.startsWith(prefix))?.[1];
    if (declared) return declared;
    const listed = own(site?.catalogue.exact, name) ?? exact.get(name);
    if (listed && listed !== "none") return listed;
    for (const [prefix, purpose] of catalogue.prefixes) {
      if (!name.startsWith(prefix)) continue;
      const here = own(site?.catalogue.prefixes, prefix) ?? purpose;
      if (here !== "none") return here;
    }
    return undefined;
  }
  const denied = (name) => typeof name === "string" && name !== "" && deny.has(purposeOf(name));

  // Names dropped go to relay.js (the extension's side of the page) in one event per script
  // run, so that the log shows them (the host logs them as blocked). Taken now, before the
  // page's scripts could replace them.
  const doc = globalThis.document;
  const dispatch = globalThis.EventTarget?.prototype.dispatchEvent;
  const Custom = globalThis.CustomEvent;
  const later = globalThis.queueMicrotask;
  const stringify = JSON.stringify;
  let dropped = null;
  function report(name) {
    if (!doc || !dispatch || !Custom || !later) return;
    if (!dropped) {
      dropped = [];
      later(() => {
        const names = dropped;
        dropped = null;
        dispatch.call(doc, new Custom("cookie-warden-dropped", {detail: stringify(names)}));
      });
    }
    if (!dropped.includes(name)) dropped.push(name);
  }
  const drop = (name) => {
    if (!denied(name)) return false;
    report(name);
    return true;
  };

  // The name of "name=value; attributes" as the browser parses it (no "=": an empty name).
  function nameOf(text) {
    const pair = text.split(";", 1)[0];
    const eq = pair.indexOf("=");
    return eq < 0 ? "" : pair.slice(0, eq).trim();
  }

  const property = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  if (property?.set && property.configurable) {
    const write = property.set;
    const guarded = Object.getOwnPropertyDescriptor({
      set cookie(value) {
        if (!drop(nameOf(String(value)))) write.call(this, value);
      },
    }, "cookie").set;
    Object.defineProperty(Document.prototype, "cookie", {...property, set: guarded});
  }

  // The Cookie Store API (Chromium) writes cookies too: cookieStore.set(name, value) or
  // cookieStore.set({name, value, ...}). A denied one resolves without being stored.
  const store = globalThis.CookieStore?.prototype;
  if (store && typeof store.set === "function") {
    const set = store.set;
    store.set = {
      set(...args) {
        const name = typeof args[0] === "string" ? args[0] : args[0]?.name;
        return drop(name) ? Promise.resolve() : set.apply(this, args);
      },
    }.set;
  }
})();
