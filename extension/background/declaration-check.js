// Checks what the page-world reader (declaration-reader.js) returned against
// schema/declaration.schema.json before it goes to the host. The page can shape the objects the
// reader looks at, and a page script could even replace the reader's answer, so nothing of it is
// trusted: every field is checked, anything unknown is refused. The unit tests hold this check
// and the schema to the same answers (tests/extension/declaration.test.mjs).

export const PLATFORMS = ["cookiebot", "onetrust", "cookieinformation"];
export const MAX_COOKIES = 2000;

/* eslint-disable no-control-regex -- refusing control characters is the point */
const NAME = /^[^\u0000-\u0020\u007f;,=]{1,256}$/;
const PURPOSE = /^[^\u0000-\u001f\u007f]{0,500}$/;
const URL = /^https:\/\/[^\u0000-\u0020\u007f]{1,1992}$/;
/* eslint-enable no-control-regex */
const GROUP = /^[A-Za-z0-9_-]{1,40}$/;
const LABEL = "[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?";
const HOST = new RegExp(`^(?=.{1,253}$)${LABEL}(\\.${LABEL})*$`);

const plain = (value) => value !== null && typeof value === "object" && !Array.isArray(value) &&
  Object.getPrototypeOf(value) === Object.prototype;
const onlyKeys = (value, allowed) => Object.keys(value).every((key) => allowed.includes(key));

function checkCookie(cookie, i) {
  const where = `cookies[${i}]`;
  if (!plain(cookie) || !onlyKeys(cookie, ["name", "domain", "group", "purpose"])) return `${where}: not a declared cookie`;
  if (typeof cookie.name !== "string" || !NAME.test(cookie.name)) return `${where}.name: not a cookie name`;
  if (typeof cookie.group !== "string" || !GROUP.test(cookie.group)) return `${where}.group: not a group id`;
  if (cookie.domain !== undefined && (typeof cookie.domain !== "string" || !HOST.test(cookie.domain))) {
    return `${where}.domain: not a host name`;
  }
  if (cookie.purpose !== undefined && (typeof cookie.purpose !== "string" || !PURPOSE.test(cookie.purpose))) {
    return `${where}.purpose: not a short text`;
  }
  return null;
}

// {declaration} (a fresh copy holding only the known fields) or {error}.
export function checkDeclaration(value) {
  if (!plain(value) || !onlyKeys(value, ["platform", "policyUrl", "truncated", "cookies"])) {
    return {error: "not a declaration"};
  }
  if (!PLATFORMS.includes(value.platform)) return {error: "platform: not a known consent platform"};
  if (value.policyUrl !== undefined && (typeof value.policyUrl !== "string" || !URL.test(value.policyUrl))) {
    return {error: "policyUrl: not an https address"};
  }
  if (value.truncated !== undefined && typeof value.truncated !== "boolean") return {error: "truncated: not true or false"};
  if (!Array.isArray(value.cookies) || value.cookies.length > MAX_COOKIES) {
    return {error: `cookies: not a list of at most ${MAX_COOKIES}`};
  }
  for (let i = 0; i < value.cookies.length; i += 1) {
    const problem = checkCookie(value.cookies[i], i);
    if (problem) return {error: problem};
  }
  const copy = (c) => ({name: c.name, group: c.group, ...(c.domain ? {domain: c.domain} : {}),
                        ...(c.purpose ? {purpose: c.purpose} : {})});
  return {declaration: {platform: value.platform, ...(value.policyUrl ? {policyUrl: value.policyUrl} : {}),
                        ...(value.truncated ? {truncated: true} : {}), cookies: value.cookies.map(copy)}};
}
