#include "classify/catalogue.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

#include "classify/domain.hpp"
#include "classify/embedded.hpp"
#include "wire/protocol.hpp"

namespace cw {

namespace {

// "A well-known statistics cookie of Google Analytics (cookie catalogue), kept 2 years."
std::string describe(const CatalogueEntry& e) {
    std::string text = "A well-known " + std::string(to_string(e.category)) + " cookie";
    if (!e.platform.empty())
        text += " of " + e.platform;
    text += " (cookie catalogue)";
    std::string r = e.retention;
    std::transform(r.begin(), r.end(), r.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (r == "session") {
        text += ", deleted when the browser closes";
    } else if (!r.empty() && r != "unknown" && r != "various" && r != "persistent") {
        text += ", kept " + e.retention;
    }
    return text + ".";
}

// Words that name what a cookie does on any site, not who made it.
constexpr std::string_view kGenericWords[] = {
    "session",  "sess",   "sessid",  "sid",      "id",       "ids",     "uid",     "uuid",
    "guid",     "key",    "csrf",    "xsrf",     "token",    "auth",    "login",   "logged",
    "in",       "user",   "usr",     "lang",     "language", "locale",  "country", "currency",
    "region",   "cart",   "basket",  "test",     "cookie",   "check",   "enabled", "consent",
    "accepted", "data",   "state",   "remember", "me",       "visitor", "visit",   "client",
    "device",   "secure", "connect", "app",      "web",      "site",    "time",    "timestamp",
    "last",     "first",  "is",      "has",      "new",      "pref",    "prefs",   "settings",
    "theme",    "mode",   "tz",      "timezone", "hash",     "sig",     "name",    "frontend",
    "player",   "s"};

bool is_generic_word(std::string_view w) {
    return std::find(std::begin(kGenericWords), std::end(kGenericWords), w) !=
           std::end(kGenericWords);
}

// Whether `piece` (lower-case letters) is a run of generic words.
bool splits_into_generic_words(std::string_view piece) {
    std::vector<bool> reachable(piece.size() + 1, false);
    reachable[0] = true;
    for (std::size_t end = 1; end <= piece.size(); ++end) {
        for (std::size_t start = 0; start < end && !reachable[end]; ++start) {
            reachable[end] = reachable[start] && is_generic_word(piece.substr(start, end - start));
        }
    }
    return reachable[piece.size()];
}

}  // namespace

bool is_generic_name(std::string_view name) {
    std::string piece;
    bool any_letter = false;
    auto piece_ok = [&] {
        bool ok = piece.empty() || splits_into_generic_words(piece);
        piece.clear();
        return ok;
    };
    for (char ch : name) {
        auto c = static_cast<unsigned char>(ch);
        if (std::isalpha(c)) {
            piece.push_back(static_cast<char>(std::tolower(c)));
            any_letter = true;
        } else if (!piece_ok()) {
            return false;
        }
    }
    return piece_ok() && any_letter;
}

Catalogue Catalogue::from_json_text(std::string_view text) {
    Catalogue cat;
    json doc = json::parse(text);
    const auto& columns = doc.at("columns");
    const std::vector<std::string> expected{"name",     "match",    "domain",   "domainRequired",
                                            "category", "platform", "retention"};
    if (columns.get<std::vector<std::string>>() != expected) {
        throw std::runtime_error("catalogue: unexpected columns " + columns.dump());
    }
    const auto& rows = doc.at("entries");
    cat.entries_.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        try {
            CatalogueEntry e;
            e.name = r.at(0).get<std::string>();
            e.prefix = r.at(1).get<std::string>() == "prefix";
            e.domain = normalize_host(r.at(2).get<std::string>());
            e.registrable = e.domain.empty() ? std::string() : registrable_domain_cached(e.domain);
            e.domain_required =
                r.at(3).get<int>() != 0 || (!e.registrable.empty() && is_generic_name(e.name));
            auto c = parse_category(r.at(4).get<std::string>());
            if (!c || *c == Category::unclassified)
                throw std::runtime_error("bad category");
            e.category = *c;
            e.platform = r.at(5).get<std::string>();
            e.retention = r.at(6).get<std::string>();
            if (e.name.empty())
                throw std::runtime_error("empty name");
            e.purpose = describe(e);
            cat.entries_.push_back(std::move(e));
        } catch (const std::exception& ex) {
            throw std::runtime_error("catalogue: entry " + std::to_string(i) + ": " + ex.what());
        }
    }
    for (std::uint32_t i = 0; i < cat.entries_.size(); ++i) {
        const auto& e = cat.entries_[i];
        (e.prefix ? cat.prefixes_ : cat.exact_)[e.name].push_back(i);
    }
    for (const auto& [prefix, _] : cat.prefixes_)
        cat.prefix_lengths_.push_back(prefix.size());
    std::sort(cat.prefix_lengths_.begin(), cat.prefix_lengths_.end(), std::greater<>());
    cat.prefix_lengths_.erase(std::unique(cat.prefix_lengths_.begin(), cat.prefix_lengths_.end()),
                              cat.prefix_lengths_.end());
    cat.derive_domains();
    if (auto it = doc.find("domains"); it != doc.end()) {
        for (const auto& d : *it) {
            auto c = parse_category(d.at(1).get<std::string>());
            if (!c || *c == Category::unclassified)
                throw std::runtime_error("catalogue: bad category for domain " + d.dump());
            cat.domains_[registrable_domain_cached(normalize_host(d.at(0).get<std::string>()))] =
                CatalogueDomain{*c, d.at(2).get<std::string>(), true};
        }
    }
    return cat;
}

Catalogue Catalogue::shipped() {
    auto text = embedded::find("catalogue/catalogue.json");
    if (!text)
        throw std::runtime_error("the catalogue is not built in");
    return from_json_text(*text);
}

const CatalogueEntry* Catalogue::best_of(const std::vector<std::uint32_t>& candidates,
                                         std::string_view cookie_registrable) const {
    // The cookie's own domain first, then an entry without a domain, then (for names
    // distinctive enough not to need it) an entry listed for another domain: many
    // first-party trackers are listed under their vendor's domain.
    const CatalogueEntry* generic = nullptr;
    const CatalogueEntry* elsewhere = nullptr;
    for (auto i : candidates) {
        const auto& e = entries_[i];
        if (e.registrable.empty()) {
            if (!generic)
                generic = &e;
        } else if (e.registrable == cookie_registrable) {
            return &e;
        } else if (!e.domain_required && !elsewhere) {
            elsewhere = &e;
        }
    }
    return generic ? generic : elsewhere;
}

std::vector<const CatalogueEntry*> Catalogue::chosen(std::string_view cookie_registrable) const {
    std::vector<const CatalogueEntry*> out;
    for (const Index* index : {&exact_, &prefixes_}) {
        for (const auto& [name, candidates] : *index) {
            if (auto* e = best_of(candidates, cookie_registrable))
                out.push_back(e);
        }
    }
    return out;
}

void Catalogue::derive_domains() {
    // Per registrable domain: how many entries of each category are listed for it.
    std::unordered_map<std::string, std::array<int, 6>> counts;
    std::unordered_map<std::string, std::string> platform;
    for (const auto& e : entries_) {
        if (e.registrable.empty())
            continue;
        ++counts[e.registrable][static_cast<std::size_t>(e.category)];
        platform.emplace(e.registrable, e.platform);
    }
    for (const auto& [domain, n] : counts) {
        int total = 0;
        for (int v : n)
            total += v;
        auto best = std::max_element(n.begin(), n.end());
        // At least two entries, and nine in ten of them of one purpose.
        if (*best >= 2 && *best * 10 >= total * 9) {
            domains_[domain] =
                CatalogueDomain{static_cast<Category>(best - n.begin()), platform[domain], false};
        }
    }
}

const CatalogueDomain* Catalogue::find_domain(std::string_view cookie_registrable) const {
    auto it = domains_.find(cookie_registrable);
    return it == domains_.end() ? nullptr : &it->second;
}

const CatalogueEntry* Catalogue::find(std::string_view name,
                                      std::string_view cookie_registrable) const {
    if (auto it = exact_.find(name); it != exact_.end()) {
        if (auto* e = best_of(it->second, cookie_registrable))
            return e;
    }
    for (auto len : prefix_lengths_) {
        if (len > name.size())
            continue;
        if (auto it = prefixes_.find(name.substr(0, len)); it != prefixes_.end()) {
            if (auto* e = best_of(it->second, cookie_registrable))
                return e;
        }
    }
    return nullptr;
}

}  // namespace cw
