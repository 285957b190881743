// The connection to the native host: one port, request/reply matched by id, pushes handed on,
// and a reconnect with back-off whenever the host is missing or dies. States:
//   connecting → ready, or → missing (never answered) / failed (died) / incompatible (protocol).

import {createBackoff} from "./backoff.js";

export const PROTOCOL_VERSION = 1;
export const HOST_NAME = "dk.cookiewarden.host";
const REQUEST_TIMEOUT_MS = 15_000;

export class HostError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "HostError";
    this.code = code;
  }
}

export function createHostClient({connect, hello = {}, onPush = () => {}, onState = () => {},
                                  backoff = createBackoff(), setTimer = setTimeout,
                                  clearTimer = clearTimeout,
                                  requestTimeoutMs = REQUEST_TIMEOUT_MS}) {
  let port = null;
  let nextId = 1;
  const pending = new Map(); // id -> {resolve, reject, timer}
  let status = {state: "idle", error: null, host: null};
  let retryTimer = null;
  let everReady = false;
  let stopped = false;

  function setStatus(update) {
    status = {...status, ...update};
    onState(status);
  }

  function failAll(code, message) {
    for (const [id, entry] of pending) {
      clearTimer(entry.timer);
      entry.reject(new HostError(code, message));
      pending.delete(id);
    }
  }

  function scheduleReconnect() {
    if (stopped || retryTimer !== null) return;
    const delay = backoff.next();
    setStatus({retryInMs: delay});
    retryTimer = setTimer(() => {
      retryTimer = null;
      open();
    }, delay);
  }

  function onMessage(message) {
    if (message && message.id !== undefined && message.id !== null && pending.has(message.id)) {
      const entry = pending.get(message.id);
      pending.delete(message.id);
      clearTimer(entry.timer);
      if (message.ok) entry.resolve(message);
      else entry.reject(new HostError(message.error?.code ?? "internal",
                                      message.error?.message ?? "The host refused the request."));
    } else if (message && typeof message.type === "string" && message.id === undefined) {
      onPush(message);
    } else {
      console.warn("Cookie Warden: unexpected message from the host", message?.id);
    }
  }

  function onDisconnect(thisPort, error) {
    if (port !== thisPort) return;
    port = null;
    const message = error || "The host closed the connection.";
    failAll("unavailable", message);
    const wasReady = status.state === "ready";
    if (status.state !== "incompatible") {
      setStatus({state: wasReady || everReady ? "failed" : "missing", error: message});
    }
    scheduleReconnect();
  }

  function send(type, params = {}) {
    if (!port) return Promise.reject(new HostError("unavailable", status.error ?? "Not connected."));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimer(() => {
        pending.delete(id);
        reject(new HostError("timeout", `The host did not answer "${type}" in time.`));
      }, requestTimeoutMs);
      pending.set(id, {resolve, reject, timer});
      try {
        port.postMessage({...params, id, type});
      } catch (error) {
        pending.delete(id);
        clearTimer(timer);
        reject(new HostError("unavailable", String(error?.message ?? error)));
      }
    });
  }

  async function greet(thisPort) {
    try {
      const reply = await send("hello", hello);
      if (port !== thisPort) return;
      if (reply.protocol !== PROTOCOL_VERSION) {
        setStatus({state: "incompatible", host: reply,
                   error: `The host speaks protocol ${reply.protocol}; this extension needs ${PROTOCOL_VERSION}.`});
        stopped = true; // retrying cannot help until one side is updated
        thisPort.disconnect();
        port = null;
        return;
      }
      backoff.reset();
      everReady = true;
      setStatus({state: "ready", host: reply, error: null, retryInMs: null});
    } catch (error) {
      // The disconnect handler has already recorded why; a timeout leaves the port to retry.
      if (error.code === "timeout" && port === thisPort) {
        thisPort.disconnect();
        onDisconnect(thisPort, error.message);
      }
    }
  }

  function open() {
    if (stopped || port) return;
    setStatus({state: "connecting"});
    let thisPort;
    try {
      thisPort = connect();
    } catch (error) {
      setStatus({state: "missing", error: String(error?.message ?? error)});
      scheduleReconnect();
      return;
    }
    port = thisPort;
    thisPort.onMessage.addListener(onMessage);
    thisPort.onDisconnect.addListener((p) => {
      // Chromium reports the reason in runtime.lastError, Firefox in port.error.
      const reason = p?.error?.message ?? globalThis.chrome?.runtime?.lastError?.message;
      onDisconnect(thisPort, reason);
    });
    greet(thisPort);
  }

  return {
    start: open,
    get status() {
      return status;
    },
    // Resolves with the reply (ok: true) or rejects with a HostError.
    request(type, params) {
      if (status.state !== "ready") {
        return Promise.reject(new HostError("unavailable", status.error ?? "The host is not connected."));
      }
      return send(type, params);
    },
    // Connect now instead of waiting out the back-off (the popup's "try again").
    retry() {
      stopped = false;
      if (retryTimer !== null) {
        clearTimer(retryTimer);
        retryTimer = null;
      }
      backoff.reset();
      open();
    },
  };
}
