// Temporary rules: one click allows (or blocks) a site for a while; the rule from before comes
// back by itself when the time is up, also after a restart; a rule the user saves meanwhile
// outlasts it.

#include "verbs/temporary_rules.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>

#include "temp_dir.hpp"
#include "verbs/rule_verbs.hpp"

namespace cw {
namespace {

using namespace std::chrono_literals;

class Temporary : public ::testing::Test {
  protected:
    Temporary() {
        register_rule_verbs(dispatcher, service);
        register_temporary_verbs(dispatcher, rules, service);
    }
    json call(json request) {
        request["id"] = ++id;
        return dispatcher.handle(request);
    }
    json rule_of(const std::string& site) { return call({{"type", "rules.get"}, {"site", site}}); }
    // Runs the timers until `done` or a deadline.
    bool run_until(const std::function<bool()>& done, std::chrono::seconds deadline = 10s) {
        auto end = std::chrono::steady_clock::now() + deadline;
        while (!done() && std::chrono::steady_clock::now() < end) {
            io.restart();
            io.run_for(50ms);
        }
        return done();
    }
    test::TempDir dir;
    boost::asio::io_context io;
    StoreService service{dir.path() / "cookie-warden.db"};
    int changed = 0;
    TemporaryRules rules{io, service, [this] { ++changed; }};
    Dispatcher dispatcher;
    int id = 0;
};

TEST_F(Temporary, AllowsASiteForAWhileThenPutsItsRuleBack) {
    call({{"type", "rules.set"},
          {"site", "nyheder.test"},
          {"rule", {{"categories", {{"statistics", "deny"}}}, {"lifetime", "session"}}}});
    json before = rule_of("nyheder.test")["rule"];
    json started = call({{"type", "rules.temporary"},
                         {"site", "www.nyheder.test"},
                         {"mode", "allow-all"},
                         {"seconds", 1}});
    ASSERT_EQ(started["ok"], true) << started.dump();
    EXPECT_EQ(started["site"], "nyheder.test");
    EXPECT_EQ(started["rule"]["mode"], "allow-all");
    json now = rule_of("nyheder.test");
    EXPECT_EQ(now["rule"]["mode"], "allow-all");
    EXPECT_EQ(now["temporary"]["mode"], "allow-all");
    EXPECT_GT(now["temporary"]["until"].get<std::int64_t>(), now_ms());

    ASSERT_TRUE(run_until([&] { return changed > 0; })) << "the timer ended the rule";
    json after = rule_of("nyheder.test");
    EXPECT_EQ(after["rule"], before);
    EXPECT_FALSE(after.contains("temporary"));
}

TEST_F(Temporary, ASiteWithoutARuleHasNoneAgainAfterwards) {
    call({{"type", "rules.temporary"}, {"site", "video.test"}, {"mode", "block-all"}});
    EXPECT_EQ(rule_of("video.test")["exists"], true);
    json ended = call({{"type", "rules.temporary"}, {"site", "video.test"}, {"mode", "end"}});
    EXPECT_EQ(ended["ended"], true);
    EXPECT_EQ(rule_of("video.test")["exists"], false);
    EXPECT_EQ(call({{"type", "rules.temporary"}, {"site", "video.test"}, {"mode", "end"}})["ended"],
              false);
}

TEST_F(Temporary, ASecondClickKeepsTheRuleFromBeforeTheFirst) {
    call({{"type", "rules.set"}, {"site", "a.test"}, {"rule", {{"thirdParty", "allow"}}}});
    call({{"type", "rules.temporary"}, {"site", "a.test"}, {"mode", "allow-all"}});
    call({{"type", "rules.temporary"}, {"site", "a.test"}, {"mode", "block-all"}});
    call({{"type", "rules.temporary"}, {"site", "a.test"}, {"mode", "end"}});
    json rule = rule_of("a.test")["rule"];
    EXPECT_EQ(rule["mode"], "default");
    EXPECT_EQ(rule["thirdParty"], "allow");
}

TEST_F(Temporary, ARuleTheUserSavesMeanwhileOutlastsIt) {
    call({{"type", "rules.temporary"}, {"site", "b.test"}, {"mode", "allow-all"}, {"seconds", 1}});
    call({{"type", "rules.set"}, {"site", "b.test"}, {"rule", {{"mode", "block-all"}}}});
    EXPECT_FALSE(rule_of("b.test").contains("temporary"));
    // A second site's temporary rule, started later, ends later: once it has, b.test's timer
    // has fired too, and must have found nothing to do.
    call({{"type", "rules.temporary"}, {"site", "e.test"}, {"mode", "allow-all"}, {"seconds", 1}});
    ASSERT_TRUE(run_until([&] { return changed > 0; }));
    EXPECT_EQ(rule_of("b.test")["rule"]["mode"], "block-all");
    EXPECT_EQ(changed, 1);
}

TEST_F(Temporary, ItEndsAfterARestartToo) {
    call({{"type", "rules.temporary"}, {"site", "c.test"}, {"mode", "allow-all"}, {"seconds", 1}});
    rules.cancel_all();  // the host stops before the time is up
    boost::asio::io_context io2;
    StoreService again(dir.path() / "cookie-warden.db");
    int changed2 = 0;
    TemporaryRules restarted(io2, again, [&] { ++changed2; });
    restarted.schedule_all();
    auto end = std::chrono::steady_clock::now() + 10s;
    while (changed2 == 0 && std::chrono::steady_clock::now() < end) {
        io2.restart();
        io2.run_for(50ms);
    }
    EXPECT_EQ(changed2, 1);
    EXPECT_EQ(rule_of("c.test")["exists"], false);
}

TEST_F(Temporary, BadRequestsSayWhat) {
    for (json bad : {json{{"site", "d.test"}, {"mode", "sometimes"}},
                     json{{"site", "d.test"}, {"mode", "allow-all"}, {"seconds", 0}},
                     json{{"site", "d.test"}, {"mode", "allow-all"}, {"seconds", 10'000'000}},
                     json{{"mode", "allow-all"}}}) {
        bad["type"] = "rules.temporary";
        json reply = call(bad);
        EXPECT_EQ(reply["error"]["code"], "bad_request") << bad.dump();
    }
    EXPECT_EQ(rule_of("d.test")["exists"], false);
}

}  // namespace
}  // namespace cw
