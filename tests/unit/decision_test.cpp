// Every step of the precedence (docs/design.md, "Precedence"), and the rule each verdict names.

#include "policy/decision.hpp"

#include <gtest/gtest.h>

namespace cw {
namespace {

struct Case {
    std::string name;
    std::function<void(Settings&, SiteRule&)> setup;
    Category category;
    bool third_party;
    std::string cookie_domain;
    bool persistent;
    Action action;
    std::string rule;
};

void PrintTo(const Case& c, std::ostream* os) {
    *os << c.name;
}

class Precedence : public ::testing::TestWithParam<Case> {};

TEST_P(Precedence, GivesActionAndNamesRule) {
    const Case& c = GetParam();
    Settings settings;
    SiteRule rule;
    rule.site = "borger.dk";
    c.setup(settings, rule);
    Classification cls;
    cls.category = c.category;
    cls.third_party = c.third_party;
    Verdict v = decide(settings, &rule, "borger.dk", cls, c.cookie_domain, c.persistent);
    EXPECT_EQ(to_string(v.action), to_string(c.action));
    EXPECT_EQ(v.rule, c.rule);
    EXPECT_FALSE(v.reason.empty());
}

auto none = [](Settings&, SiteRule&) {};

INSTANTIATE_TEST_SUITE_P(Steps, Precedence,
                         ::testing::Values(
                             Case{"BlockAllBeatsEverything",
                                  [](Settings&, SiteRule& r) {
                                      r.mode = Mode::block_all;
                                      r.third_party = ThirdParty::allow;
                                  },
                                  Category::necessary, false, "borger.dk", false, Action::remove,
                                  "site:borger.dk/block-all"},
                             Case{"AllowAllBeatsThirdPartyBlock",
                                  [](Settings&, SiteRule& r) { r.mode = Mode::allow_all; },
                                  Category::marketing, true, "tracker.com", true, Action::allow,
                                  "site:borger.dk/allow-all"},
                             Case{"ThirdPartyBlockedByDefault", none, Category::necessary, true,
                                  "tracker.com", false, Action::remove, "third-party"},
                             Case{"ThirdPartyBlockedBySiteOverride",
                                  [](Settings& s, SiteRule& r) {
                                      s.third_party = ThirdParty::allow;
                                      r.third_party = ThirdParty::block;
                                  },
                                  Category::functional, true, "tracker.com", false, Action::remove,
                                  "site:borger.dk/third-party"},
                             Case{"AllowListedThirdPartyPasses",
                                  [](Settings&, SiteRule& r) {
                                      r.allow_third_party.insert("mitid.dk");
                                  },
                                  Category::necessary, true, "mitid.dk", true, Action::allow,
                                  "site:borger.dk/allow-third-party:mitid.dk"},
                             Case{"AllowListedThirdPartyStillMeetsCategoryDeny",
                                  [](Settings&, SiteRule& r) {
                                      r.allow_third_party.insert("mitid.dk");
                                  },
                                  Category::marketing, true, "mitid.dk", false, Action::remove,
                                  "global/marketing"},
                             Case{"AllowListOfOtherDomainDoesNotHelp",
                                  [](Settings&, SiteRule& r) {
                                      r.allow_third_party.insert("mitid.dk");
                                  },
                                  Category::necessary, true, "tracker.com", false, Action::remove,
                                  "third-party"},
                             Case{"SiteAllowsThirdParty",
                                  [](Settings&, SiteRule& r) { r.third_party = ThirdParty::allow; },
                                  Category::functional, true, "tracker.com", false, Action::allow,
                                  "site:borger.dk/third-party-allowed"},
                             Case{"GlobalCategoryDeny", none, Category::statistics, false,
                                  "borger.dk", false, Action::remove, "global/statistics"},
                             Case{"SiteCategoryDeny",
                                  [](Settings&, SiteRule& r) {
                                      r.categories[Category::functional] = Choice::deny;
                                  },
                                  Category::functional, false, "borger.dk", false, Action::remove,
                                  "site:borger.dk/functional"},
                             Case{"SiteCategoryAllowOverridesGlobalDeny",
                                  [](Settings&, SiteRule& r) {
                                      r.categories[Category::statistics] = Choice::allow;
                                  },
                                  Category::statistics, false, "borger.dk", false, Action::allow,
                                  "site:borger.dk/statistics"},
                             Case{"NecessaryCannotBeDenied",
                                  [](Settings& s, SiteRule& r) {
                                      s.category(Category::necessary) = Choice::deny;
                                      r.categories[Category::necessary] = Choice::deny;
                                  },
                                  Category::necessary, false, "borger.dk", false, Action::allow,
                                  "site:borger.dk/necessary"},
                             Case{"CategoryDenyBeatsLifetimeSession",
                                  [](Settings& s, SiteRule&) { s.lifetime = Lifetime::session; },
                                  Category::marketing, false, "borger.dk", true, Action::remove,
                                  "global/marketing"},
                             Case{"GlobalLifetimeSessionForPersistentCookie",
                                  [](Settings& s, SiteRule&) { s.lifetime = Lifetime::session; },
                                  Category::functional, false, "borger.dk", true,
                                  Action::session, "global/lifetime-session"},
                             Case{"SiteLifetimeSessionForPersistentCookie",
                                  [](Settings&, SiteRule& r) { r.lifetime = Lifetime::session; },
                                  Category::necessary, false, "borger.dk", true,
                                  Action::session, "site:borger.dk/lifetime-session"},
                             Case{"SiteLifetimeKeepOverridesGlobalSession",
                                  [](Settings& s, SiteRule& r) {
                                      s.lifetime = Lifetime::session;
                                      r.lifetime = Lifetime::keep;
                                  },
                                  Category::functional, false, "borger.dk", true, Action::allow,
                                  "global/functional"},
                             Case{"LifetimeSessionLeavesSessionCookieAlone",
                                  [](Settings&, SiteRule& r) { r.lifetime = Lifetime::session; },
                                  Category::functional, false, "borger.dk", false, Action::allow,
                                  "global/functional"},
                             Case{"AllowedByGlobalCategory", none, Category::unclassified, false,
                                  "borger.dk", true, Action::allow, "global/unclassified"}),
                         [](const auto& param_info) { return param_info.param.name; });

TEST(Decide, WithoutSiteRuleUsesGlobalSettings) {
    Settings settings;
    Classification cls;
    cls.category = Category::statistics;
    EXPECT_EQ(decide(settings, nullptr, "kk.dk", cls, "kk.dk", true).rule, "global/statistics");
    settings.category(Category::statistics) = Choice::allow;
    auto v = decide(settings, nullptr, "kk.dk", cls, "kk.dk", true);
    EXPECT_EQ(v.action, Action::allow);
    EXPECT_EQ(v.rule, "global/statistics");
}

}  // namespace
}  // namespace cw
