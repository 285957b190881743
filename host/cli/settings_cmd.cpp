// cookie-warden settings get [--json] | settings set KEY VALUE

#include <iostream>

#include "store_cli.hpp"

namespace cw::cli {
namespace {

// Spellings people type, mapped to the settings' JSON names.
const std::map<std::string, std::string> kAliases{
    {"third-party", "thirdParty"},
    {"thirdParty", "thirdParty"},
    {"lifetime", "lifetime"},
    {"leave-grace", "leaveGraceSeconds"},
    {"leaveGraceSeconds", "leaveGraceSeconds"},
    {"log-retention-days", "logRetentionDays"},
    {"logRetentionDays", "logRetentionDays"},
    {"log-max-events", "logMaxEvents"},
    {"logMaxEvents", "logMaxEvents"},
};

json patch_for(const std::string& key, const std::string& value) {
    std::string name = key.rfind("categories.", 0) == 0 ? key.substr(11) : key;
    if (parse_category(name))
        return json{{"categories", {{name, value}}}};
    auto alias = kAliases.find(key);
    if (alias == kAliases.end()) {
        throw UsageError("unknown setting '" + key +
                         "'; known: a category (statistics, categories.marketing...), third-party, "
                         "lifetime, leave-grace, log-retention-days, log-max-events");
    }
    const std::string& field = alias->second;
    if (field == "thirdParty" || field == "lifetime")
        return json{{field, value}};
    if (value.empty() || value.size() > 12 ||
        value.find_first_not_of("0123456789") != std::string::npos) {
        throw UsageError("'" + key + "' needs a whole number, not '" + value + "'");
    }
    return json{{field, std::stoll(value)}};
}

void print_settings(const Settings& s) {
    std::vector<std::vector<std::string>> rows{{"SETTING", "VALUE"}};
    for (Category c : kAllCategories) {
        rows.push_back({std::string(to_string(c)), std::string(to_string(s.category(c)))});
    }
    rows.push_back({"third-party", std::string(to_string(s.third_party))});
    rows.push_back({"lifetime", std::string(to_string(s.lifetime))});
    rows.push_back({"leave-grace", std::to_string(s.leave_grace_seconds) + " s"});
    rows.push_back({"log-retention-days", std::to_string(s.log_retention_days)});
    rows.push_back({"log-max-events", std::to_string(s.log_max_events)});
    print_table(std::cout, rows);
}

}  // namespace

void add_settings_commands(CLI::App& app, Action& action) {
    auto* settings = app.add_subcommand("settings", "Show and change the global defaults");
    settings->require_subcommand(1);

    auto as_json = std::make_shared<bool>(false);
    auto* get = settings->add_subcommand("get", "Show the global defaults");
    get->add_flag("--json", *as_json, "Print one JSON document");
    get->callback([&action, as_json] {
        action = [as_json] {
            Settings s = open_store()->load_settings();
            if (*as_json) {
                std::cout << json{{"settings", to_json(s)}}.dump(2) << "\n";
            } else {
                print_settings(s);
            }
            return 0;
        };
    });

    auto key = std::make_shared<std::string>();
    auto value = std::make_shared<std::string>();
    auto* set = settings->add_subcommand("set", "Change one global default");
    set->add_option("KEY", *key,
                    "A category name, third-party, lifetime, leave-grace, log-retention-days or "
                    "log-max-events")
        ->type_name("")
        ->required();
    set->add_option("VALUE", *value, "The new value")->type_name("")->required();
    set->add_flag("--json", *as_json, "Print one JSON document");
    set->callback([&action, key, value, as_json] {
        action = [key, value, as_json] {
            return guarded([&] {
                json patch = patch_for(*key, *value);
                auto store = open_store();
                Settings next = settings_from_json(patch, store->load_settings());
                store->save_settings(next);
                if (*as_json) {
                    std::cout << json{{"settings", to_json(next)}}.dump(2) << "\n";
                } else {
                    print_settings(next);
                }
                return 0;
            });
        };
    });
}

}  // namespace cw::cli
