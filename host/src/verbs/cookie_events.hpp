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
#include <optional>
#include <string_view>
#include <vector>

#include "classify/classification.hpp"
#include "policy/decision.hpp"
#include "store/store_service.hpp"
#include "wire/dispatcher.hpp"
#include "wire/reply.hpp"

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

// The host a cookie is judged against (normalised; empty when there is none): its partition's
// top-level site, else the page's (`page_site`, empty when not given), else its own domain.
std::string judged_site_host(const CookieFacts& cookie, std::string_view page_site);

// Throws ProtocolError(bad_request) naming the field (`where` prefixes it, e.g. "events[3]").
CookieEvent parse_cookie_event(const json& event, const std::string& where);

struct DecidedEvent {
    Verdict verdict;
    Classification classification;
    std::string site;  // registrable domain
};

DecidedEvent decide_event(const CookieEvent& e, const StoreService& choices,
                          const ClassifyFn& classify);

// The verdict object of the reply, as JSON and as text (the same text its dump() gives).
json verdict_json(const DecidedEvent& d);
void append_verdict(std::string& out, const DecidedEvent& d);

// What the log says of a decided event, if it is logged at all.
using LogChoice = std::optional<Action> (*)(const CookieEvent& e, const DecidedEvent& d);

// As cookie.changed logs: the verdict's action, except for a removal reported by the browser
// (nothing to log).
std::optional<Action> log_as_changed(const CookieEvent& e, const DecidedEvent& d);

// Adds a decided event to the log's open batch as log_as_changed says; false when the store
// could not take it.
bool log_changed(const CookieEvent& e, const DecidedEvent& d, std::int64_t now,
                 StoreService& service);

struct JudgedEvents {
    json verdicts;  // verdict_json of each event, in order
    bool logged;    // every row `log_as` asked for went into the log's batch
};

// The loop the verbs on cookie events share: decides each event in order, collects its verdict
// and logs it as `log_as` says (all with one time stamp).
JudgedEvents judge_events(const std::vector<CookieEvent>& events, StoreService& service,
                          const ClassifyFn& classify, LogChoice log_as);

// The fast path of `cookie.changed` for the request browsers send most, one plain `event`
// (cookie_events_fast.cpp). Declines, untouched, whatever it does not fully understand.
bool serve_cookie_changed_fast(std::string_view payload, PendingReply& reply, StoreService& service,
                               const ClassifyFn& classify);

void register_cookie_events(Dispatcher& dispatcher, StoreService& service, ClassifyFn classify);

}  // namespace cw
