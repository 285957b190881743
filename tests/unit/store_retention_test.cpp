// Retention forgets visits for good (issue 19, defect 4): once events are pruned, the names only
// they used (sites, cookie names, domains) leave the database, its free pages and its
// write-ahead log; the file shrinks; and the cache of name ids stays bounded by bytes.

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "store/store.hpp"
#include "store/store_maintenance.hpp"
#include "temp_dir.hpp"

namespace cw {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

std::string site_of(int i) {
    char text[32];
    std::snprintf(text, sizeof text, "visited-%05d.example", i);
    return text;
}

LogEvent event(int i) {
    LogEvent e;
    e.time_ms = now_ms();
    e.browser = "chromium";
    e.site = site_of(i);
    e.domain = "cdn." + site_of(i);
    e.name = "cookie-" + std::to_string(i) + std::string(4000, 'n');
    e.rule = "default";
    return e;
}

std::string bytes_of(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(StoreRetention, PrunedSitesLeaveNoTraceInTheFileItsFreePagesOrItsLog) {
    TempDir dir;
    const fs::path db = dir.path() / "cookie-warden.db";
    constexpr int kEvents = 2000;
    Store store(db);
    for (int i = 0; i < kEvents; ++i) {
        store.append(event(i));
        if (i % 100 == 99)
            store.commit_batch();
    }
    store.commit_batch();
    const auto full_size = fs::file_size(db) + fs::file_size(fs::path(db.string() + "-wal"));
    EXPECT_LE(store.name_cache_bytes(), 4u * 1024 * 1024) << "the name cache is bounded by bytes";

    Settings settings;
    settings.log_max_events = 100;
    while (store.prune_step(settings, now_ms(), 500) == 500) {
    }
    MaintenanceResult r = forget_unused_names_and_reclaim(db);
    // Three names of their own per pruned event (site, domain, cookie name), give or take the
    // few a kept count or a boundary row still uses.
    EXPECT_GE(r.names_forgotten, 3 * (kEvents - 100) - 3);
    EXPECT_TRUE(r.vacuumed);
    EXPECT_TRUE(r.checkpointed);
    EXPECT_LE(store.connection().query_int("SELECT count(*) FROM names"), 3 * 100 + 10);

    // The host's connection is still open, so the log file is there too.
    std::string file = bytes_of(db), wal = bytes_of(fs::path(db.string() + "-wal"));
    for (int i = 0; i < kEvents - 100; ++i) {
        ASSERT_EQ(file.find(site_of(i)), std::string::npos) << site_of(i) << " in the file";
        ASSERT_EQ(wal.find(site_of(i)), std::string::npos) << site_of(i) << " in the WAL";
    }
    EXPECT_NE(file.find(site_of(kEvents - 1)), std::string::npos) << "a kept event's site";
    EXPECT_LT(file.size() + wal.size(), full_size / 4) << "the space was not returned";

    // A name this connection remembered and the maintenance removed is stored again, not
    // referred to by a stale id.
    store.append(event(0));
    store.commit_batch();
    LogQuery q;
    q.site = site_of(0);
    auto found = store.query(q);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].name, event(0).name);
    EXPECT_EQ(found[0].domain, event(0).domain);
}

TEST(StoreRetention, NamesStillUsedAreKept) {
    TempDir dir;
    const fs::path db = dir.path() / "cookie-warden.db";
    Store store(db);
    for (int i = 0; i < 300; ++i)
        store.append(event(i % 10));  // ten sites, each used again and again
    store.commit_batch();
    MaintenanceResult r = forget_unused_names_and_reclaim(db);
    EXPECT_EQ(r.names_forgotten, 0);
    LogQuery q;
    q.limit = 500;
    auto rows = store.query(q);
    ASSERT_EQ(rows.size(), 300u);
    for (const auto& row : rows)
        EXPECT_EQ(row.site.rfind("visited-", 0), 0u) << row.site;
}

}  // namespace
}  // namespace cw
