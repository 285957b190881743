#pragma once
// Decides what a cookie is for. Built once at start-up (manifests + catalogue), then used
// read-only: classify() is const and safe to call from several threads at once.
//
// Precedence (docs/classification.md):
//   1. the manifest of the top-level site (a declared cookie, then a declared third party);
//   2. the manifest of the cookie's own domain (its declared cookies);
//   3. the top-level site's learned declaration (its consent platform's; declarations.hpp),
//      unless it calls a cookie necessary that the catalogue knows by exact name as statistics
//      or marketing, or whose third-party domain the catalogue knows as an ad network: then the
//      catalogue decides and the answer says what the site declared;
//   4. the catalogue: exact name before the longest prefix, own domain before generic;
//   5. heuristics on the name, lifetime, attributes and party;
//   6. otherwise unclassified (source "none").
// For a partitioned cookie (CHIPS) the top-level site is its partition's top-level site.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "classify/catalogue.hpp"
#include "classify/classification.hpp"
#include "classify/declarations.hpp"
#include "classify/manifest.hpp"
#include "classify/manifest_loader.hpp"

namespace cw {

class Classifier {
  public:
    // Loads the manifests from `manifest_dirs` (user first, then system; see paths.hpp) plus
    // the shipped ones, and the shipped catalogue. Skipped manifests are in problems() and
    // logged as errors.
    static Classifier load(const std::vector<std::filesystem::path>& manifest_dirs);

    Classifier(ManifestSet manifests, Catalogue catalogue);

    Classification classify(std::string_view site, const CookieFacts& cookie) const;
    // Same, with the clock given (seconds since the epoch), for tests and replays.
    Classification classify(std::string_view site, const CookieFacts& cookie, double now) const;

    std::size_t manifest_count() const { return manifests_.manifests.size(); }
    std::size_t catalogue_count() const { return catalogue_.size(); }
    const std::vector<Manifest>& manifests() const { return manifests_.manifests; }
    const std::vector<ManifestProblem>& problems() const { return manifests_.problems; }
    const Catalogue& catalogue() const { return catalogue_; }

    // Learned declarations to ask after the manifests (shared with whoever stores them).
    void use_declarations(std::shared_ptr<LearnedDeclarations> learned) {
        learned_ = std::move(learned);
    }
    const std::shared_ptr<LearnedDeclarations>& declarations() const { return learned_; }

    // The manifest that applies to a top-level host (normalised), or nullptr.
    const Manifest* manifest_for_host(std::string_view host, std::string_view registrable) const;

  private:
    // Steps 3b and 4: the catalogue's knowledge of the cookie's domain, then the heuristics.
    void decide_unlisted(const CookieFacts& cookie, const std::string& cookie_reg, bool third_party,
                         double now, Classification& out) const;

    ManifestSet manifests_;
    Catalogue catalogue_;
    // registrable domain of each manifest host -> manifests, in precedence order
    std::unordered_map<std::string, std::vector<std::size_t>> by_registrable_;
    std::shared_ptr<LearnedDeclarations> learned_;
    std::unordered_set<std::string> ad_networks_;  // ad_network_domains(catalogue_)

    // Step 3; leaves `out` alone when the declaration says nothing usable.
    void classify_declared(const std::string& top_reg, const std::string& cookie_reg,
                           const CookieFacts& cookie, bool third_party, Classification& out) const;
};

}  // namespace cw
