// Reconnect delays for the native host: grow geometrically up to a cap, with jitter so that
// several browsers on one machine do not retry in lock-step. reset() after a good connection.

export function createBackoff({initialMs = 500, maxMs = 60_000, factor = 2, jitter = 0.2,
                               random = Math.random} = {}) {
  let attempt = 0;
  return {
    next() {
      const base = Math.min(maxMs, initialMs * factor ** attempt);
      attempt += 1;
      const spread = base * jitter * (2 * random() - 1);
      return Math.max(0, Math.round(Math.min(maxMs, base + spread)));
    },
    reset() {
      attempt = 0;
    },
    get attempts() {
      return attempt;
    },
  };
}
