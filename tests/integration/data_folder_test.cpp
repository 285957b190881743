// The host and the CLI make a data folder of the user's private when they open it, and use
// nothing in a folder of someone else's (host/src/platform/data_folder.hpp). Giving a folder to
// another user needs root (CI runs as root); without it those tests are skipped and say so.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "host_process.hpp"
#include "store_helpers.hpp"
#include "temp_dir.hpp"

namespace cw::test {
namespace {

namespace fs = std::filesystem;

constexpr uid_t kOtherUser = 65534;  // nobody
constexpr const char* kExtraId = "abcdefghijklmnopabcdefghijklmnop";

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0)
        throw std::runtime_error("cannot stat " + p.string());
    return st.st_mode & 07777;
}

std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

class DataFolder : public ::testing::Test {
  protected:
    fs::path home() const { return root.path() / "data"; }

    HostProcess start(std::string origin = kOwnChromiumOrigin) {
        HostOptions options;
        options.home = home();
        options.args = {std::move(origin)};
        options.stderr_dir = root.path();  // not in a folder the host must not write
        return HostProcess(options);
    }

    // kk.dk's shipped manifest with Drupal's session cookie turned functional, as the user's.
    void plant_manifest() {
        std::ifstream in(std::string(CW_SOURCE_DIR) + "/host/manifests/kk.dk.json");
        std::string text(std::istreambuf_iterator<char>(in), {});
        auto pos = text.find("\"necessary\",\n      \"vendor\": \"Drupal\"");
        ASSERT_NE(pos, std::string::npos);
        text.replace(pos, std::string("\"necessary\"").size(), "\"functional\"");
        fs::create_directories(home() / "manifests");
        std::ofstream(home() / "manifests/kk.dk.json") << text;
    }

    // Gives the folder to another user, or skips the test.
    bool give_away() {
        if (::geteuid() != 0)
            return false;
        return ::chown(home().c_str(), kOtherUser, kOtherUser) == 0;
    }

    TempDir root;
};

TEST_F(DataFolder, TheCliMakesALooseFolderAndDatabasePrivate) {
    ASSERT_EQ(run_cli(home(), {"settings", "set", "third-party", "allow"}).status, 0);
    ASSERT_TRUE(fs::exists(home() / "cookie-warden.db"));
    ::chmod(home().c_str(), 0755);
    ::chmod((home() / "cookie-warden.db").c_str(), 0644);

    auto r = run_cli(home(), {"settings", "get", "--json"});
    ASSERT_EQ(r.status, 0) << r.output();
    EXPECT_EQ(mode_of(home()), 0700u);
    EXPECT_EQ(mode_of(home() / "cookie-warden.db"), 0600u);
}

TEST_F(DataFolder, TheHostMakesALooseFolderAndDatabasePrivate) {
    ASSERT_EQ(run_cli(home(), {"settings", "set", "third-party", "allow"}).status, 0);
    ::chmod(home().c_str(), 0775);
    ::chmod((home() / "cookie-warden.db").c_str(), 0664);

    HostProcess host = start();
    ASSERT_EQ(host.request({{"id", 1}, {"type", "settings.get"}})["ok"], true);
    EXPECT_EQ(mode_of(home()), 0700u);
    EXPECT_EQ(mode_of(home() / "cookie-warden.db"), 0600u);
    host.close_stdin();
    EXPECT_EQ(host.wait_exit(), 0);
}

TEST_F(DataFolder, DoctorReportsALooseFolderAndLeavesItAsItIs) {
    fs::create_directories(home());
    ::chmod(home().c_str(), 0755);
    CommandOptions options;
    options.env["COOKIE_WARDEN_HOME"] = home().string();
    auto r = run_command({CW_CLI_PATH, "doctor", "--browser", "chromium"}, options);
    EXPECT_NE(r.out.find("can be read by other users (mode 755)"), std::string::npos) << r.out;
    EXPECT_EQ(mode_of(home()), 0755u);
}

TEST_F(DataFolder, DoctorReportsAFolderOfAnotherUser) {
    fs::create_directories(home());
    if (!give_away())
        GTEST_SKIP() << "needs root to give the folder to another user";
    CommandOptions options;
    options.env["COOKIE_WARDEN_HOME"] = home().string();
    auto r = run_command({CW_CLI_PATH, "doctor", "--browser", "chromium", "--json"}, options);
    EXPECT_EQ(r.status, 1) << r.output();
    json report = json::parse(r.out);
    bool found = false;
    for (const auto& f : report["findings"]) {
        found =
            found || (f["subject"] == "data folder" && f["level"] == "problem" &&
                      f["message"].get<std::string>().find("do not use it") != std::string::npos &&
                      f["fix"].get<std::string>().find("sudo -u") != std::string::npos);
    }
    EXPECT_TRUE(found) << r.out;
}

