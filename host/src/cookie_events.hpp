#pragma once
// The `cookie.changed` verb: a cookie the browser stored or removed, one (`event`) or many
// (`events`), answered with a verdict each. The classifier is passed in, so this unit does not
// depend on how classification works (tests give a fake one).
//
// The cookie's value, if a request carries one, is never read: only the fields below are
// copied out of the request, before anything is logged.
// Removed cookies (`removed: true`) are answered but not logged: removals are the browser's
// book-keeping (expiry, overwrite, our own enforcement), not decisions, and logging them would
// double every update. Their verdict is `allow` with rule `removed`: there is nothing to enforce.

#include <functional>
#include <string_view>

#include "classification.hpp"
#include "decision.hpp"
#include "dispatcher.hpp"
#include "store_service.hpp"

namespace cw {

using ClassifyFn = std::function<Classification(std::string_view site, const CookieFacts& cookie)>;

// Most events one request may carry (keeps every reply far under the 1 MiB frame limit).
inline constexpr std::size_t kMaxEventsPerRequest = 1000;

// One event as taken from the request, value dropped.
struct CookieEvent {
    CookieFacts cookie;
    std::string store_id;
    bool removed = false;
    std::string site_host;  // top-level host the event is judged against
};

// Throws ProtocolError(bad_request) naming the field (`where` prefixes it, e.g. "events[3]").
CookieEvent parse_cookie_event(const json& event, const std::string& where);

struct DecidedEvent {
    Verdict verdict;
    Classification classification;
    std::string site;  // registrable domain
};

DecidedEvent decide_event(const CookieEvent& e, const StoreService& choices,
                          const ClassifyFn& classify);

// The verdict object of the reply.
json verdict_json(const DecidedEvent& d);

void register_cookie_events(Dispatcher& dispatcher, StoreService& service, ClassifyFn classify);

}  // namespace cw
