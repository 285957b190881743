#pragma once
// Learned declarations: a site's own cookie declaration as its consent platform shows it
// (schema/declaration.schema.json), read by the extension from the page and stored by the host
// per registrable domain. The classifier asks them after the manifests and before the
// catalogue (docs/declarations.md).

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "classify/catalogue.hpp"
#include "classify/classification.hpp"
#include "wire/protocol.hpp"

namespace cw {

struct DeclaredCookie {
    std::string name;  // without the trailing '#'/'*' of a prefix
    bool prefix = false;
    std::string domain;       // the declared host, normalised; empty: any domain
    std::string registrable;  // its registrable domain; empty: any domain
    std::string group;        // the platform's own group
    Category category = Category::unclassified;
    std::string purpose;
};

struct Declaration {
    std::string site;  // registrable domain
    std::string platform;
    std::string policy_url;
    std::string hash;  // of the validated document: identical declarations have equal hashes
    std::int64_t first_read = 0;  // milliseconds since the epoch
    std::int64_t read_at = 0;
    json document;  // as validated (the platform's groups, not our categories)
    std::vector<DeclaredCookie> cookies;

    // An exact name before the longest prefix; a cookie whose declared host has another
    // registrable domain than the cookie's does not match.
    const DeclaredCookie* find(std::string_view name, std::string_view cookie_registrable) const;
};

// Our category for a platform's group; unclassified for a group we cannot place.
Category category_of_group(std::string_view platform, std::string_view group);

// Validates a declaration document against schema/declaration.schema.json and builds it for
// `site` (a registrable domain). Throws ProtocolError(bad_request) naming the JSON path.
Declaration declaration_from_json(std::string site, const json& document);

// Registrable domains the catalogue lists only marketing cookies for (ad networks): a declared
// cookie of such a domain that the site calls necessary is flagged.
std::unordered_set<std::string> ad_network_domains(const Catalogue& catalogue);

// Declarations by registrable domain, swapped whole when one changes; classify() takes a
// snapshot, so a reader never waits on a writer for longer than a pointer copy.
class LearnedDeclarations {
  public:
    using Map = std::unordered_map<std::string, std::shared_ptr<const Declaration>>;
    std::shared_ptr<const Map> snapshot() const;
    void replace_all(Map declarations);
    void put(std::shared_ptr<const Declaration> declaration);
    void forget(const std::string& site);

  private:
    mutable std::mutex mutex_;
    std::shared_ptr<const Map> map_ = std::make_shared<const Map>();
};

}  // namespace cw
