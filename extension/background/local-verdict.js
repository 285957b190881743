// What the extension decides on its own while the host is missing: only what the last known
// rules make certain without classifying — a site in block-all mode keeps no cookies. All
// else waits for the reconcile that follows the reconnect.

export function localVerdict(cache, cookie, site) {
  if (!site) return null;
  const rule = cache.ruleFor(site);
  if (rule?.mode === "block-all") {
    return {action: "remove", category: "unclassified", thirdParty: false,
            reason: "block-all (host unavailable)", rule: rule.site};
  }
  return null;
}
