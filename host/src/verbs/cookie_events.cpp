#include "verbs/cookie_events.hpp"

#include "classify/domain.hpp"

namespace cw {
namespace {

[[noreturn]] void bad(const std::string& message) {
    throw ProtocolError(ErrorCode::bad_request, message);
}

std::optional<std::string> opt_string(const json& obj, const char* field,
                                      const std::string& where) {
    auto it = obj.find(field);
    if (it == obj.end() || it->is_null())
        return std::nullopt;
    if (!it->is_string())
        bad("'" + where + "." + field + "' must be a string");
    return it->get<std::string>();
}

std::optional<bool> opt_bool(const json& obj, const char* field, const std::string& where) {
    auto it = obj.find(field);
    if (it == obj.end() || it->is_null())
        return std::nullopt;
    if (!it->is_boolean())
        bad("'" + where + "." + field + "' must be true or false");
    return it->get<bool>();
}

// Whatever the browser calls it, the value stays in the request: only these fields are read.
CookieFacts parse_cookie(const json& c, const std::string& where) {
    if (!c.is_object())
        bad("'" + where + "' must be an object");
    CookieFacts f;
    auto name = opt_string(c, "name", where);
    auto domain = opt_string(c, "domain", where);
    if (!name)
        bad("'" + where + ".name' is required");
    if (!domain || domain->empty())
        bad("'" + where + ".domain' is required");
    if (name->size() > 4096 || domain->size() > 255)
        bad("'" + where + "' has an over-long name or domain");
    f.name = *name;
    f.domain = *domain;
    f.path = opt_string(c, "path", where).value_or("/");
    f.session = opt_bool(c, "session", where);
    if (auto it = c.find("expirationDate"); it != c.end() && !it->is_null()) {
        if (!it->is_number())
            bad("'" + where + ".expirationDate' must be a number");
        f.expiration_date = it->get<double>();
    }
    f.http_only = opt_bool(c, "httpOnly", where);
    f.secure = opt_bool(c, "secure", where);
    f.same_site = opt_string(c, "sameSite", where);
    f.host_only = opt_bool(c, "hostOnly", where);
    if (auto it = c.find("partitionKey"); it != c.end() && !it->is_null()) {
        if (!it->is_object())
            bad("'" + where + ".partitionKey' must be an object");
        f.partition_top_level_site = opt_string(*it, "topLevelSite", where + ".partitionKey");
        if (!f.partition_top_level_site)
            f.partition_top_level_site = "";  // partitioned, site unknown
    }
    return f;
}

LogEvent log_row(const CookieEvent& e, const DecidedEvent& d, std::int64_t now,
                 const StoreService& service, Action action) {
    LogEvent row;
    row.time_ms = now;
    row.browser = service.browser;
    row.site = d.site;
    row.name = e.cookie.name;
    row.domain = e.cookie.domain;
    row.path = e.cookie.path;
    row.store = e.store_id;
    row.partitioned = e.cookie.partition_top_level_site.has_value();
    row.third_party = d.classification.third_party;
    row.category = d.classification.category;
    row.vendor = d.classification.vendor;
    row.source = d.classification.source;
    row.action = action;
    row.rule = d.verdict.rule;
    row.platform = d.classification.platform;
    row.declared = d.classification.declared;
    return row;
}

}  // namespace

std::string judged_site_host(const CookieFacts& cookie, std::string_view page_site) {
    // The site a cookie is judged against: its partition's top-level site, else the page's,
    // else (a cookie seen without a page, e.g. at start-up) its own domain.
    if (cookie.partition_top_level_site && !cookie.partition_top_level_site->empty())
        return normalize_host(*cookie.partition_top_level_site);
    if (!page_site.empty())
        return normalize_host(page_site);
    return normalize_host(cookie.domain);
}

CookieEvent parse_cookie_event(const json& event, const std::string& where) {
    if (!event.is_object())
        bad("'" + where + "' must be an object");
    CookieEvent e;
    auto c = event.find("cookie");
    if (c == event.end())
        bad("'" + where + ".cookie' is required");
    e.cookie = parse_cookie(*c, where + ".cookie");
    e.store_id = opt_string(*c, "storeId", where + ".cookie").value_or("");
    e.removed = opt_bool(event, "removed", where).value_or(false);
    opt_string(event, "cause", where);  // checked for type only
    if (auto it = event.find("tabId");
        it != event.end() && !it->is_null() && !it->is_number_integer()) {
        bad("'" + where + ".tabId' must be an integer");
    }
    auto site = opt_string(event, "site", where);
    e.site_host = judged_site_host(e.cookie, site ? std::string_view(*site) : std::string_view());
    if (e.site_host.empty())
        bad("'" + where + ".site' is not a site name");
    return e;
}

DecidedEvent decide_event(const CookieEvent& e, const StoreService& choices,
                          const ClassifyFn& classify) {
    DecidedEvent d;
    d.site = registrable_domain_cached(e.site_host);
    d.classification = classify(e.site_host, e.cookie);
    std::string cookie_domain = registrable_domain_cached(normalize_host(e.cookie.domain));
    d.classification.third_party = cookie_domain != d.site;
    if (e.removed) {
        d.verdict = {Action::allow, "removed", "the cookie was removed; nothing to enforce"};
        return d;
    }
    bool persistent = e.cookie.expiration_date.has_value() && !e.cookie.session.value_or(false);
    d.verdict = decide(choices.settings(), choices.rule(d.site), d.site, d.classification,
                       cookie_domain, persistent);
    return d;
}

json verdict_json(const DecidedEvent& d) {
    json v{{"action", to_string(d.verdict.action)},
           {"category", to_string(d.classification.category)},
           {"source", to_string(d.classification.source)},
           {"thirdParty", d.classification.third_party},
           {"reason", d.verdict.reason},
           {"rule", d.verdict.rule},
           {"site", d.site}};
    if (!d.classification.vendor.empty())
        v["vendor"] = d.classification.vendor;
    if (!d.classification.platform.empty())
        v["platform"] = d.classification.platform;
    if (d.classification.declared)
        v["misdeclared"] = misdeclared_text(d.classification);
    if (!d.classification.detail.empty())
        v["detail"] = d.classification.detail;
    return v;
}

std::optional<Action> log_as_changed(const CookieEvent& e, const DecidedEvent& d) {
    if (e.removed)
        return std::nullopt;
    return d.verdict.action;
}

bool log_changed(const CookieEvent& e, const DecidedEvent& d, std::int64_t now,
                 StoreService& service) {
    auto action = log_as_changed(e, d);
    return !action || service.log(log_row(e, d, now, service, *action));
}

JudgedEvents judge_events(const std::vector<CookieEvent>& events, StoreService& service,
                          const ClassifyFn& classify, LogChoice log_as) {
    auto now = now_ms();
    JudgedEvents out{json::array(), true};
    for (const auto& e : events) {
        DecidedEvent d = decide_event(e, service, classify);
        out.verdicts.push_back(verdict_json(d));
        if (auto action = log_as(e, d))
            out.logged = service.log(log_row(e, d, now, service, *action)) && out.logged;
    }
    return out;
}

void append_verdict(std::string& out, const DecidedEvent& d) {
    // The keys in nlohmann's order (sorted), so that this equals verdict_json(d).dump().
    out += "{\"action\":";
    append_json_string(out, to_string(d.verdict.action));
    out += ",\"category\":";
    append_json_string(out, to_string(d.classification.category));
    if (!d.classification.detail.empty()) {
        out += ",\"detail\":";
        append_json_string(out, d.classification.detail);
    }
    if (d.classification.declared) {
        out += ",\"misdeclared\":";
        append_json_string(out, misdeclared_text(d.classification));
    }
    if (!d.classification.platform.empty()) {
        out += ",\"platform\":";
        append_json_string(out, d.classification.platform);
    }
    out += ",\"reason\":";
    append_json_string(out, d.verdict.reason);
    out += ",\"rule\":";
    append_json_string(out, d.verdict.rule);
    out += ",\"site\":";
    append_json_string(out, d.site);
    out += ",\"source\":";
    append_json_string(out, to_string(d.classification.source));
    out += d.classification.third_party ? ",\"thirdParty\":true" : ",\"thirdParty\":false";
    if (!d.classification.vendor.empty()) {
        out += ",\"vendor\":";
        append_json_string(out, d.classification.vendor);
    }
    out += '}';
}

namespace {

std::vector<CookieEvent> parse_events(const json& request) {
    std::vector<CookieEvent> events;
    const json& list = required_array(request, "events");
    if (list.size() > kMaxEventsPerRequest)
        bad("at most " + std::to_string(kMaxEventsPerRequest) + " events per request");
    for (std::size_t i = 0; i < list.size(); ++i)
        events.push_back(parse_cookie_event(list[i], "events[" + std::to_string(i) + "]"));
    return events;
}

}  // namespace

void register_cookie_events(Dispatcher& dispatcher, StoreService& service, ClassifyFn classify) {
    dispatcher.add_fast([&service, classify](std::string_view payload, PendingReply& reply) {
        return serve_cookie_changed_fast(payload, reply, service, classify);
    });
    dispatcher.add("cookie.changed", [&service, classify](const json& request) {
        std::vector<CookieEvent> events;
        bool batch = request.contains("events");
        if (batch == request.contains("event"))
            bad("give either 'event' or 'events'");
        if (batch)
            events = parse_events(request);
        else
            events.push_back(parse_cookie_event(request["event"], "event"));
        // Everything is valid: decide and log.
        auto [verdicts, logged] = judge_events(events, service, classify, log_as_changed);
        json result{{"logged", logged}};
        if (batch) {
            result["verdicts"] = std::move(verdicts);
        } else {
            result["verdict"] = std::move(verdicts[0]);
        }
        return result;
    });

    // Cookies the browser is about to store (Set-Cookie seen before the jar): the same decision
    // as cookie.changed, but a denied cookie is kept out rather than removed, so the log says
    // `blocked`. Allowed ones are not logged here: cookie.changed logs them once stored.
    dispatcher.add("cookie.incoming", [&service, classify](const json& request) {
        std::vector<CookieEvent> events = parse_events(request);
        for (auto& e : events) {
            if (e.removed)
                bad("an incoming cookie cannot be 'removed'");
        }
        auto judged =
            judge_events(events, service, classify, [](const CookieEvent&, const DecidedEvent& d) {
                return d.verdict.action == Action::remove ? std::optional<Action>(Action::blocked)
                                                          : std::nullopt;
            });
        return json{{"logged", judged.logged}, {"verdicts", std::move(judged.verdicts)}};
    });

    // Cookies already in the jar, judged again because the rules changed. The same decision as
    // cookie.changed, but only what the new rules take away (remove, session) is logged: a
    // cookie that may stay was logged when it arrived, and a settings change that re-judges a
    // whole jar must not fill the log with allows.
    dispatcher.add("cookie.recheck", [&service, classify](const json& request) {
        std::vector<CookieEvent> events = parse_events(request);
        for (auto& e : events) {
            if (e.removed)
                bad("a cookie to check again cannot be 'removed'");
        }
        auto [verdicts, logged] = judge_events(
            events, service, classify, [](const CookieEvent& e, const DecidedEvent& d) {
                return d.verdict.action != Action::allow ? log_as_changed(e, d) : std::nullopt;
            });
        return json{{"logged", logged}, {"verdicts", std::move(verdicts)}};
    });
}

}  // namespace cw
