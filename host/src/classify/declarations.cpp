#include "classify/declarations.hpp"

#include <array>
#include <cstdio>
#include <map>

#include "classify/domain.hpp"
#include "classify/embedded.hpp"
#include "wire/json_schema.hpp"

namespace cw {
namespace {

struct GroupMapping {
    std::string_view platform;
    std::string_view group;
    Category category;
};

// Cookiebot's five tables; OneTrust's standard groups (C0002 "performance" is measurement,
// C0004 "targeting" and C0005 "social media" are advertising); Cookie Information's categories
// (cookie_cat_*). Any other group (a custom one, a vendor stack without a parent, a platform's
// "unclassified") stays unclassified and is left to the catalogue.
constexpr std::array kGroups{
    GroupMapping{"cookiebot", "necessary", Category::necessary},
    GroupMapping{"cookiebot", "preference", Category::preferences},
    GroupMapping{"cookiebot", "statistics", Category::statistics},
    GroupMapping{"cookiebot", "advertising", Category::marketing},
    GroupMapping{"onetrust", "C0001", Category::necessary},
    GroupMapping{"onetrust", "C0002", Category::statistics},
    GroupMapping{"onetrust", "C0003", Category::functional},
    GroupMapping{"onetrust", "C0004", Category::marketing},
    GroupMapping{"onetrust", "C0005", Category::marketing},
    GroupMapping{"cookieinformation", "cookie_cat_necessary", Category::necessary},
    GroupMapping{"cookieinformation", "cookie_cat_functional", Category::functional},
    GroupMapping{"cookieinformation", "cookie_cat_statistic", Category::statistics},
    GroupMapping{"cookieinformation", "cookie_cat_marketing", Category::marketing},
};

std::string fnv1a_hex(std::string_view text) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
    return out;
}

const JsonSchema& declaration_schema() {
    static const JsonSchema schema = embedded::schema("declaration.schema.json");
    return schema;
}

}  // namespace

Category category_of_group(std::string_view platform, std::string_view group) {
    for (const auto& g : kGroups) {
        if (g.platform == platform && g.group == group)
            return g.category;
    }
    return Category::unclassified;
}

Declaration declaration_from_json(std::string site, const json& document) {
    auto problems = declaration_schema().validate(document);
    if (!problems.empty())
        throw ProtocolError(ErrorCode::bad_request, "declaration: " + describe(problems));
    Declaration d;
    d.site = std::move(site);
    d.platform = document.at("platform").get<std::string>();
    d.policy_url = document.value("policyUrl", std::string());
    d.document = document;
    d.hash = fnv1a_hex(document.dump());
    for (const auto& c : document.at("cookies")) {
        DeclaredCookie out;
        out.name = c.at("name").get<std::string>();
        // Cookiebot marks a varying part with '#' (digits) or '*'; what comes before is a prefix.
        auto cut = out.name.find_first_of("#*");
        if (cut != std::string::npos && cut > 0) {
            out.name.resize(cut);
            out.prefix = true;
        } else if (cut == 0) {
            continue;  // nothing to match on
        }
        if (c.contains("domain")) {
            out.domain = normalize_host(c.at("domain").get<std::string>());
            out.registrable = registrable_domain(out.domain);
        }
        out.group = c.at("group").get<std::string>();
        out.category = category_of_group(d.platform, out.group);
        out.purpose = c.value("purpose", std::string());
        d.cookies.push_back(std::move(out));
    }
    return d;
}

const DeclaredCookie* Declaration::find(std::string_view name,
                                        std::string_view cookie_registrable) const {
    const DeclaredCookie* best = nullptr;
    for (const auto& c : cookies) {
        if (!c.registrable.empty() && c.registrable != cookie_registrable)
            continue;
        if (!c.prefix) {
            if (c.name == name)
                return &c;
            continue;
        }
        if (name.size() >= c.name.size() && name.compare(0, c.name.size(), c.name) == 0 &&
            (!best || c.name.size() > best->name.size()))
            best = &c;
    }
    return best;
}

std::unordered_set<std::string> ad_network_domains(const Catalogue& catalogue) {
    std::map<std::string, bool> all_marketing;
    for (const auto& e : catalogue.entries()) {
        if (e.registrable.empty())
            continue;
        auto [it, fresh] = all_marketing.emplace(e.registrable, true);
        if (e.category != Category::marketing)
            it->second = false;
    }
    std::unordered_set<std::string> out;
    for (const auto& [domain, only_marketing] : all_marketing) {
        if (only_marketing)
            out.insert(domain);
    }
    return out;
}

std::shared_ptr<const LearnedDeclarations::Map> LearnedDeclarations::snapshot() const {
    std::lock_guard lock(mutex_);
    return map_;
}

void LearnedDeclarations::replace_all(Map declarations) {
    auto next = std::make_shared<const Map>(std::move(declarations));
    std::lock_guard lock(mutex_);
    map_ = std::move(next);
}

void LearnedDeclarations::put(std::shared_ptr<const Declaration> declaration) {
    std::lock_guard lock(mutex_);
    auto next = std::make_shared<Map>(*map_);
    (*next)[declaration->site] = std::move(declaration);
    map_ = std::move(next);
}

void LearnedDeclarations::forget(const std::string& site) {
    std::lock_guard lock(mutex_);
    auto next = std::make_shared<Map>(*map_);
    next->erase(site);
    map_ = std::move(next);
}

}  // namespace cw
