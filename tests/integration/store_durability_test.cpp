// The log under stress: a host killed with SIGKILL in a storm of events has logged every event
// it answered, and two hosts and the command line can write at the same time.

#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <set>
#include <thread>

#include "host_process.hpp"
#include "sqlite.hpp"
#include "store_helpers.hpp"
#include "temp_dir.hpp"

namespace cw::test {
namespace {

using Names = std::set<std::string>;

// Keeps `depth` batches of events in flight, recording the names of every answered event.
class Storm {
  public:
    Storm(HostProcess& host, std::string prefix) : host_(host), prefix_(std::move(prefix)) {}

    void send_one() {
        json events = json::array();
        std::vector<std::string> names;
        for (int i = 0; i < kPerBatch; ++i) {
            names.push_back(prefix_ + std::to_string(next_name_++));
            events.push_back(
                cookie_event("www.kk.dk", names.back(), i % 3 ? ".kk.dk" : "ads.example"));
        }
        in_flight_.emplace(next_id_, names);
        host_.send({{"id", next_id_++}, {"type", "cookie.changed"}, {"events", events}});
    }

    // Reads one reply (skipping pushes); false when none came before the deadline.
    bool receive_one() {
        for (;;) {
            auto frame = host_.receive(10s);
            if (!frame)
                return false;
            if (!frame->contains("id"))
                continue;
            auto it = in_flight_.find((*frame)["id"].get<int>());
            EXPECT_NE(it, in_flight_.end());
            if (it == in_flight_.end())
                return false;
            EXPECT_EQ((*frame)["ok"], true) << frame->dump();
            EXPECT_EQ((*frame)["logged"], true) << frame->dump();
            if ((*frame)["ok"] == true)
                answered_.insert(it->second.begin(), it->second.end());
            in_flight_.erase(it);
            return true;
        }
    }

    void run(int replies, int depth) {
        for (int i = 0; i < depth; ++i)
            send_one();
        for (int i = 0; i < replies; ++i) {
            ASSERT_TRUE(receive_one()) << host_.stderr_text();
            send_one();
        }
    }

    void drain() {
        while (!in_flight_.empty())
            ASSERT_TRUE(receive_one()) << host_.stderr_text();
    }

    const Names& answered() const { return answered_; }
    static constexpr int kPerBatch = 10;

  private:
    HostProcess& host_;
    std::string prefix_;
    int next_id_ = 1;
    int next_name_ = 0;
    std::map<int, std::vector<std::string>> in_flight_;
    Names answered_;
};

Names logged_names(const std::filesystem::path& db_path) {
    sql::Connection db(db_path, sql::Connection::Mode::read_only);
    sql::Statement s(db, "SELECT n.text FROM log JOIN names n ON n.id = log.name");
    Names names;
    while (s.step())
        names.insert(s.column_text(0));
    return names;
}

std::string integrity(const std::filesystem::path& db_path) {
    sql::Connection db(db_path);
    sql::Statement s(db, "PRAGMA integrity_check");
    return s.step() ? s.column_text(0) : "no answer";
}

class StoreDurability : public ::testing::Test {
  protected:
    HostProcess start_host() {
        HostOptions options;
        options.home = home.path();
        return HostProcess(options);
    }
    std::filesystem::path db() const { return home.path() / "cookie-warden.db"; }
    TempDir home;
};

TEST_F(StoreDurability, HostKilledInAStormHasLoggedEveryAnsweredEvent) {
    Names answered;
    {
        HostProcess host = start_host();
        Storm storm(host, "k");
        storm.run(300, 8);
        // Killed with requests in flight, some half-handled, one perhaps mid-commit.
        host.kill(SIGKILL);
        ASSERT_EQ(host.wait_exit(), 128 + SIGKILL);
        answered = storm.answered();
    }
    ASSERT_GE(answered.size(), 300u * Storm::kPerBatch);
    EXPECT_EQ(integrity(db()), "ok");
    Names logged = logged_names(db());
    std::size_t missing = 0;
    for (auto& name : answered)
        missing += logged.count(name) == 0;
    EXPECT_EQ(missing, 0u) << "answered events missing from the log";

    // The database is usable afterwards.
    HostProcess again = start_host();
    json page = again.request({{"id", 1}, {"type", "log.query"}, {"site", "kk.dk"}, {"limit", 1}});
    EXPECT_EQ(page["ok"], true);
}

TEST_F(StoreDurability, TwoHostsAndTheCliWriteAtOnce) {
    HostProcess first = start_host();
    HostProcess second = start_host();
    Storm a(first, "a");
    Storm b(second, "b");
    constexpr int kRules = 12;
    std::vector<int> cli_status(kRules, -1);
    std::atomic<bool> cli_done{false};
    std::thread cli([&] {
        for (int i = 0; i < kRules; ++i) {
            cli_status[i] =
                run_cli(home.path(),
                        {"rules", "set", "site" + std::to_string(i) + ".dk", "--deny", "marketing"})
                    .status;
        }
        cli_done = true;
    });
    // Both hosts are kept busy while the command line writes.
    for (int i = 0; i < 4; ++i)
        a.send_one(), b.send_one();
    int rounds = 0;
    while (!cli_done || rounds < 50) {
        ASSERT_TRUE(a.receive_one());
        ASSERT_TRUE(b.receive_one());
        a.send_one();
        b.send_one();
        ++rounds;
        ASSERT_LT(rounds, 100000);
    }
    cli.join();
    a.drain();
    b.drain();
    for (int i = 0; i < kRules; ++i)
        EXPECT_EQ(cli_status[i], 0) << "rules set #" << i;
    // The hosts also write rules while the other one logs.
    json r = first.request({{"id", 999999},
                            {"type", "rules.set"},
                            {"site", "x.dk"},
                            {"rule", {{"mode", "block-all"}}}});
    EXPECT_EQ(r["ok"], true) << r.dump();
    EXPECT_TRUE(wait_for_push(second, "rules.changed", 3s));

    Names logged = logged_names(db());
    for (auto* storm : {&a, &b}) {
        for (auto& name : storm->answered())
            ASSERT_TRUE(logged.count(name)) << name;
    }
    EXPECT_EQ(logged.size(), a.answered().size() + b.answered().size());
    json rules = json::parse(run_cli(home.path(), {"rules", "list", "--json"}).out);
    EXPECT_EQ(rules["rules"].size(), static_cast<std::size_t>(kRules + 1));
    EXPECT_EQ(integrity(db()), "ok");
}

}  // namespace
}  // namespace cw::test
