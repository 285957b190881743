#pragma once
// What each site's cookie banner was answered, per purpose (issue 16): by Cookie Warden for
// the citizen, or by the citizen in the banner as the platform's consent cookie tells. The
// latest answer per site and purpose is kept in the database (`consent_state`) and held in
// memory, so that a cookie of a refused purpose set afterwards is removed and logged with
// afterRefusal whatever the rules say.

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "classify/classification.hpp"
#include "store/sqlite.hpp"

namespace cw {

// The purposes a banner answers: functional, preferences, statistics, marketing.
inline constexpr std::array<Category, 4> kConsentPurposes{
    Category::functional, Category::preferences, Category::statistics, Category::marketing};

struct ConsentAnswer {
    std::string site;      // registrable domain
    std::string platform;  // the rule that answered ("cookiebot", "manifest:borger.dk"...)
    std::string by;        // "warden" (we answered) or "banner" (read from the consent cookie)
    std::int64_t time_ms = 0;
    std::vector<std::pair<Category, bool>> refused;  // purpose -> refused?
};

class ConsentBook {
  public:
    // Since when `category` has been refused on `site` (the latest answer refused it).
    std::optional<std::int64_t> refused_since(const std::string& site, Category category) const;
    // Does `answer` say anything the book does not already hold?
    bool differs(const ConsentAnswer& answer) const;
    void apply(const ConsentAnswer& answer);
    void clear() { sites_.clear(); }

  private:
    struct Entry {
        bool known = false;
        bool refused = false;
        std::int64_t time_ms = 0;
    };
    std::unordered_map<std::string, std::array<Entry, 6>> sites_;
};

// The database side: the latest answer per site and purpose.
ConsentBook load_consent_book(sql::Connection& db);
void save_consent(sql::Connection& db, const ConsentAnswer& answer);

// "functional=allow,preferences=allow,statistics=refuse,marketing=refuse" and back; the log
// keeps an answer's choices in its rule as "consent/<by>/<choices>".
std::string choices_text(const ConsentAnswer& answer);
std::string consent_rule(const ConsentAnswer& answer);
// The choices of a consent log row's rule as JSON ({} when it is not one).
nlohmann::json choices_of_rule(const std::string& rule);

}  // namespace cw
