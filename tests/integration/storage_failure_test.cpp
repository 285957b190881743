// The disk says no: a data folder on a full disk, and a read-only one. Requests that must
// write get a clear `unavailable` error, verdicts keep coming from the rules in memory, and
// nothing already stored is damaged.
//
// Both use a small tmpfs mounted for the test, which needs root (CI runs as root). Without
// it the tests are skipped and say so; chmod cannot stand in, because root ignores it.

#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>

#include "host_process.hpp"
#include "store/sqlite.hpp"
#include "store_helpers.hpp"
#include "temp_dir.hpp"

namespace cw::test {
namespace {

namespace fs = std::filesystem;

class Tmpfs {
  public:
    Tmpfs(const fs::path& where, const std::string& size) : where_(where) {
        fs::create_directories(where);
        std::string options = "size=" + size + ",mode=0700";
        if (::mount("tmpfs", where.c_str(), "tmpfs", 0, options.c_str()) == 0)
            mounted_ = true;
        else
            error_ = std::strerror(errno);
    }
    ~Tmpfs() {
        if (mounted_)
            ::umount2(where_.c_str(), MNT_DETACH);
    }
    bool mounted() const { return mounted_; }
    const std::string& error() const { return error_; }
    bool remount_read_only() {
        return ::mount("tmpfs", where_.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
    }
    bool remount_read_write() {
        return ::mount("tmpfs", where_.c_str(), "tmpfs", MS_REMOUNT, nullptr) == 0;
    }

  private:
    fs::path where_;
    bool mounted_ = false;
    std::string error_;
};

// Writes a file until the file system is full; returns its size.
std::size_t fill_up(const fs::path& file) {
    std::ofstream out(file, std::ios::binary);
    std::string chunk(64 * 1024, 'x');
    std::size_t written = 0;
    while (out.write(chunk.data(), static_cast<std::streamsize>(chunk.size())) && out.flush())
        written += chunk.size();
    // The last partial chunk: fill the remaining blocks byte by byte is not needed; a few
    // kilobytes free are filled by SQLite's first page writes.
    return written;
}

std::string integrity(const fs::path& db_path) {
    sql::Connection db(db_path, sql::Connection::Mode::read_only);
    sql::Statement s(db, "PRAGMA integrity_check");
    return s.step() ? s.column_text(0) : "no answer";
}

std::set<std::string> logged_names(const fs::path& db_path) {
    sql::Connection db(db_path, sql::Connection::Mode::read_only);
    sql::Statement s(db, "SELECT n.text FROM log JOIN names n ON n.id = log.name");
    std::set<std::string> names;
    while (s.step())
        names.insert(s.column_text(0));
    return names;
}

class StorageFailure : public ::testing::Test {
  protected:
    void SetUp() override {
        disk_ = std::make_unique<Tmpfs>(home(), "1m");
        if (!disk_->mounted())
            GTEST_SKIP() << "cannot mount a tmpfs here (" << disk_->error() << "); needs root";
    }
    fs::path home() const { return root.path() / "data"; }
    fs::path db() const { return home() / "cookie-warden.db"; }
    HostProcess start() {
        HostOptions options;
        options.home = home();
        options.stderr_dir = root.path();  // the data folder may be read-only
        return HostProcess(options);
    }
    // kk.dk blocks everything; ten events are logged.
    void store_choices(HostProcess& host) {
        json rule = host.request({{"id", 1},
                                  {"type", "rules.set"},
                                  {"site", "kk.dk"},
                                  {"rule", {{"mode", "block-all"}}}});
        ASSERT_EQ(rule["ok"], true) << rule.dump();
        json events = json::array();
        for (int i = 0; i < 10; ++i)
            events.push_back(cookie_event("www.kk.dk", "before" + std::to_string(i), ".kk.dk"));
        json reply = host.request({{"id", 2}, {"type", "cookie.changed"}, {"events", events}});
        ASSERT_EQ(reply["logged"], true) << reply.dump();
    }
    // What was stored before the trouble is all still there, in a sound file.
    void expect_nothing_damaged() {
        EXPECT_EQ(integrity(db()), "ok");
        auto names = logged_names(db());
        for (int i = 0; i < 10; ++i)
            EXPECT_TRUE(names.count("before" + std::to_string(i))) << i;
        auto rules = run_cli(home(), {"rules", "get", "kk.dk", "--json"});
        EXPECT_NE(rules.out.find("block-all"), std::string::npos) << rules.output();
    }
    // The verdict for a kk.dk cookie follows the block-all rule.
    void expect_verdict_from_rules(HostProcess& host, int id, const std::string& name) {
        json reply = host.request({{"id", id},
                                   {"type", "cookie.changed"},
                                   {"event", cookie_event("www.kk.dk", name, ".kk.dk")}});
        ASSERT_EQ(reply["ok"], true) << reply.dump();
        EXPECT_EQ(reply["verdict"]["action"], "remove") << reply.dump();
        EXPECT_EQ(reply["verdict"]["rule"], "site:kk.dk/block-all") << reply.dump();
    }
    TempDir root;
    std::unique_ptr<Tmpfs> disk_;
};

TEST_F(StorageFailure, FullDiskGivesClearErrorsKeepsVerdictsAndDamagesNothing) {
    HostProcess host = start();
    store_choices(host);
    const fs::path filler = home() / "filler";
    fill_up(filler);

    // Enough events to need new pages: the log cannot take them, the verdicts still come.
    for (int i = 0; i < 20; ++i)
        expect_verdict_from_rules(host, 100 + i,
                                  "during" + std::to_string(i) + std::string(2000, 'd'));
    json change =
        host.request({{"id", 200},
                      {"type", "rules.set"},
                      {"site", "borger.dk"},
                      {"rule", {{"mode", "allow-all"}, {"allowThirdParty", json::array()}}}});
    ASSERT_EQ(change["ok"], false) << change.dump();
    EXPECT_EQ(change["error"]["code"], "unavailable") << change.dump();
    json settings = host.request(
        {{"id", 201}, {"type", "settings.set"}, {"settings", {{"thirdParty", "allow"}}}});
    EXPECT_EQ(settings["error"]["code"], "unavailable") << settings.dump();
    // Reading still works, and the host still serves.
    json page = host.request({{"id", 202}, {"type", "log.query"}, {"site", "kk.dk"}, {"limit", 5}});
    EXPECT_EQ(page["ok"], true) << page.dump();

    // Space again: writing resumes.
    fs::remove(filler);
    json again = host.request({{"id", 300},
                               {"type", "cookie.changed"},
                               {"event", cookie_event("www.kk.dk", "after", ".kk.dk")}});
    EXPECT_EQ(again["logged"], true) << again.dump();
    host.close_stdin();
    EXPECT_EQ(host.wait_exit(), 0) << host.stderr_text();
    expect_nothing_damaged();
    EXPECT_TRUE(logged_names(db()).count("after"));
}

TEST_F(StorageFailure, ReadOnlyDataFolderGivesClearErrorsKeepsVerdictsAndDamagesNothing) {
    {
        HostProcess host = start();
        store_choices(host);
        host.close_stdin();
        ASSERT_EQ(host.wait_exit(), 0);
    }
    ASSERT_TRUE(disk_->remount_read_only()) << std::strerror(errno);

    HostProcess host = start();
    expect_verdict_from_rules(host, 10, "readonly");
    json change = host.request({{"id", 11},
                                {"type", "rules.set"},
                                {"site", "borger.dk"},
                                {"rule", {{"mode", "allow-all"}}}});
    ASSERT_EQ(change["ok"], false) << change.dump();
    EXPECT_EQ(change["error"]["code"], "unavailable") << change.dump();
    EXPECT_FALSE(change["error"]["message"].get<std::string>().empty());
    json page = host.request({{"id", 12}, {"type", "log.query"}, {"site", "kk.dk"}, {"limit", 20}});
    EXPECT_EQ(page["ok"], true) << page.dump();
    host.close_stdin();
    EXPECT_EQ(host.wait_exit(), 0) << host.stderr_text();
    auto cli = run_cli(home(), {"rules", "set", "borger.dk", "--mode", "allow-all"});
    EXPECT_EQ(cli.status, 1) << cli.output();
    EXPECT_FALSE(cli.err.empty());
    ASSERT_TRUE(disk_->remount_read_write()) << std::strerror(errno);
    expect_nothing_damaged();
}

}  // namespace
}  // namespace cw::test
