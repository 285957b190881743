// The classifier with the shipped manifests and catalogue: the seed sites' cookies, the
// issue's done-when cases, and each step of the precedence.

#include "classify/classifier.hpp"

#include <gtest/gtest.h>

#include "classify/classification_json.hpp"
#include "classify/manifest_loader.hpp"

namespace cw {
namespace {

constexpr double kNow = 1'800'000'000;  // a fixed clock: 2027-01-15
constexpr double kYear = 365 * 86400.0;

const Classifier& shipped() {
    static const Classifier c(load_manifests({}, true), Catalogue::shipped());
    return c;
}

CookieFacts cookie(std::string name, std::string domain) {
    CookieFacts c;
    c.name = std::move(name);
    c.domain = std::move(domain);
    return c;
}

struct Case {
    std::string label;
    std::string site;
    std::string name;
    std::string domain;
    Category category;
    Source source;
    std::string vendor;    // checked when not empty
    std::string manifest;  // checked exactly
    bool third_party;
};

void PrintTo(const Case& c, std::ostream* os) {
    *os << c.label;
}

class SeedCookies : public ::testing::TestWithParam<Case> {};

TEST_P(SeedCookies, AreClassifiedAsThePolicySays) {
    const Case& c = GetParam();
    auto r = shipped().classify(c.site, cookie(c.name, c.domain), kNow);
    EXPECT_EQ(to_string(r.category), to_string(c.category));
    EXPECT_EQ(to_string(r.source), to_string(c.source));
    if (!c.vendor.empty()) {
        EXPECT_EQ(r.vendor, c.vendor);
    }
    EXPECT_EQ(r.manifest_id, c.manifest);
    EXPECT_EQ(r.third_party, c.third_party);
    if (c.source != Source::none) {
        EXPECT_FALSE(r.purpose.empty());
    }
}

using C = Category;
using S = Source;

INSTANTIATE_TEST_SUITE_P(
    BorgerDk, SeedCookies,
    ::testing::Values(Case{"NmstatIsSiteimproveStatistics", "www.borger.dk", "nmstat", ".borger.dk",
                           C::statistics, S::manifest, "Siteimprove", "borger.dk", false},
                      Case{"SiteimproveSession", "www.borger.dk", "siteimproveses", "www.borger.dk",
                           C::statistics, S::manifest, "Siteimprove", "borger.dk", false},
                      Case{"SViIsStatistics", "www.borger.dk", "s_vi", ".borger.dk", C::statistics,
                           S::manifest, "Adobe SiteCatalyst", "borger.dk", false},
                      Case{"SCc", "www.borger.dk", "s_cc", ".borger.dk", C::statistics, S::manifest,
                           "Adobe SiteCatalyst", "borger.dk", false},
                      Case{"SSq", "www.borger.dk", "s_sq", ".borger.dk", C::statistics, S::manifest,
                           "Adobe SiteCatalyst", "borger.dk", false},
                      Case{"SFid", "www.borger.dk", "s_fid", ".borger.dk", C::statistics,
                           S::manifest, "Adobe SiteCatalyst", "borger.dk", false},
                      Case{"AmcvPrefix", "www.borger.dk", "AMCV_1234%40AdobeOrg", ".borger.dk",
                           C::statistics, S::manifest, "Adobe SiteCatalyst", "borger.dk", false},
                      Case{"ConsentCookieIsNecessary", "www.borger.dk", "CookieInformationConsent",
                           "www.borger.dk", C::necessary, S::manifest, "Cookie Information",
                           "borger.dk", false},
                      Case{"SegmentIdIsFunctional", "www.borger.dk", "SegmentID", ".borger.dk",
                           C::functional, S::manifest, "", "borger.dk", false},
                      Case{"SiteimproveDomainIsThirdPartyStatistics", "www.borger.dk", "nmstat",
                           "siteimproveanalytics.com", C::statistics, S::manifest, "Siteimprove",
                           "borger.dk", true},
                      Case{"AnyCookieOfSiteimproveDomainIsThirdParty", "www.borger.dk", "visitor",
                           ".siteimproveanalytics.com", C::statistics, S::manifest, "Siteimprove",
                           "borger.dk", true},
                      Case{"MitIdLoginIsNecessary", "www.borger.dk", "anything", "login.mitid.dk",
                           C::necessary, S::manifest, "MitID", "borger.dk", true},
                      Case{"LifeInDenmarkUsesBorgerDk", "lifeindenmark.borger.dk", "nmstat",
                           ".lifeindenmark.borger.dk", C::statistics, S::manifest, "Siteimprove",
                           "borger.dk", false},
                      Case{"LifeInDenmarkConsent", "lifeindenmark.borger.dk",
                           "CookieInformationConsent", "lifeindenmark.borger.dk", C::necessary,
                           S::manifest, "", "borger.dk", false}),
    [](const auto& param_info) { return param_info.param.label; });

INSTANTIATE_TEST_SUITE_P(
    KkDk, SeedCookies,
    ::testing::Values(Case{"DrupalHttpsSessionIsNecessary", "kk.dk", "SSESS5f2a9c0b1d", "kk.dk",
                           C::necessary, S::manifest, "Drupal", "kk.dk", false},
                      Case{"DrupalSessionIsNecessary", "www.kk.dk", "SESS5f2a9c0b1d", ".kk.dk",
                           C::necessary, S::manifest, "Drupal", "kk.dk", false},
                      Case{"ConsentIsNecessary", "www.kk.dk", "CookieInformationConsent",
                           "www.kk.dk", C::necessary, S::manifest, "Cookie Information", "kk.dk",
                           false},
                      Case{"NmstatIsStatistics", "www.kk.dk", "nmstat", ".kk.dk", C::statistics,
                           S::manifest, "Siteimprove", "kk.dk", false},
                      Case{"DrupalVisitorIsFunctional", "www.kk.dk", "Drupal.visitor.name",
                           ".kk.dk", C::functional, S::manifest, "Drupal", "kk.dk", false},
                      Case{"TwentyThreeVideoIsFunctional", "www.kk.dk", "uuid", ".23video.com",
                           C::functional, S::manifest, "23Video", "kk.dk", true},
                      Case{"UserindexIsStatistics", "www.kk.dk", "ui_session", "app.userindex.dk",
                           C::statistics, S::manifest, "Userindex", "kk.dk", true}),
    [](const auto& param_info) { return param_info.param.label; });

// Each step of the precedence, with the shipped data.
INSTANTIATE_TEST_SUITE_P(
    Precedence, SeedCookies,
    ::testing::Values(
        // 2: a kk.dk cookie seen while on borger.dk: kk.dk's own manifest names it.
        Case{"OwnDomainManifest", "www.borger.dk", "SSESSabc", ".kk.dk", C::necessary, S::manifest,
             "Drupal", "kk.dk", true},
        // 3: the catalogue when no manifest names the cookie.
        Case{"CatalogueExact", "www.borger.dk", "_ga", ".borger.dk", C::statistics, S::catalogue,
             "Google Analytics", "", false},
        Case{"CatalogueOnAnotherSite", "www.example.com", "nmstat", ".example.com", C::statistics,
             S::catalogue, "Siteimprove", "", false},
        Case{"CataloguePrefix", "www.example.com", "_ga_ABC123", ".example.com", C::statistics,
             S::catalogue, "Google Analytics", "", false},
        // 4: heuristics for names nobody lists.
        Case{"HeuristicConsent", "www.example.com", "my_cookie_consent", "www.example.com",
             C::necessary, S::heuristic, "", "", false},
        Case{"HeuristicThirdParty", "www.example.com", "zq", ".tracker.test", C::marketing,
             S::heuristic, "", "", true}),
    [](const auto& param_info) { return param_info.param.label; });

TEST(Classifier, UnknownPersistentFirstPartyCookieIsUnclassified) {
    auto c = cookie("zq", "www.example.com");
    c.session = false;
    c.expiration_date = kNow + 10 * 86400;
    auto r = shipped().classify("www.example.com", c, kNow);
    EXPECT_EQ(r.category, Category::unclassified);
    EXPECT_EQ(r.source, Source::none);
    EXPECT_TRUE(r.vendor.empty());
}

TEST(Classifier, PartitionedCookieUsesItsPartitionSite) {
    auto c = cookie("nmstat", "siteimproveanalytics.com");
    c.partition_top_level_site = "https://www.kk.dk";
    auto r = shipped().classify("www.example.com", c, kNow);
    EXPECT_TRUE(r.third_party);
    EXPECT_EQ(r.manifest_id, "kk.dk");

    auto own = cookie("x", "cdn.example.com");
    own.partition_top_level_site = "https://example.com";
    EXPECT_FALSE(shipped().classify("www.other.test", own, kNow).third_party);
}

TEST(Classifier, CountsWhatItLoaded) {
    EXPECT_EQ(shipped().manifest_count(), 2u);
    EXPECT_GT(shipped().catalogue_count(), 2000u);
    EXPECT_TRUE(shipped().problems().empty());
}

// Precedence with hand-made data: a manifest beats the catalogue, the site's manifest beats
// the cookie domain's manifest.
Manifest manifest(const std::string& site, const std::string& name, const std::string& category) {
    json doc = {{"id", site},
                {"site", site},
                {"hosts", {site}},
                {"publisher", "p"},
                {"policyUrl", "https://" + site + "/cookies"},
                {"language", "en"},
                {"reviewed", "2026-01-01"},
                {"groups",
                 {{{"id", "g"},
                   {"siteName", "G"},
                   {"category", category},
                   {"purpose", {{"en", "e"}, {"da", "d"}}}}}},
                {"cookies",
                 {{{"name", name},
                   {"category", category},
                   {"vendor", site + " vendor"},
                   {"purpose", {{"en", "e"}, {"da", "d"}}},
                   {"retention", "session"},
                   {"party", "first"},
                   {"basis", "declared"}}}}};
    return manifest_from_json(doc, "user", site + ".json");
}

TEST(ClassifierPrecedence, SiteManifestBeatsCookieDomainManifestBeatsCatalogue) {
    ManifestSet set;
    set.manifests.push_back(manifest("site-a.test", "_ga", "necessary"));
    set.manifests.push_back(manifest("site-b.test", "_ga", "marketing"));
    Classifier c(std::move(set), Catalogue::shipped());

    auto on_a = c.classify("www.site-a.test", cookie("_ga", ".site-b.test"), kNow);
    EXPECT_EQ(on_a.category, Category::necessary);
    EXPECT_EQ(on_a.manifest_id, "site-a.test");

    auto on_c = c.classify("www.site-c.test", cookie("_ga", ".site-b.test"), kNow);
    EXPECT_EQ(on_c.category, Category::marketing);
    EXPECT_EQ(on_c.manifest_id, "site-b.test");

    auto elsewhere = c.classify("www.site-c.test", cookie("_ga", ".site-c.test"), kNow);
    EXPECT_EQ(elsewhere.source, Source::catalogue);
    EXPECT_EQ(elsewhere.category, Category::statistics);
}

TEST(ClassifierPrecedence, AManifestsPurposeComesInBothLanguages) {
    ManifestSet set;
    set.manifests.push_back(manifest("site-a.test", "seg", "functional"));
    Classifier c(std::move(set), Catalogue::shipped());
    auto seg = c.classify("www.site-a.test", cookie("seg", ".site-a.test"), kNow);
    EXPECT_EQ(seg.purpose, "e");
    EXPECT_EQ(seg.purpose_da, "d");
    json out = to_json(seg);
    EXPECT_EQ(out["purposeDa"], "d");
    // The catalogue's purposes are English only: the extension builds Danish from the facts.
    EXPECT_FALSE(to_json(c.classify("www.site-a.test", cookie("_ga", ".site-a.test"), kNow))
                     .contains("purposeDa"));
}

TEST(ClassifierPrecedence, LongLivedThirdPartyWithoutCatalogueEntryIsHeuristicMarketing) {
    Classifier c(ManifestSet{}, Catalogue{});
    auto k = cookie("qqq", ".ads.test");
    k.expiration_date = kNow + kYear;
    auto r = c.classify("www.site-a.test", k, kNow);
    EXPECT_EQ(r.source, Source::heuristic);
    EXPECT_EQ(r.category, Category::marketing);
    EXPECT_FALSE(r.purpose.empty());
}

}  // namespace
}  // namespace cw

