#pragma once
// Cookies and classifications as protocol JSON: the `cookies` entries of `classify` (and the
// cookie of `cookie.changed`), and the result objects of schema/protocol.schema.json.

#include "classify/classification.hpp"
#include "wire/protocol.hpp"

namespace cw {

// A cookie as the browser reports it. Throws ProtocolError(bad_request) naming the field.
// Reads name, domain, path, session, expirationDate, httpOnly, secure, sameSite, hostOnly
// and partitionKey.topLevelSite; the value, if present, is ignored and never kept.
CookieFacts cookie_from_json(const json& cookie);

// {category, source, thirdParty, vendor?, purpose?, manifest?}
json to_json(const Classification& c);

}  // namespace cw
