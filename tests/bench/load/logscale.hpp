#pragma once
// The log at its size limit: a database of a million events, built quickly through the store
// API (the host itself would take minutes), then the popup's queries against it, both
// directly on the store and through a real host started on that database.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "session.hpp"

namespace cw::load {

// Fills `home`'s database with `count` events spread over the last 29 days; returns seconds.
double build_log(const std::filesystem::path& home, std::int64_t count);

struct QueryTiming {
    std::string name;     // e.g. "newest 200, kk.dk"
    std::string params;   // the request, as JSON
    double store_ms = 0;  // median, straight on the store
    double host_ms = 0;   // median, request to reply through a host's pipes
    double host_p99_ms = 0;
    double host_cpu_ms = 0;  // the host's CPU time per query (all repeats over their count)
    std::size_t rows = 0;    // events in the reply (log.query)
};

struct LogScaleResult {
    std::int64_t events = 0;
    double build_seconds = 0;
    double bytes_per_event = 0;  // database file after a checkpoint
    std::vector<QueryTiming> queries;
    long host_peak_rss_kib = -1;  // the host after answering every query
};

// Times each popup query `repeats` times on the store and through `host` (whose home holds
// the log).
LogScaleResult measure_queries(const Target& host, int repeats);

}  // namespace cw::load
