#include "store/rules_transfer.hpp"

#include <ctime>
#include <set>

#include "classify/embedded.hpp"
#include "wire/dispatcher.hpp"
#include "wire/json_schema.hpp"

namespace cw {
namespace {

std::string utc_now() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace

json export_document(Store& store) {
    json rules = json::array();
    for (auto& [site, rule] : store.load_rules())
        rules.push_back(to_json(rule));
    return json{{"format", kExportFormat},
                {"version", kExportVersion},
                {"exported", utc_now()},
                {"settings", to_json(store.load_settings())},
                {"rules", rules}};
}

ImportedChoices check_import(const json& document) {
    static const JsonSchema schema = embedded::schema("rules.schema.json");
    if (document.is_object() && document.contains("version") &&
        document["version"] != kExportVersion) {
        throw ProtocolError(ErrorCode::bad_request,
                            "the file is version " + document["version"].dump() +
                                " of the export format; this program reads version " +
                                std::to_string(kExportVersion));
    }
    if (auto problems = schema.validate(document); !problems.empty()) {
        throw ProtocolError(ErrorCode::bad_request,
                            "not a valid export file: " + describe(problems));
    }
    ImportedChoices out;
    if (document.contains("settings"))
        out.settings = settings_from_json(document["settings"]);
    std::set<std::string> seen;
    const json& rules = document["rules"];
    for (std::size_t i = 0; i < rules.size(); ++i) {
        try {
            SiteRule r = rule_from_json(rules[i]);
            if (!seen.insert(r.site).second) {
                throw ProtocolError(ErrorCode::bad_request, "a second rule for " + r.site);
            }
            out.rules.push_back(std::move(r));
        } catch (const ProtocolError& e) {
            throw ProtocolError(ErrorCode::bad_request,
                                "rules[" + std::to_string(i) + "]: " + e.what());
        }
    }
    return out;
}

ImportedChoices parse_import(std::string_view text) {
    return check_import(parse_json_message(text));
}

}  // namespace cw
