#pragma once
// Everything one invocation of the driver measured, the targets of issue 8 beside it, and the
// two ways of showing it: a table for people and a JSON file for the plot script.

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "logscale.hpp"
#include "session.hpp"

namespace cw::load {

// Several runs of one measurement; the report quotes their median.
struct Series {
    std::vector<RunResult> runs;
    double median_of(double RunResult::*field) const;
};

struct RatePoint {
    double rate = 0;
    Series host, reference;
};

struct Report {
    std::string commit, date, machine;
    int runs = 0;
    std::uint64_t throughput_events = 0;
    Series throughput_host, throughput_reference;
    std::vector<double> throughput_ratio;  // host / reference, per run
    std::vector<RatePoint> rates;
    std::optional<RunResult> memory_run;  // the host after a million events
    std::uint64_t memory_events = 0;
    double db_bytes_per_event = 0;
    std::vector<double> start_cold_ms, start_warm_ms, start_reference_ms;
    std::vector<double> start_cold_cpu_ms, start_warm_cpu_ms, start_reference_cpu_ms;
    std::optional<LogScaleResult> log;

    // False when a target is missed (the table marks which).
    bool print(std::ostream& out) const;
    void write_json(const std::string& path) const;
};

double median(std::vector<double> values);

}  // namespace cw::load
