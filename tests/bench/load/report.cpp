#include "report.hpp"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

namespace cw::load {
namespace {

// Issue 8's targets.
constexpr double kMinShareOfReference = 0.70;
constexpr double kMaxP99At5kUs = 1000;
constexpr double kMaxStartMs = 20;
constexpr double kMaxPeakMiB = 20;
constexpr double kMaxQueryMs = 5;

std::string fmt(const char* format, double value) {
    char text[64];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

struct Table {
    std::ostream& out;
    bool all_met = true;

    void header() {
        row("figure", "host", "reference", "target", "");
        out << std::string(104, '-') << "\n";
    }
    void row(const std::string& figure, const std::string& host, const std::string& reference,
             const std::string& target, const std::string& verdict) {
        char line[256];
        std::snprintf(line, sizeof line, "%-44s %14s %14s %18s  %s\n", figure.c_str(), host.c_str(),
                      reference.c_str(), target.c_str(), verdict.c_str());
        out << line;
    }
    std::string check(bool met) {
        all_met = all_met && met;
        return met ? "met" : "MISSED";
    }
};

}  // namespace

double median(std::vector<double> values) {
    return quantile(values, 0.5);
}

double Series::median_of(double RunResult::*field) const {
    std::vector<double> v;
    for (const auto& r : runs)
        v.push_back(r.*field);
    return median(v);
}

bool Report::print(std::ostream& out) const {
    out << "Cookie Warden load report — " << date << ", commit " << commit << ", " << machine
        << "\nMedians of " << runs << " runs; latencies in microseconds unless marked.\n\n";
    Table t{out};
    t.header();
    if (!throughput_host.runs.empty()) {
        double host = throughput_host.median_of(&RunResult::events_per_s);
        double ref = throughput_reference.median_of(&RunResult::events_per_s);
        double share = median(throughput_ratio);
        t.row("throughput, events/s (" + std::to_string(throughput_events) + " events, window)",
              fmt("%.0f", host), fmt("%.0f", ref), "", "");
        t.row("  host / reference (median of per-run ratios)", fmt("%.0f %%", share * 100), "",
              fmt(">= %.0f %%", kMinShareOfReference * 100),
              t.check(share >= kMinShareOfReference));
        t.row("  CPU time per event, us (whole process life)",
              fmt("%.1f", throughput_host.median_of(&RunResult::cpu_us_per_event)),
              fmt("%.1f", throughput_reference.median_of(&RunResult::cpu_us_per_event)), "", "");
        t.row("  latency p50 / p99 under that load",
              fmt("%.0f", throughput_host.median_of(&RunResult::p50_us)) + " / " +
                  fmt("%.0f", throughput_host.median_of(&RunResult::p99_us)),
              fmt("%.0f", throughput_reference.median_of(&RunResult::p50_us)) + " / " +
                  fmt("%.0f", throughput_reference.median_of(&RunResult::p99_us)),
              "", "");
    }
    for (const auto& p : rates) {
        std::string name = fmt("%.0f", p.rate) + " events/s offered";
        t.row(name + ": achieved", fmt("%.0f", p.host.median_of(&RunResult::events_per_s)),
              fmt("%.0f", p.reference.median_of(&RunResult::events_per_s)), "", "");
        t.row("  p50", fmt("%.0f", p.host.median_of(&RunResult::p50_us)),
              fmt("%.0f", p.reference.median_of(&RunResult::p50_us)), "", "");
        bool five_k = p.rate == 5000;
        double p99 = p.host.median_of(&RunResult::p99_us);
        t.row("  p99", fmt("%.0f", p99), fmt("%.0f", p.reference.median_of(&RunResult::p99_us)),
              five_k ? fmt("<= %.0f", kMaxP99At5kUs) : "",
              five_k ? t.check(p99 <= kMaxP99At5kUs) : "");
        t.row("  p99.9", fmt("%.0f", p.host.median_of(&RunResult::p999_us)),
              fmt("%.0f", p.reference.median_of(&RunResult::p999_us)), "", "");
    }
    if (memory_run) {
        double mib = static_cast<double>(memory_run->peak_rss_kib) / 1024.0;
        t.row("peak RSS after " + std::to_string(memory_events) + " events, MiB", fmt("%.1f", mib),
              "", fmt("<= %.0f", kMaxPeakMiB), t.check(mib <= kMaxPeakMiB));
        t.row("  throughput of that run, events/s", fmt("%.0f", memory_run->events_per_s), "", "",
              "");
        t.row("database bytes per event", fmt("%.0f", db_bytes_per_event), "", "", "");
    }
    if (!start_cold_ms.empty()) {
        double cold = median(start_cold_ms), warm = median(start_warm_ms);
        double ref = median(start_reference_ms);
        t.row("start to hello reply, cold (new folder), ms", fmt("%.1f", cold), fmt("%.1f", ref),
              fmt("<= %.0f", kMaxStartMs), t.check(cold <= kMaxStartMs));
        t.row("start to hello reply, warm (existing db), ms", fmt("%.1f", warm), "",
              fmt("<= %.0f", kMaxStartMs), t.check(warm <= kMaxStartMs));
        t.row(
            "  CPU time of a start (start, hello, exit), cold / warm, ms",
            fmt("%.1f", median(start_cold_cpu_ms)) + " / " + fmt("%.1f", median(start_warm_cpu_ms)),
            fmt("%.1f", median(start_reference_cpu_ms)), "", "");
    }
    if (log) {
        t.row("log: " + std::to_string(log->events) + " events, bytes/event",
              fmt("%.0f", log->bytes_per_event), "", "", "");
        for (const auto& q : log->queries) {
            t.row("  " + q.name + ", ms (store / host / host CPU)",
                  fmt("%.2f", q.store_ms) + " / " + fmt("%.2f", q.host_ms) + " / " +
                      fmt("%.2f", q.host_cpu_ms),
                  "", fmt("<= %.0f", kMaxQueryMs), t.check(q.host_ms <= kMaxQueryMs));
        }
        if (log->host_peak_rss_kib > 0) {
            double mib = static_cast<double>(log->host_peak_rss_kib) / 1024.0;
            t.row("  peak RSS of the host answering them, MiB", fmt("%.1f", mib), "",
                  fmt("<= %.0f", kMaxPeakMiB), t.check(mib <= kMaxPeakMiB));
        }
    }
    out << "\n" << (t.all_met ? "Every target met." : "Some targets MISSED (see above).") << "\n";
    return t.all_met;
}

void Report::write_json(const std::string& path) const {
    using nlohmann::json;
    auto series = [](const Series& s) {
        json each = json::array();
        for (const auto& r : s.runs) {
            each.push_back({{"events", r.events},
                            {"errors", r.errors},
                            {"eventsPerSecond", r.events_per_s},
                            {"p50us", r.p50_us},
                            {"p99us", r.p99_us},
                            {"p999us", r.p999_us},
                            {"maxus", r.max_us},
                            {"peakRssKiB", r.peak_rss_kib},
                            {"cpuUsPerEvent", r.cpu_us_per_event}});
        }
        return json{{"eventsPerSecond", s.median_of(&RunResult::events_per_s)},
                    {"p50us", s.median_of(&RunResult::p50_us)},
                    {"p99us", s.median_of(&RunResult::p99_us)},
                    {"p999us", s.median_of(&RunResult::p999_us)},
                    {"cpuUsPerEvent", s.median_of(&RunResult::cpu_us_per_event)},
                    {"runs", each}};
    };
    json j{{"commit", commit}, {"date", date}, {"machine", machine}, {"runs", runs}};
    if (!throughput_host.runs.empty()) {
        j["throughput"] = {{"events", throughput_events},
                           {"host", series(throughput_host)},
                           {"reference", series(throughput_reference)},
                           {"share", median(throughput_ratio)}};
    }
    j["rates"] = json::array();
    for (const auto& p : rates) {
        j["rates"].push_back(
            {{"rate", p.rate}, {"host", series(p.host)}, {"reference", series(p.reference)}});
    }
    if (memory_run) {
        j["memory"] = {{"events", memory_events},
                       {"peakRssKiB", memory_run->peak_rss_kib},
                       {"eventsPerSecond", memory_run->events_per_s},
                       {"dbBytesPerEvent", db_bytes_per_event}};
    }
    if (!start_cold_ms.empty()) {
        j["startup"] = {{"coldMs", median(start_cold_ms)},
                        {"warmMs", median(start_warm_ms)},
                        {"referenceMs", median(start_reference_ms)},
                        {"coldCpuMs", median(start_cold_cpu_ms)},
                        {"warmCpuMs", median(start_warm_cpu_ms)},
                        {"referenceCpuMs", median(start_reference_cpu_ms)}};
    }
    if (log) {
        json queries = json::array();
        for (const auto& q : log->queries) {
            queries.push_back({{"name", q.name},
                               {"request", q.params},
                               {"storeMs", q.store_ms},
                               {"hostMs", q.host_ms},
                               {"hostP99Ms", q.host_p99_ms},
                               {"hostCpuMs", q.host_cpu_ms},
                               {"rows", q.rows}});
        }
        j["log"] = {{"events", log->events},
                    {"bytesPerEvent", log->bytes_per_event},
                    {"buildSeconds", log->build_seconds},
                    {"hostPeakRssKiB", log->host_peak_rss_kib},
                    {"queries", queries}};
    }
    std::ofstream(path) << j.dump(2) << "\n";
}

}  // namespace cw::load
