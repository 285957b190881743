// The store under the attacks of issue 19: another process holding the write lock (defect 3)
// and the traces retention must not leave (defect 4), against the running host.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "host_process.hpp"
#include "store/sqlite.hpp"
#include "store_helpers.hpp"
#include "temp_dir.hpp"

namespace cw::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

class OutsideAttackStore : public ::testing::Test {
  protected:
    HostProcess start() {
        HostOptions options;
        options.home = home.path();
        return HostProcess(options);
    }
    fs::path db() const { return home.path() / "cookie-warden.db"; }
    TempDir home;
};

// Round-trip times of `n` single cookie.changed requests, in microseconds, sorted.
std::vector<double> latencies(HostProcess& host, const std::string& prefix, int n,
                              int& logged_false) {
    std::vector<double> out;
    for (int i = 0; i < n; ++i) {
        json request{{"id", i},
                     {"type", "cookie.changed"},
                     {"event", cookie_event("www.kk.dk", prefix + std::to_string(i), "kk.dk")}};
        auto start = Clock::now();
        json reply = host.request(request, 15s);
        out.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
        EXPECT_EQ(reply["ok"], true) << reply.dump();
        logged_false += reply["logged"] == false;
    }
    std::sort(out.begin(), out.end());
    return out;
}

double p99(const std::vector<double>& sorted) {
    return sorted[sorted.size() * 99 / 100];
}

std::int64_t rows_named(const fs::path& db, const std::string& prefix) {
    sql::Connection c(db, sql::Connection::Mode::read_only);
    sql::Statement s(c,
                     "SELECT count(*) FROM log l JOIN names n ON n.id = l.name "
                     "WHERE n.text LIKE ?1 || '%'");
    s.bind(1, prefix);
    s.step();
    return s.column_int(0);
}

// Defect 3: a write transaction held by another process delayed every reply by the busy wait.
TEST_F(OutsideAttackStore, AnotherProcessHoldingTheWriteLockDoesNotDelayVerdicts) {
    HostProcess host = start();
    int unlogged = 0;
    // Warm up, then the figures of this machine without a lock.
    latencies(host, "warm-", 50, unlogged);
    auto free = latencies(host, "free-", 300, unlogged);
    ASSERT_EQ(unlogged, 0);

    sql::Connection holder(db(), sql::Connection::Mode::read_write);
    holder.exec("BEGIN IMMEDIATE");
    holder.exec("INSERT INTO meta (key, value) VALUES ('lock-test', 1)");
    auto locked = latencies(host, "locked-", 300, unlogged);
    EXPECT_EQ(unlogged, 300) << "replies must say their event is not logged yet";
    // The budget is 1 ms at the 99th percentile; on a loaded machine, the same as without the
    // lock is what the lock must not change.
    EXPECT_LT(p99(locked), std::max(1000.0, 3 * p99(free) + 20'000))
        << "p99 " << p99(locked) << " us with the lock, " << p99(free) << " us without";
    EXPECT_LT(locked.back(), 250'000.0) << "slowest reply under the lock, us";
    holder.exec("ROLLBACK");

    // When the lock clears, the events that waited are logged, each once.
    auto deadline = Clock::now() + 10s;
    while (rows_named(db(), "locked-") < 300 && Clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    EXPECT_EQ(rows_named(db(), "locked-"), 300);
    host.close_stdin();
    EXPECT_EQ(host.wait_exit(), 0) << host.stderr_text();
    EXPECT_EQ(rows_named(db(), "locked-"), 300) << "an event was logged twice";
    EXPECT_NE(host.stderr_text().find("locked by another process"), std::string::npos);
}

// Defect 4 against the running host: after retention, no pruned site is left in the database
// file, its free pages or its write-ahead log.
TEST_F(OutsideAttackStore, RetentionLeavesNoPrunedSiteInTheFilesOfARunningHost) {
    auto site = [](int i) {
        char text[40];
        std::snprintf(text, sizeof text, "visited-%04d.example", i);
        return std::string(text);
    };
    constexpr int kSites = 1000;
    {
        // All events are in before a host's first retention pass: the second host below prunes
        // them a few seconds after it starts.
        HostProcess host = start();
        json set = host.request(
            {{"id", 1}, {"type", "settings.set"}, {"settings", {{"logMaxEvents", 100}}}});
        ASSERT_EQ(set["ok"], true) << set.dump();
        for (int from = 0; from < kSites; from += 100) {
            json events = json::array();
            for (int i = from; i < from + 100; ++i)
                events.push_back(cookie_event(site(i), "c" + std::to_string(i), "cdn." + site(i)));
            json reply = host.request({{"id", 2}, {"type", "cookie.changed"}, {"events", events}});
            ASSERT_EQ(reply["ok"], true);
        }
        host.close_stdin();
        ASSERT_EQ(host.wait_exit(), 0) << host.stderr_text();
    }
    HostProcess host = start();
    auto bytes = [](const fs::path& p) {
        std::ifstream in(p, std::ios::binary);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    };
    // The host prunes a few seconds after it starts, then removes what the pruned events left.
    auto traces = [&] {
        std::string all = bytes(db()) + bytes(db().string() + "-wal");
        int found = 0;
        for (int i = 0; i < kSites - 100; ++i)
            found += all.find(site(i)) != std::string::npos;
        return found;
    };
    auto deadline = Clock::now() + 30s;
    while (traces() != 0 && Clock::now() < deadline)
        std::this_thread::sleep_for(200ms);
    EXPECT_EQ(traces(), 0) << "pruned sites still in the database's files";
    std::string all = bytes(db()) + bytes(db().string() + "-wal");
    EXPECT_NE(all.find(site(kSites - 1)), std::string::npos) << "a kept event's site";
    host.close_stdin();
    EXPECT_EQ(host.wait_exit(), 0) << host.stderr_text();
}

}  // namespace
}  // namespace cw::test
