// The toolbar badge: per tab, how many cookies were removed or blocked; over everything, a
// red "!" while the host is not reachable, so the user sees that protection is partial.

export function createBadge(action) {
  const counts = new Map(); // tabId -> number
  let hostProblem = false;

  // A tab's own badge text hides the global one, so the "!" is painted per tab as well.
  function paint(tabId) {
    const count = counts.get(tabId) ?? 0;
    const text = hostProblem ? "!" : count > 0 ? String(Math.min(count, 999)) : "";
    action.setBadgeText({tabId, text})
      .catch(() => counts.delete(tabId)); // the tab is gone
  }

  return {
    add(tabId, n = 1) {
      if (!Number.isInteger(tabId) || tabId < 0) return;
      counts.set(tabId, (counts.get(tabId) ?? 0) + n);
      paint(tabId);
    },
    count(tabId) {
      return counts.get(tabId) ?? 0;
    },
    // A new page in the tab starts a new count.
    reset(tabId) {
      counts.delete(tabId);
      paint(tabId);
    },
    forget(tabId) {
      counts.delete(tabId);
    },
    async setHostProblem(problem, title) {
      hostProblem = problem;
      await action.setTitle({title});
      await action.setBadgeBackgroundColor({color: problem ? "#b3261e" : "#3b5bdb"});
      await action.setBadgeText({text: problem ? "!" : ""});
      for (const tabId of counts.keys()) paint(tabId);
    },
  };
}
