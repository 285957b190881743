// cookie-warden rules list | get SITE | reset SITE | set SITE [options]

#include <iostream>

#include "store_cli.hpp"

namespace cw::cli {
namespace {

const std::vector<std::string> kCategoryNames{"necessary",  "functional", "preferences",
                                              "statistics", "marketing",  "unclassified"};

std::string describe_categories(const SiteRule& r) {
    std::string out;
    for (auto& [c, choice] : r.categories) {
        out += (out.empty() ? "" : " ") + std::string(choice == Choice::allow ? "+" : "-") +
               std::string(to_string(c));
    }
    return out.empty() ? "-" : out;
}

std::string describe_allow_list(const SiteRule& r) {
    std::string out;
    for (auto& d : r.allow_third_party)
        out += (out.empty() ? "" : ",") + d;
    return out.empty() ? "-" : out;
}

std::vector<std::string> row(const SiteRule& r) {
    return {r.site,
            std::string(to_string(r.mode)),
            describe_categories(r),
            r.third_party ? std::string(to_string(*r.third_party)) : "default",
            describe_allow_list(r),
            r.lifetime ? std::string(to_string(*r.lifetime)) : "default"};
}

const std::vector<std::string> kHeader{
    "SITE", "MODE", "CATEGORIES", "THIRD-PARTY", "ALLOWED THIRD PARTIES", "LIFETIME"};

void print_rules(const std::vector<SiteRule>& rules, bool as_json) {
    if (as_json) {
        json list = json::array();
        for (auto& r : rules)
            list.push_back(to_json(r));
        std::cout << json{{"rules", list}}.dump(2) << "\n";
        return;
    }
    if (rules.empty()) {
        std::cout
            << "No site rules: every site follows the settings (cookie-warden settings get).\n";
        return;
    }
    std::vector<std::vector<std::string>> rows{kHeader};
    for (auto& r : rules)
        rows.push_back(row(r));
    print_table(std::cout, rows);
}

struct SetOptions {
    std::string site;
    std::vector<std::string> allow, deny, allow_third_party;
    std::string third_party, lifetime, mode;
    bool json = false;
};

SiteRule apply(SiteRule r, const SetOptions& o) {
    for (auto& c : o.allow) {
        if (std::find(o.deny.begin(), o.deny.end(), c) != o.deny.end()) {
            throw UsageError("'" + c + "' is given with both --allow and --deny");
        }
        r.categories[*parse_category(c)] = Choice::allow;
    }
    for (auto& c : o.deny) {
        if (c == "necessary") {
            throw UsageError(
                "necessary cookies cannot be denied: sites need them to work "
                "(use --mode block-all to block every cookie of a site)");
        }
        r.categories[*parse_category(c)] = Choice::deny;
    }
    if (o.third_party == "default")
        r.third_party.reset();
    if (!o.third_party.empty() && o.third_party != "default")
        r.third_party = parse_third_party(o.third_party);
    for (auto& d : o.allow_third_party)
        r.allow_third_party.insert(rule_site(d));
    if (o.lifetime == "default")
        r.lifetime.reset();
    if (!o.lifetime.empty() && o.lifetime != "default")
        r.lifetime = parse_lifetime(o.lifetime);
    if (!o.mode.empty())
        r.mode = *parse_mode(o.mode);
    return r;
}

}  // namespace

void add_rules_commands(CLI::App& app, Action& action) {
    auto* rules = app.add_subcommand("rules", "Show and change per-site rules");
    rules->require_subcommand(1);

    auto as_json = std::make_shared<bool>(false);
    auto* list = rules->add_subcommand("list", "List every site rule");
    list->add_flag("--json", *as_json, "Print one JSON document");
    list->callback([&action, as_json] {
        action = [as_json] {
            auto store = open_store();
            std::vector<SiteRule> all;
            for (auto& [site, r] : store->load_rules())
                all.push_back(r);
            print_rules(all, *as_json);
            return 0;
        };
    });

    auto site = std::make_shared<std::string>();
    auto* get = rules->add_subcommand("get", "Show the rule of one site");
    get->add_option("SITE", *site, "Site (host name or URL)")->type_name("")->required();
    get->add_flag("--json", *as_json, "Print one JSON document");
    get->callback([&action, site, as_json] {
        action = [site, as_json] {
            return guarded([&] {
                std::string key = rule_key(*site);
                auto store = open_store();
                auto r = store->load_rule(key);
                if (*as_json) {
                    SiteRule shown;
                    shown.site = key;
                    if (r)
                        shown = *r;
                    std::cout << json{{"rule", to_json(shown)}, {"exists", r.has_value()}}.dump(2)
                              << "\n";
                } else if (!r) {
                    std::cout << key << " has no rule of its own: it follows the settings.\n";
                } else {
                    print_table(std::cout, {kHeader, row(*r)});
                }
                return 0;
            });
        };
    });

    auto* reset = rules->add_subcommand(
        "reset", "Remove the rule of one site (it then follows the settings)");
    reset->add_option("SITE", *site, "Site (host name or URL)")->type_name("")->required();
    reset->add_flag("--json", *as_json, "Print one JSON document");
    reset->callback([&action, site, as_json] {
        action = [site, as_json] {
            return guarded([&] {
                std::string key = rule_key(*site);
                bool deleted = open_store()->delete_rule(key);
                if (*as_json) {
                    std::cout << json{{"site", key}, {"deleted", deleted}}.dump(2) << "\n";
                } else {
                    std::cout << (deleted ? "Removed the rule of " + key : key + " had no rule")
                              << "\n";
                }
                return 0;
            });
        };
    });

    auto o = std::make_shared<SetOptions>();
    auto* set = rules->add_subcommand(
        "set", "Change the rule of one site (options not given stay as they are)");
    set->add_option("SITE", o->site, "Site (host name or URL)")->type_name("")->required();
    set->add_option("--allow", o->allow, "Allow a category on this site")
        ->type_name("CATEGORY")
        ->check(CLI::IsMember(kCategoryNames));
    set->add_option("--deny", o->deny, "Deny a category on this site")
        ->type_name("CATEGORY")
        ->check(CLI::IsMember(kCategoryNames));
    set->add_option("--third-party", o->third_party, "Third-party cookies on this site")
        ->type_name("SETTING")
        ->check(CLI::IsMember({"block", "allow", "default"}));
    set->add_option("--allow-third-party", o->allow_third_party,
                    "Allow third-party cookies of this domain on this site")
        ->type_name("DOMAIN");
    set->add_option("--lifetime", o->lifetime, "How long this site's cookies live")
        ->type_name("LIFETIME")
        ->check(CLI::IsMember({"keep", "session", "leave", "default"}));
    set->add_option("--mode", o->mode, "Allow or block everything on this site")
        ->type_name("MODE")
        ->check(CLI::IsMember({"default", "allow-all", "block-all"}));
    set->add_flag("--json", o->json, "Print one JSON document");
    set->callback([&action, o] {
        action = [o] {
            return guarded([&] {
                std::string key = rule_site(o->site);
                auto store = open_store();
                SiteRule base;
                base.site = key;
                if (auto existing = store->load_rule(key))
                    base = *existing;
                SiteRule next = apply(base, *o);
                // Round-trip through the protocol's checks so both paths accept the same rules.
                next = rule_from_json(to_json(next));
                store->save_rule(next);
                if (o->json) {
                    std::cout << json{{"rule", to_json(next)}}.dump(2) << "\n";
                } else {
                    print_table(std::cout, {kHeader, row(next)});
                }
                return 0;
            });
        };
    });
}

}  // namespace cw::cli
