// Issue 18: a catalogue entry listed for a vendor's own domain must not decide a generic
// first-party name on other sites; what the catalogue knows about whole domains.

#include <gtest/gtest.h>

#include "classify/catalogue.hpp"
#include "classify/classifier.hpp"
#include "classify/embedded.hpp"
#include "classify/manifest_loader.hpp"

namespace cw {
namespace {

constexpr double kNow = 1'800'000'000;

TEST(GenericNames, AreMadeOfGenericWordsOnly) {
    for (const char* name :
         {"sessionid", "connect.sid", "csrftoken", "lang", "_csrf", "user_id", "test_cookie",
          "session-token", "auth_token2", "XSRF-TOKEN", "remember_me", "visitor_id"}) {
        EXPECT_TRUE(is_generic_name(name)) << name;
    }
    for (const char* name : {"_fbp", "lidc", "bcookie", "_ga", "IDE", "instagram_session",
                             "personalization_id", "_pinterest_sess", "123", "__"}) {
        EXPECT_FALSE(is_generic_name(name)) << name;
    }
}

const char* kVendors =
    R"({"columns":["name","match","domain","domainRequired","category","platform","retention"],
"domains":[["consent.example","necessary","ConsentCo"]],
"entries":[
["sessionid","exact","instagram.com",0,"marketing","Instagram","1 year"],
["connect.sid","exact","zendesk.com",0,"functional","Zendesk","session"],
["_fbp","exact","facebook.com",0,"marketing","Facebook","3 months"],
["a1","exact","stats.example",0,"statistics","StatsCo","1 year"],
["a2","exact","stats.example",0,"statistics","StatsCo","1 year"],
["b1","exact","mixed.example",0,"statistics","MixCo","1 year"],
["b2","exact","mixed.example",0,"marketing","MixCo","1 year"],
["c1","exact","single.example",0,"marketing","OneCo","1 year"]
]})";

TEST(CatalogueScope, GenericNameOfAVendorOnlyDecidesOnThatVendorsDomain) {
    auto cat = Catalogue::from_json_text(kVendors);
    EXPECT_EQ(cat.find("sessionid", "djangosite.test"), nullptr);
    EXPECT_EQ(cat.find("connect.sid", "expressapp.test"), nullptr);
    ASSERT_NE(cat.find("sessionid", "instagram.com"), nullptr);
    EXPECT_EQ(cat.find("sessionid", "instagram.com")->platform, "Instagram");
    // A distinctive name still counts on every site: first-party trackers are listed under
    // their vendor's domain.
    ASSERT_NE(cat.find("_fbp", "shop.test"), nullptr);
}

// The converter (tools/catalogue/convert.py) marks them in the data, so that the page's
// document.cookie guard, generated from the same file, agrees with the host.
TEST(CatalogueScope, EveryShippedEntryWithAGenericNameIsBoundToItsDomainInTheData) {
    json doc = json::parse(*embedded::find("catalogue/catalogue.json"));
    int bound = 0;
    for (const auto& row : doc.at("entries")) {
        auto name = row.at(0).get<std::string>();
        if (!row.at(2).get<std::string>().empty() && is_generic_name(name)) {
            EXPECT_EQ(row.at(3).get<int>(), 1) << name << " of " << row.at(5);
            ++bound;
        }
    }
    EXPECT_GT(bound, 20);
}

TEST(CatalogueScope, DomainsAreKnownFromTheListAndFromAgreeingEntries) {
    auto cat = Catalogue::from_json_text(kVendors);
    ASSERT_NE(cat.find_domain("consent.example"), nullptr);
    EXPECT_EQ(to_string(cat.find_domain("consent.example")->category), "necessary");
    ASSERT_NE(cat.find_domain("stats.example"), nullptr);
    EXPECT_EQ(to_string(cat.find_domain("stats.example")->category), "statistics");
    EXPECT_EQ(cat.find_domain("mixed.example"), nullptr);   // entries disagree
    EXPECT_EQ(cat.find_domain("single.example"), nullptr);  // one entry is no pattern
    EXPECT_EQ(cat.find_domain("other.example"), nullptr);
}

