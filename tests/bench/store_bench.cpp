// The store's speed targets (issue 4), on a real database file in a temporary folder:
//   classify + decide + log per cookie event    ≤ 10 µs amortised (group commit per 100)
//   log.query, newest 200 of one site, 1,000,000 events    ≤ 5 ms
//   database bytes per logged event    ≤ 200 (reported as the counter bytes_per_event)
// Figures and the commands are in docs/store.md.

#include <benchmark/benchmark.h>

#include <cmath>
#include <memory>
#include <random>

#include "classify/classifier.hpp"
#include "classify/domain.hpp"
#include "store/store_service.hpp"
#include "temp_dir.hpp"
#include "verbs/cookie_events.hpp"
#include "verbs/log_verbs.hpp"

namespace cw {
namespace {

// A browsing mix: a few hundred sites, some much busier than others; cookie names and
// domains drawn from pools of the sizes a real jar has.
struct Mix {
    std::vector<std::string> sites, names, third_parties;
    std::mt19937 rng{42};

    Mix() {
        for (int i = 0; i < 500; ++i)
            sites.push_back("site" + std::to_string(i) + ".dk");
        sites[0] = "kk.dk";
        sites[1] = "borger.dk";
        const char* known[] = {"nmstat",        "_ga",
                               "_gid",          "SC_ANALYTICS_GLOBAL_COOKIE",
                               "CookieConsent", "ASP.NET_SessionId",
                               "_fbp",          "IDE",
                               "test_cookie",   "sp_id"};
        for (auto* n : known)
            names.push_back(n);
        for (int i = 0; i < 190; ++i)
            names.push_back("cookie_" + std::to_string(i));
        for (int i = 0; i < 60; ++i)
            third_parties.push_back("tracker" + std::to_string(i) + ".example");
    }

    // Cookie events come in bursts: a page load sets a handful to a few dozen cookies under
    // one top-level site. Sites are picked Zipf-like (site i with weight about 1/(i+1)).
    std::string site;
    int burst_left = 0;

