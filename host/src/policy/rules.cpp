#include "policy/rules.hpp"

#include "classify/domain.hpp"
#include "wire/text.hpp"

namespace cw {
namespace {

template <typename E, std::size_t N>
std::optional<E> parse_enum(std::string_view text, const std::array<std::string_view, N>& names) {
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == text)
            return static_cast<E>(i);
    }
    return std::nullopt;
}

constexpr std::array<std::string_view, 2> kChoices{"allow", "deny"};
constexpr std::array<std::string_view, 2> kThirdParty{"block", "allow"};
constexpr std::array<std::string_view, 3> kLifetimes{"keep", "session", "leave"};
constexpr std::array<std::string_view, 3> kModes{"default", "allow-all", "block-all"};

[[noreturn]] void bad(const std::string& message) {
    throw ProtocolError(ErrorCode::bad_request, message);
}

template <typename E, std::size_t N>
E enum_field(const json& value, std::string_view field,
             const std::array<std::string_view, N>& names) {
    if (value.is_string()) {
        if (auto e = parse_enum<E>(value.get<std::string>(), names))
            return *e;
    }
    std::string allowed;
    for (auto n : names)
        allowed += (allowed.empty() ? "" : ", ") + std::string(n);
    bad("'" + std::string(field) + "' must be one of: " + allowed);
}

std::int64_t int_field(const json& value, std::string_view field, std::int64_t min,
                       std::int64_t max) {
    if (!value.is_number_integer() || value.get<std::int64_t>() < min ||
        value.get<std::int64_t>() > max) {
        bad("'" + std::string(field) + "' must be a whole number from " + std::to_string(min) +
            " to " + std::to_string(max));
    }
    return value.get<std::int64_t>();
}

Category category_field(const std::string& name, std::string_view where) {
    auto c = parse_category(name);
    if (!c) {
        bad("'" + std::string(where) + "' has an unknown category '" + name +
            "' (known: necessary, functional, preferences, statistics, marketing, unclassified)");
    }
    return *c;
}

void check_object(const json& value, std::string_view field) {
    if (!value.is_object())
        bad("'" + std::string(field) + "' must be an object");
}

}  // namespace

std::string_view to_string(Choice c) {
    return kChoices[static_cast<std::size_t>(c)];
}
std::string_view to_string(ThirdParty t) {
    return kThirdParty[static_cast<std::size_t>(t)];
}
std::string_view to_string(Lifetime l) {
    return kLifetimes[static_cast<std::size_t>(l)];
}
std::string_view to_string(Mode m) {
    return kModes[static_cast<std::size_t>(m)];
}
std::optional<Choice> parse_choice(std::string_view t) {
    return parse_enum<Choice>(t, kChoices);
}
std::optional<ThirdParty> parse_third_party(std::string_view t) {
    return parse_enum<ThirdParty>(t, kThirdParty);
}
std::optional<Lifetime> parse_lifetime(std::string_view t) {
    return parse_enum<Lifetime>(t, kLifetimes);
}
std::optional<Mode> parse_mode(std::string_view t) {
    return parse_enum<Mode>(t, kModes);
}

