// Settings and site rules from and to JSON: every bad input is refused with a message naming it.

#include "policy/rules.hpp"

#include <gtest/gtest.h>

namespace cw {
namespace {

TEST(Settings, DefaultsAreDesignSix) {
    json j = to_json(Settings{});
    EXPECT_EQ(j["categories"]["statistics"], "deny");
    EXPECT_EQ(j["categories"]["marketing"], "deny");
    EXPECT_EQ(j["categories"]["necessary"], "allow");
    EXPECT_EQ(j["thirdParty"], "block");
    EXPECT_EQ(j["lifetime"], "keep");
    EXPECT_EQ(j["leaveGraceSeconds"], 15);
    EXPECT_EQ(j["logRetentionDays"], 30);
    EXPECT_EQ(j["logMaxEvents"], 1000000);
}

TEST(Settings, PatchChangesOnlyGivenFields) {
    Settings s =
        settings_from_json(json{{"categories", {{"statistics", "allow"}}}, {"lifetime", "leave"}});
    EXPECT_EQ(s.category(Category::statistics), Choice::allow);
    EXPECT_EQ(s.category(Category::marketing), Choice::deny);
    EXPECT_EQ(s.lifetime, Lifetime::leave);
    EXPECT_EQ(settings_from_json(to_json(s)), s);
}

struct Bad {
    std::string name;
    json input;
    std::string mentions;
};
void PrintTo(const Bad& b, std::ostream* os) {
    *os << b.name;
}

class BadSettings : public ::testing::TestWithParam<Bad> {};
TEST_P(BadSettings, AreRefusedNamingTheField) {
    try {
        settings_from_json(GetParam().input);
        FAIL() << "accepted";
    } catch (const ProtocolError& e) {
        EXPECT_EQ(e.code(), ErrorCode::bad_request);
        EXPECT_NE(std::string(e.what()).find(GetParam().mentions), std::string::npos) << e.what();
    }
}
INSTANTIATE_TEST_SUITE_P(
    Cases, BadSettings,
    ::testing::Values(Bad{"DenyNecessary", {{"categories", {{"necessary", "deny"}}}}, "necessary"},
                      Bad{"UnknownCategory", {{"categories", {{"ads", "deny"}}}}, "ads"},
                      Bad{"BadChoice", {{"categories", {{"marketing", "maybe"}}}}, "marketing"},
                      Bad{"UnknownKey", {{"colour", "blue"}}, "colour"},
                      Bad{"NegativeGrace", {{"leaveGraceSeconds", -1}}, "leaveGraceSeconds"},
                      Bad{"FractionalDays", {{"logRetentionDays", 1.5}}, "logRetentionDays"},
                      Bad{"BadThirdParty", {{"thirdParty", "sometimes"}}, "thirdParty"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(SiteRule, KeyedByRegistrableDomain) {
    SiteRule r =
        rule_from_json(json{{"categories", {{"statistics", "deny"}}}}, "https://www.kk.dk/x");
    EXPECT_EQ(r.site, "kk.dk");
    r = rule_from_json(json{{"allowThirdParty", {"login.mitid.dk"}}}, "lifeindenmark.borger.dk");
    EXPECT_EQ(r.site, "borger.dk");
    EXPECT_EQ(r.allow_third_party, std::set<std::string>{"mitid.dk"});
}

TEST(SiteRule, RoundTripsThroughJson) {
    SiteRule r;
    r.site = "borger.dk";
    r.mode = Mode::block_all;
    r.categories[Category::statistics] = Choice::allow;
    r.third_party = ThirdParty::block;
    r.allow_third_party = {"mitid.dk"};
    r.lifetime = Lifetime::leave;
    EXPECT_EQ(rule_from_json(to_json(r)), r);
}

TEST(SiteRule, DefaultMeansNoOverride) {
    SiteRule r = rule_from_json(json{{"thirdParty", "default"},
                                     {"lifetime", "default"},
                                     {"categories", {{"marketing", "default"}}}},
                                "kk.dk");
    EXPECT_FALSE(r.third_party);
    EXPECT_FALSE(r.lifetime);
    EXPECT_TRUE(r.categories.empty());
}

class BadRules : public ::testing::TestWithParam<Bad> {};
TEST_P(BadRules, AreRefusedNamingTheField) {
    try {
        rule_from_json(GetParam().input, "kk.dk");
        FAIL() << "accepted";
    } catch (const ProtocolError& e) {
        EXPECT_EQ(e.code(), ErrorCode::bad_request);
        EXPECT_NE(std::string(e.what()).find(GetParam().mentions), std::string::npos) << e.what();
    }
}
INSTANTIATE_TEST_SUITE_P(
    Cases, BadRules,
    ::testing::Values(
        Bad{"DenyNecessary", {{"categories", {{"necessary", "deny"}}}}, "necessary"},
        Bad{"BadMode", {{"mode", "strict"}}, "mode"},
        Bad{"AllowListNotArray", {{"allowThirdParty", "mitid.dk"}}, "allowThirdParty"},
        Bad{"AllowListBadDomain", {{"allowThirdParty", {"a b"}}}, "a b"},
        Bad{"UnknownField", {{"colour", "red"}}, "colour"},
        Bad{"BadLifetime", {{"lifetime", "forever"}}, "lifetime"}),
    [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace cw
