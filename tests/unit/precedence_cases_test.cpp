// The shared table of precedence cases (tests/data/precedence-cases.json), run against the host's
// decide(). tests/extension/precedence.test.mjs runs the same table against the extension's
// common/policy.js, so the two cannot drift apart.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "policy/decision.hpp"
#include "policy/rules.hpp"

namespace cw {
namespace {

json load_cases() {
    std::ifstream in(std::string(CW_SOURCE_DIR) + "/tests/data/precedence-cases.json");
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str());
}

TEST(PrecedenceCases, HostDecidesEachCaseAsTheTableSays) {
    const json doc = load_cases();
    const std::string site = doc.at("site");
    ASSERT_GE(doc.at("cases").size(), 20u);
    for (const json& c : doc.at("cases")) {
        const std::string name = c.at("name");
        SCOPED_TRACE(name);
        Settings settings = settings_from_json(c.value("settings", json::object()));
        std::optional<SiteRule> rule;
        if (c.contains("rule"))
            rule = rule_from_json(c.at("rule"));
        const json& cookie = c.at("cookie");
        Classification cls;
        auto category = parse_category(cookie.at("category").get<std::string>());
        ASSERT_TRUE(category.has_value());
        cls.category = *category;
        cls.third_party = cookie.at("thirdParty").get<bool>();
        Verdict v =
            decide(settings, rule ? &*rule : nullptr, site, cls,
                   cookie.at("domain").get<std::string>(), cookie.at("persistent").get<bool>());
        EXPECT_EQ(to_string(v.action), c.at("action").get<std::string>()) << "rule " << v.rule;
    }
}

}  // namespace
}  // namespace cw
