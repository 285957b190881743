// Classification speed with the full shipped catalogue and manifests: per cookie (target
// <= 2 us) and the start-up load (target <= 20 ms). Figures: docs/classification.md.

#include <benchmark/benchmark.h>

#include <vector>

#include "classify/catalogue.hpp"
#include "classify/classifier.hpp"
#include "classify/domain.hpp"
#include "classify/manifest_loader.hpp"

namespace cw {
namespace {

struct Sample {
    const char* site;
    const char* name;
    const char* domain;
};

// A mix that reaches every step of the precedence: manifest cookies and third parties,
// catalogue exact names and prefixes, heuristics, and unclassified cookies.
const std::vector<Sample>& mix() {
    static const std::vector<Sample> samples{
        {"www.borger.dk", "nmstat", ".borger.dk"},
        {"www.borger.dk", "CookieInformationConsent", "www.borger.dk"},
        {"www.borger.dk", "AMCV_1234%40AdobeOrg", ".borger.dk"},
        {"www.borger.dk", "visitor", ".siteimproveanalytics.com"},
        {"kk.dk", "SSESS5f2a9c0b1d7e", "kk.dk"},
        {"www.example.com", "_ga", ".example.com"},
        {"www.example.com", "_ga_ABCDEF1234", ".example.com"},
        {"www.example.com", "_hjSessionUser_123456", ".example.com"},
        {"www.example.com", "IDE", ".doubleclick.net"},
        {"www.example.com", "PHPSESSID", "www.example.com"},
        {"www.example.com", "OptanonConsent", ".example.com"},
        {"www.example.co.uk", "site_language", "www.example.co.uk"},
        {"www.example.co.uk", "csrf_token_x", "www.example.co.uk"},
        {"news.example.org", "uid", ".ads.tracker.test"},
        {"news.example.org", "zq81", "news.example.org"},
        {"news.example.org", "prebid_sync_ts", ".cdn.partner.test"},
    };
    return samples;
}

std::vector<CookieFacts> facts() {
    std::vector<CookieFacts> out;
    for (const auto& s : mix()) {
        CookieFacts f;
        f.name = s.name;
        f.domain = s.domain;
        f.session = false;
        f.expiration_date = 1'900'000'000;
        f.secure = true;
        f.same_site = "lax";
        out.push_back(std::move(f));
    }
    return out;
}

const Classifier& shipped() {
    static const Classifier c(load_manifests({}, true), Catalogue::shipped());
    return c;
}

void BM_ClassifyMix(benchmark::State& state) {
    const Classifier& c = shipped();
    const auto cookies = facts();
    const auto& samples = mix();
    for (auto _ : state) {
        for (std::size_t i = 0; i < cookies.size(); ++i) {
            benchmark::DoNotOptimize(c.classify(samples[i].site, cookies[i], 1'800'000'000));
        }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(cookies.size()));
}
BENCHMARK(BM_ClassifyMix);

// One cookie per step, to see which step costs what.
void BM_ClassifyOne(benchmark::State& state) {
    const Classifier& c = shipped();
    const auto cookies = facts();
    const auto i = static_cast<std::size_t>(state.range(0));
    for (auto _ : state) {
        benchmark::DoNotOptimize(c.classify(mix()[i].site, cookies[i], 1'800'000'000));
    }
    state.SetLabel(std::string(mix()[i].name) + "@" + mix()[i].domain);
}
BENCHMARK(BM_ClassifyOne)->Arg(0)->Arg(5)->Arg(7)->Arg(12)->Arg(14);

// Every cookie on a different site and from a different (third-party) domain, more of them
// than the per-thread registrable-domain cache holds: the worst case, where each cookie pays
// for two Public Suffix List lookups.
void BM_ClassifyDistinctDomains(benchmark::State& state) {
    const Classifier& c = shipped();
    std::vector<CookieFacts> cookies;
    constexpr int kCount = 20000;  // more sites plus domains than the cache holds
    for (int i = 0; i < kCount; ++i) {
        CookieFacts f;
        f.name = i % 2 ? "_ga" : "uid_" + std::to_string(i);
        f.domain = ".host" + std::to_string(i) + ".example" + std::to_string(i % 7) + ".co.uk";
        f.session = false;
        f.expiration_date = 1'900'000'000;
        cookies.push_back(std::move(f));
    }
    std::vector<std::string> sites;
    for (int i = 0; i < kCount; ++i)
        sites.push_back("www.site" + std::to_string(i) + ".test");
    std::size_t i = 0;
    for (auto _ : state) {
        const auto n = i++ % cookies.size();
        benchmark::DoNotOptimize(c.classify(sites[n], cookies[n], 1'800'000'000));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ClassifyDistinctDomains);

// What the host does at start-up: every manifest (validated) and the whole catalogue.
void BM_LoadAtStartup(benchmark::State& state) {
    for (auto _ : state) {
        Classifier c = Classifier::load({"/nonexistent/user", "/nonexistent/system"});
        benchmark::DoNotOptimize(c.catalogue_count());
    }
}
BENCHMARK(BM_LoadAtStartup)->Unit(benchmark::kMillisecond);

void BM_LoadCatalogueOnly(benchmark::State& state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(Catalogue::shipped().size());
}
BENCHMARK(BM_LoadCatalogueOnly)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace cw

namespace cw {
namespace {

// One Public Suffix List lookup (libpsl), the main cost of a cookie from an unseen domain.
void BM_RegistrableDomain(benchmark::State& state) {
    std::vector<std::string> hosts;
    for (int i = 0; i < 1000; ++i) {
        hosts.push_back("host" + std::to_string(i) + ".example" + std::to_string(i % 7) + ".co.uk");
    }
    std::size_t i = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(registrable_domain(hosts[i++ % hosts.size()]));
}
BENCHMARK(BM_RegistrableDomain);

}  // namespace
}  // namespace cw
