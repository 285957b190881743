// Learned declarations: validation, the platforms' groups mapped to ours, matching, hashing,
// and the drafted manifest passing the manifest schema and loader.
#include "classify/declarations.hpp"

#include <gtest/gtest.h>

#include "classify/embedded.hpp"
#include "classify/manifest.hpp"
#include "classify/manifest_draft.hpp"
#include "wire/json_schema.hpp"

namespace cw {
namespace {

json cookiebot_doc() {
    return json::parse(R"({"platform": "cookiebot", "cookies": [
        {"name": "CookieConsent", "group": "necessary", "domain": "www.shop.test"},
        {"name": "_ga", "group": "necessary", "domain": "shop.test", "purpose": "Keeps the basket."},
        {"name": "zz_visits", "group": "statistics", "domain": "shop.test", "purpose": "Counts visits."},
        {"name": "_pk_id#", "group": "statistics", "domain": "shop.test"},
        {"name": "ui_mode", "group": "preference"},
        {"name": "IDE", "group": "advertising", "domain": "doubleclick.net"},
        {"name": "mystery_x", "group": "unclassified"}]})");
}

TEST(DeclarationGroups, EachPlatformsGroupsMapToOurs) {
    struct Row {
        const char* platform;
        const char* group;
        Category want;
    };
    for (Row r : {Row{"cookiebot", "necessary", Category::necessary},
                  Row{"cookiebot", "preference", Category::preferences},
                  Row{"cookiebot", "statistics", Category::statistics},
                  Row{"cookiebot", "advertising", Category::marketing},
                  Row{"cookiebot", "unclassified", Category::unclassified},
                  Row{"onetrust", "C0001", Category::necessary},
                  Row{"onetrust", "C0002", Category::statistics},
                  Row{"onetrust", "C0003", Category::functional},
                  Row{"onetrust", "C0004", Category::marketing},
                  Row{"onetrust", "C0005", Category::marketing},
                  Row{"onetrust", "STACK42", Category::unclassified},
                  Row{"onetrust", "necessary", Category::unclassified},
                  Row{"cookieinformation", "cookie_cat_necessary", Category::necessary},
                  Row{"cookieinformation", "cookie_cat_functional", Category::functional},
                  Row{"cookieinformation", "cookie_cat_statistic", Category::statistics},
                  Row{"cookieinformation", "cookie_cat_marketing", Category::marketing},
                  Row{"cookieinformation", "cookie_cat_unclassified", Category::unclassified},
                  Row{"cookieinformation", "C0001", Category::unclassified}}) {
        EXPECT_EQ(category_of_group(r.platform, r.group), r.want) << r.platform << " " << r.group;
    }
}

TEST(Declaration, BuildsCookiesWithPrefixesDomainsAndCategories) {
    Declaration d = declaration_from_json("shop.test", cookiebot_doc());
    EXPECT_EQ(d.platform, "cookiebot");
    ASSERT_EQ(d.cookies.size(), 7u);
    const DeclaredCookie* ga = d.find("_ga", "shop.test");
    ASSERT_NE(ga, nullptr);
    EXPECT_EQ(ga->category, Category::necessary);
    EXPECT_EQ(ga->purpose, "Keeps the basket.");
    const DeclaredCookie* pk = d.find("_pk_id.1.abcd", "shop.test");
    ASSERT_NE(pk, nullptr);
    EXPECT_TRUE(pk->prefix);
    EXPECT_EQ(pk->category, Category::statistics);
    EXPECT_EQ(d.find("_ga", "other.test"), nullptr) << "declared for shop.test only";
    EXPECT_NE(d.find("ui_mode", "anything.test"), nullptr) << "no domain: any domain";
    EXPECT_EQ(d.find("IDE", "doubleclick.net")->category, Category::marketing);
    EXPECT_EQ(d.find("unknown", "shop.test"), nullptr);
}

TEST(Declaration, SameDocumentSameHashAnotherDocumentAnother) {
    auto a = declaration_from_json("shop.test", cookiebot_doc());
    auto b = declaration_from_json("shop.test", cookiebot_doc());
    json changed = cookiebot_doc();
    changed["cookies"][2]["group"] = "advertising";
    auto c = declaration_from_json("shop.test", changed);
    EXPECT_EQ(a.hash, b.hash);
    EXPECT_NE(a.hash, c.hash);
    EXPECT_EQ(a.hash.size(), 16u);
}

TEST(Declaration, RefusesWhatTheSchemaRefusesNamingThePath) {
    struct Case {
        const char* label;
        const char* doc;
        const char* path;
    };
    for (
        Case c : {
            Case{"unknown platform", R"({"platform": "acme", "cookies": []})", "/platform"},
            Case{
                "a value sneaked in",
                R"({"platform": "cookiebot", "cookies": [{"name": "a", "group": "g", "value": "v"}]})",
                "/cookies/0"},
            Case{"control character in a name",
                 "{\"platform\": \"cookiebot\", \"cookies\": [{\"name\": \"a\\u0001b\", \"group\": "
                 "\"g\"}]}",
                 "/cookies/0/name"},
            Case{"wrong type",
                 R"({"platform": "cookiebot", "cookies": [{"name": 5, "group": "g"}]})",
                 "/cookies/0/name"},
            Case{"not a list", R"({"platform": "cookiebot", "cookies": {}})", "/cookies"},
        }) {
        try {
            declaration_from_json("shop.test", json::parse(c.doc));
            ADD_FAILURE() << c.label << ": accepted";
        } catch (const ProtocolError& e) {
            EXPECT_EQ(e.code(), ErrorCode::bad_request) << c.label;
            EXPECT_NE(std::string(e.what()).find(c.path), std::string::npos)
                << c.label << ": " << e.what();
        }
    }
    json huge = {{"platform", "cookiebot"}, {"cookies", json::array()}};
    for (int i = 0; i < 2001; ++i)
        huge["cookies"].push_back({{"name", "n" + std::to_string(i)}, {"group", "necessary"}});
    EXPECT_THROW(declaration_from_json("shop.test", huge), ProtocolError) << "over 2,000 cookies";
}