struct Command {
    std::string name;
    std::vector<std::string> args;
};

void PrintTo(const Command& c, std::ostream* os) {
    *os << c.name;
}

class DataFolderOfAnotherUser : public DataFolder, public ::testing::WithParamInterface<Command> {};

TEST_P(DataFolderOfAnotherUser, TheCliRefusesItAndWritesNothing) {
    fs::create_directories(home());
    ::chmod(home().c_str(), 0755);
    if (!give_away())
        GTEST_SKIP() << "needs root to give the folder to another user";
    auto r = run_cli(home(), GetParam().args);
    EXPECT_EQ(r.status, 1) << r.output();
    EXPECT_NE(r.err.find("belongs to"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("not to you"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_TRUE(names_in(home()).empty());
    EXPECT_EQ(mode_of(home()), 0755u);
}

INSTANTIATE_TEST_SUITE_P(
    Commands, DataFolderOfAnotherUser,
    ::testing::Values(Command{"SettingsGet", {"settings", "get"}},
                      Command{"RulesSet", {"rules", "set", "kk.dk", "--deny", "functional"}},
                      Command{"Log", {"log"}}, Command{"Export", {"export"}},
                      Command{"Classify", {"classify", "--site", "kk.dk", "SSESS0123abcd"}},
                      Command{"ManifestsList", {"manifests", "list"}}),
    [](const auto& param_info) { return param_info.param.name; });

TEST_F(DataFolder, TheHostUsesNothingInAFolderOfAnotherUserButKeepsProtecting) {
    plant_manifest();
    json classify{{"id", 1},
                  {"type", "classify"},
                  {"site", "kk.dk"},
                  {"cookies", {{{"name", "SSESS0123abcd"}, {"domain", "kk.dk"}}}}};
    {
        // The control: in the user's own folder, the planted manifest counts.
        HostProcess host = start();
        EXPECT_EQ(host.request(classify)["results"][0]["category"], "functional");
        host.close_stdin();
        ASSERT_EQ(host.wait_exit(), 0);
    }
    fs::remove_all(home());
    plant_manifest();
    std::ofstream(home() / "config.json") << R"({"allowedExtensions": [")" << kExtraId << R"("]})";
    ::chmod(home().c_str(), 0755);
    if (!give_away())
        GTEST_SKIP() << "needs root to give the folder to another user";
    auto before = names_in(home());

    HostProcess host = start();
    json reply = host.request(classify);
    EXPECT_EQ(reply["results"][0]["category"], "necessary") << reply.dump();
    // Verdicts keep coming from the defaults: statistics are denied.
    json verdict = host.request({{"id", 2},
                                 {"type", "cookie.changed"},
                                 {"event", cookie_event("www.kk.dk", "_ga", ".kk.dk")}});
    EXPECT_EQ(verdict["verdict"]["action"], "remove") << verdict.dump();
    json refused = host.request(
        {{"id", 3}, {"type", "rules.set"}, {"site", "kk.dk"}, {"rule", {{"mode", "block-all"}}}});
    EXPECT_EQ(refused["ok"], false) << refused.dump();
    EXPECT_EQ(refused["error"]["code"], "unavailable") << refused.dump();
    EXPECT_NE(refused["error"]["message"].get<std::string>().find("not to you"), std::string::npos)
        << refused.dump();
    host.close_stdin();
    EXPECT_EQ(host.wait_exit(), 0);
    EXPECT_NE(host.stderr_text().find("belongs to"), std::string::npos) << host.stderr_text();
    EXPECT_EQ(names_in(home()), before);
    EXPECT_EQ(mode_of(home()), 0755u);

    // Nor are the extra extension ids in its config.json honoured.
    HostProcess other = start(std::string("chrome-extension://") + kExtraId + "/");
    auto answer = other.receive();
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ((*answer)["error"]["code"], "forbidden") << answer->dump();
    EXPECT_EQ(other.wait_exit(), 1);
}

}  // namespace
}  // namespace cw::test