std::string rule_key(std::string_view site) {
    if (site.find('\0') != std::string_view::npos)
        bad("a site name must not contain a NUL character");
    std::string host = normalize_host(site);
    bool ascii =
        std::all_of(host.begin(), host.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
    if (host.empty() || host.size() > 253 || !ascii ||
        host.find_first_of("/\\?#@") != std::string::npos) {
        bad("'" + std::string(cut_utf8(site, 100)) + "' is not a site name");
    }
    return registrable_domain(host);
}

std::string rule_site(std::string_view site) {
    std::string key = rule_key(site);
    if (is_public_suffix(key)) {
        bad("'" + key +
            "' is a public suffix, shared by many sites: a rule is for one site under it "
            "(such as example." +
            key + ")");
    }
    return key;
}

json to_json(const Settings& s) {
    json categories = json::object();
    for (Category c : kAllCategories)
        categories[std::string(to_string(c))] = to_string(s.category(c));
    return json{{"categories", categories},
                {"thirdParty", to_string(s.third_party)},
                {"lifetime", to_string(s.lifetime)},
                {"leaveGraceSeconds", s.leave_grace_seconds},
                {"logRetentionDays", s.log_retention_days},
                {"logMaxEvents", s.log_max_events}};
}

json to_json(const SiteRule& r) {
    json out{{"site", r.site}, {"mode", to_string(r.mode)}};
    json categories = json::object();
    for (auto& [c, choice] : r.categories)
        categories[std::string(to_string(c))] = to_string(choice);
    out["categories"] = categories;
    out["thirdParty"] = r.third_party ? to_string(*r.third_party) : "default";
    out["allowThirdParty"] =
        json(std::vector<std::string>(r.allow_third_party.begin(), r.allow_third_party.end()));
    out["lifetime"] = r.lifetime ? to_string(*r.lifetime) : "default";
    return out;
}

Settings settings_from_json(const json& patch, Settings s) {
    check_object(patch, "settings");
    for (auto& [key, value] : patch.items()) {
        if (key == "categories") {
            check_object(value, "settings.categories");
            for (auto& [name, choice] : value.items()) {
                Category c = category_field(name, "settings.categories");
                Choice ch = enum_field<Choice>(choice, "settings.categories." + name, kChoices);
                if (c == Category::necessary && ch == Choice::deny) {
                    bad("necessary cookies cannot be denied: sites need them to work");
                }
                s.category(c) = ch;
            }
        } else if (key == "thirdParty") {
            s.third_party = enum_field<ThirdParty>(value, "settings.thirdParty", kThirdParty);
        } else if (key == "lifetime") {
            s.lifetime = enum_field<Lifetime>(value, "settings.lifetime", kLifetimes);
        } else if (key == "leaveGraceSeconds") {
            s.leave_grace_seconds =
                int_field(value, "settings.leaveGraceSeconds", 0, kMaxLeaveGraceSeconds);
        } else if (key == "logRetentionDays") {
            s.log_retention_days =
                int_field(value, "settings.logRetentionDays", 1, kMaxRetentionDays);
        } else if (key == "logMaxEvents") {
            s.log_max_events = int_field(value, "settings.logMaxEvents", 100, kMaxLogEvents);
        } else {
            bad("unknown setting '" + key +
                "' (known: categories, thirdParty, lifetime, leaveGraceSeconds, logRetentionDays, "
                "logMaxEvents)");
        }
    }
    return s;
}

SiteRule rule_from_json(const json& rule, std::string_view site) {
    check_object(rule, "rule");
    SiteRule r;
    if (!site.empty()) {
        r.site = rule_site(site);
    } else if (rule.contains("site") && rule["site"].is_string()) {
        r.site = rule_site(rule["site"].get<std::string>());
    } else {
        bad("a rule needs a 'site'");
    }
    for (auto& [key, value] : rule.items()) {
        if (key == "site") {
            if (!value.is_string())
                bad("'rule.site' must be a string");
        } else if (key == "mode") {
            r.mode = enum_field<Mode>(value, "rule.mode", kModes);
        } else if (key == "categories") {
            check_object(value, "rule.categories");
            for (auto& [name, choice] : value.items()) {
                Category c = category_field(name, "rule.categories");
                if (choice.is_string() && choice.get<std::string>() == "default")
                    continue;
                Choice ch = enum_field<Choice>(choice, "rule.categories." + name, kChoices);
                if (c == Category::necessary && ch == Choice::deny) {
                    bad("necessary cookies cannot be denied: sites need them to work "
                        "(use mode block-all to block every cookie of a site)");
                }
                r.categories[c] = ch;
            }
        } else if (key == "thirdParty") {
            if (value.is_string() && value.get<std::string>() == "default")
                continue;
            r.third_party = enum_field<ThirdParty>(value, "rule.thirdParty", kThirdParty);
        } else if (key == "allowThirdParty") {
            if (!value.is_array())
                bad("'rule.allowThirdParty' must be a list of domains");
            for (auto& d : value) {
                if (!d.is_string())
                    bad("'rule.allowThirdParty' must be a list of domains");
                r.allow_third_party.insert(rule_site(d.get<std::string>()));
            }
        } else if (key == "lifetime") {
            if (value.is_string() && value.get<std::string>() == "default")
                continue;
            r.lifetime = enum_field<Lifetime>(value, "rule.lifetime", kLifetimes);
        } else {
            bad("unknown rule field '" + key +
                "' (known: site, mode, categories, thirdParty, allowThirdParty, lifetime)");
        }
    }
    return r;
}

}  // namespace cw
