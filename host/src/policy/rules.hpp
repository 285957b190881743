#pragma once
// The citizen's choices (docs/design.md, "Settings and rules"): global settings and per-site rules,
// with their JSON form (protocol, export file) and validation. Pure data; storage is in
// store/store.hpp.

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "classify/classification.hpp"
#include "wire/protocol.hpp"

namespace cw {

enum class Choice { allow, deny };
enum class ThirdParty { block, allow };
enum class Lifetime { keep, session, leave };
enum class Mode { normal, allow_all, block_all };  // "default", "allow-all", "block-all"

std::string_view to_string(Choice c);
std::string_view to_string(ThirdParty t);
std::string_view to_string(Lifetime l);
std::string_view to_string(Mode m);
std::optional<Choice> parse_choice(std::string_view text);
std::optional<ThirdParty> parse_third_party(std::string_view text);
std::optional<Lifetime> parse_lifetime(std::string_view text);
std::optional<Mode> parse_mode(std::string_view text);

struct Settings {
    std::array<Choice, 6> categories{Choice::allow, Choice::allow, Choice::allow,
                                     Choice::deny,  Choice::deny,  Choice::allow};
    ThirdParty third_party = ThirdParty::block;
    Lifetime lifetime = Lifetime::keep;
    std::int64_t leave_grace_seconds = 15;
    std::int64_t log_retention_days = 30;
    std::int64_t log_max_events = 1'000'000;

    Choice category(Category c) const { return categories[static_cast<std::size_t>(c)]; }
    Choice& category(Category c) { return categories[static_cast<std::size_t>(c)]; }
    bool operator==(const Settings&) const = default;
};

// Limits on numeric settings, checked by settings_from_json.
inline constexpr std::int64_t kMaxLeaveGraceSeconds = 24 * 3600;
inline constexpr std::int64_t kMaxRetentionDays = 3650;
inline constexpr std::int64_t kMaxLogEvents = 100'000'000;

struct SiteRule {
    std::string site;  // registrable domain
    Mode mode = Mode::normal;
    std::map<Category, Choice> categories;
    std::optional<ThirdParty> third_party;
    std::set<std::string> allow_third_party;  // registrable domains
    std::optional<Lifetime> lifetime;
    bool operator==(const SiteRule&) const = default;
};

// The citizen's choices as policy code reads them: the settings and each site's rule. The store
// keeps them (store/store_service.hpp); the policy room sees only this view of it.
class ChoicesView {
  public:
    virtual ~ChoicesView() = default;
    virtual const Settings& settings() const = 0;
    virtual const SiteRule* rule(const std::string& site) const = 0;
    // The site's cookie lifetime: its rule's, else the default.
    Lifetime lifetime(const std::string& site) const {
        const SiteRule* r = rule(site);
        return r && r->lifetime ? *r->lifetime : settings().lifetime;
    }
};

// The key rules are stored under: the registrable domain of a host, URL or cookie domain.
// Throws ProtocolError(bad_request) for something that is not a host name.
// Site names have one canonical form (lower case, IDNA ASCII, no trailing dot); a NUL or a
// character that has no place in a host name is refused.
std::string rule_key(std::string_view site);
// rule_key() for a site a rule is set for (or allow-listed in one): a public suffix (dk,
// co.uk, github.io) is refused, since a rule for it would cover every site under it.
std::string rule_site(std::string_view site);

json to_json(const Settings& s);
json to_json(const SiteRule& r);

// Applies the fields present in `patch` to `base`. Unknown fields, wrong types, out-of-range
// numbers and denying `necessary` throw ProtocolError(bad_request) naming the field.
Settings settings_from_json(const json& patch, Settings base = {});
// A whole rule. `site` comes from the caller (the request's `site`), or from the object's own
// `site` field when `site` is empty; either way it is normalised with rule_key().
SiteRule rule_from_json(const json& rule, std::string_view site = {});

}  // namespace cw
