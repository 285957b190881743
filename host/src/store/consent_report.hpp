#pragma once
// `cookie-warden report SITE`: the evidence of how a site treated the citizen's answer to its
// cookie banner. The answers given (from the log's `consent` events), what is refused now
// (consent_state) and every cookie of a refused purpose the site set afterwards (log events
// with afterRefusal). Names, domains, times and rules only: the log has no values to give.

#include <nlohmann/json.hpp>
#include <string>

#include "store/sqlite.hpp"

namespace cw {

// At most this many events of each kind, oldest first; `truncated` says when more exist.
inline constexpr int kReportMaxEvents = 10000;

// `site` is a registrable domain (rule_key()).
nlohmann::json consent_report(sql::Connection& db, const std::string& site);

// What the popup shows: the latest answer ({time, platform, by, choices} or null) and how many
// cookies of each refused purpose the site set after the refusal. Small whatever the log holds.
nlohmann::json consent_summary(sql::Connection& db, const std::string& site);

}  // namespace cw