TEST(Declaration, AdNetworksAreDomainsWithOnlyMarketingEntries) {
    auto domains = ad_network_domains(Catalogue::shipped());
    EXPECT_TRUE(domains.count("doubleclick.net")) << "the catalogue lists DoubleClick's cookies";
    EXPECT_FALSE(domains.count("google.com")) << "google.com also has necessary cookies";
}

TEST(Declaration, SnapshotsAreStableWhileTheSetChanges) {
    LearnedDeclarations learned;
    learned.put(std::make_shared<Declaration>(declaration_from_json("shop.test", cookiebot_doc())));
    auto before = learned.snapshot();
    learned.forget("shop.test");
    EXPECT_EQ(before->count("shop.test"), 1u);
    EXPECT_EQ(learned.snapshot()->count("shop.test"), 0u);
}

TEST(ManifestDraft, ValidatesAndLoadsWithDeclaredAndObservedCookies) {
    Declaration d = declaration_from_json("shop.test", cookiebot_doc());
    std::vector<ObservedCookie> seen{
        {"zz_visits", "shop.test", Category::statistics, Source::declared, "", false},
        {"_pk_id.1.ab", "shop.test", Category::statistics, Source::declared, "", false},
        {"sess_1", "www.shop.test", Category::necessary, Source::heuristic, "", false},
        {"tracker_x", ".ads.example.test", Category::marketing, Source::catalogue, "Ads", true},
        {"odd", "shop.test", Category::unclassified, Source::none, "", false},
    };
    json draft = draft_manifest("shop.test", &d, seen, "2026-12-07");
    auto problems = embedded::schema("manifest.schema.json").validate(draft);
    ASSERT_TRUE(problems.empty()) << describe(problems) << "\n" << draft.dump(2);
    Manifest m = manifest_from_json(draft, "user", "draft.json");
    EXPECT_EQ(m.site, "shop.test");

    auto entry = [&](const std::string& name) {
        for (const auto& c : draft["cookies"])
            if (c["name"] == name)
                return c;
        return json();
    };
    EXPECT_EQ(entry("zz_visits")["basis"], "declared");
    EXPECT_EQ(entry("zz_visits")["platform"], "cookiebot");
    EXPECT_EQ(entry("zz_visits")["category"], "statistics");
    EXPECT_EQ(entry("zz_visits")["purpose"]["en"], "Counts visits.");
    EXPECT_EQ(entry("_pk_id")["match"], "prefix");
    EXPECT_TRUE(entry("_pk_id.1.ab").is_null()) << "covered by the declared prefix";
    EXPECT_EQ(entry("sess_1")["basis"], "observed");
    EXPECT_EQ(entry("sess_1")["source"], "heuristic");
    EXPECT_EQ(entry("tracker_x")["party"], "third");
    EXPECT_EQ(entry("tracker_x")["domain"], "ads.example.test");
    EXPECT_TRUE(entry("odd").is_null()) << "nothing placed it";
    EXPECT_TRUE(entry("mystery_x").is_null()) << "declared unclassified and not seen";
    EXPECT_FALSE(draft.contains("policyUrl")) << "Cookiebot gave none";
}

TEST(ManifestDraft, AnOverruledCookieIsDraftedAsWhatItIsKnownAs) {
    Declaration d = declaration_from_json("shop.test", cookiebot_doc());
    Classification known;
    known.category = Category::statistics;
    known.source = Source::catalogue;
    known.vendor = "Example Analytics";
    known.purpose = "Tells visitors apart.";
    known.declared = Category::necessary;
    json draft = draft_manifest("shop.test", &d, {}, "2026-12-07", {{"_ga", known}});
    auto problems = embedded::schema("manifest.schema.json").validate(draft);
    ASSERT_TRUE(problems.empty()) << describe(problems) << "\n" << draft.dump(2);
    json entry;
    for (const auto& c : draft["cookies"])
        if (c["name"] == "_ga")
            entry = c;
    ASSERT_FALSE(entry.is_null()) << draft.dump(2);
    EXPECT_EQ(entry["category"], "statistics");
    EXPECT_EQ(entry["basis"], "observed");
    EXPECT_EQ(entry["source"], "catalogue");
    EXPECT_EQ(entry["vendor"], "Example Analytics");
    EXPECT_FALSE(entry.contains("platform"));
    EXPECT_EQ(entry["purpose"]["en"],
              "Declared necessary by the site's consent platform (Cookiebot), but known as "
              "statistics: Tells visitors apart.");
}

TEST(ManifestDraft, WithoutADeclarationOnlyObservedCookies) {
    json draft = draft_manifest(
        "kk.dk", nullptr, {{"x_pref", "kk.dk", Category::functional, Source::heuristic, "", false}},
        "2026-12-07");
    auto problems = embedded::schema("manifest.schema.json").validate(draft);
    ASSERT_TRUE(problems.empty()) << describe(problems);
    ASSERT_EQ(draft["cookies"].size(), 1u);
    EXPECT_EQ(draft["cookies"][0]["basis"], "observed");
}

}  // namespace
}  // namespace cw
