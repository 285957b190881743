#include "verbs/classify_verbs.hpp"

#include "classify/classification_json.hpp"
#include "verbs/declaration_verbs.hpp"

namespace cw {

json manifests_listing(const Classifier& classifier) {
    json list = json::array();
    for (const auto& m : classifier.manifests()) {
        list.push_back({{"id", m.id},
                        {"site", m.site},
                        {"hosts", m.hosts},
                        {"publisher", m.publisher},
                        {"origin", m.origin},
                        {"file", m.file},
                        {"policyUrl", m.policy_url},
                        {"reviewed", m.reviewed},
                        {"cookies", m.cookies.size()},
                        {"thirdParties", m.third_parties.size()}});
    }
    json problems = json::array();
    for (const auto& p : classifier.problems()) {
        problems.push_back({{"file", p.file}, {"path", p.path}, {"message", p.message}});
    }
    json out = {{"manifests", std::move(list)}, {"problems", std::move(problems)}};
    out["learned"] =
        classifier.declarations() ? learned_listing(*classifier.declarations()) : json::array();
    return out;
}

void register_classify_verbs(Dispatcher& dispatcher, std::shared_ptr<const Classifier> classifier) {
    dispatcher.add("classify", [classifier](const json& request) {
        const std::string& site = required_string(request, "site");
        if (site.empty())
            throw ProtocolError(ErrorCode::bad_request, "field 'site' is empty");
        const json& cookies = required_array(request, "cookies");
        if (cookies.size() > kMaxClassifyBatch) {
            throw ProtocolError(ErrorCode::bad_request,
                                "too many cookies: " + std::to_string(cookies.size()) +
                                    " (at most " + std::to_string(kMaxClassifyBatch) +
                                    " per request)");
        }
        // Check every entry before classifying any, so a bad batch gets one clear error.
        std::vector<CookieFacts> facts;
        facts.reserve(cookies.size());
        for (std::size_t i = 0; i < cookies.size(); ++i) {
            try {
                facts.push_back(cookie_from_json(cookies[i]));
            } catch (const ProtocolError& e) {
                throw ProtocolError(ErrorCode::bad_request,
                                    "cookies[" + std::to_string(i) + "]: " + e.what());
            }
        }
        json results = json::array();
        for (const auto& f : facts)
            results.push_back(to_json(classifier->classify(site, f)));
        return json{{"results", std::move(results)}};
    });
    dispatcher.add("manifests.list",
                   [classifier](const json&) { return manifests_listing(*classifier); });
}

}  // namespace cw
