// declarativeNetRequest rules that keep third-party cookies out of the jar before they are
// stored (Set-Cookie dropped) and stop them being sent (Cookie dropped). The cookies.onChanged
// path catches whatever slips past: DNR judges "third party" against the requesting frame,
// not the top-level site (PLATFORM.md), and matches by host without the Public Suffix List.

// Top-level navigations are left alone: following a link to another site must keep its cookies.
export const RESOURCE_TYPES = ["sub_frame", "stylesheet", "script", "image", "font", "object",
                               "xmlhttprequest", "ping", "csp_report", "media", "websocket",
                               "other"];

// Chrome allows 5,000 dynamic header rules; stay well inside so a huge rule set cannot fail.
export const MAX_RULES = 4_000;

// `setCookie: false` (Firefox): the rules only keep cookies from being sent. Firefox applies
// them before any webRequest listener sees the response, so a Set-Cookie line they dropped
// would never be logged; there the blocking header filter (request-filter.js) drops the same
// lines itself and tells the host.
function stripAction(setCookie) {
  return {
    type: "modifyHeaders",
    ...(setCookie ? {responseHeaders: [{header: "set-cookie", operation: "remove"}]} : {}),
    requestHeaders: [{header: "cookie", operation: "remove"}],
  };
}

export function buildDnrRules(policy, {setCookie = true} = {}) {
  const rules = [];
  let id = 1;
  const strip = (condition) => rules.push({
    id: id++, priority: 1, action: stripAction(setCookie),
    condition: {domainType: "thirdParty", resourceTypes: RESOURCE_TYPES, ...condition},
  });
  if (policy.globalBlock) {
    strip(policy.exempt.length > 0 ? {excludedInitiatorDomains: policy.exempt} : {});
  } else if (policy.blocked.length > 0) {
    strip({initiatorDomains: policy.blocked});
  }
  // An allow rule of higher priority keeps lower-priority header rules from applying.
  for (const {site, domains} of policy.allowLists) {
    if (rules.length >= MAX_RULES) break;
    rules.push({
      id: id++, priority: 2, action: {type: "allow"},
      condition: {domainType: "thirdParty", resourceTypes: RESOURCE_TYPES,
                  initiatorDomains: [site], requestDomains: domains},
    });
  }
  return rules;
}

// Replaces the extension's dynamic rules with `rules` in one update. Dynamic rules outlive the
// service worker and the browser session, so blocking goes on while the host is missing.
export async function installDnrRules(dnr, rules) {
  const existing = await dnr.getDynamicRules();
  await dnr.updateDynamicRules({removeRuleIds: existing.map((rule) => rule.id), addRules: rules});
}
