// site.policy through the built host: the reply matches the schema, follows rule changes, and
// a bad site gets a clear error.

#include <gtest/gtest.h>

#include "host_process.hpp"
#include "schema_check.hpp"
#include "temp_dir.hpp"

namespace cw::test {
namespace {

bool lists_removal(const json& policy, const std::string& name) {
    for (const auto& r : policy["rules"]) {
        if (r["name"] == name)
            return r["match"] == "exact" && r["remove"] == true;
    }
    return false;
}

TEST(SitePolicyProtocol, FollowsTheRulesAndChecksTheSite) {
    TempDir home;
    HostOptions options;
    options.home = home.path();
    HostProcess host(options);
    JsonSchema request_schema = load_schema("protocol.schema.json", "sitePolicyRequest");
    JsonSchema reply_schema = load_schema("protocol.schema.json", "sitePolicyReply");

    json request{{"id", 1}, {"type", "site.policy"}, {"site", "www.site-a.test"}};
    EXPECT_TRUE(matches_schema(request_schema, request));
    json before = host.request(request);
    ASSERT_TRUE(before["ok"].get<bool>()) << before.dump();
    EXPECT_TRUE(matches_schema(reply_schema, before));
    EXPECT_EQ(before["site"], "site-a.test");
    EXPECT_EQ(before["mode"], "default");
    EXPECT_TRUE(lists_removal(before, "_ga"));
    EXPECT_LT(before.dump().size(), 1024u * 1024u);

    json allow{{"id", 2},
               {"type", "rules.set"},
               {"site", "site-a.test"},
               {"rule", {{"categories", {{"statistics", "allow"}}}}}};
    ASSERT_TRUE(host.request(allow)["ok"].get<bool>());
    json after = host.request({{"id", 3}, {"type", "site.policy"}, {"site", "www.site-a.test"}});
    EXPECT_TRUE(matches_schema(reply_schema, after));
    EXPECT_FALSE(lists_removal(after, "_ga"));
    EXPECT_TRUE(lists_removal(after, "_gcl_au"));  // marketing is still denied

    json bad = host.request({{"id", 4}, {"type", "site.policy"}, {"site", "not a site"}});
    EXPECT_FALSE(bad["ok"].get<bool>());
    EXPECT_EQ(bad["error"]["code"], "bad_request");
    json missing = host.request({{"id", 5}, {"type", "site.policy"}});
    EXPECT_EQ(missing["error"]["code"], "bad_request");
}

}  // namespace
}  // namespace cw::test
