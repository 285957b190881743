// Heuristics for cookies that no manifest or catalogue names.

#include "classify/heuristics.hpp"

#include <gtest/gtest.h>

namespace cw {
namespace {

constexpr double kNow = 1'800'000'000;
constexpr double kDay = 86400;

struct Case {
    std::string label;
    std::string name;
    bool third_party;
    std::optional<double> lifetime_days;  // none: session cookie
    bool http_only;
    std::string same_site;
    std::optional<Category> expected;  // none: no verdict
};

void PrintTo(const Case& c, std::ostream* os) {
    *os << c.label;
}

class Heuristics : public ::testing::TestWithParam<Case> {};

TEST_P(Heuristics, DecideFromNameAndAttributes) {
    const Case& c = GetParam();
    CookieFacts f;
    f.name = c.name;
    f.domain = "www.example.com";
    f.session = !c.lifetime_days.has_value();
    if (c.lifetime_days)
        f.expiration_date = kNow + *c.lifetime_days * kDay;
    f.http_only = c.http_only;
    if (!c.same_site.empty())
        f.same_site = c.same_site;
    auto v = classify_by_heuristics(f, c.third_party, kNow);
    if (!c.expected) {
        EXPECT_FALSE(v.has_value()) << to_string(v->category);
        return;
    }
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(to_string(v->category), to_string(*c.expected));
    EXPECT_FALSE(v->reason.empty());
}

using C = Category;

INSTANTIATE_TEST_SUITE_P(
    Cases, Heuristics,
    ::testing::Values(
        Case{"ConsentName", "site_cookie_consent", false, 365, false, "", C::necessary},
        Case{"ConsentBeatsStats", "consent_stats", false, 365, false, "", C::necessary},
        Case{"CsrfToken", "csrftoken", false, 365, false, "", C::necessary},
        Case{"XsrfCamelCase", "XSRF-TOKEN", false, std::nullopt, false, "", C::necessary},
        Case{"LoadBalancer", "BIGipServerpool_web", false, std::nullopt, false, "", C::necessary},
        Case{"SessionCookie", "shop_session", false, std::nullopt, true, "", C::necessary},
        Case{"CartCookie", "cart_id", false, 30, false, "", C::necessary},
        Case{"ThirdPartySessionNameIsNotLogin", "sessionid", true, 365, false, "", C::marketing},
        Case{"AnalyticsBrand", "_hjSessionUser_99", false, 365, false, "", C::statistics},
        Case{"AbTest", "ab_test_variant", false, 30, false, "", C::statistics},
        Case{"Utm", "utm_source", false, 30, false, "", C::statistics},
        Case{"AdBrand", "_gcl_xx", false, 90, false, "", C::marketing},
        Case{"AdToken", "ad_user", false, 90, false, "", C::marketing},
        Case{"Language", "site_lang", false, 365, false, "", C::functional},
        Case{"ChatWidget", "livechat_state", false, 365, false, "", C::functional},
        Case{"CookieCheck", "cookies_enabled", false, std::nullopt, false, "", C::necessary},
        Case{"PaymentProvider", "paypal_checkout_ctx", true, 1, false, "", C::necessary},
        Case{"CacheVary", "_lscache_vary", false, 2, false, "", C::necessary},
        Case{"VideoVendorIsMarketing", "youtube_embed_pref", true, 180, false, "", C::marketing},
        Case{"ChatVendor", "tidio_state_abc", false, 365, false, "", C::functional},
        Case{"HostPrefix", "__Host-qq", false, 365, false, "lax", C::necessary},
        Case{"SecurePrefixThirdPartyIsNotTrusted", "__Secure-qq", true, 365, false, "",
             C::marketing},
        Case{"UnknownThirdParty", "qq", true, 365, false, "", C::marketing},
        Case{"UnknownHttpOnly", "qq", false, 365, true, "", C::necessary},
        Case{"UnknownSession", "qq", false, std::nullopt, false, "", C::necessary},
        Case{"LongLivedCrossSite", "qq", false, 365, false, "no_restriction", C::marketing},
        Case{"LongLivedId", "qqId", false, 365, false, "lax", C::statistics},
        Case{"UnknownPersistent", "qq", false, 365, false, "lax", std::nullopt},
        Case{"ShortLivedId", "qqId", false, 1, false, "lax", std::nullopt}),
    [](const auto& param_info) { return param_info.param.label; });

TEST(NameTokens, SplitAtPunctuationCaseAndDigits) {
    EXPECT_EQ(name_tokens("ASP.NET_SessionId"),
              (std::vector<std::string>{"asp", "net", "session", "id"}));
    EXPECT_EQ(name_tokens("_hjSessionUser_123"),
              (std::vector<std::string>{"hj", "session", "user", "123"}));
    EXPECT_EQ(name_tokens("XSRF-TOKEN"), (std::vector<std::string>{"xsrf", "token"}));
    EXPECT_EQ(name_tokens("HTMLParser"), (std::vector<std::string>{"html", "parser"}));
    EXPECT_TRUE(name_tokens("__").empty());
}

}  // namespace
}  // namespace cw
