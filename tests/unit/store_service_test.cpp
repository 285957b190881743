// When the database says no (cannot be opened, disk full), verdicts keep coming from the rules
// in memory, the failure is reported clearly, and nothing half-done is left behind.

#include "store/store_service.hpp"

#include <gtest/gtest.h>

#include "temp_dir.hpp"
#include "verbs/cookie_events.hpp"
#include "verbs/log_verbs.hpp"
#include "verbs/rule_verbs.hpp"
#include "wire/dispatcher.hpp"

namespace cw {
namespace {

Classification statistics(std::string_view, const CookieFacts&) {
    Classification c;
    c.category = Category::statistics;
    c.source = Source::catalogue;
    c.vendor = "Siteimprove";
    return c;
}

json event(const std::string& name) {
    return {
        {"cookie", {{"name", name}, {"value", "v"}, {"domain", ".kk.dk"}, {"expirationDate", 2e9}}},
        {"site", "www.kk.dk"}};
}

class Service : public ::testing::Test {
  protected:
    void wire(StoreService& service) {
        register_cookie_events(dispatcher, service, statistics);
        register_rule_verbs(dispatcher, service);
        register_log_verbs(dispatcher, service);
    }
    json call(json request) {
        request["id"] = ++id;
        return dispatcher.handle(request);
    }
    test::TempDir dir;
    Dispatcher dispatcher;
    int id = 0;
};

TEST_F(Service, WithoutADatabaseVerdictsFollowDefaultsAndChangesSayWhy) {
    StoreService service(dir.path() / "missing-folder" / "cookie-warden.db");
    wire(service);
    json v = call({{"type", "cookie.changed"}, {"event", event("nmstat")}});
    ASSERT_EQ(v["ok"], true) << v.dump();
    EXPECT_EQ(v["verdict"]["action"], "remove");
    EXPECT_EQ(v["verdict"]["rule"], "global/statistics");
    EXPECT_EQ(v["logged"], false);
    json r = call({{"type", "rules.set"}, {"site", "kk.dk"}, {"rule", json::object()}});
    EXPECT_EQ(r["error"]["code"], "unavailable");
    EXPECT_NE(r["error"]["message"].get<std::string>().find("cannot"), std::string::npos);
    EXPECT_EQ(call({{"type", "log.query"}})["error"]["code"], "unavailable");
    EXPECT_EQ(call({{"type", "settings.get"}})["ok"], true);
    EXPECT_EQ(service.unsaved(), 1);
}

std::string integrity(sql::Connection& db) {
    sql::Statement check(db, "PRAGMA integrity_check");
    return check.step() ? check.column_text(0) : "";
}

TEST_F(Service, AFullDiskCostsTheLogNotTheVerdicts) {
    StoreService service(dir.path() / "cookie-warden.db");
    wire(service);
    ASSERT_EQ(call({{"type", "rules.set"},
                    {"site", "kk.dk"},
                    {"rule", {{"categories", {{"statistics", "allow"}}}}}})["ok"],
              true);
    auto& db = service.store()->connection();
    // No more pages: the next writes fail as on a full disk.
    db.exec("PRAGMA max_page_count = " + std::to_string(db.query_int("PRAGMA page_count")));
    json batch = json::array();
    for (int i = 0; i < 400; ++i) {
        batch.push_back(event("filler-" + std::string(200, 'x') + std::to_string(i)));
    }
    json v = call({{"type", "cookie.changed"}, {"events", batch}});
    ASSERT_EQ(v["ok"], true);
    EXPECT_EQ(v["logged"], false);
    EXPECT_EQ(v["verdicts"][399]["action"], "allow");
    EXPECT_EQ(v["verdicts"][399]["rule"], "site:kk.dk/statistics");
    service.end_batch();
    EXPECT_GT(service.unsaved(), 0);
    // What did fit is whole: every logged row reads back with its names.
    json page = call({{"type", "log.query"}, {"limit", 500}});
    ASSERT_EQ(page["ok"], true);
    EXPECT_EQ(page["events"].size() + static_cast<std::size_t>(service.unsaved()), 400u);
    for (auto& e : page["events"])
        EXPECT_EQ(e["site"], "kk.dk");
    EXPECT_EQ(call({{"type", "stats"}})["unsaved"], service.unsaved());
    EXPECT_EQ(integrity(db), "ok");
}

TEST_F(Service, AReadOnlyDatabaseRefusesChangesAndKeepsTheRulesInMemory) {
    StoreService service(dir.path() / "cookie-warden.db");
    wire(service);
    ASSERT_EQ(
        call({{"type", "rules.set"}, {"site", "kk.dk"}, {"rule", {{"mode", "allow-all"}}}})["ok"],
        true);
    service.store()->connection().exec("PRAGMA query_only = ON");  // as a read-only folder would
    json r = call({{"type", "rules.set"}, {"site", "kk.dk"}, {"rule", {{"mode", "block-all"}}}});
    EXPECT_EQ(r["error"]["code"], "unavailable") << r.dump();
    EXPECT_NE(r["error"]["message"].get<std::string>().find("nothing was changed"),
              std::string::npos);
    EXPECT_EQ(service.rule("kk.dk")->mode, Mode::allow_all);
    json v = call({{"type", "cookie.changed"}, {"event", event("nmstat")}});
    EXPECT_EQ(v["verdict"]["rule"], "site:kk.dk/allow-all");
    EXPECT_EQ(v["logged"], false);
    service.end_batch();
    service.store()->connection().exec("PRAGMA query_only = OFF");
    EXPECT_EQ(call({{"type", "rules.get"}, {"site", "kk.dk"}})["rule"]["mode"], "allow-all");
    // Once writable again, events are logged again.
    EXPECT_EQ(call({{"type", "cookie.changed"}, {"event", event("later")}})["logged"], true);
    service.end_batch();
    EXPECT_EQ(call({{"type", "log.query"}})["events"][0]["name"], "later");
}

TEST_F(Service, LogPagesStayUnderTheFrameLimitWhateverTheNames) {
    StoreService service(dir.path() / "cookie-warden.db");
    wire(service);
    // 4 KiB names of control characters: each becomes six bytes in JSON.
    json batch = json::array();
    for (int i = 0; i < 500; ++i)
        batch.push_back(event(std::string(4000, '\x01') + std::to_string(i)));
    ASSERT_EQ(call({{"type", "cookie.changed"}, {"events", batch}})["logged"], true);
    service.end_batch();
    std::size_t seen = 0;
    json request{{"type", "log.query"}, {"limit", 500}};
    for (int page = 0; page < 100; ++page) {
        json reply = call(request);
        ASSERT_EQ(reply["ok"], true);
        EXPECT_LT(reply.dump().size(), 1024u * 1024u);
        seen += reply["events"].size();
        if (!reply.contains("next"))
            break;
        request["before"] = reply["next"];
    }
    EXPECT_EQ(seen, 500u);
}

}  // namespace
}  // namespace cw
