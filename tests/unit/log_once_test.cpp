// One event, one entry: a decision the browser reports again within the repeat window is not
// logged again (docs/store.md, "Events"); after the window, or with anything else different
// (action, rule, cookie, browser), it is.

#include <gtest/gtest.h>

#include "store/store_service.hpp"
#include "verbs/cookie_events.hpp"
#include "verbs/log_verbs.hpp"
#include "wire/dispatcher.hpp"

namespace cw {
namespace {

LogEvent removal(std::int64_t time_ms) {
    LogEvent e;
    e.time_ms = time_ms;
    e.browser = "chromium";
    e.site = "nyheder.test";
    e.name = "_ga";
    e.domain = ".nyheder.test";
    e.category = Category::statistics;
    e.source = Source::catalogue;
    e.action = Action::remove;
    e.rule = "global/statistics";
    return e;
}

class LogOnce : public ::testing::Test {
  protected:
    LogOnce() { register_log_verbs(dispatcher, service); }
    std::size_t rows() {
        service.end_batch();
        json reply = dispatcher.handle({{"id", 1}, {"type", "log.query"}, {"limit", 500}});
        EXPECT_EQ(reply["ok"], true) << reply.dump();
        return reply["events"].size();
    }
    StoreService service{":memory:"};
    Dispatcher dispatcher;
};

TEST_F(LogOnce, ARepeatWithinTheWindowIsNotLoggedAgain) {
    const std::int64_t t = 1'800'000'000'000;
    EXPECT_TRUE(service.log(removal(t)));
    EXPECT_TRUE(service.log(removal(t + 1'000)));  // a second later: the same event
    EXPECT_TRUE(service.log(removal(t + StoreService::kRepeatWindowMs - 1)));
    EXPECT_EQ(rows(), 1u);
}

TEST_F(LogOnce, ARepeatAfterTheWindowIsLoggedAgain) {
    const std::int64_t t = 1'800'000'000'000;
    service.log(removal(t));
    service.log(removal(t + StoreService::kRepeatWindowMs));
    EXPECT_EQ(rows(), 2u);
}

TEST_F(LogOnce, AnythingElseDifferentIsAnotherEvent) {
    const std::int64_t t = 1'800'000'000'000;
    service.log(removal(t));
    auto blocked = removal(t + 1);
    blocked.action = Action::blocked;
    auto other_cookie = removal(t + 2);
    other_cookie.name = "_hjSessionUser_123";
    auto other_browser = removal(t + 3);
    other_browser.browser = "firefox";
    auto other_rule = removal(t + 4);
    other_rule.rule = "site:nyheder.test/statistics";
    for (const auto& e : {blocked, other_cookie, other_browser, other_rule})
        service.log(e);
    service.log(other_cookie);  // and a repeat of one of them
    EXPECT_EQ(rows(), 5u);
}

TEST_F(LogOnce, TheSameCookieReportedTwiceByTheBrowserIsOneEntry) {
    // Through the protocol, as the extension reports it: two cookie.changed a moment apart.
    register_cookie_events(dispatcher, service, [](std::string_view, const CookieFacts&) {
        Classification c;
        c.category = Category::statistics;
        c.source = Source::catalogue;
        return c;
    });
    json event = {
        {"cookie", {{"name", "_ga"}, {"domain", ".nyheder.test"}, {"expirationDate", 2e9}}},
        {"site", "www.nyheder.test"}};
    for (int i = 0; i < 2; ++i) {
        json reply = dispatcher.handle({{"id", i}, {"type", "cookie.changed"}, {"event", event}});
        ASSERT_EQ(reply["verdict"]["action"], "remove") << reply.dump();
        EXPECT_EQ(reply["logged"], true);
    }
    EXPECT_EQ(rows(), 1u);
}

}  // namespace
}  // namespace cw
