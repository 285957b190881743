#include "policy/decision.hpp"

namespace cw {
namespace {

std::string site_rule(std::string_view site, std::string_view what) {
    return "site:" + std::string(site) + "/" + std::string(what);
}

}  // namespace

std::string_view to_string(Action a) {
    switch (a) {
        case Action::allow:
            return "allow";
        case Action::remove:
            return "remove";
        case Action::session:
            return "session";
        case Action::blocked:
            return "blocked";
    }
    return "allow";
}

std::optional<Action> parse_action(std::string_view text) {
    for (Action a : {Action::allow, Action::remove, Action::session, Action::blocked}) {
        if (to_string(a) == text)
            return a;
    }
    return std::nullopt;
}

Verdict decide(const Settings& settings, const SiteRule* rule, std::string_view site,
               const Classification& c, std::string_view cookie_domain, bool persistent) {
    const std::string category(to_string(c.category));
    if (rule && rule->mode == Mode::block_all) {
        return {Action::remove, site_rule(site, "block-all"),
                "every cookie on " + std::string(site) + " is blocked"};
    }
    if (rule && rule->mode == Mode::allow_all) {
        return {Action::allow, site_rule(site, "allow-all"),
                "every cookie on " + std::string(site) + " is allowed"};
    }

    std::string let_through;  // the rule that let a third-party cookie pass, if any
    if (c.third_party) {
        bool site_override = rule && rule->third_party.has_value();
        ThirdParty tp = site_override ? *rule->third_party : settings.third_party;
        if (tp == ThirdParty::block) {
            if (rule && rule->allow_third_party.count(std::string(cookie_domain))) {
                let_through = site_rule(site, "allow-third-party:" + std::string(cookie_domain));
            } else {
                return {Action::remove,
                        site_override ? site_rule(site, "third-party") : "third-party",
                        "third-party cookie from " + std::string(cookie_domain) + " on " +
                            std::string(site)};
            }
        } else if (site_override) {
            let_through = site_rule(site, "third-party-allowed");
        }
    }

    Choice choice = settings.category(c.category);
    std::string category_rule = "global/" + category;
    if (rule) {
        if (auto it = rule->categories.find(c.category); it != rule->categories.end()) {
            choice = it->second;
            category_rule = site_rule(site, category);
        }
    }
    if (c.category == Category::necessary)
        choice = Choice::allow;
    if (choice == Choice::deny) {
        return {Action::remove, category_rule, category + " cookies are denied"};
    }

    bool site_lifetime = rule && rule->lifetime.has_value();
    Lifetime lifetime = site_lifetime ? *rule->lifetime : settings.lifetime;
    if (lifetime == Lifetime::session && persistent) {
        return {Action::session,
                site_lifetime ? site_rule(site, "lifetime-session") : "global/lifetime-session",
                "cookies are kept only for the browser session"};
    }
    if (!let_through.empty()) {
        return {Action::allow, let_through, "third-party cookie allowed for this site"};
    }
    return {Action::allow, category_rule, category + " cookies are allowed"};
}

}  // namespace cw
