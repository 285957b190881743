// What the host promises a citizen about their data and their machine (SECURITY.md): private
// files, no cookie value anywhere, nothing read or written outside its folders because of
// what a manifest or an import says, and no shell.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "host_process.hpp"
#include "store_helpers.hpp"
#include "temp_dir.hpp"

namespace cw::test {
namespace {

namespace fs = std::filesystem;

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0)
        throw std::runtime_error("cannot stat " + p.string());
    return st.st_mode & 07777;
}

std::vector<fs::path> everything_under(const fs::path& dir) {
    std::vector<fs::path> out;
    for (auto& entry : fs::recursive_directory_iterator(dir))
        out.push_back(entry.path());
    return out;
}

// The test's own umask is opened wide so that only the host's and the CLI's care counts.
class Security : public ::testing::Test {
  protected:
    void SetUp() override { old_umask_ = ::umask(0); }
    void TearDown() override { ::umask(old_umask_); }
    fs::path home() const { return root.path() / "data"; }
    HostProcess start() {
        HostOptions options;
        options.home = home();
        options.stderr_dir = root.path();  // the host creates the data folder itself
        return HostProcess(options);
    }
    TempDir root;
    mode_t old_umask_ = 0;
};

// Everything the host and the CLI create: the folder 0700, every file 0600.
TEST_F(Security, DataFilesAreTheUsersAlone) {
    {
        HostProcess host = start();
        ASSERT_EQ(host.request({{"id", 1},
                                {"type", "cookie.changed"},
                                {"event", cookie_event("www.kk.dk", "_ga", ".kk.dk")}})["ok"],
                  true);
        ASSERT_EQ(host.request({{"id", 2},
                                {"type", "rules.set"},
                                {"site", "kk.dk"},
                                {"rule", {{"mode", "block-all"}}}})["ok"],
                  true);
        ASSERT_EQ(run_cli(home(), {"settings", "set", "third-party", "allow"}).status, 0);
        ASSERT_EQ(run_cli(home(), {"export", (home() / "choices.json").string()}).status, 0);
        host.close_stdin();
        ASSERT_EQ(host.wait_exit(), 0);
    }
    ASSERT_TRUE(fs::exists(home() / "cookie-warden.db"));
    EXPECT_EQ(mode_of(home()), 0700u);
    std::size_t files = 0;
    for (auto& p : everything_under(home())) {
        if (fs::is_directory(p)) {
            EXPECT_EQ(mode_of(p), 0700u) << p;
        } else {
            ++files;
            EXPECT_EQ(mode_of(p), 0600u) << p;
        }
    }
    EXPECT_GE(files, 3u);  // the database, the host's log, the export at least
}

// A distinctive value sent through every verb that can carry a cookie never reaches any file
// the host or the CLI wrote, nor the diagnostics, even when the request is refused.
TEST_F(Security, NoCookieValueIsEverStoredOrLogged) {
    const std::string value = kSecretValue;
    std::string diagnostics;
    {
        HostProcess host = start();
        host.request({{"id", 0}, {"type", "hello"}, {"browser", "chromium"}});
        json cookie{{"name", "_ga"}, {"value", value}, {"domain", ".kk.dk"}, {"session", false}};
        json events = json::array();
        for (const char* name : {"_ga", "SSESS1", "IDE", "nmstat"}) {
            events.push_back(cookie_event("www.kk.dk", name, "ads.example"));
            events.push_back(cookie_event("www.borger.dk", name, ".borger.dk", false));
        }
        std::vector<json> requests{
            {{"type", "cookie.changed"}, {"event", cookie_event("www.kk.dk", "_ga", ".kk.dk")}},
            {{"type", "cookie.changed"}, {"events", events}},
            {{"type", "classify"}, {"site", "www.kk.dk"}, {"cookies", {cookie}}},
            // Refused requests carrying the value: the error must not echo it.
            {{"type", "cookie.changed"},
             {"event",
              {{"cookie", {{"name", 7}, {"value", value}, {"domain", "kk.dk"}}},
               {"removed", false},
               {"cause", "explicit"},
               {"site", "kk.dk"}}}},
            {{"type", "classify"}, {"site", "kk.dk"}, {"cookies", {{{"value", value}}}}},
            {{"type", "rules.set"}, {"site", "kk.dk"}, {"rule", {{"value", value}}}},
            {{"type", "settings.set"}, {"settings", {{"value", value}}}},
            {{"type", "log.query"}, {"site", "kk.dk"}, {"value", value}},
        };
        int id = 1;
        for (json request : requests) {
            request["id"] = id++;
            json reply = host.request(request);
            EXPECT_EQ(reply.dump().find(value), std::string::npos) << reply.dump();
        }
        // A frame that is not JSON, with the value in it.
        host.send_frame(R"({"id": 99, "type": "classify", "cookies": [{"value": ")" + value + "\"");
        auto bad = host.receive();
        ASSERT_TRUE(bad);
        EXPECT_EQ(bad->dump().find(value), std::string::npos) << bad->dump();
        host.close_stdin();
        ASSERT_EQ(host.wait_exit(), 0);
        diagnostics = host.stderr_text();
    }
    for (auto& args : std::vector<std::vector<std::string>>{
             {"log", "--json"}, {"stats", "--json"}, {"export", (home() / "out.json").string()}}) {
        auto r = run_cli(home(), args);
        EXPECT_EQ(r.status, 0) << r.output();
        EXPECT_EQ(r.output().find(value), std::string::npos) << r.output();
    }
    // The events were logged (so the search below looked where the value would be).
    auto logged = json::parse(run_cli(home(), {"log", "--json", "--limit", "500"}).out);
    EXPECT_GE(logged["events"].size(), 9u);
    EXPECT_FALSE(any_file_contains(home(), value)) << "a file in the data folder holds the value";
    EXPECT_EQ(diagnostics.find(value), std::string::npos) << diagnostics;
}

