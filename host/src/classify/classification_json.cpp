#include "classify/classification_json.hpp"

namespace cw {

CookieFacts cookie_from_json(const json& cookie) {
    if (!cookie.is_object())
        throw ProtocolError(ErrorCode::bad_request, "a cookie must be an object");
    CookieFacts c;
    c.name = required_string(cookie, "name");
    c.domain = required_string(cookie, "domain");
    if (c.domain.empty())
        throw ProtocolError(ErrorCode::bad_request, "field 'domain' is empty");
    if (auto p = optional_string(cookie, "path"))
        c.path = *p;
    c.session = optional_bool(cookie, "session");
    c.expiration_date = optional_number(cookie, "expirationDate");
    c.http_only = optional_bool(cookie, "httpOnly");
    c.secure = optional_bool(cookie, "secure");
    c.same_site = optional_string(cookie, "sameSite");
    c.host_only = optional_bool(cookie, "hostOnly");
    if (auto it = cookie.find("partitionKey"); it != cookie.end() && !it->is_null()) {
        if (!it->is_object()) {
            throw ProtocolError(ErrorCode::bad_request, "field 'partitionKey' must be an object");
        }
        c.partition_top_level_site = optional_string(*it, "topLevelSite");
    }
    return c;
}

json to_json(const Classification& c) {
    json out{{"category", to_string(c.category)},
             {"source", to_string(c.source)},
             {"thirdParty", c.third_party}};
    if (!c.vendor.empty())
        out["vendor"] = c.vendor;
    if (!c.purpose.empty())
        out["purpose"] = c.purpose;
    // The extension shows the purpose in the interface's language (a manifest carries both).
    if (!c.purpose_da.empty())
        out["purposeDa"] = c.purpose_da;
    if (!c.manifest_id.empty())
        out["manifest"] = c.manifest_id;
    if (!c.platform.empty())
        out["platform"] = c.platform;
    if (c.declared) {
        out["declared"] = to_string(*c.declared);
        out["misdeclared"] = misdeclared_text(c);
    }
    if (!c.detail.empty())
        out["detail"] = c.detail;
    return out;
}

}  // namespace cw
