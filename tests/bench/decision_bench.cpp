// Decisions and the whole per-event path of the host: decide() alone, then one
// `cookie.changed` frame through the dispatcher (parse, classify, decide, log, reply) with the
// batch committed every `range(0)` frames, as the host commits once per read.
// Classification alone is in classifier_bench.cpp, the store's own figures in store_bench.cpp.

#include <benchmark/benchmark.h>

#include <memory>

#include "classify/classifier.hpp"
#include "policy/decision.hpp"
#include "store/store_service.hpp"
#include "temp_dir.hpp"
#include "verbs/cookie_events.hpp"
#include "wire/dispatcher.hpp"

namespace cw {
namespace {

void BM_Decide(benchmark::State& state) {
    Settings settings;
    SiteRule rule;
    rule.site = "kk.dk";
    rule.categories[Category::statistics] = Choice::deny;
    rule.allow_third_party.insert("siteimproveanalytics.com");
    Classification c;
    c.category = static_cast<Category>(state.range(0));
    c.third_party = state.range(1) != 0;
    std::string_view domain = c.third_party ? "tracker.example" : "kk.dk";
    for (auto _ : state) {
        Verdict v = decide(settings, &rule, "kk.dk", c, domain, true);
        benchmark::DoNotOptimize(v);
    }
    state.SetLabel(std::string(to_string(c.category)) + (c.third_party ? ", third party" : ""));
}
BENCHMARK(BM_Decide)->Args({1, 0})->Args({2, 0})->Args({3, 1});

std::string event_request(int i) {
    int site = i % 50;
    bool third = i % 4 == 0;
    json cookie{{"name", i % 3 ? "_ga" : "cookie_" + std::to_string(i % 190)},
                {"value", "opaque-token-not-logged"},
                {"domain", third ? ".tracker" + std::to_string(i % 7) + ".example"
                                 : ".site" + std::to_string(site) + ".dk"},
                {"path", "/"},
                {"session", false},
                {"expirationDate", 1.9e9},
                {"secure", true},
                {"httpOnly", false},
                {"sameSite", "lax"},
                {"storeId", "0"}};
    json request{{"id", i},
                 {"type", "cookie.changed"},
                 {"event",
                  {{"cookie", cookie},
                   {"removed", false},
                   {"cause", "explicit"},
                   {"site", "www.site" + std::to_string(site) + ".dk"},
                   {"tabId", 3}}}};
    return request.dump();
}

void BM_CookieChangedFrame(benchmark::State& state) {
    test::TempDir dir;
    StoreService service(dir.path() / "cookie-warden.db");
    auto classifier = std::make_shared<const Classifier>(Classifier::load({}));
    Dispatcher dispatcher;
    register_cookie_events(dispatcher, service,
                           [classifier](std::string_view site, const CookieFacts& c) {
                               return classifier->classify(site, c);
                           });
    std::vector<std::string> requests;
    for (int i = 0; i < 1000; ++i)
        requests.push_back(event_request(i));
    const auto batch = static_cast<std::size_t>(state.range(0));
    std::size_t i = 0;
    for (auto _ : state) {
        json reply = dispatcher.handle_frame(requests[i++ % requests.size()]);
        std::string text = reply.dump();  // the transport's share of the reply
        benchmark::DoNotOptimize(text);
        if (i % batch == 0)
            service.end_batch();
    }
    service.end_batch();
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CookieChangedFrame)->Arg(1)->Arg(64)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace cw
