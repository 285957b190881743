#pragma once
// The verb `site.policy`: what the extension may remove on a top-level site without asking,
// known before the page loads. For the site's first-party cookies it lists, in precedence
// order, name rules (exact or prefix) whose verdict under the current settings and the site's
// rule is `remove`, plus the rules that shadow them and must be left to the host. First match
// wins; a name no rule matches is asked about as before. The list follows the classifier's
// precedence (classifier.hpp): the site's manifest, other manifests of the same registrable
// domain (left to the host), then the catalogue. Heuristics are never guessed here.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classify/classifier.hpp"
#include "policy/rules.hpp"
#include "wire/dispatcher.hpp"

namespace cw {

struct NameRule {
    std::string name;
    bool prefix = false;
    bool remove = false;  // false: the host decides (not removed on the extension's own say)
    bool operator==(const NameRule&) const = default;
};

struct SitePolicy {
    std::string host;  // the normalised top-level host asked about
    std::string site;  // its registrable domain: the rules apply to cookies within it
    Mode mode = Mode::normal;
    std::vector<Category> denied;  // categories whose first-party cookies are removed
    std::vector<NameRule> rules;
    std::string manifest;    // the id of the site's manifest, if any
    bool truncated = false;  // rules left out to keep the reply small (none apply then)
};

// Largest rule list a reply carries, in bytes of names: far below the 1 MiB frame limit.
inline constexpr std::size_t kMaxPolicyNameBytes = 256 * 1024;

// `top_host` is a host name or URL; throws ProtocolError(bad_request) for anything else.
SitePolicy site_policy(const Classifier& classifier, const Settings& settings, const SiteRule* rule,
                       std::string_view top_host);

json to_json(const SitePolicy& policy);

}  // namespace cw
