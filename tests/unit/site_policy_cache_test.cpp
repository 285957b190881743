// The site.policy cache: an answer is built once per site, and is built again after every kind
// of change it depends on: rules and settings changed through this host, a change made by
// another process (the one the host pushes as rules.changed), and other manifests (another
// classifier).

#include "policy/site_policy_cache.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>

#include "classify/manifest_loader.hpp"
#include "policy/site_policy.hpp"
#include "store/store.hpp"
#include "store/store_service.hpp"
#include "temp_dir.hpp"
#include "verbs/rule_verbs.hpp"
#include "verbs/site_policy_verb.hpp"
#include "wire/dispatcher.hpp"

namespace cw {
namespace {

// A make() that counts its calls and answers with the count.
struct Counter {
    int calls = 0;
    std::function<json()> make() {
        return [this] { return json{{"built", ++calls}}; };
    }
};

// Two classifiers, as far as the cache can tell: it compares identities only.
const int kClassifiers[2] = {};
const void* const kClassifierA = &kClassifiers[0];
const void* const kClassifierB = &kClassifiers[1];

TEST(SitePolicyCache, BuildsEachSiteOnceWhileNothingChanges) {
    SitePolicyCache<json> cache;
    Counter n;
    EXPECT_EQ(cache.get("kk.dk", kClassifierA, 1, n.make())["built"], 1);
    EXPECT_EQ(cache.get("kk.dk", kClassifierA, 1, n.make())["built"], 1);
    EXPECT_EQ(cache.get("borger.dk", kClassifierA, 1, n.make())["built"], 2);
    EXPECT_EQ(cache.get("kk.dk", kClassifierA, 1, n.make())["built"], 1);
    EXPECT_EQ(n.calls, 2);
    EXPECT_EQ(cache.size(), 2u);
}

TEST(SitePolicyCache, AnotherGenerationOfTheChoicesDropsEveryAnswer) {
    SitePolicyCache<json> cache;
    Counter n;
    cache.get("kk.dk", kClassifierA, 1, n.make());
    cache.get("borger.dk", kClassifierA, 1, n.make());
    EXPECT_EQ(cache.get("kk.dk", kClassifierA, 2, n.make())["built"], 3);
    EXPECT_EQ(cache.size(), 1u);
}

TEST(SitePolicyCache, AnotherClassifierDropsEveryAnswer) {
    SitePolicyCache<json> cache;
    Counter n;
    cache.get("kk.dk", kClassifierA, 1, n.make());
    EXPECT_EQ(cache.get("kk.dk", kClassifierB, 1, n.make())["built"], 2);
    EXPECT_EQ(cache.size(), 1u);
}

TEST(SitePolicyCache, AFullCacheStartsAfreshAndKeepsTheNewAnswer) {
    SitePolicyCache<json> cache(2);
    Counter n;
    cache.get("a.dk", kClassifierA, 1, n.make());
    cache.get("b.dk", kClassifierA, 1, n.make());
    EXPECT_EQ(cache.get("c.dk", kClassifierA, 1, n.make())["built"], 3);
    EXPECT_EQ(cache.size(), 1u);
    EXPECT_EQ(cache.get("c.dk", kClassifierA, 1, n.make())["built"], 3);
}

TEST(SitePolicyCache, AFailedBuildKeepsNothing) {
    SitePolicyCache<json> cache;
    EXPECT_THROW(
        cache.get("bad", kClassifierA, 1, []() -> json { throw std::runtime_error("not a site"); }),
        std::runtime_error);
    EXPECT_EQ(cache.size(), 0u);
}

// The verb as the host wires it, over a real database file.
class SitePolicyVerb : public ::testing::Test {
  protected:
    void SetUp() override {
        service = std::make_shared<StoreService>(dir.path() / "cookie-warden.db");
        register_rule_verbs(dispatcher, *service);
        auto classifier =
            std::make_shared<const Classifier>(load_manifests({}, true), Catalogue::shipped());
        register_site_policy(dispatcher, classifier, service);
    }
    json call(json request) {
        request["id"] = ++id;
        json reply = dispatcher.handle(request);
        EXPECT_EQ(reply["ok"], true) << reply.dump();
        return reply;
    }
    json policy(const std::string& site) { return call({{"type", "site.policy"}, {"site", site}}); }

    test::TempDir dir;
    Dispatcher dispatcher;
    std::shared_ptr<StoreService> service;
    int id = 0;
};

bool denies(const json& policy, const std::string& category) {
    const auto& denied = policy["denied"];
    return std::find(denied.begin(), denied.end(), json(category)) != denied.end();
}

TEST_F(SitePolicyVerb, ARuleSetThroughTheHostIsSeenAtOnce) {
    EXPECT_EQ(policy("www.kk.dk")["mode"], "default");
    call({{"type", "rules.set"}, {"site", "kk.dk"}, {"rule", {{"mode", "block-all"}}}});
    EXPECT_EQ(policy("www.kk.dk")["mode"], "block-all");
    call({{"type", "rules.delete"}, {"site", "kk.dk"}});
    EXPECT_EQ(policy("www.kk.dk")["mode"], "default");
}

TEST_F(SitePolicyVerb, SettingsSetThroughTheHostAreSeenAtOnce) {
    EXPECT_TRUE(denies(policy("www.kk.dk"), "statistics"));
    call({{"type", "settings.set"}, {"settings", {{"categories", {{"statistics", "allow"}}}}}});
    EXPECT_FALSE(denies(policy("www.kk.dk"), "statistics"));
}

TEST_F(SitePolicyVerb, AChangeByAnotherProcessIsSeenOnceTheHostNoticesIt) {
    EXPECT_EQ(policy("www.kk.dk")["mode"], "default");
    {
        Store other(dir.path() / "cookie-warden.db");  // the CLI, say
        SiteRule rule;
        rule.site = "kk.dk";
        rule.mode = Mode::allow_all;
        other.save_rule(rule);
    }
    // What the host's timer runs before it pushes rules.changed.
    ASSERT_TRUE(service->refresh_if_changed());
    EXPECT_EQ(policy("www.kk.dk")["mode"], "allow-all");
}

TEST_F(SitePolicyVerb, ABadSiteIsStillABadRequestEveryTime) {
    for (int i = 0; i < 2; ++i) {
        json reply =
            dispatcher.handle({{"id", 1}, {"type", "site.policy"}, {"site", "not a site"}});
        EXPECT_EQ(reply["error"]["code"], "bad_request") << reply.dump();
    }
}

}  // namespace
}  // namespace cw
