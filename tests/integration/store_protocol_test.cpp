// The store's verbs through a real host process: every reply is checked against
// schema/protocol.schema.json, and the cookie value never reaches the disk.

#include <gtest/gtest.h>

#include "host_fixture.hpp"
#include "store_helpers.hpp"

namespace cw::test {
namespace {

class StoreProtocol : public HostFixture {};

TEST_F(StoreProtocol, CookieEventsAreDecidedLoggedAndQueried) {
    HostProcess host = start();
    json request{{"id", 1},
                 {"type", "cookie.changed"},
                 {"event", cookie_event("www.kk.dk", "sess", ".kk.dk")}};
    EXPECT_TRUE(
        matches_schema(load_schema("protocol.schema.json", "cookieChangedRequest"), request));
    json one = checked(host, request, "cookieChangedReply");
    EXPECT_EQ(one["verdict"]["site"], "kk.dk");
    EXPECT_EQ(one["verdict"]["thirdParty"], false);
    EXPECT_EQ(one["logged"], true);

    json batch{{"id", 2},
               {"type", "cookie.changed"},
               {"events",
                {cookie_event("www.kk.dk", "_tracker", "ads.example.com"),
                 cookie_event("www.kk.dk", "pref", "www.kk.dk")}}};
    json many = checked(host, batch, "cookieChangedReply");
    ASSERT_EQ(many["verdicts"].size(), 2u);
    EXPECT_EQ(many["verdicts"][0]["action"], "remove");
    EXPECT_EQ(many["verdicts"][0]["rule"], "third-party");
    EXPECT_EQ(many["verdicts"][0]["thirdParty"], true);

    json page = checked(host, {{"id", 3}, {"type", "log.query"}, {"site", "kk.dk"}, {"limit", 2}},
                        "logQueryReply");
    ASSERT_EQ(page["events"].size(), 2u);
    EXPECT_EQ(page["events"][0]["name"], "pref");
    EXPECT_EQ(page["events"][1]["name"], "_tracker");
    ASSERT_TRUE(page.contains("next"));
    json rest = checked(
        host, {{"id", 4}, {"type", "log.query"}, {"site", "kk.dk"}, {"before", page["next"]}},
        "logQueryReply");
    ASSERT_EQ(rest["events"].size(), 1u);
    EXPECT_EQ(rest["events"][0]["name"], "sess");
    EXPECT_FALSE(rest.contains("next"));

    json stats = checked(host, {{"id", 5}, {"type", "stats"}, {"site", "kk.dk"}}, "statsReply");
    EXPECT_EQ(stats["total"], 3);
    EXPECT_EQ(stats["actions"]["remove"], 1);

    host.close_stdin();
    ASSERT_EQ(host.wait_exit(), 0);
    EXPECT_FALSE(any_file_contains(home.path(), kSecretValue));
}

TEST_F(StoreProtocol, IncomingDeniedCookiesAreLoggedAsBlockedAllowedOnesNotAtAll) {
    HostProcess host = start();
    json request{{"id", 1},
                 {"type", "cookie.incoming"},
                 {"events",
                  {cookie_event("www.kk.dk", "_ga", ".kk.dk"),
                   cookie_event("www.kk.dk", "sess", ".kk.dk")}}};
    EXPECT_TRUE(
        matches_schema(load_schema("protocol.schema.json", "cookieIncomingRequest"), request));
    json reply = checked(host, request, "cookieIncomingReply");
    ASSERT_EQ(reply["verdicts"].size(), 2u);
    EXPECT_EQ(reply["verdicts"][0]["action"], "remove");
    EXPECT_EQ(reply["verdicts"][0]["category"], "statistics");
    EXPECT_EQ(reply["verdicts"][1]["action"], "allow");

    json log =
        checked(host, {{"id", 2}, {"type", "log.query"}, {"site", "kk.dk"}}, "logQueryReply");
    ASSERT_EQ(log["events"].size(), 1u);
    EXPECT_EQ(log["events"][0]["name"], "_ga");
    EXPECT_EQ(log["events"][0]["action"], "blocked");
    json blocked =
        checked(host, {{"id", 3}, {"type", "log.query"}, {"site", "kk.dk"}, {"action", "blocked"}},
                "logQueryReply");
    EXPECT_EQ(blocked["events"].size(), 1u);
    json stats = checked(host, {{"id", 4}, {"type", "stats"}, {"site", "kk.dk"}}, "statsReply");
    EXPECT_EQ(stats["actions"]["blocked"], 1);

    json removed = cookie_event("www.kk.dk", "_ga", ".kk.dk");
    removed["removed"] = true;
    json refused = host.request({{"id", 5}, {"type", "cookie.incoming"}, {"events", {removed}}});
    EXPECT_FALSE(refused["ok"].get<bool>());
    host.close_stdin();
    ASSERT_EQ(host.wait_exit(), 0);
    EXPECT_FALSE(any_file_contains(home.path(), kSecretValue));
}

TEST_F(StoreProtocol, RecheckedCookiesAreLoggedOnlyWhenTheRulesTakeThemAway) {
    HostProcess host = start();
    json request{{"id", 1},
                 {"type", "cookie.recheck"},
                 {"events",
                  {cookie_event("www.kk.dk", "_ga", ".kk.dk"),
                   cookie_event("www.kk.dk", "sess", ".kk.dk")}}};
    EXPECT_TRUE(
        matches_schema(load_schema("protocol.schema.json", "cookieRecheckRequest"), request));
    json reply = checked(host, request, "cookieRecheckReply");
    ASSERT_EQ(reply["verdicts"].size(), 2u);
    EXPECT_EQ(reply["verdicts"][0]["action"], "remove");
    EXPECT_EQ(reply["verdicts"][0]["rule"], "global/statistics");
    EXPECT_EQ(reply["verdicts"][1]["action"], "allow");

    checked(
        host,
        {{"id", 2}, {"type", "rules.set"}, {"site", "kk.dk"}, {"rule", {{"lifetime", "session"}}}},
        "rulesSetReply");
    reply = checked(host,
                    {{"id", 3},
                     {"type", "cookie.recheck"},
                     {"events", {cookie_event("www.kk.dk", "sess", ".kk.dk")}}},
                    "cookieRecheckReply");
    EXPECT_EQ(reply["verdicts"][0]["action"], "session");

    json log =
        checked(host, {{"id", 4}, {"type", "log.query"}, {"site", "kk.dk"}}, "logQueryReply");
    ASSERT_EQ(log["events"].size(), 2u);
    EXPECT_EQ(log["events"][0]["name"], "sess");
    EXPECT_EQ(log["events"][0]["action"], "session");
    EXPECT_EQ(log["events"][1]["name"], "_ga");
    EXPECT_EQ(log["events"][1]["action"], "remove");

    json removed = cookie_event("www.kk.dk", "_ga", ".kk.dk");
    removed["removed"] = true;
    json refused = host.request({{"id", 5}, {"type", "cookie.recheck"}, {"events", {removed}}});
    EXPECT_FALSE(refused["ok"].get<bool>());
    host.close_stdin();
    ASSERT_EQ(host.wait_exit(), 0);
    EXPECT_FALSE(any_file_contains(home.path(), kSecretValue));
}

TEST_F(StoreProtocol, RemovedCookiesAreAnsweredButNotLogged) {
    HostProcess host = start();
    json e = cookie_event("kk.dk", "gone", "kk.dk");
    e["removed"] = true;
    json reply =
        checked(host, {{"id", 1}, {"type", "cookie.changed"}, {"event", e}}, "cookieChangedReply");
    EXPECT_EQ(reply["verdict"]["rule"], "removed");
    json page = checked(host, {{"id", 2}, {"type", "log.query"}}, "logQueryReply");
    EXPECT_TRUE(page["events"].empty());
}

TEST_F(StoreProtocol, RulesAndSettingsChangeVerdicts) {
    HostProcess host = start();
    json rule{{"categories", {{"functional", "deny"}}}, {"allowThirdParty", {"mitid.dk"}}};
    json set =
        checked(host, {{"id", 1}, {"type", "rules.set"}, {"site", "www.borger.dk"}, {"rule", rule}},
                "rulesSetReply");
    EXPECT_EQ(set["rule"]["site"], "borger.dk");
    json got =
        checked(host, {{"id", 2}, {"type", "rules.get"}, {"site", "borger.dk"}}, "rulesGetReply");
    EXPECT_EQ(got["exists"], true);
    EXPECT_EQ(got["rule"]["categories"]["functional"], "deny");
    json list = checked(host, {{"id", 3}, {"type", "rules.list"}}, "rulesListReply");
    EXPECT_EQ(list["rules"].size(), 1u);

    json v = checked(host,
                     {{"id", 4},
                      {"type", "cookie.changed"},
                      {"event", cookie_event("borger.dk", "mitid", "login.mitid.dk")}},
                     "cookieChangedReply");
    EXPECT_EQ(v["verdict"]["action"], "allow");
    EXPECT_EQ(v["verdict"]["rule"], "site:borger.dk/allow-third-party:mitid.dk");

    json s = checked(host,
                     {{"id", 5}, {"type", "settings.set"}, {"settings", {{"lifetime", "session"}}}},
                     "settingsSetReply");
    EXPECT_EQ(s["settings"]["lifetime"], "session");
    checked(host, {{"id", 6}, {"type", "settings.get"}}, "settingsGetReply");
    v = checked(host,
                {{"id", 7},
                 {"type", "cookie.changed"},
                 {"event", cookie_event("borger.dk", "mitid", "login.mitid.dk")}},
                "cookieChangedReply");
    EXPECT_EQ(v["verdict"]["action"], "session");

    json del = checked(host, {{"id", 8}, {"type", "rules.delete"}, {"site", "borger.dk"}},
                       "rulesDeleteReply");
    EXPECT_EQ(del["deleted"], true);
    got = checked(host, {{"id", 9}, {"type", "rules.get"}, {"site", "borger.dk"}}, "rulesGetReply");
    EXPECT_EQ(got["exists"], false);
}

struct BadCase {
    std::string name;
    json request;
};
void PrintTo(const BadCase& c, std::ostream* os) {
    *os << c.name;
}
class StoreBadRequests : public StoreProtocol, public ::testing::WithParamInterface<BadCase> {};

TEST_P(StoreBadRequests, GetBadRequestAndChangeNothing) {
    HostProcess host = start();
    json request = GetParam().request;
    request["id"] = 1;
    json reply = host.request(request);
    EXPECT_TRUE(matches_schema(load_schema("protocol.schema.json", "errorReply"), reply));
    EXPECT_EQ(reply["error"]["code"], "bad_request") << reply.dump();
    json list = host.request({{"id", 2}, {"type", "rules.list"}});
    EXPECT_TRUE(list["rules"].empty());
    json page = host.request({{"id", 3}, {"type", "log.query"}});
    EXPECT_TRUE(page["events"].empty());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, StoreBadRequests,
    ::testing::Values(
        BadCase{"DenyNecessary",
                {{"type", "rules.set"},
                 {"site", "kk.dk"},
                 {"rule", {{"categories", {{"necessary", "deny"}}}}}}},
        BadCase{"RuleWithoutSite", {{"type", "rules.set"}, {"rule", json::object()}}},
        BadCase{"EventWithoutName",
                {{"type", "cookie.changed"}, {"event", {{"cookie", {{"domain", "kk.dk"}}}}}}},
        BadCase{
            "BatchWithOneBadEvent",
            json{{"type", "cookie.changed"},
                 {"events",
                  json::array({cookie_event("kk.dk", "a", "kk.dk"),
                               json::parse(R"({"cookie": {"name": 3, "domain": "kk.dk"}})")})}}},
        BadCase{"BothEventAndEvents",
                {{"type", "cookie.changed"},
                 {"event", cookie_event("kk.dk", "a", "kk.dk")},
                 {"events", json::array()}}},
        BadCase{"LimitTooLarge", {{"type", "log.query"}, {"limit", 501}}},
        BadCase{"UnknownAction", {{"type", "log.query"}, {"action", "eat"}}},
        BadCase{"UnknownSetting", {{"type", "settings.set"}, {"settings", {{"colour", "red"}}}}}),
    [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace cw::test
