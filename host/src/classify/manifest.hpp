#pragma once
// A site's cookie policy as data (schema/manifest.schema.json), and how a cookie is matched
// against it. Loading from folders lives in manifest_loader.hpp.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classify/classification.hpp"
#include "wire/protocol.hpp"

namespace cw {

struct ManifestCookie {
    std::string name;
    bool prefix = false;
    std::string domain;  // normalised host; empty: any domain
    Category category = Category::unclassified;
    std::string vendor;
    std::string group;
    std::string purpose_en;
    std::string purpose_da;
    std::string retention;
    bool third_party = false;
    bool inferred = false;
};

struct ManifestThirdParty {
    std::string domain;  // normalised; its subdomains are included
    std::string role;
    std::string vendor;
    Category category = Category::unclassified;
    std::string purpose_en;
    std::string purpose_da;
    bool inferred = false;
};

struct Manifest {
    std::string id;
    std::string site;
    std::vector<std::string> hosts;
    std::string publisher;
    std::string policy_url;
    std::string language;
    std::string reviewed;
    std::string origin;  // "user", "system" or "shipped"
    std::string file;    // the file it came from (for shipped ones, "manifests/<file>")
    std::vector<ManifestCookie> cookies;
    std::vector<ManifestThirdParty> third_parties;

    // True when the top-level host is one of `hosts` or a subdomain of one. `host` must be
    // normalised (normalize_host).
    bool covers(std::string_view host) const;

    // The declared cookie for this name and (normalised) cookie host: an exact name before
    // the longest prefix, an entry with a matching domain before one without.
    const ManifestCookie* find_cookie(std::string_view name, std::string_view cookie_host) const;

    // The declared third party whose domain holds this (normalised) cookie host.
    const ManifestThirdParty* find_third_party(std::string_view cookie_host) const;
};

// Builds a manifest from a document that already passed the schema. Checks what the schema
// cannot (group references, the site being a registrable domain) and throws ManifestError.
Manifest manifest_from_json(const json& document, std::string origin, std::string file);

class ManifestError : public std::runtime_error {
  public:
    ManifestError(std::string path, const std::string& message)
        : std::runtime_error(message), path_(std::move(path)) {}
    // The JSON pointer where the problem is ("/cookies/3/group").
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

// `host` ends with `.domain` or equals it; both normalised already (no allocation).
bool host_within(std::string_view host, std::string_view domain);

}  // namespace cw
