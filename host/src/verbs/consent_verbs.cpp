// consent.record: what a site's cookie banner was answered, per purpose, by Cookie Warden
// (by: "warden") or by the citizen as the platform's consent cookie says (by: "banner").
// Logged as a `consent` event; the latest answer per purpose holds the site to it.
// consent.summary: the latest answer and the cookies set after a refusal, for the popup.

#include "verbs/consent_verbs.hpp"

#include "policy/rules.hpp"
#include "store/consent_book.hpp"
#include "store/consent_report.hpp"

namespace cw {
namespace {

[[noreturn]] void bad(const std::string& message) {
    throw ProtocolError(ErrorCode::bad_request, message);
}

ConsentAnswer parse_answer(const json& request) {
    ConsentAnswer a;
    a.site = rule_key(required_string(request, "site"));
    a.platform = required_string(request, "platform");
    if (a.platform.empty() || a.platform.size() > 100)
        bad("'platform' must be 1 to 100 characters");
    a.by = optional_string(request, "by").value_or("warden");
    if (a.by != "warden" && a.by != "banner")
        bad("'by' must be warden or banner");
    auto choices = request.find("choices");
    if (choices == request.end() || !choices->is_object())
        bad("'choices' must be an object of purpose: allow|refuse");
    for (Category purpose : kConsentPurposes) {
        auto it = choices->find(std::string(to_string(purpose)));
        if (it == choices->end())
            continue;
        if (!it->is_string() || (*it != "allow" && *it != "refuse"))
            bad("'choices." + std::string(to_string(purpose)) + "' must be allow or refuse");
        a.refused.emplace_back(purpose, *it == "refuse");
    }
    if (a.refused.size() != choices->size())
        bad("'choices' may name functional, preferences, statistics and marketing only");
    if (a.refused.empty())
        bad("'choices' names no purpose");
    a.time_ms = now_ms();
    return a;
}

}  // namespace

void register_consent_verbs(Dispatcher& dispatcher, StoreService& service) {
    dispatcher.add("consent.record", [&service](const json& request) {
        ConsentAnswer answer = parse_answer(request);
        bool recorded = service.record_consent(answer);
        return json{{"recorded", recorded}, {"site", answer.site}};
    });
    dispatcher.add("consent.summary", [&service](const json& request) {
        std::string site = rule_key(required_string(request, "site"));
        return service.read([&](Store& s) { return consent_summary(s.connection(), site); });
    });
}

}  // namespace cw
