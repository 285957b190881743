// site.policy: the names the extension may remove without asking must give, for every
// first-party cookie they match, the verdict the host itself would give; and nothing else.

#include "policy/site_policy.hpp"

#include <gtest/gtest.h>

#include "classify/domain.hpp"
#include "classify/manifest_loader.hpp"
#include "policy/decision.hpp"

namespace cw {
namespace {

const Classifier& shipped() {
    static const Classifier c(load_manifests({}, true), Catalogue::shipped());
    return c;
}

// What the extension does with a policy (extension/background/site-policy.js): the first
// matching rule decides; no match means "ask the host".
std::optional<bool> local_remove(const SitePolicy& p, const std::string& name) {
    if (p.mode == Mode::block_all)
        return true;
    for (const auto& r : p.rules) {
        if (r.prefix ? name.starts_with(r.name) : name == r.name)
            return r.remove;
    }
    return std::nullopt;
}

bool host_removes(const Settings& s, const SiteRule* rule, const std::string& host,
                  const std::string& name, const std::string& domain) {
    CookieFacts f;
    f.name = name;
    f.domain = domain;
    auto c = shipped().classify(host, f, 1'800'000'000);
    std::string site = registrable_domain(normalize_host(host));
    return decide(s, rule, site, c, site, false).action == Action::remove;
}

SiteRule deny_statistics(const std::string& site) {
    SiteRule r;
    r.site = site;
    r.categories[Category::statistics] = Choice::deny;
    return r;
}

struct Case {
    std::string label;
    std::string host;
    std::string name;
    std::optional<bool> expect;  // the local answer: remove, leave to the host, or no rule
};

void PrintTo(const Case& c, std::ostream* os) {
    *os << c.label;
}

class SitePolicyNames : public ::testing::TestWithParam<Case> {};

TEST_P(SitePolicyNames, GiveTheLocalAnswerExpected) {
    const Case& c = GetParam();
    Settings settings;  // statistics and marketing denied by default
    SitePolicy p = site_policy(shipped(), settings, nullptr, c.host);
    EXPECT_EQ(local_remove(p, c.name), c.expect);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SitePolicyNames,
    ::testing::Values(Case{"catalogue exact statistics", "www.site-a.test", "_ga", true},
                      Case{"catalogue exact marketing", "www.site-a.test", "_gcl_au", true},
                      Case{"catalogue prefix statistics", "www.site-a.test", "_ga_ABC123", true},
                      Case{"an exact functional name beats a statistics prefix", "www.site-a.test",
                           "_gat_pro", false},
                      Case{"an unknown name is asked about", "www.site-a.test", "cart",
                           std::nullopt},
                      Case{"a manifest's statistics cookie", "www.kk.dk", "nmstat", true},
                      Case{"a manifest's necessary prefix is never removed", "www.kk.dk",
                           "SSESSabc", std::nullopt}),
    [](const auto& param_info) {
        std::string s;
        for (char ch : param_info.param.label)
            s += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
        return s;
    });

TEST(SitePolicy, EveryListedNameHasTheHostsVerdict) {
    Settings settings;
    SiteRule rule = deny_statistics("kk.dk");
    for (const char* host : {"www.site-a.test", "www.kk.dk", "borger.dk", "www.google.com"}) {
        const SiteRule* r = std::string(host).ends_with("kk.dk") ? &rule : nullptr;
        SitePolicy p = site_policy(shipped(), settings, r, host);
        ASSERT_FALSE(p.rules.empty()) << host;
        for (const auto& e : shipped().catalogue().entries()) {
            std::string name = e.prefix ? e.name + "x1" : e.name;
            auto local = local_remove(p, name);
            if (local == true) {
                EXPECT_TRUE(host_removes(settings, r, host, name, "." + p.site))
                    << host << " " << name;
            }
        }
    }
}

TEST(SitePolicy, ModesAndChoicesShapeTheReply) {
    Settings settings;
    SiteRule block;
    block.site = "site-a.test";
    block.mode = Mode::block_all;
    SitePolicy blocked = site_policy(shipped(), settings, &block, "https://www.site-a.test/x");
    EXPECT_EQ(blocked.host, "www.site-a.test");
    EXPECT_EQ(blocked.site, "site-a.test");
    EXPECT_EQ(blocked.denied.size(), 6u);
    EXPECT_TRUE(blocked.rules.empty());

    SiteRule allow = block;
    allow.mode = Mode::allow_all;
    SitePolicy allowed = site_policy(shipped(), settings, &allow, "www.site-a.test");
    EXPECT_TRUE(allowed.denied.empty());
    EXPECT_TRUE(allowed.rules.empty());

    Settings none;
    none.category(Category::statistics) = Choice::allow;
    none.category(Category::marketing) = Choice::allow;
    EXPECT_TRUE(site_policy(shipped(), none, nullptr, "www.site-a.test").rules.empty());

    SitePolicy kk = site_policy(shipped(), settings, nullptr, "www.kk.dk");
    EXPECT_EQ(kk.manifest, shipped().manifest_for_host("www.kk.dk", "kk.dk")->id);
    EXPECT_FALSE(kk.truncated);
    EXPECT_LT(to_json(kk).dump().size(), kMaxPolicyNameBytes);
}

TEST(SitePolicy, RejectsWhatIsNotASite) {
    EXPECT_THROW(site_policy(shipped(), Settings{}, nullptr, ""), ProtocolError);
    EXPECT_THROW(site_policy(shipped(), Settings{}, nullptr, "a b"), ProtocolError);
}

}  // namespace
}  // namespace cw
