// Test doubles shared by the extension's unit tests: a manual clock and a native-messaging port.

export function manualTimers() {
  let now = 0;
  let nextId = 1;
  const timers = new Map(); // id -> {at, fn}
  return {
    setTimer(fn, ms) {
      const id = nextId++;
      timers.set(id, {at: now + ms, fn});
      return id;
    },
    clearTimer(id) {
      timers.delete(id);
    },
    // Runs every timer due within `ms`, in time order.
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at);
        if (due.length === 0) break;
        const [id, t] = due[0];
        timers.delete(id);
        now = t.at;
        t.fn();
      }
      now = end;
    },
    get pending() {
      return [...timers.values()].map((t) => t.at - now);
    },
  };
}

function event() {
  const listeners = [];
  return {addListener: (fn) => listeners.push(fn), fire: (...args) => listeners.forEach((fn) => fn(...args))};
}

// A port whose host answers through `respond(message) -> reply | undefined`.
export function fakePort(respond) {
  const port = {
    sent: [],
    onMessage: event(),
    onDisconnect: event(),
    disconnected: false,
    postMessage(message) {
      if (port.disconnected) throw new Error("Attempting to use a disconnected port object");
      port.sent.push(message);
      const reply = respond(message);
      if (reply !== undefined) queueMicrotask(() => port.onMessage.fire(reply));
    },
    disconnect() {
      port.disconnected = true;
    },
    die(message) {
      port.disconnected = true;
      port.error = message ? {message} : undefined;
      port.onDisconnect.fire(port);
    },
  };
  return port;
}

export const settle = () => new Promise((resolve) => setImmediate(resolve));

// The browser API the background core (warden.js) touches, around a native-messaging `port`
// and a `cookies` double; everything else answers and does nothing.
export function fakeBrowserApi(port, cookies) {
  const quiet = async () => {};
  return {
    cookies,
    runtime: {connectNative: () => port, getManifest: () => ({version: "0.1.0"})},
    storage: {local: {get: async () => ({}), set: quiet}},
    declarativeNetRequest: {getDynamicRules: async () => [], updateDynamicRules: quiet},
    tabs: {query: async () => []},
    action: {setBadgeText: quiet, setTitle: quiet, setBadgeBackgroundColor: quiet},
    i18n: {getMessage: () => ""},
  };
}
