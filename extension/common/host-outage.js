// Whether the user should be told that the host is out of reach. A "connecting" that follows a
// failure is one more attempt of the back-off (the status still holds the failure's error):
// the outage lasts through it. Only the first connection at start-up, with no error yet,
// is not an outage.
export function hostOutage(status) {
  if (!status || status.state === "ready") return false;
  return status.state !== "connecting" || Boolean(status.error);
}