struct Case {
    const char* site;
    const char* name;
    const char* domain;
    bool http_only;
    bool session;
    Category category;
    Source source;
    const char* detail;
};

void PrintTo(const Case& c, std::ostream* os) {
    *os << c.name << "@" << c.domain << " on " << c.site;
}

class GenericFirstParty : public ::testing::TestWithParam<Case> {};

// The whole classifier with the shipped data: a login, session, basket, CSRF or consent cookie
// of the site itself is necessary, and the answer says what matched.
TEST_P(GenericFirstParty, KeepsTheLogin) {
    static const Classifier shipped(load_manifests({}, true), Catalogue::shipped());
    const Case& c = GetParam();
    CookieFacts f;
    f.name = c.name;
    f.domain = c.domain;
    f.http_only = c.http_only;
    f.session = c.session;
    if (!c.session)
        f.expiration_date = kNow + 86400 * 30;
    auto r = shipped.classify(c.site, f, kNow);
    EXPECT_EQ(to_string(r.category), to_string(c.category)) << r.vendor << " " << r.detail;
    EXPECT_EQ(to_string(r.source), to_string(c.source));
    EXPECT_EQ(r.detail, c.detail);
}

using C = Category;
using S = Source;

INSTANTIATE_TEST_SUITE_P(
    Table, GenericFirstParty,
    ::testing::Values(Case{"www.shop.test", "sessionid", "www.shop.test", true, false, C::necessary,
                           S::catalogue, "name sessionid"},
                      Case{"www.shop.test", "connect.sid", "www.shop.test", true, true,
                           C::necessary, S::catalogue, "name connect.sid"},
                      Case{"www.instagram.com", "sessionid", ".instagram.com", true, false,
                           C::marketing, S::catalogue, "name sessionid on instagram.com"},
                      Case{"www.shop.test", "_csrf", "www.shop.test", false, true, C::necessary,
                           S::heuristic, "name: csrf"},
                      Case{"www.shop.test", "user_session", "www.shop.test", false, false,
                           C::necessary, S::heuristic, "name: session"},
                      Case{"www.butik.dk", "kurv", "www.butik.dk", false, false, C::necessary,
                           S::heuristic, "name: kurv"},
                      Case{"www.butik.dk", "indkøbskurv", "www.butik.dk", false, false,
                           C::necessary, S::heuristic, "name: kurv"},
                      Case{"www.butik.dk", "log_ind_state", "www.butik.dk", false, false,
                           C::necessary, S::heuristic, "name: log_ind"},
                      Case{"www.butik.dk", "cookiesamtykke", "www.butik.dk", false, false,
                           C::necessary, S::heuristic, "name: samtykke"},
                      Case{"www.butik.dk", "sprog", "www.butik.dk", false, false, C::functional,
                           S::heuristic, "name: sprog"},
                      Case{"www.butik.dk", "valgt_valuta", "www.butik.dk", false, false,
                           C::functional, S::heuristic, "name: valuta"},
                      Case{"www.shop.test", "CookieInformationConsent", "www.shop.test", false,
                           false, C::necessary, S::catalogue, "name CookieInformationConsent"},
                      Case{"www.shop.test", "euconsent-v2", ".shop.test", false, false,
                           C::necessary, S::catalogue, "name euconsent-v2"},
                      Case{"www.shop.test", "euconsent", ".shop.test", false, false, C::necessary,
                           S::catalogue, "name euconsent"},
                      Case{"www.shop.test", "qq", "www.shop.test", true, false, C::necessary,
                           S::heuristic, "attributes: HttpOnly, first party"},
                      // A third-party cookie of a domain the catalogue knows as a whole.
                      Case{"www.shop.test", "zz_unknown", ".hotjar.com", false, false,
                           C::statistics, S::catalogue, "domain hotjar.com"},
                      Case{"www.shop.test", "zz_unknown", ".cookiebot.com", false, false,
                           C::necessary, S::catalogue, "domain cookiebot.com"},
                      // A name that says necessary beats what the domain is known for.
                      Case{"www.shop.test", "zz_consent", ".hotjar.com", false, false, C::necessary,
                           S::heuristic, "name: consent"}),
    [](const auto& param_info) { return "Case" + std::to_string(param_info.index); });

}  // namespace
}  // namespace cw