namespace cw {
namespace {

// Well-known cookies as consent platforms commonly declare them, through the whole classifier
// on an ordinary shop: a regression table for the catalogue mapping and the heuristics.
struct Known {
    const char* name;
    const char* domain;
    Category category;
};

void PrintTo(const Known& k, std::ostream* os) {
    *os << k.name << "@" << k.domain;
}

class WellKnownCookies : public ::testing::TestWithParam<Known> {};

TEST_P(WellKnownCookies, GetTheCategoryConsentPlatformsGive) {
    CookieFacts c;
    c.name = GetParam().name;
    c.domain = GetParam().domain;
    c.session = false;
    c.expiration_date = kNow + kYear;
    auto r = shipped().classify("www.shop.test", c, kNow);
    EXPECT_EQ(to_string(r.category), to_string(GetParam().category))
        << "source " << to_string(r.source) << ", vendor " << r.vendor;
}

INSTANTIATE_TEST_SUITE_P(
    Table, WellKnownCookies,
    ::testing::Values(
        Known{"PHPSESSID", "www.shop.test", C::necessary},
        Known{"JSESSIONID", "www.shop.test", C::necessary},
        Known{"ASP.NET_SessionId", "www.shop.test", C::necessary},
        Known{"__RequestVerificationToken", "www.shop.test", C::necessary},
        Known{"CookieConsent", "www.shop.test", C::necessary},
        Known{"OptanonConsent", ".shop.test", C::necessary},
        Known{"OptanonAlertBoxClosed", ".shop.test", C::necessary},
        Known{"cookielawinfo-checkbox-necessary", "www.shop.test", C::necessary},
        Known{"__cf_bm", ".shop.test", C::necessary},
        Known{"AWSALBCORS", "www.shop.test", C::necessary},
        Known{"BIGipServerpool_80", "www.shop.test", C::necessary},
        Known{"TS01a2b3c4", "www.shop.test", C::necessary},
        Known{"incap_ses_123_456", ".shop.test", C::necessary},
        Known{"ARRAffinity", "www.shop.test", C::necessary},
        Known{"XSRF-TOKEN", "www.shop.test", C::necessary},
        Known{"csrftoken", "www.shop.test", C::necessary},
        Known{"wp_woocommerce_session_abc", "www.shop.test", C::necessary},
        Known{"__stripe_mid", ".shop.test", C::necessary},
        Known{"_ga", ".shop.test", C::statistics}, Known{"_gid", ".shop.test", C::statistics},
        Known{"_gat_UA-123-1", ".shop.test", C::statistics},
        Known{"_ga_ABC123", ".shop.test", C::statistics},
        Known{"_hjSessionUser_123", ".shop.test", C::statistics},
        Known{"_clck", ".shop.test", C::statistics},
        Known{"_pk_id.1.abcd", ".shop.test", C::statistics},
        Known{"__utma", ".shop.test", C::statistics}, Known{"vuid", ".vimeo.com", C::statistics},
        Known{"_fbp", ".shop.test", C::marketing}, Known{"fr", ".facebook.com", C::marketing},
        Known{"_gcl_au", ".shop.test", C::marketing},
        Known{"IDE", ".doubleclick.net", C::marketing},
        Known{"test_cookie", ".doubleclick.net", C::marketing},
        Known{"NID", ".google.com", C::marketing}, Known{"MUID", ".bing.com", C::marketing},
        Known{"_uetvid", ".shop.test", C::marketing},
        Known{"bcookie", ".linkedin.com", C::marketing}, Known{"YSC", ".youtube.com", C::marketing},
        Known{"VISITOR_INFO1_LIVE", ".youtube.com", C::marketing},
        Known{"cto_bundle", ".shop.test", C::marketing}, Known{"uuid2", ".adnxs.com", C::marketing},
        Known{"__gads", ".shop.test", C::marketing},
        Known{"hubspotutk", ".shop.test", C::marketing},
        Known{"pll_language", "www.shop.test", C::functional},
        Known{"wp-settings-1", "www.shop.test", C::functional},
        Known{"intercom-id-abc", ".shop.test", C::functional},
        Known{"lang", ".linkedin.com", C::functional}),
    [](const auto& param_info) {
        std::string n;
        for (char ch : std::string(param_info.param.name)) {
            n += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
        }
        return n + "_" + std::to_string(param_info.index);
    });

}  // namespace
}  // namespace cw
