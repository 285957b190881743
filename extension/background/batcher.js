// Collects items that arrive close together and sends them as one request. Each add() gets a
// promise for its own result, so callers stay simple; a failed send rejects every item in it.

export function createBatcher({send, maxSize = 200, delayMs = 25,
                               setTimer = setTimeout, clearTimer = clearTimeout}) {
  let pending = [];
  let timer = null;

  function flush() {
    if (timer !== null) {
      clearTimer(timer);
      timer = null;
    }
    if (pending.length === 0) return Promise.resolve();
    const batch = pending;
    pending = [];
    return Promise.resolve()
      .then(() => send(batch.map((entry) => entry.item)))
      .then((results) => {
        if (!Array.isArray(results) || results.length !== batch.length) {
          throw new Error(`expected ${batch.length} results, got ${results?.length ?? "none"}`);
        }
        batch.forEach((entry, i) => entry.resolve(results[i]));
      })
      .catch((error) => batch.forEach((entry) => entry.reject(error)));
  }

  return {
    add(item) {
      return new Promise((resolve, reject) => {
        pending.push({item, resolve, reject});
        if (pending.length >= maxSize) flush();
        else if (timer === null) timer = setTimer(flush, delayMs);
      });
    },
    flush,
    get size() {
      return pending.length;
    },
  };
}
