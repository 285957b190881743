// A small WebDriver BiDi client: Firefox's remote protocol, reached with
// `--remote-debugging-port`. Only commands (id → reply) are needed here; events are ignored.
// Uses the `ws` package, as Debian 12's Node.js 18 has no WebSocket of its own.
import WebSocket from "ws";

export async function connectBidi(url, {timeoutMs = 30_000} = {}) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no WebDriver BiDi connection to ${url} within ${timeoutMs} ms`)), timeoutMs);
    socket.once("open", () => { clearTimeout(timer); resolve(); });
    socket.once("error", (error) => { clearTimeout(timer); reject(error); });
  });
  let next = 0;
  const pending = new Map(); // id -> {resolve, reject, timer}
  const failAll = (error) => {
    for (const {reject, timer} of pending.values()) {
      clearTimeout(timer);
      reject(error);
    }
    pending.clear();
  };
  socket.on("message", (data) => {
    const message = JSON.parse(String(data));
    const waiter = message.id === undefined ? null : pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    clearTimeout(waiter.timer);
    if (message.type === "error") waiter.reject(new Error(`${waiter.method}: ${message.error}: ${message.message}`));
    else waiter.resolve(message.result);
  });
  socket.on("close", () => failAll(new Error("the WebDriver BiDi connection closed")));
  socket.on("error", (error) => failAll(error));

  return {
    // Sends one command; resolves with its result or rejects with the browser's error.
    send(method, params = {}, commandTimeoutMs = 30_000) {
      const id = ++next;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${method}: no answer within ${commandTimeoutMs} ms`));
        }, commandTimeoutMs);
        pending.set(id, {resolve, reject, timer, method});
        socket.send(JSON.stringify({id, method, params}));
      });
    },
    close() {
      socket.close();
    },
  };
}

// The plain value of a script.evaluate result (strings, numbers, booleans, null); a thrown
// exception becomes a rejected promise.
export function evaluated(result) {
  if (result.type === "exception") throw new Error(`script failed: ${result.exceptionDetails?.text}`);
  return result.result?.value ?? null;
}
