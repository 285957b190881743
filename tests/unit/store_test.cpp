// The store on real files in a temporary folder: schema ladder, refusals, rules, log paging,
// counts and retention.

#include "store/store.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "temp_dir.hpp"

namespace cw {
namespace {

using test::TempDir;

LogEvent event(std::string site, std::string name, Action action = Action::allow,
               Category category = Category::necessary, std::int64_t time = 1'000) {
    LogEvent e;
    e.time_ms = time;
    e.browser = "chromium";
    e.site = std::move(site);
    e.name = std::move(name);
    e.domain = "." + e.site;
    e.store = "0";
    e.category = category;
    e.action = action;
    e.rule = "global/" + std::string(to_string(category));
    return e;
}

class StoreTest : public ::testing::Test {
  protected:
    std::filesystem::path path() const { return dir.path() / "cookie-warden.db"; }
    TempDir dir;
};

TEST_F(StoreTest, NewDatabaseIsStampedPrivateAndInWalMode) {
    Store store(path());
    auto& db = store.connection();
    EXPECT_EQ(db.query_int("PRAGMA application_id"), kApplicationId);
    EXPECT_EQ(db.query_int("PRAGMA user_version"), kSchemaVersion);
    EXPECT_EQ(db.query_int("PRAGMA foreign_keys"), 1);
    sql::Statement mode(db, "PRAGMA journal_mode");
    ASSERT_TRUE(mode.step());
    EXPECT_EQ(mode.column_text(0), "wal");
    struct stat st {};
    ASSERT_EQ(::stat(path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600);
}

TEST_F(StoreTest, MigratesVersionOneKeepingItsData) {
    {
        sql::Connection db(path());
        migrate(db, 1);
        db.exec("INSERT INTO names (id, text) VALUES (1, 'kk.dk'), (2, 'x'), (3, '')");
        db.exec("INSERT INTO rules (site, mode, updated) VALUES ('kk.dk', 'block-all', 0)");
        for (int i = 0; i < 3; ++i) {
            db.exec(
                "INSERT INTO log (time, browser, site, name, domain, path, store, flags, category, "
                "vendor, source, action, rule) VALUES (1, 3, 1, 2, 1, 3, 3, 0, 3, 3, 0, 1, 3)");
        }
        ASSERT_EQ(db.query_int("PRAGMA user_version"), 1);
    }
    Store store(path());
    EXPECT_EQ(store.connection().query_int("PRAGMA user_version"), kSchemaVersion);
    EXPECT_EQ(store.load_rules().at("kk.dk").mode, Mode::block_all);
    Stats st = store.stats(std::string("kk.dk"));
    EXPECT_EQ(st.total, 3);
    EXPECT_EQ(st.counts[static_cast<int>(Category::statistics)][static_cast<int>(Action::remove)],
              3);
    store.append(event("kk.dk", "y"));
    store.commit_batch();
    EXPECT_EQ(store.stats(std::string("kk.dk")).total, 4);
}

TEST_F(StoreTest, RefusesNewerSchemaAndLeavesItUntouched) {
    {
        sql::Connection db(path());
        db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
        db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion + 1));
        db.exec("CREATE TABLE future (x)");
    }
    auto before = std::filesystem::last_write_time(path());
    auto size = std::filesystem::file_size(path());
    try {
        Store store(path());
        FAIL() << "opened a newer database";
    } catch (const StoreError& e) {
        EXPECT_EQ(e.kind(), StoreError::Kind::too_new);
        EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos);
    }
    EXPECT_EQ(std::filesystem::last_write_time(path()), before);
    EXPECT_EQ(std::filesystem::file_size(path()), size);
    EXPECT_FALSE(std::filesystem::exists(path().string() + "-wal"));
    sql::Connection db(path());
    EXPECT_EQ(db.query_int("PRAGMA user_version"), kSchemaVersion + 1);
    sql::Statement mode(db, "PRAGMA journal_mode");
    ASSERT_TRUE(mode.step());
    EXPECT_EQ(mode.column_text(0), "delete");
}

TEST_F(StoreTest, RefusesAnotherProgramsDatabase) {
    {
        sql::Connection db(path());
        db.exec("CREATE TABLE moz_cookies (x)");
    }
    EXPECT_THROW(Store store(path()), StoreError);
    sql::Connection db(path());
    EXPECT_EQ(db.query_int("SELECT count(*) FROM sqlite_schema"), 1);
}

TEST_F(StoreTest, RulesAndSettingsRoundTripAndBumpTheRevision) {
    Store store(path());
    auto rev = store.rules_revision();
    SiteRule r;
    r.site = "borger.dk";
    r.categories[Category::statistics] = Choice::deny;
    r.third_party = ThirdParty::block;
    r.allow_third_party = {"mitid.dk", "nemlog-in.dk"};
    r.lifetime = Lifetime::leave;
    store.save_rule(r);
    Settings s;
    s.category(Category::statistics) = Choice::allow;
    s.leave_grace_seconds = 3;
    store.save_settings(s);
    EXPECT_EQ(store.rules_revision(), rev + 2);

    Store again(path());
    EXPECT_EQ(again.load_rule("borger.dk"), r);
    EXPECT_EQ(again.load_rules().size(), 1u);
    EXPECT_EQ(again.load_settings(), s);
    EXPECT_TRUE(again.delete_rule("borger.dk"));
    EXPECT_FALSE(again.delete_rule("borger.dk"));
    EXPECT_FALSE(again.load_rule("borger.dk"));
    EXPECT_EQ(again.connection().query_int("SELECT count(*) FROM rule_third_party"), 0);
}