    CookieEvent next() {
        if (burst_left-- <= 0) {
            std::uniform_real_distribution<double> u(0, 1);
            site = sites[static_cast<std::size_t>(std::pow(500.0, u(rng))) - 1];
            burst_left = static_cast<int>(rng() % 30);
        }
        CookieEvent e;
        e.site_host = "www." + site;
        e.cookie.name = names[rng() % names.size()];
        bool third = rng() % 4 == 0;
        e.cookie.domain = third ? third_parties[rng() % third_parties.size()] : "." + site;
        e.cookie.expiration_date = 2.0e9;
        e.cookie.session = false;
        e.store_id = "0";
        return e;
    }
};

const Classifier& classifier() {
    static const Classifier c = Classifier::load({});
    return c;
}

LogEvent row_for(const CookieEvent& e, const DecidedEvent& d, std::int64_t time) {
    LogEvent row;
    row.time_ms = time;
    row.browser = "chromium";
    row.site = d.site;
    row.name = e.cookie.name;
    row.domain = e.cookie.domain;
    row.path = e.cookie.path;
    row.store = e.store_id;
    row.third_party = d.classification.third_party;
    row.category = d.classification.category;
    row.vendor = d.classification.vendor;
    row.source = d.classification.source;
    row.action = d.verdict.action;
    row.rule = d.verdict.rule;
    return row;
}

void BM_ClassifyDecideLog(benchmark::State& state) {
    test::TempDir dir;
    StoreService service(dir.path() / "cookie-warden.db");
    SiteRule rule;
    rule.site = "kk.dk";
    rule.categories[Category::statistics] = Choice::deny;
    service.change([&](Store& s) { s.save_rule(rule); });
    ClassifyFn classify = [](std::string_view site, const CookieFacts& c) {
        return classifier().classify(site, c);
    };
    Mix mix;
    std::vector<CookieEvent> events;
    for (int i = 0; i < 10'000; ++i)
        events.push_back(mix.next());
    const auto batch = static_cast<std::size_t>(state.range(0));
    std::size_t i = 0;
    for (auto _ : state) {
        const CookieEvent& e = events[i++ % events.size()];
        DecidedEvent d = decide_event(e, service, classify);
        service.log(row_for(e, d, now_ms()));
        if (i % batch == 0)
            service.end_batch();  // what the host does after each read
    }
    service.end_batch();
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ClassifyDecideLog)->Arg(1)->Arg(20)->Arg(100)->Unit(benchmark::kMicrosecond);

// One log of a million events, built once for the query benchmarks.
struct BigLog {
    test::TempDir dir;
    std::unique_ptr<Store> store;
    std::int64_t bytes_per_event = 0;
    static constexpr int kEvents = 1'000'000;

    BigLog() {
        store = std::make_unique<Store>(dir.path() / "cookie-warden.db");
        Mix mix;
        Settings settings;
        std::int64_t time = now_ms() - kEvents;
        ClassifyFn classify = [](std::string_view site, const CookieFacts& c) {
            return classifier().classify(site, c);
        };
        for (int i = 0; i < kEvents; ++i) {
            CookieEvent e = mix.next();
            DecidedEvent d;
            d.site = registrable_domain(e.site_host);
            d.classification = classify(e.site_host, e.cookie);
            d.classification.third_party =
                registrable_domain(normalize_host(e.cookie.domain)) != d.site;
            d.verdict = decide(settings, nullptr, d.site, d.classification,
                               registrable_domain(normalize_host(e.cookie.domain)), true);
            store->append(row_for(e, d, time++));
            if (i % 1000 == 999)
                store->commit_batch();
        }
        store->commit_batch();
        auto& db = store->connection();
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        bytes_per_event =
            db.query_int("PRAGMA page_count") * db.query_int("PRAGMA page_size") / kEvents;
    }
    static BigLog& get() {
        static BigLog log;
        return log;
    }
};

void BM_LogQueryNewest200(benchmark::State& state) {
    BigLog& log = BigLog::get();
    // range 0: a busy site (kk.dk), a middling one, a rare one.
    const char* sites[] = {"kk.dk", "site20.dk", "site400.dk"};
    json params{{"site", sites[state.range(0)]}, {"limit", 200}};
    std::size_t returned = 0;
    for (auto _ : state) {
        json page = log_page(*log.store, params);
        returned = page["events"].size();
        benchmark::DoNotOptimize(page);
    }
    state.counters["events_returned"] = static_cast<double>(returned);
    state.counters["bytes_per_event"] = static_cast<double>(log.bytes_per_event);
}
BENCHMARK(BM_LogQueryNewest200)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace cw

namespace cw {
namespace {

// The parts of BM_ClassifyDecideLog on their own, to see where the time goes.
void BM_ClassifyOnly(benchmark::State& state) {
    Mix mix;
    std::vector<CookieEvent> events;
    for (int i = 0; i < 10'000; ++i)
        events.push_back(mix.next());
    std::size_t i = 0;
    for (auto _ : state) {
        const CookieEvent& e = events[i++ % events.size()];
        benchmark::DoNotOptimize(classifier().classify(e.site_host, e.cookie));
    }
}
BENCHMARK(BM_ClassifyOnly)->Unit(benchmark::kMicrosecond);

void BM_LogOnly(benchmark::State& state) {
    test::TempDir dir;
    Store store(dir.path() / "cookie-warden.db");
    Mix mix;
    std::vector<LogEvent> rows;
    Settings settings;
    for (int i = 0; i < 10'000; ++i) {
        CookieEvent e = mix.next();
        DecidedEvent d;
        d.site = registrable_domain(e.site_host);
        d.classification = classifier().classify(e.site_host, e.cookie);
        d.verdict = decide(settings, nullptr, d.site, d.classification, d.site, true);
        rows.push_back(row_for(e, d, 0));
    }
    std::size_t i = 0;
    for (auto _ : state) {
        LogEvent& row = rows[i++ % rows.size()];
        row.time_ms = now_ms();
        store.append(row);
        if (i % 100 == 0)
            store.commit_batch();
    }
    store.commit_batch();
}
BENCHMARK(BM_LogOnly)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace cw
