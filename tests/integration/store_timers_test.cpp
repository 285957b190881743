// Delete-on-leave through a real host: site.clear after the grace, and a later visit cancels.

#include <gtest/gtest.h>

#include "host_process.hpp"
#include "schema_check.hpp"
#include "store_helpers.hpp"
#include "temp_dir.hpp"

namespace cw::test {
namespace {

class SiteTimers : public ::testing::Test {
  protected:
    void SetUp() override {
        HostOptions options;
        options.home = home.path();
        host.emplace(options);
        ok({{"type", "settings.set"}, {"settings", {{"leaveGraceSeconds", 1}}}});
        ok({{"type", "rules.set"}, {"site", "a.dk"}, {"rule", {{"lifetime", "leave"}}}});
        ok({{"type", "rules.set"}, {"site", "b.dk"}, {"rule", {{"lifetime", "leave"}}}});
    }
    json ok(json request, const std::string& reply_def = "") {
        request["id"] = ++id;
        json reply = host->request(request);
        EXPECT_EQ(reply["ok"], true) << reply.dump();
        if (!reply_def.empty()) {
            EXPECT_TRUE(matches_schema(load_schema("protocol.schema.json", reply_def), reply));
        }
        return reply;
    }
    json visit(const std::string& site, int tab) {
        return ok({{"type", "site.visit"}, {"site", site}, {"tabId", tab}}, "siteReply");
    }
    json leave(const std::string& site, int tab) {
        return ok({{"type", "site.leave"}, {"site", site}, {"tabId", tab}}, "siteReply");
    }
    TempDir home;
    std::optional<HostProcess> host;
    int id = 0;
};

TEST_F(SiteTimers, LeavingASiteClearsItAfterTheGrace) {
    EXPECT_EQ(visit("www.a.dk", 1)["lifetime"], "leave");
    visit("a.dk", 2);
    leave("a.dk", 1);  // tab 2 still shows it
    leave("www.a.dk", 2);
    auto push = wait_for_push(*host, "site.clear", 5s);
    ASSERT_TRUE(push) << host->stderr_text();
    EXPECT_EQ((*push)["site"], "a.dk");
    EXPECT_TRUE(matches_schema(load_schema("protocol.schema.json", "siteClearPush"), *push));
}

TEST_F(SiteTimers, AVisitWithinTheGraceCancels) {
    // a.dk is left and visited again; b.dk is left later with the same grace. Had a.dk's timer
    // survived, its push would come first.
    visit("a.dk", 1);
    leave("a.dk", 1);
    visit("a.dk", 3);
    visit("b.dk", 2);
    leave("b.dk", 2);
    auto push = wait_for_push(*host, "site.clear", 5s);
    ASSERT_TRUE(push) << host->stderr_text();
    EXPECT_EQ((*push)["site"], "b.dk");
}

TEST_F(SiteTimers, NavigatingATabAwayLeavesTheOldSite) {
    visit("a.dk", 1);
    visit("kk.dk", 1);  // same tab, another site: a.dk has no tab now
    auto push = wait_for_push(*host, "site.clear", 5s);
    ASSERT_TRUE(push);
    EXPECT_EQ((*push)["site"], "a.dk");
}

TEST_F(SiteTimers, SitesThatKeepCookiesAreNotCleared) {
    // kk.dk follows the global lifetime (keep); a.dk's push proves the timers ran.
    visit("kk.dk", 1);
    leave("kk.dk", 1);
    visit("a.dk", 2);
    leave("a.dk", 2);
    auto push = wait_for_push(*host, "site.clear", 5s);
    ASSERT_TRUE(push);
    EXPECT_EQ((*push)["site"], "a.dk");
}

}  // namespace
}  // namespace cw::test
