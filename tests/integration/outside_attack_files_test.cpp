// Files planted in the data folder while it was open to others (issue 19, defect 2), and the
// folders above it: the host and the tool refuse them with a message naming the file, use
// nothing of the folder, and `doctor` reports each one.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "host_process.hpp"
#include "store_helpers.hpp"
#include "temp_dir.hpp"

namespace cw::test {
namespace {

namespace fs = std::filesystem;

constexpr uid_t kOtherUser = 65534;  // nobody

class OutsideAttackFiles : public ::testing::Test {
  protected:
    fs::path home() const { return root.path() / "data"; }
    void make_home() {
        auto r = run_cli(home(), {"rules", "list"});  // creates the folder and the database
        ASSERT_EQ(r.status, 0) << r.err;
    }
    HostProcess start() {
        HostOptions options;
        options.home = home();
        options.stderr_dir = root.path();
        return HostProcess(options);
    }
    // kk.dk's shipped manifest with _ga declared necessary, as an attacker would plant it.
    void plant_manifest(const fs::path& where) {
        std::ifstream in(fs::path(CW_SOURCE_DIR) / "host/manifests/kk.dk.json");
        json m = json::parse(in);
        json planted = m["cookies"][0];  // a necessary one
        planted["name"] = "_ga";
        planted["match"] = "exact";
        m["cookies"].push_back(planted);
        fs::create_directories(where.parent_path());
        std::ofstream(where) << m.dump();
    }
    // The tool refuses the folder with a message containing `expected`, and changes nothing.
    void expect_refused(const std::string& expected) {
        auto r = run_cli(home(), {"rules", "set", "kk.dk", "--mode", "block-all"});
        EXPECT_EQ(r.status, 1) << r.output();
        EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
        auto doctor = run_cli(home(), {"doctor", "--browser", "chromium"});
        EXPECT_EQ(doctor.status, 1) << doctor.output();
        EXPECT_NE(doctor.out.find(expected), std::string::npos) << doctor.out;
    }
    TempDir root;
};

TEST_F(OutsideAttackFiles, AManifestOfAnotherAccountIsRefused) {
    if (::geteuid() != 0)
        GTEST_SKIP() << "needs root to give a file to another user";
    make_home();
    plant_manifest(home() / "manifests/kk.dk.json");
    ASSERT_EQ(::chown((home() / "manifests/kk.dk.json").c_str(), kOtherUser, kOtherUser), 0);
    expect_refused("manifests/kk.dk.json belongs to");

    HostProcess host = start();
    json verdict = host.request({{"id", 1},
                                 {"type", "cookie.changed"},
                                 {"event", cookie_event("www.kk.dk", "_ga", ".kk.dk")}});
    EXPECT_EQ(verdict["verdict"]["action"], "remove") << "the planted manifest was used";
    json rules = host.request({{"id", 2}, {"type", "rules.list"}});
    EXPECT_EQ(rules["error"]["code"], "unavailable") << rules.dump();
    host.close_stdin();
    EXPECT_EQ(host.wait_exit(), 0);
}

TEST_F(OutsideAttackFiles, ALogsLinkLeadingOutIsRefusedAndNothingIsWrittenThere) {
    make_home();
    fs::remove_all(home() / "logs");
    fs::path elsewhere = root.path() / "elsewhere";
    fs::create_directories(elsewhere);
    fs::create_directory_symlink(elsewhere, home() / "logs");
    expect_refused("logs is a symbolic link leading out of the data folder");
    HostProcess host = start();
    EXPECT_EQ(host.request({{"id", 1}, {"type", "hello"}})["ok"], true);
    host.close_stdin();
    EXPECT_EQ(host.wait_exit(), 0);
    EXPECT_TRUE(fs::is_empty(elsewhere)) << "the host wrote through the link";
}

TEST_F(OutsideAttackFiles, ADanglingDatabaseLinkIsRefusedAndItsTargetNeverMade) {
    fs::create_directories(home());
    ::chmod(home().c_str(), 0700);
    fs::path target = root.path() / "theirs.db";
    fs::create_symlink(target, home() / "cookie-warden.db");
    expect_refused("cookie-warden.db is a symbolic link to nothing");
    HostProcess host = start();
    json logged = host.request({{"id", 1},
                                {"type", "cookie.changed"},
                                {"event", cookie_event("www.kk.dk", "_ga", ".kk.dk")}});
    EXPECT_EQ(logged["ok"], true);
    EXPECT_EQ(logged["logged"], false);
    host.close_stdin();
    EXPECT_EQ(host.wait_exit(), 0);
    EXPECT_FALSE(fs::exists(target)) << "the database was created through the link";
    EXPECT_FALSE(fs::exists(root.path() / "theirs.db-wal"));
}

TEST_F(OutsideAttackFiles, AFolderAboveThatOthersCanWriteIsRefused) {
    fs::path shared = root.path() / "shared";
    fs::create_directories(shared);
    ::chmod(shared.c_str(), 0777);  // no sticky bit: anyone may rename the data folder away
    CommandOptions options;
    options.env["COOKIE_WARDEN_HOME"] = (shared / "data").string();
    auto r = run_command({CW_CLI_PATH, "rules", "list"}, options);
    EXPECT_EQ(r.status, 1) << r.output();
    EXPECT_NE(r.err.find("above the data folder"), std::string::npos) << r.err;
    // With the sticky bit (as /tmp has), others cannot rename what is not theirs.
    ::chmod(shared.c_str(), 01777);
    auto sticky = run_command({CW_CLI_PATH, "rules", "list"}, options);
    EXPECT_EQ(sticky.status, 0) << sticky.output();
}

TEST_F(OutsideAttackFiles, DoctorReportsEachPlantedFile) {
    make_home();
    fs::path elsewhere = root.path() / "elsewhere";
    fs::create_directories(elsewhere);
    fs::create_directory_symlink(elsewhere, home() / "manifests");
    fs::create_symlink(root.path() / "nothing.json", home() / "config.json");
    auto doctor = run_cli(home(), {"doctor", "--browser", "chromium"});
    EXPECT_EQ(doctor.status, 1);
    EXPECT_NE(doctor.out.find("manifests is a symbolic link leading out"), std::string::npos)
        << doctor.out;
    EXPECT_NE(doctor.out.find("config.json is a symbolic link to nothing"), std::string::npos)
        << doctor.out;
}

}  // namespace
}  // namespace cw::test
