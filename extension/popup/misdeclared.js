// The popup's one line on misdeclared cookies: how many cookies the site's own declaration
// calls necessary although they are known trackers (docs/declarations.md). Counted from the
// site's newest log events, since such cookies are usually gone from the jar.

const LOOK_AT = 500;

// Distinct cookie names among log events flagged misdeclared.
export function misdeclaredCount(events) {
  return new Set((events ?? []).filter((e) => typeof e?.misdeclared === "string").map((e) => e.name)).size;
}

// Fills `element` with the line for `site` (a registrable domain), or empties it.
export async function showMisdeclared(element, site, {host, t}) {
  element.textContent = "";
  if (!site) return;
  try {
    const reply = await host("log.query", {site, limit: LOOK_AT});
    const count = misdeclaredCount(reply.events);
    if (count > 0) element.textContent = t("misdeclaredOnSite", [String(count)]);
  } catch (error) {
    // The log panel below says why the log cannot be read; this line just stays empty.
    console.warn("Cookie Warden: misdeclared count", error.message);
  }
}
