#include "verbs/rule_verbs.hpp"

#include "verbs/temporary_rules.hpp"

namespace cw {

void register_rule_verbs(Dispatcher& dispatcher, StoreService& service) {
    dispatcher.add("rules.get", [&service](const json& request) {
        std::string site = rule_key(required_string(request, "site"));
        auto [stored, temporary] = service.read(
            [&](Store& s) { return std::pair(s.load_rule(site), s.load_temporary(site)); });
        SiteRule rule;
        rule.site = site;
        if (stored)
            rule = *stored;
        json reply{{"rule", to_json(rule)}, {"exists", stored.has_value()}};
        if (temporary)
            reply["temporary"] = to_json(*temporary);
        return reply;
    });
    dispatcher.add("rules.set", [&service](const json& request) {
        SiteRule rule =
            rule_from_json(required_object(request, "rule"), required_string(request, "site"));
        service.change([&](Store& s) { s.save_rule(rule); });
        return json{{"rule", to_json(rule)}};
    });
    dispatcher.add("rules.delete", [&service](const json& request) {
        std::string site = rule_key(required_string(request, "site"));
        bool deleted = false;
        service.change([&](Store& s) { deleted = s.delete_rule(site); });
        return json{{"site", site}, {"deleted", deleted}};
    });
    dispatcher.add("rules.list", [&service](const json&) {
        service.require();
        json rules = json::array();
        for (auto& [site, rule] : service.rules())
            rules.push_back(to_json(rule));
        return json{{"rules", rules}};
    });
    dispatcher.add("settings.get", [&service](const json&) {
        return json{{"settings", to_json(service.settings())}};
    });
    dispatcher.add("settings.set", [&service](const json& request) {
        Settings next =
            settings_from_json(required_object(request, "settings"), service.settings());
        service.change([&](Store& s) { s.save_settings(next); });
        return json{{"settings", to_json(service.settings())}};
    });
}

}  // namespace cw
