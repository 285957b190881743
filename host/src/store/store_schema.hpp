#pragma once
// The database schema and its migration ladder. `user_version` is the schema version and
// `application_id` marks the file as Cookie Warden's; a file from a newer version, or someone
// else's, is refused before anything writes to it.
//
// Version history (each step is one function in store_schema.cpp, run in one transaction):
//   1  settings, site rules, interned names, the event log and its indexes
//   2  per-(site, category, action) counters kept by triggers, for `stats` without a scan
//   3  the counters of new events are added by the store once per batch instead of by a
//      trigger per row, and the time index is dropped (times are found by a binary search on
//      ids): logging costs less than half as much and rows are smaller
//   4  temporary_rules: a site's temporary allow-all or block-all and the rule it replaced
//   5  declarations: each site's learned declaration (docs/declarations.md)

#include <stdexcept>
#include <string>

#include "store/sqlite.hpp"

namespace cw {

inline constexpr std::int64_t kApplicationId = 0x43574442;  // "CWDB"
inline constexpr int kSchemaVersion = 5;

class StoreError : public std::runtime_error {
  public:
    enum class Kind { too_new, not_ours, unavailable };
    StoreError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    Kind kind() const { return kind_; }

  private:
    Kind kind_;
};

// Refuses a database that is newer than this program or not Cookie Warden's. Reads only.
void check_schema(sql::Connection& db);

// Brings the schema up to `target` (normally kSchemaVersion) in one transaction. Tests pass a
// smaller target to build an old database.
void migrate(sql::Connection& db, int target = kSchemaVersion);

}  // namespace cw