// Manifests and imports name sites and paths only as data: nothing they say makes the host
// or the CLI read or write a file outside the data folder.
TEST_F(Security, ManifestsAndImportsCannotReachOutsideTheDataFolder) {
    fs::create_directories(home() / "manifests");
    const fs::path outside = root.path() / "outside";
    fs::create_directories(outside);
    std::ofstream(outside / "target.json") << R"({"id": "target", "site": "target.dk"})";
    std::string escape = "../../outside/target";
    std::ofstream(home() / "manifests" / "escape.json")
        << R"({"$schema": ")" << escape << R"(.json", "$ref": ")" << escape << R"(.json#", "id": ")"
        << escape << R"(", "site": ")" << escape << R"(", "hosts": [")" << escape
        << R"("], "publisher": "x", "policyUrl": "file:///etc/passwd",
              "language": "da", "reviewed": "2026-01-01", "groups": [], "cookies": []})";
    {
        HostProcess host = start();
        json list = host.request({{"id", 1}, {"type", "manifests.list"}});
        ASSERT_EQ(list["ok"], true);
        EXPECT_NE(list.dump().find("escape.json"), std::string::npos)
            << "the broken manifest should be reported: " << list.dump();
        for (auto& m : list["manifests"])
            EXPECT_NE(m["site"], "target.dk") << "a file outside the manifests folder was loaded";
        json rule = host.request({{"id", 2},
                                  {"type", "rules.set"},
                                  {"site", "../../outside/x"},
                                  {"rule", {{"mode", "block-all"}}}});
        EXPECT_EQ(rule["error"]["code"], "bad_request") << rule.dump();
        host.close_stdin();
        ASSERT_EQ(host.wait_exit(), 0);
    }
    auto import_file = home() / "import.json";
    std::ofstream(import_file) << R"({"format": "cookie-warden-export", "version": 1,
        "rules": [{"site": "../../outside/y", "mode": "block-all"}]})";
    auto r = run_cli(home(), {"import", import_file.string()});
    EXPECT_EQ(r.status, 1) << r.output();
    // The only things outside the data folder are what the test put there.
    std::vector<fs::path> expected{outside, outside / "target.json", home()};
    std::vector<fs::path> found;
    for (auto& entry : fs::recursive_directory_iterator(root.path())) {
        bool harness = entry.path().filename().string().rfind("host-stderr-", 0) == 0;
        bool inside = entry.path().string().rfind(home().string() + "/", 0) == 0;
        if (!harness && !inside)
            found.push_back(entry.path());
    }
    std::sort(found.begin(), found.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(found, expected);
}

// No shell: the sources never call one, and shell syntax in site and cookie names is inert.
TEST_F(Security, NoShellIsEverInvoked) {
    const std::regex shell_call(
        R"(\b(system|popen|execl|execlp|execle|execv|execvp|execvpe|posix_spawnp?|fork)\s*\()");
    std::size_t sources = 0;
    for (const char* dir : {"host/src", "host/cli", "host/app"}) {
        for (auto& entry : fs::recursive_directory_iterator(fs::path(CW_SOURCE_DIR) / dir)) {
            if (!entry.is_regular_file())
                continue;
            ++sources;
            std::ifstream in(entry.path());
            std::string line;
            for (int n = 1; std::getline(in, line); ++n) {
                EXPECT_FALSE(std::regex_search(line, shell_call))
                    << entry.path() << ":" << n << ": " << line;
            }
        }
    }
    EXPECT_GT(sources, 20u);

    const fs::path marker = root.path() / "pwned";
    const std::string payload = "a.dk;touch " + marker.string() + ";$(touch " + marker.string() +
                                ")`touch " + marker.string() + "`|touch " + marker.string();
    {
        HostProcess host = start();
        std::vector<json> requests{
            {{"type", "classify"},
             {"site", payload},
             {"cookies", {{{"name", payload}, {"domain", payload}}}}},
            {{"type", "cookie.changed"}, {"event", cookie_event(payload, payload, payload)}},
            {{"type", "cookie.changed"}, {"event", cookie_event("www.kk.dk", payload, "kk.dk")}},
            {{"type", "rules.set"}, {"site", payload}, {"rule", {{"mode", "block-all"}}}},
            {{"type", "site.visit"}, {"site", payload}, {"tabId", 1}},
            {{"type", "site.leave"}, {"site", payload}, {"tabId", 1}},
            {{"type", "log.query"}, {"site", payload}},
            {{"type", "hello"}, {"browser", payload}},
        };
        int id = 1;
        for (json request : requests) {
            request["id"] = id++;
            json reply = host.request(request);
            EXPECT_TRUE(reply.contains("ok")) << reply.dump();
        }
        host.close_stdin();
        ASSERT_EQ(host.wait_exit(), 0);
    }
    for (auto& args :
         std::vector<std::vector<std::string>>{{"rules", "set", payload, "--mode", "block-all"},
                                               {"classify", "--site", payload, payload},
                                               {"log", "--site", payload},
                                               {"import", payload}}) {
        run_cli(home(), args);
    }
    EXPECT_FALSE(fs::exists(marker)) << "a shell ran a command from a name";
}

}  // namespace
}  // namespace cw::test
