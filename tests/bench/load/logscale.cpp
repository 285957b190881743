#include "logscale.hpp"

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>

#include "child.hpp"
#include "classify/classifier.hpp"
#include "classify/domain.hpp"
#include "platform/paths.hpp"
#include "store/store.hpp"
#include "verbs/log_verbs.hpp"
#include "wire/framing.hpp"
#include "workload.hpp"

namespace cw::load {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Query {
    const char* name;
    const char* type;
    nlohmann::json params;
};

// What the popup asks for: the newest page of one site, the same filtered by action or by
// purpose, and the site's counts. kk.dk is the busiest site of the mix, site400.dk a rare one
// (a filter there has to walk past most of the site's events).
std::vector<Query> popup_queries() {
    return {
        {"newest 200, busy site", "log.query", {{"site", "kk.dk"}, {"limit", 200}}},
        {"newest 200, rare site", "log.query", {{"site", "site400.dk"}, {"limit", 200}}},
        {"action=remove, busy site",
         "log.query",
         {{"site", "kk.dk"}, {"action", "remove"}, {"limit", 200}}},
        {"category=marketing, busy site",
         "log.query",
         {{"site", "kk.dk"}, {"category", "marketing"}, {"limit", 200}}},
        {"action=session, rare site",
         "log.query",
         {{"site", "site400.dk"}, {"action", "session"}, {"limit", 200}}},
        {"stats, busy site", "stats", {{"site", "kk.dk"}}},
        {"stats, all sites", "stats", nlohmann::json::object()},
    };
}

double median(std::vector<double> v) {
    return quantile(v, 0.5);
}

}  // namespace

double build_log(const std::filesystem::path& home, std::int64_t count) {
    auto start = Clock::now();
    ensure_private_dir(home);
    Store store(database_path(home));
    Classifier classifier = Classifier::load(manifest_dirs(home));
    Settings settings;
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> unit(0, 1);
    const std::int64_t span_ms = 29LL * 24 * 3600 * 1000;
    const std::int64_t first = now_ms() - span_ms;
    const char* known[] = {"_ga", "_gid", "nmstat", "CookieConsent", "_fbp", "IDE", "PHPSESSID"};
    for (std::int64_t i = 0; i < count; ++i) {
        auto rank = static_cast<int>(std::pow(500.0, unit(rng))) - 1;
        std::string site = rank == 0   ? "kk.dk"
                           : rank == 1 ? "borger.dk"
                                       : "site" + std::to_string(rank) + ".dk";
        bool third = rng() % 4 == 0;
        CookieFacts cookie;
        cookie.name = rng() % 3 == 0 ? known[rng() % std::size(known)]
                                     : "cookie_" + std::to_string(rng() % 190);
        cookie.domain = third ? ".tracker" + std::to_string(rng() % 60) + ".example" : "." + site;
        bool persistent = rng() % 5 != 0;
        if (persistent)
            cookie.expiration_date = 1.9e9;
        cookie.session = !persistent;
        Classification c = classifier.classify("www." + site, cookie);
        std::string cookie_site = registrable_domain(normalize_host(cookie.domain));
        c.third_party = cookie_site != site;
        Verdict v = decide(settings, nullptr, site, c, cookie_site, persistent);
        LogEvent e;
        e.time_ms = first + span_ms * i / count;
        e.browser = "chromium";
        e.site = site;
        e.name = cookie.name;
        e.domain = cookie.domain;
        e.store = "0";
        e.third_party = c.third_party;
        e.category = c.category;
        e.vendor = c.vendor;
        e.source = c.source;
        e.action = v.action;
        e.rule = v.rule;
        store.append(e);
        if (i % 10'000 == 9'999)
            store.commit_batch();
    }
    store.commit_batch();
    store.connection().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return std::chrono::duration<double>(Clock::now() - start).count();
}

LogScaleResult measure_queries(const Target& host, int repeats) {
    LogScaleResult result;
    {
        Store store(database_path(host.home), false);
        auto& db = store.connection();
        result.events = db.query_int("SELECT count(*) FROM log");
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        result.bytes_per_event =
            static_cast<double>(std::filesystem::file_size(database_path(host.home))) /
            static_cast<double>(std::max<std::int64_t>(result.events, 1));
        for (const auto& q : popup_queries()) {
            QueryTiming t{q.name, q.params.dump()};
            std::vector<double> times;
            for (int i = 0; i < repeats; ++i) {
                auto start = Clock::now();
                if (std::string(q.type) == "stats") {
                    std::optional<std::string> site;
                    if (q.params.contains("site"))
                        site = q.params["site"].get<std::string>();
                    auto stats = store.stats(site);
                    t.rows = static_cast<std::size_t>(stats.total);
                } else {
                    t.rows = log_page(store, q.params)["events"].size();
                }
                times.push_back(ms_since(start));
            }
            t.store_ms = median(times);
            result.queries.push_back(t);
        }
    }

    // The same queries through a host started on this database, as the popup sends them.
    Child child(host.executable, host.args,
                {{"COOKIE_WARDEN_HOME", host.home.string()}, {"COOKIE_WARDEN_LOG", "warn"}},
                host.home.parent_path() / "logscale-host.stderr");
    FrameDecoder decoder;
    std::vector<FrameEvent> frames;
    std::array<char, 64 * 1024> buffer{};
    std::int64_t next_id = 0;
    auto ask = [&](const std::string& frame) {
        if (!write_all(child.input(), frame.data(), frame.size()))
            throw std::runtime_error("the host stopped reading");
        frames.clear();
        while (frames.empty()) {
            ssize_t n = ::read(child.output(), buffer.data(), buffer.size());
            if (n <= 0)
                throw std::runtime_error("the host closed its output");
            decoder.feed({buffer.data(), static_cast<std::size_t>(n)}, frames);
        }
        auto reply = nlohmann::json::parse(frames.front().payload);
        if (reply.value("ok", false) != true)
            throw std::runtime_error("query failed: " + frames.front().payload.substr(0, 300));
    };
    ask(Workload::hello_frame(next_id++));
    auto queries = popup_queries();
    for (std::size_t qi = 0; qi < queries.size(); ++qi) {
        std::vector<double> times;
        double cpu_before = child.cpu_seconds_so_far();
        for (int i = 0; i < repeats; ++i) {
            nlohmann::json request = queries[qi].params;
            request["id"] = next_id++;
            request["type"] = queries[qi].type;
            std::string frame = frame_of(request.dump());
            auto start = Clock::now();
            ask(frame);
            times.push_back(ms_since(start));
        }
        result.queries[qi].host_cpu_ms =
            (child.cpu_seconds_so_far() - cpu_before) * 1000.0 / static_cast<double>(repeats);
        result.queries[qi].host_ms = median(times);
        result.queries[qi].host_p99_ms = quantile(times, 0.99);
    }
    result.host_peak_rss_kib = child.peak_rss_kib();
    child.close_input();
    if (int status = child.wait(); status != 0)
        throw std::runtime_error("the host exited with status " + std::to_string(status));
    return result;
}

}  // namespace cw::load
