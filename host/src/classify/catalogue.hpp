#pragma once
// The catalogue of well-known cookies (host/catalogue/catalogue.json, derived from the Open
// Cookie Database by tools/catalogue/convert.py). Lookup: an exact name before the longest
// prefix; within each, an entry of the cookie's own domain before a generic one.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "classify/classification.hpp"

namespace cw {

struct CatalogueEntry {
    std::string name;
    bool prefix = false;
    std::string domain;       // the platform's domain as listed, normalised; may be empty
    std::string registrable;  // registrable domain of `domain`
    // Only applies to cookies of that domain: short names, and generic names (is_generic_name)
    // listed for a vendor's domain: Instagram's `sessionid` is not every Django site's.
    bool domain_required = false;
    Category category = Category::unclassified;
    std::string platform;
    std::string retention;
    std::string purpose;  // a short text for people, made from the facts above
};

// What the catalogue knows about a domain as a whole: every cookie of it serves one purpose.
struct CatalogueDomain {
    Category category = Category::unclassified;
    std::string platform;
    bool listed = false;  // from the catalogue's "domains" list; otherwise derived from entries
};

// True when the name is made only of generic words (session, sid, id, csrf, token, lang, user,
// cart, login, test, cookie, …) and digits: such a name says nothing about its vendor.
bool is_generic_name(std::string_view name);

class Catalogue {
  public:
    Catalogue() = default;
    // Parses the catalogue JSON text; throws std::runtime_error naming the entry on bad data.
    static Catalogue from_json_text(std::string_view text);
    // The catalogue compiled into the executables.
    static Catalogue shipped();

    // `cookie_registrable` is the registrable domain of the cookie's domain.
    const CatalogueEntry* find(std::string_view name, std::string_view cookie_registrable) const;

    // For each distinct exact name and each distinct prefix, the entry find() uses for a cookie
    // of `cookie_registrable` when that name or prefix is the one matched; groups without a
    // usable entry are left out (find() then looks further). For the site.policy verb.
    std::vector<const CatalogueEntry*> chosen(std::string_view cookie_registrable) const;

    // The purpose shared by the cookies of a registrable domain: the catalogue's "domains" list
    // first, else the entries listed for it when at least two agree and nearly all do; nullptr
    // when unknown. For cookies of that domain whose name the catalogue does not list.
    const CatalogueDomain* find_domain(std::string_view cookie_registrable) const;

    std::size_t size() const { return entries_.size(); }
    const std::vector<CatalogueEntry>& entries() const { return entries_; }

  private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };
    using Index =
        std::unordered_map<std::string, std::vector<std::uint32_t>, Hash, std::equal_to<>>;

    void derive_domains();
    const CatalogueEntry* best_of(const std::vector<std::uint32_t>& candidates,
                                  std::string_view cookie_registrable) const;

    std::vector<CatalogueEntry> entries_;
    Index exact_;
    Index prefixes_;
    std::vector<std::size_t> prefix_lengths_;  // distinct lengths, longest first
    std::unordered_map<std::string, CatalogueDomain, Hash, std::equal_to<>> domains_;
};

}  // namespace cw