TEST_F(StoreTest, ReplaceAllSwapsEverythingAtOnce) {
    Store store(path());
    SiteRule a;
    a.site = "a.dk";
    store.save_rule(a);
    SiteRule b;
    b.site = "b.dk";
    b.mode = Mode::allow_all;
    Settings s;
    s.third_party = ThirdParty::allow;
    store.replace_all(s, {b});
    auto rules = store.load_rules();
    ASSERT_EQ(rules.size(), 1u);
    EXPECT_EQ(rules.begin()->second, b);
    EXPECT_EQ(store.load_settings(), s);
}

TEST_F(StoreTest, QueryPagesNewestFirstPerSiteAndAction) {
    Store store(path());
    for (int i = 0; i < 25; ++i) {
        store.append(event(i % 2 ? "kk.dk" : "borger.dk", "c" + std::to_string(i),
                           i % 3 ? Action::allow : Action::remove, Category::necessary, 1000 + i));
    }
    store.commit_batch();
    LogQuery q;
    q.site = "kk.dk";
    q.limit = 5;
    auto page = store.query(q);
    ASSERT_EQ(page.size(), 5u);
    EXPECT_EQ(page[0].name, "c23");
    EXPECT_EQ(page[4].name, "c15");
    q.before_id = page.back().id;
    page = store.query(q);
    ASSERT_EQ(page.size(), 5u);
    EXPECT_EQ(page[0].name, "c13");

    LogQuery removed;
    removed.action = Action::remove;
    removed.limit = 100;
    EXPECT_EQ(store.query(removed).size(), 9u);  // 0, 3, ..., 24

    LogQuery since;
    since.since_ms = 1020;
    since.limit = 100;
    auto recent = store.query(since);
    ASSERT_EQ(recent.size(), 5u);
    EXPECT_EQ(recent.back().name, "c20");

    LogQuery unknown;
    unknown.site = "never.dk";
    EXPECT_TRUE(store.query(unknown).empty());
}

TEST_F(StoreTest, RolledBackBatchLeavesNothingAndLaterBatchesWork) {
    Store store(path());
    store.append(event("kk.dk", "lost"));
    store.rollback_batch();
    store.append(event("kk.dk", "kept"));
    store.commit_batch();
    LogQuery q;
    auto rows = store.query(q);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].name, "kept");
    EXPECT_EQ(rows[0].site, "kk.dk");
}

TEST_F(StoreTest, PruneRemovesOldThenExcessInSmallSteps) {
    Store store(path());
    const std::int64_t day = 24 * 3600 * 1000;
    const std::int64_t now = 100 * day;
    for (int i = 0; i < 30; ++i)
        store.append(event("kk.dk", "old" + std::to_string(i), Action::allow, Category::necessary,
                           now - 40 * day));
    for (int i = 0; i < 150; ++i)
        store.append(event("kk.dk", "new" + std::to_string(i), Action::allow, Category::necessary,
                           now - day + i));
    store.commit_batch();
    Settings s;
    s.log_max_events = 120;
    EXPECT_EQ(store.prune_step(s, now, 20), 20);
    EXPECT_EQ(store.prune_step(s, now, 20), 20);  // 10 old + 10 excess
    EXPECT_EQ(store.prune_step(s, now, 20), 20);
    EXPECT_EQ(store.prune_step(s, now, 20), 0);
    EXPECT_EQ(store.stats(std::nullopt).total, 120);
    LogQuery q;
    q.limit = 500;
    auto rows = store.query(q);
    ASSERT_EQ(rows.size(), 120u);
    EXPECT_EQ(rows.back().name, "new30");
    // Times are found by a binary search on ids, which no longer start at 1.
    LogQuery since;
    since.since_ms = now - day + 140;
    since.limit = 500;
    auto recent = store.query(since);
    ASSERT_EQ(recent.size(), 10u);
    EXPECT_EQ(recent.back().name, "new140");
    since.since_ms = now;
    EXPECT_TRUE(store.query(since).empty());
}

TEST_F(StoreTest, SeesChangesOfAnotherConnection) {
    Store a(path());
    Store b(path());
    EXPECT_FALSE(a.changed_elsewhere());
    SiteRule r;
    r.site = "kk.dk";
    b.save_rule(r);
    EXPECT_TRUE(a.changed_elsewhere());
    EXPECT_FALSE(a.changed_elsewhere());
    EXPECT_EQ(a.rules_revision(), b.rules_revision());
}

}  // namespace
}  // namespace cw
