// The fast path of `cookie.changed`: one plain `event`, read straight from the frame's text
// into a CookieEvent (no JSON tree), and the reply written as text. It does exactly what the
// general path does for such a request, and nothing for any other: a batch, a field of the
// wrong type, a missing field, an escape or a non-ASCII byte in a string it keeps, a duplicate
// key, bad JSON... all decline before anything happens, and the general path answers (with its
// errors). tests/unit/cookie_events_fast_test.cpp holds the two paths to the same replies.

#include <spdlog/spdlog.h>

#include "verbs/cookie_events.hpp"
#include "wire/dispatcher.hpp"
#include "wire/json_scan.hpp"

namespace cw {
namespace {

constexpr int kSkipDepth = kFastSkipDepth;

// Reads `null` or a value of the field's type; `seen` catches duplicate keys (once()).
bool opt_string(JsonScanner& in, bool& seen, std::optional<std::string>& out) {
    if (!once(seen))
        return false;
    if (in.take_null()) {
        out.reset();
        return true;
    }
    std::string_view text;
    if (!in.string(text))
        return false;
    out.emplace(text);
    return true;
}

bool opt_bool(JsonScanner& in, bool& seen, std::optional<bool>& out) {
    if (!once(seen))
        return false;
    if (in.take_null()) {
        out.reset();
        return true;
    }
    bool value = false;
    if (!in.boolean(value))
        return false;
    out = value;
    return true;
}

bool read_partition_key(JsonScanner& in, CookieFacts& f) {
    if (in.take_null())
        return true;
    if (!in.begin_object())
        return false;
    bool seen_top = false;
    std::optional<std::string> top;
    std::string_view key;
    while (in.next_key(key)) {
        bool ok = key == "topLevelSite" ? opt_string(in, seen_top, top) : in.skip_value(kSkipDepth);
        if (!ok)
            return false;
    }
    if (in.failed())
        return false;
    f.partition_top_level_site = top.value_or("");  // partitioned, site perhaps unknown
    return true;
}

bool read_cookie(JsonScanner& in, CookieEvent& e) {
    if (!in.begin_object())
        return false;
    CookieFacts& f = e.cookie;
    std::optional<std::string> name, domain, path, store_id;
    bool seen[12] = {};
    std::string_view key;
    while (in.next_key(key)) {
        bool ok;
        if (key == "name") {
            ok = opt_string(in, seen[0], name);
        } else if (key == "domain") {
            ok = opt_string(in, seen[1], domain);
        } else if (key == "path") {
            ok = opt_string(in, seen[2], path);
        } else if (key == "session") {
            ok = opt_bool(in, seen[3], f.session);
        } else if (key == "expirationDate") {
            ok = once(seen[4]);
            if (ok && !in.take_null()) {
                double d = 0;
                ok = in.number(d);
                f.expiration_date = d;
            }
        } else if (key == "httpOnly") {
            ok = opt_bool(in, seen[5], f.http_only);
        } else if (key == "secure") {
            ok = opt_bool(in, seen[6], f.secure);
        } else if (key == "sameSite") {
            ok = opt_string(in, seen[7], f.same_site);
        } else if (key == "hostOnly") {
            ok = opt_bool(in, seen[8], f.host_only);
        } else if (key == "partitionKey") {
            ok = once(seen[9]) && read_partition_key(in, f);
        } else if (key == "storeId") {
            ok = opt_string(in, seen[10], store_id);
        } else {
            ok = in.skip_value(kSkipDepth);  // the value among them: never looked at
        }
        if (!ok)
            return false;
    }
    if (in.failed() || !name || !domain || domain->empty() || name->size() > 4096 ||
        domain->size() > 255) {
        return false;
    }
    f.name = std::move(*name);
    f.domain = std::move(*domain);
    f.path = path.value_or("/");
    e.store_id = store_id.value_or("");
    return true;
}

bool read_event(JsonScanner& in, CookieEvent& e) {
    if (!in.begin_object())
        return false;
    bool seen_cookie = false, seen_removed = false, seen_cause = false, seen_tab = false,
         seen_site = false;
    std::optional<bool> removed;
    std::optional<std::string> cause, site;
    std::string_view key;
    while (in.next_key(key)) {
        bool ok;
        if (key == "cookie") {
            ok = once(seen_cookie) && read_cookie(in, e);
        } else if (key == "removed") {
            ok = opt_bool(in, seen_removed, removed);
        } else if (key == "cause") {
            ok = opt_string(in, seen_cause, cause);
        } else if (key == "tabId") {
            ok = once(seen_tab);
            if (ok && !in.take_null()) {
                std::string_view text;
                bool integer = false;
                ok = in.number(text, integer) && plain_integer(text, integer);
            }
        } else if (key == "site") {
            ok = opt_string(in, seen_site, site);
        } else {
            ok = in.skip_value(kSkipDepth);
        }
        if (!ok)
            return false;
    }
    if (in.failed() || !seen_cookie)
        return false;
    e.removed = removed.value_or(false);
    e.site_host = judged_site_host(e.cookie, site ? std::string_view(*site) : std::string_view());
    return !e.site_host.empty();
}

// The request: {"id": <integer or plain string>, "type": "cookie.changed", "event": {...}}
// with any other members. `id_text` is the id as the reply writes it.
bool read_request(std::string_view payload, std::string_view& id_text, CookieEvent& e) {
    bool seen_event = false;
    bool ok = read_envelope(payload, "cookie.changed", id_text,
                            [&](std::string_view key, JsonScanner& in) {
                                if (key == "event")
                                    return once(seen_event) && read_event(in, e);
                                if (key == "events")
                                    return false;  // a batch, or both: the general path
                                return in.skip_value(kSkipDepth);
                            });
    return ok && seen_event;
}

}  // namespace

bool serve_cookie_changed_fast(std::string_view payload, PendingReply& reply, StoreService& service,
                               const ClassifyFn& classify) {
    std::string_view id_text;
    CookieEvent e;
    if (!read_request(payload, id_text, e))
        return false;
    // From here the request is taken: whatever happens is answered here, as the dispatcher
    // would answer it.
    try {
        DecidedEvent d = decide_event(e, service, classify);
        bool logged = log_changed(e, d, now_ms(), service);
        std::string& out = reply.text;
        out.clear();
        out.reserve(256 + id_text.size() + d.verdict.reason.size() + d.verdict.rule.size());
        out += "{\"id\":";
        out += id_text;
        out += ",\"logged\":";
        reply.logged_at = logged ? out.size() : std::string::npos;
        out += logged ? "true" : "false";
        out += ",\"ok\":true,\"verdict\":";
        append_verdict(out, d);
        out += '}';
    } catch (const std::exception& ex) {
        spdlog::error("handler for 'cookie.changed' failed: {}", ex.what());
        reply = render_reply(make_error(json::parse(id_text), ErrorCode::internal,
                                        "the host failed to handle this request"));
    }
    return true;
}

}  // namespace cw
