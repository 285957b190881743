// The log under stress: a host killed with SIGKILL in a storm of events has logged every event
// it answered, and two hosts and the command line can write at the same time.

#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "host_process.hpp"
#include "store/sqlite.hpp"
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
            // logged:false: another process held the write lock; the host answered at once
            // and logs those events when the lock clears (or on its way out).
            if ((*frame)["ok"] == true) {
                auto& into = (*frame)["logged"] == true ? answered_ : deferred_;
                into.insert(it->second.begin(), it->second.end());
            }
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

    // Events whose reply said they were logged.
    const Names& answered() const { return answered_; }
    // Every answered event, logged at once or later.
    Names all() const {
        Names out = answered_;
        out.insert(deferred_.begin(), deferred_.end());
        return out;
    }
    static constexpr int kPerBatch = 10;

  private:
    HostProcess& host_;
    std::string prefix_;
    int next_id_ = 1;
    int next_name_ = 0;
    std::map<int, std::vector<std::string>> in_flight_;
    Names answered_;
    Names deferred_;
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

// Fifty kills at random moments: after a random number of answered batches, with a random
// number of requests in flight, sometimes in the middle of writing a frame. Each time the
// database is intact and holds every event that was answered before the kill.
TEST_F(StoreDurability, HostKilledAtRandomMomentsFiftyTimesHasLoggedEveryAnsweredEvent) {
    const unsigned seed = std::random_device{}();
    std::mt19937 random(seed);
    auto pick = [&](int low, int high) {
        return std::uniform_int_distribution<int>(low, high)(random);
    };
    {
        // The database exists before the first kill (a kill before it is created leaves none).
        HostProcess first = start_host();
        ASSERT_EQ(first.request({{"id", 1}, {"type", "stats"}})["ok"], true);
    }
    Names answered;
    for (int round = 0; round < 50; ++round) {
        SCOPED_TRACE("round " + std::to_string(round) + ", seed " + std::to_string(seed));
        {
            HostProcess host = start_host();
            Storm storm(host, "r" + std::to_string(round) + "-");
            storm.run(pick(0, 40), pick(1, 8));
            if (pick(0, 2) == 0) {
                // Half a frame: the host is inside a read when it dies.
                std::uint32_t length = 200;
                host.send_bytes(std::string(reinterpret_cast<const char*>(&length), 4) +
                                "{\"id\":");
            }
            host.kill(SIGKILL);
            ASSERT_EQ(host.wait_exit(), 128 + SIGKILL);
            answered.insert(storm.answered().begin(), storm.answered().end());
        }
        ASSERT_EQ(integrity(db()), "ok");
        Names logged = logged_names(db());
        std::size_t missing = 0;
        for (auto& name : answered)
            missing += logged.count(name) == 0;
        ASSERT_EQ(missing, 0u) << "answered events missing from the log";
    }

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
    std::jthread cli([&] {  // joined even when an ASSERT returns early
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
    // Events that waited for a lock are logged by the time their host has ended.
    for (auto* host : {&first, &second}) {
        host->close_stdin();
        EXPECT_EQ(host->wait_exit(), 0) << host->stderr_text();
    }

    Names logged = logged_names(db());
    for (auto* storm : {&a, &b}) {
        for (auto& name : storm->all())
            ASSERT_TRUE(logged.count(name)) << name;
    }
    EXPECT_EQ(logged.size(), a.all().size() + b.all().size());
    json rules = json::parse(run_cli(home.path(), {"rules", "list", "--json"}).out);
    EXPECT_EQ(rules["rules"].size(), static_cast<std::size_t>(kRules + 1));
    EXPECT_EQ(integrity(db()), "ok");
}

std::chrono::seconds hammer_time() {
    const char* text = std::getenv("CW_HAMMER_SECONDS");
    return std::chrono::seconds(text ? std::max(1, std::atoi(text)) : 60);
}

std::int64_t log_rows(const std::filesystem::path& db_path) {
    sql::Connection db(db_path, sql::Connection::Mode::read_only);
    sql::Statement s(db, "SELECT count(*) FROM log");
    return s.step() ? s.column_int(0) : -1;
}

// Four hosts and the command line on one database for a minute (CW_HAMMER_SECONDS): every
// request is answered without error, every rule written by anyone is there at the end, and
// every answered event is in the log exactly once.
TEST_F(StoreDurability, FourHostsAndTheCliHammerOneDatabase) {
    constexpr int kHosts = 4;
    std::vector<std::unique_ptr<HostProcess>> hosts;
    std::vector<std::unique_ptr<Storm>> storms;
    for (int k = 0; k < kHosts; ++k) {
        HostOptions options;
        options.home = home.path();
        hosts.push_back(std::make_unique<HostProcess>(options));
        storms.push_back(std::make_unique<Storm>(*hosts.back(), "h" + std::to_string(k) + "-"));
    }
    const auto end = std::chrono::steady_clock::now() + hammer_time();

    std::set<std::string> expected_rules;
    std::mutex cli_mutex;
    std::vector<std::string> cli_failures;
    int cli_rules = 0;
    std::jthread cli([&] {  // joined even when an ASSERT returns early
        for (int i = 0; std::chrono::steady_clock::now() < end; ++i) {
            std::vector<std::vector<std::string>> commands{
                {"rules", "set", "cli-" + std::to_string(i) + ".dk", "--mode", "block-all"}};
            if (i % 4 == 0) {
                commands.push_back({"log", "--site", "kk.dk", "--limit", "20", "--json"});
                commands.push_back({"stats", "--json"});
                commands.push_back({"rules", "list", "--json"});
            }
            for (auto& args : commands) {
                auto r = run_cli(home.path(), args);
                std::lock_guard lock(cli_mutex);
                if (r.status != 0)
                    cli_failures.push_back(args[0] + " " + args[1] + ": " + r.err);
            }
            cli_rules = i + 1;
        }
    });

    for (auto& storm : storms) {
        for (int i = 0; i < 4; ++i)
            storm->send_one();
    }
    int next_id = 1000000;
    for (int round = 1; std::chrono::steady_clock::now() < end; ++round) {
        for (int k = 0; k < kHosts; ++k) {
            ASSERT_TRUE(storms[k]->receive_one()) << hosts[k]->stderr_text();
            storms[k]->send_one();
        }
        if (round % 25 != 0)
            continue;
        // Now and then each host writes a rule and reads the log while the others write.
        for (int k = 0; k < kHosts; ++k) {
            storms[k]->drain();
            std::string site = "h" + std::to_string(k) + "-" + std::to_string(round) + ".dk";
            for (json request :
                 {json{{"type", "rules.set"}, {"site", site}, {"rule", {{"mode", "block-all"}}}},
                  json{{"type", "log.query"}, {"site", "kk.dk"}, {"limit", 50}},
                  json{{"type", "stats"}}}) {
                request["id"] = next_id++;
                json reply = hosts[k]->request(request, 10s);
                ASSERT_EQ(reply["ok"], true) << request.dump() << " -> " << reply.dump();
            }
            expected_rules.insert(site);
            for (int i = 0; i < 4; ++i)
                storms[k]->send_one();
        }
    }
    cli.join();
    for (auto& storm : storms)
        storm->drain();
    EXPECT_TRUE(cli_failures.empty())
        << cli_failures.size() << " failures, first: " << cli_failures.front();
    for (int i = 0; i < cli_rules; ++i)
        expected_rules.insert("cli-" + std::to_string(i) + ".dk");

    json listed = json::parse(run_cli(home.path(), {"rules", "list", "--json"}).out);
    std::set<std::string> rules;
    for (auto& rule : listed["rules"]) {
        rules.insert(rule["site"].get<std::string>());
        EXPECT_EQ(rule["mode"], "block-all") << rule.dump();
    }
    EXPECT_EQ(rules, expected_rules) << "a rule update was lost";

    // Events that waited for a lock are logged by the time their host has ended.
    for (auto& host : hosts) {
        host->close_stdin();
        EXPECT_EQ(host->wait_exit(), 0) << host->stderr_text();
    }
    Names answered;
    for (auto& storm : storms) {
        Names all = storm->all();
        answered.insert(all.begin(), all.end());
    }
    Names logged = logged_names(db());
    std::size_t missing = 0;
    for (auto& name : answered)
        missing += logged.count(name) == 0;
    EXPECT_EQ(missing, 0u) << "answered events missing from the log";
    EXPECT_EQ(log_rows(db()), static_cast<std::int64_t>(answered.size()))
        << "an event was logged twice (or one nobody asked for)";
    EXPECT_EQ(integrity(db()), "ok");
}

}  // namespace
}  // namespace cw::test
