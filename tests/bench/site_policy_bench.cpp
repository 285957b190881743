// One `site.policy` request served as the host serves a frame (Dispatcher::serve_frame: from
// the request's text to the reply's), over the shipped manifests and catalogue, for a round of
// a dozen sites as a browser opens pages on them: built afresh for every request (cached:0,
// the verb before its cache: a walk over the whole catalogue each time) and as the host now
// serves it (cached:1, register_site_policy: the answer kept per site, the reply spliced from
// it), and as now with every request a miss (cached:2). Also one build alone.

#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "classify/classifier.hpp"
#include "policy/rules.hpp"
#include "policy/site_policy.hpp"
#include "store/store_service.hpp"
#include "verbs/site_policy_verb.hpp"
#include "wire/dispatcher.hpp"

namespace cw {
namespace {

const std::vector<std::string>& sites() {
    static const std::vector<std::string> hosts{
        "www.kk.dk",          "www.borger.dk",  "www.example.com",  "news.example.org",
        "shop.example.co.uk", "www.dr.dk",      "mail.example.net", "www.site-a.test",
        "docs.example.io",    "www.example.de", "video.example.tv", "blog.example.se"};
    return hosts;
}

std::vector<std::string> requests() {
    std::vector<std::string> out;
    int id = 0;
    for (const auto& host : sites())
        out.push_back(json{{"id", ++id}, {"type", "site.policy"}, {"site", host}}.dump());
    return out;
}

// cached: 0 the verb as it was, 1 as the host serves it now (mostly hits), 2 as now but every
// request a miss (a new, empty cache each time).
void BM_SitePolicyRequest(benchmark::State& state) {
    auto service = std::make_shared<StoreService>(":memory:");
    auto classifier = std::make_shared<const Classifier>(Classifier::load({}));
    auto make = [&] {
        auto dispatcher = std::make_unique<Dispatcher>();
        if (state.range(0) == 0) {
            // The handler as it was before the cache.
            dispatcher->add("site.policy", [classifier, service](const json& request) {
                const std::string& host = required_string(request, "site");
                std::string site = rule_key(host);
                return to_json(
                    site_policy(*classifier, service->settings(), service->rule(site), host));
            });
        } else {
            register_site_policy(*dispatcher, classifier, service);
        }
        return dispatcher;
    };
    auto dispatcher = make();
    const auto frames = requests();
    std::size_t i = 0;
    std::size_t bytes = 0;
    for (auto _ : state) {
        if (state.range(0) == 2) {
            state.PauseTiming();
            dispatcher = make();
            state.ResumeTiming();
        }
        // As the host serves a frame: a fast path if one takes it, else parse, handle, render.
        PendingReply reply = dispatcher->serve_frame(frames[i++ % frames.size()]);
        bytes += reply.text.size();
        benchmark::DoNotOptimize(reply.text);
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["reply_bytes"] =
        benchmark::Counter(static_cast<double>(bytes) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_SitePolicyRequest)
    ->ArgName("cached")
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMicrosecond);

// The build alone (the catalogue walk and the reply object): what each cache miss costs.
void BM_SitePolicyBuild(benchmark::State& state) {
    auto classifier = std::make_shared<const Classifier>(Classifier::load({}));
    Settings settings;
    std::size_t i = 0;
    for (auto _ : state) {
        json answer =
            to_json(site_policy(*classifier, settings, nullptr, sites()[i++ % sites().size()]));
        benchmark::DoNotOptimize(answer);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SitePolicyBuild)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace cw
