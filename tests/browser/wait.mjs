// Waiting on a condition with a deadline: the check runs again on every tick of a short
// interval until it returns something truthy or the deadline passes, when the wait fails
// naming what it waited for.
export async function waitFor(check, {what = "a condition", timeoutMs = 10_000, intervalMs = 100} = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}` +
                      (lastError ? ` (last error: ${lastError.message})` : ""));
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
