// The catalogue: lookup order and the shipped data.

#include "classify/catalogue.hpp"

#include <gtest/gtest.h>

namespace cw {
namespace {

const char* kSmall =
    R"({"columns":["name","match","domain","domainRequired","category","platform","retention"],
"entries":[
["uid","exact","ads.example",1,"marketing","AdsCo","1 year"],
["_x","prefix","",0,"functional","Short","session"],
["_xy","prefix","",0,"statistics","Longer","session"],
["_xyz","exact","",0,"necessary","Exact","session"],
["dup","exact","",0,"functional","Generic","session"],
["dup","exact","vendor.example",0,"marketing","Vendor","session"],
["far","exact","vendor.example",0,"marketing","Elsewhere","session"],
["SR","prefix","adform.net",1,"marketing","Adform","1 year"]
]})";

struct Lookup {
    std::string label;
    std::string name;
    std::string registrable;
    std::string platform;  // empty: no entry
};

void PrintTo(const Lookup& l, std::ostream* os) {
    *os << l.label;
}

class CatalogueLookup : public ::testing::TestWithParam<Lookup> {};

TEST_P(CatalogueLookup, FollowsTheOrder) {
    static const Catalogue cat = Catalogue::from_json_text(kSmall);
    const auto* e = cat.find(GetParam().name, GetParam().registrable);
    if (GetParam().platform.empty()) {
        EXPECT_EQ(e, nullptr) << e->platform;
    } else {
        ASSERT_NE(e, nullptr);
        EXPECT_EQ(e->platform, GetParam().platform);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CatalogueLookup,
    ::testing::Values(Lookup{"ExactBeforePrefix", "_xyz", "site.test", "Exact"},
                      Lookup{"LongestPrefix", "_xyq", "site.test", "Longer"},
                      Lookup{"ShorterPrefix", "_xq", "site.test", "Short"},
                      Lookup{"OwnDomainBeforeGeneric", "dup", "vendor.example", "Vendor"},
                      Lookup{"GenericElsewhere", "dup", "site.test", "Generic"},
                      Lookup{"ListedDomainAsLastResort", "far", "site.test", "Elsewhere"},
                      Lookup{"DomainRequiredMatches", "uid", "ads.example", "AdsCo"},
                      Lookup{"DomainRequiredElsewhere", "uid", "site.test", ""},
                      Lookup{"ShortPrefixOnItsDomain", "SRV123", "adform.net", "Adform"},
                      Lookup{"ShortPrefixElsewhere", "SRV123", "site.test", ""},
                      Lookup{"CaseMatters", "_XYZ", "site.test", ""}),
    [](const auto& param_info) { return param_info.param.label; });

TEST(ShippedCatalogue, LoadsWithWellKnownCookies) {
    auto cat = Catalogue::shipped();
    EXPECT_GT(cat.size(), 2000u);
    struct Known {
        const char* name;
        Category category;
    };
    for (auto k :
         {Known{"_ga", Category::statistics}, Known{"_fbp", Category::marketing},
          Known{"PHPSESSID", Category::necessary}, Known{"nmstat", Category::statistics},
          Known{"OptanonConsent", Category::necessary}, Known{"CookieConsent", Category::necessary},
          Known{"_hjSessionUser_123", Category::statistics}, Known{"__cf_bm", Category::necessary},
          Known{"IDE", Category::marketing}}) {
        const auto* e = cat.find(k.name, "example.com");
        ASSERT_NE(e, nullptr) << k.name;
        EXPECT_EQ(to_string(e->category), to_string(k.category)) << k.name;
    }
    // Reviewed short prefixes do not catch unrelated names.
    EXPECT_EQ(cat.find("P_unrelated", "example.com"), nullptr);
    EXPECT_EQ(cat.find("SRC", "example.com"), nullptr);
}

TEST(Catalogue, RejectsBadEntriesNamingThem) {
    EXPECT_THROW(
        Catalogue::from_json_text(
            R"({"columns":["name","match","domain","domainRequired","category","platform","retention"],
                         "entries":[["a","exact","",0,"tasty","P","1 day"]]})"),
        std::runtime_error);
    EXPECT_THROW(Catalogue::from_json_text(R"({"columns":["name"],"entries":[]})"),
                 std::runtime_error);
}

}  // namespace
}  // namespace cw
