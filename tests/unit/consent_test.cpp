// Answers to cookie banners (issue 16): consent.record logs a `consent` event and holds the
// site to a refusal, so that a cookie of the refused purpose set afterwards is removed and
// logged with afterRefusal, whatever the rules say; the report gives the evidence.

#include <gtest/gtest.h>

#include "store/consent_book.hpp"
#include "store/consent_report.hpp"
#include "store/store_service.hpp"
#include "temp_dir.hpp"
#include "verbs/consent_verbs.hpp"
#include "verbs/cookie_events.hpp"
#include "verbs/log_verbs.hpp"
#include "verbs/rule_verbs.hpp"
#include "wire/dispatcher.hpp"

namespace cw {
namespace {

Classification by_name(std::string_view, const CookieFacts& cookie) {
    Classification c;
    c.source = Source::catalogue;
    c.category = cookie.name.starts_with("_ga")   ? Category::statistics
                 : cookie.name == "CookieConsent" ? Category::necessary
                                                  : Category::functional;
    return c;
}

json event(const std::string& name, const std::string& site = "www.example.dk") {
    return {{"cookie",
             {{"name", name},
              {"value", "secret-value"},
              {"domain", ".example.dk"},
              {"expirationDate", 2e9}}},
            {"site", site}};
}

json refusal(const std::string& by = "warden") {
    return {{"type", "consent.record"},
            {"site", "www.example.dk"},
            {"platform", "cookiebot"},
            {"by", by},
            {"choices",
             {{"functional", "allow"},
              {"preferences", "allow"},
              {"statistics", "refuse"},
              {"marketing", "refuse"}}}};
}

class Consent : public ::testing::Test {
  protected:
    Consent() : service(dir.path() / "cookie-warden.db") {
        register_cookie_events(dispatcher, service, by_name);
        register_rule_verbs(dispatcher, service);
        register_log_verbs(dispatcher, service);
        register_consent_verbs(dispatcher, service);
    }
    json call(json request) {
        request["id"] = ++id;
        json reply = dispatcher.handle(request);
        service.end_batch();
        return reply;
    }
    test::TempDir dir;
    StoreService service;
    Dispatcher dispatcher;
    int id = 0;
};

TEST_F(Consent, AnAnswerIsLoggedWithItsPlatformAndChoices) {
    json r = call(refusal());
    ASSERT_EQ(r["ok"], true) << r.dump();
    EXPECT_EQ(r["site"], "example.dk");
    json log = call({{"type", "log.query"}, {"site", "example.dk"}, {"action", "consent"}});
    ASSERT_EQ(log["events"].size(), 1u) << log.dump();
    const json& e = log["events"][0];
    EXPECT_EQ(e["action"], "consent");
    EXPECT_EQ(e["platform"], "cookiebot");
    EXPECT_EQ(e["choices"]["statistics"], "refuse");
    EXPECT_EQ(e["choices"]["functional"], "allow");
}

TEST_F(Consent, ACookieOfARefusedPurposeIsRemovedAndMarkedEvenWhereTheRuleAllowsIt) {
    ASSERT_EQ(call({{"type", "rules.set"},
                    {"site", "example.dk"},
                    {"rule", {{"categories", {{"statistics", "allow"}}}}}})["ok"],
              true);
    json before = call({{"type", "cookie.changed"}, {"event", event("_ga")}});
    EXPECT_EQ(before["verdict"]["action"], "allow");
    EXPECT_FALSE(before["verdict"].contains("afterRefusal"));
    call(refusal());
    json after = call({{"type", "cookie.changed"}, {"event", event("_ga")}});
    EXPECT_EQ(after["verdict"]["action"], "remove") << after.dump();
    EXPECT_EQ(after["verdict"]["rule"], "consent:example.dk/statistics");
    EXPECT_EQ(after["verdict"]["afterRefusal"], true);
    // Purposes that were allowed, and necessary cookies, are not touched.
    json functional = call({{"type", "cookie.changed"}, {"event", event("lang")}});
    EXPECT_EQ(functional["verdict"]["action"], "allow");
    EXPECT_FALSE(functional["verdict"].contains("afterRefusal"));
    json log = call({{"type", "log.query"}, {"site", "example.dk"}, {"limit", 10}});
    EXPECT_EQ(log["events"][1]["name"], "_ga");
    EXPECT_EQ(log["events"][1]["afterRefusal"], true);
    EXPECT_EQ(log.dump().find("secret-value"), std::string::npos);
}

TEST_F(Consent, ADeniedCookieAfterTheRefusalIsMarkedAndTheReportListsIt) {
    call(refusal());
    json v = call({{"type", "cookie.changed"}, {"event", event("_ga")}});
    EXPECT_EQ(v["verdict"]["action"], "remove");
    EXPECT_EQ(v["verdict"]["rule"], "global/statistics");  // the rules decided, the mark is added
    EXPECT_EQ(v["verdict"]["afterRefusal"], true);
    json report = consent_report(service.require().connection(), "example.dk");
    EXPECT_EQ(report["site"], "example.dk");
    ASSERT_EQ(report["answers"].size(), 1u);
    EXPECT_EQ(report["answers"][0]["platform"], "cookiebot");
    EXPECT_EQ(report["answers"][0]["by"], "warden");
    EXPECT_EQ(report["answers"][0]["choices"]["marketing"], "refuse");
    ASSERT_EQ(report["afterRefusal"].size(), 1u) << report.dump();
    const json& e = report["afterRefusal"][0];
    EXPECT_EQ(e["name"], "_ga");
    EXPECT_EQ(e["domain"], ".example.dk");
    EXPECT_EQ(e["category"], "statistics");
    EXPECT_EQ(e["source"], "catalogue");
    EXPECT_GE(e["time"].get<std::int64_t>(), report["answers"][0]["time"].get<std::int64_t>());
    EXPECT_TRUE(report["refused"].contains("statistics"));
    EXPECT_FALSE(report["refused"].contains("functional"));
}

TEST_F(Consent, ALaterAllowEndsTheHoldAndTheSameAnswerFromTheCookieIsNotLoggedTwice) {
    call(refusal());
    EXPECT_EQ(call(refusal("banner"))["recorded"], false);
    json allow = refusal("banner");
    allow["choices"]["statistics"] = "allow";
    EXPECT_EQ(call(allow)["recorded"], true);
    json v = call({{"type", "cookie.changed"}, {"event", event("_ga")}});
    EXPECT_FALSE(v["verdict"].contains("afterRefusal")) << v.dump();
    json log = call({{"type", "log.query"}, {"site", "example.dk"}, {"action", "consent"}});
    EXPECT_EQ(log["events"].size(), 2u);
}

TEST_F(Consent, TheHoldSurvivesARestart) {
    call(refusal());
    StoreService again(dir.path() / "cookie-warden.db");
    EXPECT_TRUE(again.consent().refused_since("example.dk", Category::statistics));
    EXPECT_FALSE(again.consent().refused_since("example.dk", Category::functional));
    EXPECT_FALSE(again.consent().refused_since("other.dk", Category::statistics));
}

TEST_F(Consent, BadAnswersAreRefusedAndNothingIsKept) {
    for (auto change :
         {json{{"choices", {{"statistics", "maybe"}}}},
          json{{"choices", {{"necessary", "refuse"}}}}, json{{"choices", json::object()}},
          json{{"by", "someone"}}, json{{"platform", ""}}, json{{"site", "a b"}}}) {
        json request = refusal();
        request.update(change);
        json r = call(request);
        EXPECT_EQ(r["error"]["code"], "bad_request") << change.dump() << " " << r.dump();
    }
    json log = call({{"type", "log.query"}, {"action", "consent"}});
    EXPECT_TRUE(log["events"].empty());
}

TEST_F(Consent, DroppedWritesAreLoggedOnlyAfterARefusal) {
    json drop = {{"type", "cookie.incoming"},
                 {"events", json::array({event("_ga")})},
                 {"onlyAfterRefusal", true}};
    EXPECT_EQ(call(drop)["verdicts"][0]["action"], "remove");
    EXPECT_TRUE(call({{"type", "log.query"}, {"site", "example.dk"}})["events"].empty());
    call(refusal());
    call(drop);
    json log = call({{"type", "log.query"}, {"site", "example.dk"}, {"action", "blocked"}});
    ASSERT_EQ(log["events"].size(), 1u) << log.dump();
    EXPECT_EQ(log["events"][0]["afterRefusal"], true);
    drop["onlyAfterRefusal"] = "yes";
    EXPECT_EQ(call(drop)["error"]["code"], "bad_request");
}

TEST_F(Consent, TheSummarySaysTheLatestAnswerAndCountsCookiesPerPurpose) {
    json empty = call({{"type", "consent.summary"}, {"site", "example.dk"}});
    EXPECT_TRUE(empty["answer"].is_null()) << empty.dump();
    call(refusal());
    // Three statistics cookies (one event repeated would be logged once: docs/store.md).
    for (const char* name : {"_ga", "_ga_1", "_ga_2"})
        call({{"type", "cookie.changed"}, {"event", event(name)}});
    json s = call({{"type", "consent.summary"}, {"site", "www.example.dk"}});
    EXPECT_EQ(s["answer"]["platform"], "cookiebot");
    EXPECT_EQ(s["answer"]["choices"]["statistics"], "refuse");
    EXPECT_EQ(s["afterRefusal"]["statistics"], 3);
}

TEST(ConsentBook, ARepeatedRefusalKeepsItsFirstTime) {
    ConsentBook book;
    ConsentAnswer a{"example.dk", "cookiebot", "warden", 1000, {{Category::statistics, true}}};
    book.apply(a);
    a.time_ms = 2000;
    book.apply(a);
    EXPECT_EQ(book.refused_since("example.dk", Category::statistics), 1000);
    a.refused = {{Category::statistics, false}};
    book.apply(a);
    EXPECT_FALSE(book.refused_since("example.dk", Category::statistics));
}

}  // namespace
}  // namespace cw
