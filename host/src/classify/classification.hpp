#pragma once
// What the classifier says about a cookie: the purpose categories (docs/design.md, "Settings and
// rules"), where the answer came from, and the cookie facts it is computed from. Shared by the
// classifier, the decision engine and the log.

#include <optional>
#include <string>
#include <string_view>

namespace cw {

enum class Category { necessary, functional, preferences, statistics, marketing, unclassified };
// `declared`: the site's learned declaration (its consent platform's); appended last because
// the log stores the position.
enum class Source { manifest, catalogue, heuristic, none, declared };

std::string_view to_string(Category c);
std::string_view to_string(Source s);
std::optional<Category> parse_category(std::string_view text);
std::optional<Source> parse_source(std::string_view text);
inline constexpr Category kAllCategories[] = {Category::necessary,   Category::functional,
                                              Category::preferences, Category::statistics,
                                              Category::marketing,   Category::unclassified};

// A cookie as browsers report it, without its value.
struct CookieFacts {
    std::string name;
    std::string domain;  // as reported: ".kk.dk" for a domain cookie, "www.kk.dk" host-only
    std::string path = "/";
    std::optional<bool> session;
    std::optional<double> expiration_date;  // seconds since the epoch
    std::optional<bool> http_only;
    std::optional<bool> secure;
    std::optional<std::string> same_site;  // "no_restriction", "lax", "strict", "unspecified"
    std::optional<bool> host_only;
    std::optional<std::string> partition_top_level_site;  // CHIPS partitionKey.topLevelSite
};

struct Classification {
    Category category = Category::unclassified;
    Source source = Source::none;
    std::string vendor;      // empty when unknown
    std::string purpose;     // short text for people; empty when unknown
    std::string purpose_da;  // the same in Danish, when a site's manifest gives it
    bool third_party = false;
    std::string manifest_id;  // the manifest that decided, when source == manifest
    // The consent platform of the site's learned declaration, when it decided (source
    // declared) or was overruled (see `declared`).
    std::string platform;
    // Set when the site declared the cookie as this category but we know better (a known
    // tracker declared necessary): "declared necessary by the site, known as statistics".
    std::optional<Category> declared;
    // Why, in a few words, for catalogue and heuristic answers: the catalogue name, prefix or
    // domain that matched ("prefix _ga_"), or the heuristic's pattern ("name: kurv") or
    // attributes ("attributes: HttpOnly, first party"). Empty otherwise.
    std::string detail;
};

// "declared necessary by the site, known as statistics"; for a classification, empty when it
// is not misdeclared.
std::string misdeclared_text(Category declared, Category known);
std::string misdeclared_text(const Classification& c);

}  // namespace cw
