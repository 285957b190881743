#pragma once
// `cookie-warden manifests draft SITE`: a manifest (schema/manifest.schema.json) for a person
// to review, made from the site's learned declaration and the cookies seen on the site. Each
// cookie says where it comes from: `basis: declared` with the consent platform, or
// `basis: observed` with what classified it when it was seen.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "classify/classification.hpp"
#include "classify/declarations.hpp"
#include "wire/protocol.hpp"

namespace cw {

// A cookie seen on the site (from the log), as it was classified there.
struct ObservedCookie {
    std::string name;
    std::string domain;
    Category category = Category::unclassified;
    Source source = Source::none;
    std::string vendor;
    bool third_party = false;
};

// Declared cookies the classifier overrules, by declared name: a tracker the site calls
// necessary (docs/declarations.md) with what it is known as.
using Overruled = std::map<std::string, Classification>;

// `today` is YYYY-MM-DD. Declared cookies come first (the platform's unclassified ones only
// when seen, then as observed); an overruled one is drafted as what it is known as (`basis:
// observed`, its purpose saying what the site declared), so a draft never carries a tracker as
// necessary; a seen cookie the declaration names is not listed twice; observed cookies that
// nothing could place (unclassified) are left out, since a manifest must give a purpose.
json draft_manifest(const std::string& site, const Declaration* declaration,
                    const std::vector<ObservedCookie>& observed, const std::string& today,
                    const Overruled& overruled = {});

}  // namespace cw
