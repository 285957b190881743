// The background checkpointer on a real database file: the log is copied into the database
// file by the thread, not by the commits; after stop() the host's connection is the last one,
// so closing it removes the log; and a log the thread cannot empty stays bounded.

#include "store/wal_checkpointer.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "store/store.hpp"
#include "temp_dir.hpp"

namespace cw {
namespace {

using namespace std::chrono_literals;
using test::TempDir;

LogEvent event(int i) {
    LogEvent e;
    e.time_ms = 1'000 + i;
    e.browser = "chromium";
    e.site = "site" + std::to_string(i % 300) + ".dk";  // many index pages, as real logs touch
    e.name = "cookie_" + std::to_string(i % 40);
    e.domain = "." + e.site;
    e.store = "0";
    e.rule = "global/necessary";
    return e;
}

// Commits one event at a time (one frame per batch, the host's worst case).
void commit_events(Store& store, int from, int count) {
    for (int i = from; i < from + count; ++i) {
        store.append(event(i));
        store.commit_batch();
    }
}

std::uintmax_t size_or_zero(const std::filesystem::path& p) {
    std::error_code ec;
    auto n = std::filesystem::file_size(p, ec);
    return ec ? 0 : n;
}

template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds deadline = 10s) {
    auto until = std::chrono::steady_clock::now() + deadline;
    while (!pred()) {
        if (std::chrono::steady_clock::now() > until)
            return false;
        std::this_thread::sleep_for(5ms);  // polling a condition, bounded by the deadline
    }
    return true;
}

TEST(WalCheckpointer, CopiesTheLogIntoTheDatabaseFileOffTheCommitPath) {
    TempDir dir;
    auto db = dir.path() / "cookie-warden.db";
    Store store(db);
    store.connection().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    auto before = size_or_zero(db);
    WalCheckpointer checkpointer(db);
    checkpointer.attach(store.connection());

    // Each commit writes at least two pages (the row's and the index's): well over
    // kBackgroundFrames pages of log.
    commit_events(store, 0, WalCheckpointer::kBackgroundFrames);
    ASSERT_TRUE(eventually([&] { return checkpointer.runs() > 0; }));
    EXPECT_TRUE(eventually([&] { return size_or_zero(db) > before; }))
        << "the database file did not grow: nothing was checkpointed";
    EXPECT_EQ(store.connection().query_int("SELECT count(*) FROM log"),
              WalCheckpointer::kBackgroundFrames);
}

TEST(WalCheckpointer, AfterStopClosingTheStoreRemovesTheLog) {
    TempDir dir;
    auto db = dir.path() / "cookie-warden.db";
    {
        Store store(db);
        WalCheckpointer checkpointer(db);
        checkpointer.attach(store.connection());
        commit_events(store, 0, 100);
        checkpointer.stop();
        checkpointer.stop();            // idempotent
        commit_events(store, 100, 10);  // SQLite's own checkpoints are back
        EXPECT_TRUE(std::filesystem::exists(dir.path() / "cookie-warden.db-wal"));
    }
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "cookie-warden.db-wal"));
    Store reopened(db);
    EXPECT_EQ(reopened.connection().query_int("SELECT count(*) FROM log"), 110);
}

TEST(WalCheckpointer, TheLogStaysBoundedUnderASteadyStreamOfCommits) {
    TempDir dir;
    auto db = dir.path() / "cookie-warden.db";
    Store store(db);
    WalCheckpointer checkpointer(db);
    checkpointer.attach(store.connection());
    // Enough single-event commits to pass kInlineFrames pages: the committing connection
    // then checkpoints itself and the log starts over instead of growing further.
    int frames_per_commit = 4;  // log, two indexes, counts: at least
    int commits = WalCheckpointer::kInlineFrames / frames_per_commit + 500;
    commit_events(store, 0, commits);
    auto limit = static_cast<std::uintmax_t>(WalCheckpointer::kInlineFrames + 1000) * 4200;
    EXPECT_LE(size_or_zero(dir.path() / "cookie-warden.db-wal"), limit);
    EXPECT_EQ(store.connection().query_int("SELECT count(*) FROM log"), commits);
}

}  // namespace
}  // namespace cw
