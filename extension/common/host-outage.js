// Whether the user should be told that the host is out of reach. A "connecting" that follows a
// failure is one more attempt of the back-off (the status still holds the failure's error):
// the outage lasts through it. Only the first connection at start-up, with no error yet,
// is not an outage.
export function hostOutage(status) {
  if (!status || status.state === "ready") return false;
  return status.state !== "connecting" || Boolean(status.error);
}

// What the browser says when no host manifest is registered: Chromium "Specified native
// messaging host not found.", Firefox "No such native application dk.cookiewarden.host".
const NOT_INSTALLED = /not found|no such native application/i;

// Which outage it is, for what to tell the user: "incompatible" (update), "notInstalled"
// (install it), "failing" (installed, but exits or does not answer: run the doctor); null
// while there is none.
export function outageKind(status) {
  if (!hostOutage(status)) return null;
  if (status.state === "incompatible") return "incompatible";
  if (NOT_INSTALLED.test(String(status.error ?? ""))) return "notInstalled";
  return "failing";
}
