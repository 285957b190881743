// The lookup caches of classification (registrable domains, cookie-name rules) used from
// threads that end, as the host's catalogue loader does at every start. With mingw-w64's
// emulated TLS a thread_local cache was destroyed after its storage had been freed, which
// corrupted the heap of the Windows host (issue 15); this test crashes such a build under Wine.

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "classify/domain.hpp"
#include "classify/heuristics.hpp"

namespace cw {
namespace {

struct Seen {
    std::string domain;
    std::string pattern;
};

// Fills both caches with a few hundred entries and reports what one lookup gave.
Seen look_up_many(int salt) {
    Seen seen;
    for (int i = 0; i < 300; ++i) {
        std::string host = "h" + std::to_string(i) + ".s" + std::to_string(salt) + ".borger.dk";
        if (registrable_domain_cached(host) != "borger.dk")
            seen.domain = host;  // a wrong answer names its host
    }
    seen.domain = seen.domain.empty() ? registrable_domain_cached("lifeindenmark.borger.dk")
                                      : "wrong for " + seen.domain;
    CookieFacts cookie;
    cookie.domain = ".kk.dk";
    cookie.session = true;
    for (int i = 0; i < 300; ++i) {
        cookie.name = "pref_" + std::to_string(salt) + "_" + std::to_string(i);
        classify_by_heuristics(cookie, false, 1'800'000'000);
    }
    cookie.name = "csrftoken";
    auto verdict = classify_by_heuristics(cookie, false, 1'800'000'000);
    seen.pattern = verdict ? std::string(verdict->pattern) : "no verdict";
    return seen;
}

TEST(LookupCaches, SurviveTheThreadsThatFilledThem) {
    std::vector<Seen> seen(24);
    for (int round = 0; round < 3; ++round) {
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t) {
            int slot = round * 8 + t;
            threads.emplace_back([&seen, slot] { seen[slot] = look_up_many(slot); });
        }
        for (auto& thread : threads)
            thread.join();
    }
    // The ended threads' caches left the heap sound: this thread allocates and looks up.
    Seen here = look_up_many(99);
    for (const Seen& s : seen) {
        EXPECT_EQ(s.domain, "borger.dk");
        EXPECT_EQ(s.pattern, here.pattern);
    }
    EXPECT_EQ(here.domain, "borger.dk");
    EXPECT_FALSE(here.pattern.empty());
    EXPECT_NE(here.pattern, "no verdict");
}

}  // namespace
}  // namespace cw
