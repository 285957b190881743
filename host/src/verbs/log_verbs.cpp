#include "verbs/log_verbs.hpp"

#include "classify/domain.hpp"

namespace cw {

namespace {

// An upper bound on an event's size in the reply, without serialising it: every character of
// a string may become a six-byte \u escape; the field names and numbers fit in 320 bytes.
std::size_t worst_case_size(const LogEvent& e) {
    std::size_t text = e.browser.size() + e.site.size() + e.name.size() + e.domain.size() +
                       e.path.size() + e.store.size() + e.vendor.size() + e.rule.size();
    return 6 * text + 320;
}

}  // namespace

json log_page(Store& store, const json& params) {
    LogQuery q;
    if (auto site = optional_string(params, "site"))
        q.site = rule_key(*site);
    if (auto action = optional_string(params, "action")) {
        q.action = parse_action(*action);
        if (!q.action) {
            throw ProtocolError(ErrorCode::bad_request,
                                "'action' must be allow, remove or session");
        }
    }
    if (auto category = optional_string(params, "category")) {
        q.category = parse_category(*category);
        if (!q.category) {
            throw ProtocolError(ErrorCode::bad_request, "'category' is not a known category");
        }
    }
    q.since_ms = optional_integer(params, "since");
    q.before_id = optional_integer(params, "before");
    auto limit = optional_integer(params, "limit").value_or(100);
    if (limit < 1 || limit > kMaxLogPage) {
        throw ProtocolError(ErrorCode::bad_request,
                            "'limit' must be from 1 to " + std::to_string(kMaxLogPage));
    }
    // One extra row tells whether there is a next page.
    q.limit = static_cast<int>(limit) + 1;
    auto rows = store.query(q);
    json events = json::array();
    std::size_t bytes = 0;
    std::optional<std::int64_t> next;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (static_cast<std::int64_t>(i) == limit) {
            next = rows[i - 1].id;
            break;
        }
        bytes += worst_case_size(rows[i]);
        if (bytes > kLogPageBytes && i > 0) {
            next = rows[i - 1].id;  // long names: stop early, the rest is on the next page
            break;
        }
        events.push_back(to_json(rows[i]));
    }
    json result{{"events", std::move(events)}};
    if (next)
        result["next"] = *next;
    return result;
}

void register_log_verbs(Dispatcher& dispatcher, StoreService& service) {
    dispatcher.add("log.query", [&service](const json& request) {
        return service.read([&](Store& s) { return log_page(s, request); });
    });
    dispatcher.add("stats", [&service](const json& request) {
        std::optional<std::string> site;
        if (auto given = optional_string(request, "site"))
            site = rule_key(*given);
        json result = to_json(service.read([&](Store& s) { return s.stats(site); }));
        if (site)
            result["site"] = *site;
        result["unsaved"] = service.unsaved();
        return result;
    });
}

}  // namespace cw
