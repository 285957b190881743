// The attacks of the second hardening review (issue 19) that reach the command-line tool: text
// cut inside a character, control characters in names, imports that never end, site names
// that are not canonical.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "host_process.hpp"
#include "store/sqlite.hpp"
#include "store_helpers.hpp"
#include "temp_dir.hpp"

namespace cw::test {
namespace {

namespace fs = std::filesystem;

bool valid_utf8(std::string_view s) {
    try {
        (void)json(std::string(s)).dump();
        return true;
    } catch (const json::exception&) {
        return false;
    }
}

class OutsideAttackCli : public ::testing::Test {
  protected:
    HostProcess start() {
        HostOptions options;
        options.home = home.path();
        return HostProcess(options);
    }
    void log_events(const std::vector<json>& events, const std::string& browser = "") {
        HostProcess host = start();
        if (!browser.empty()) {
            EXPECT_EQ(host.request({{"id", 0}, {"type", "hello"}, {"browser", browser}})["ok"],
                      true);
        }
        json reply = host.request({{"id", 1}, {"type", "cookie.changed"}, {"events", events}});
        ASSERT_EQ(reply["ok"], true) << reply.dump();
        host.close_stdin();
        ASSERT_EQ(host.wait_exit(), 0) << host.stderr_text();
    }
    TempDir home;
};

// Defect 6: a browser name cut at 64 bytes inside a character made `log --json` exit 1.
TEST_F(OutsideAttackCli, ABrowserNameIsCutOnACharacterBoundary) {
    const std::string browser = std::string(63, 'b') + "\xc3\xb8" + "rest";  // ø spans 63..64
    log_events({cookie_event("kk.dk", "_ga", "kk.dk")}, browser);
    auto result = run_cli(home.path(), {"log", "--json"});
    ASSERT_EQ(result.status, 0) << result.err;
    json doc = json::parse(result.out);
    ASSERT_EQ(doc["events"].size(), 1u);
    std::string stored = doc["events"][0]["browser"];
    EXPECT_EQ(stored, std::string(63, 'b'));
}

// Defect 6: bad bytes already in the database (an older host, another program) do not stop
// the tool; they are shown replaced.
TEST_F(OutsideAttackCli, TheToolSurvivesBadBytesAlreadyStored) {
    log_events({cookie_event("kk.dk", "_ga", "kk.dk")});
    {
        sql::Connection db(home.path() / "cookie-warden.db", sql::Connection::Mode::read_write);
        db.exec("UPDATE names SET text = CAST(x'5f67a1ff' AS TEXT) WHERE text = '_ga'");
        ASSERT_EQ(db.changes(), 1);
    }
    for (auto args : std::vector<std::vector<std::string>>{{"log", "--json"}, {"log"}}) {
        auto result = run_cli(home.path(), args);
        EXPECT_EQ(result.status, 0) << args.size() << ": " << result.err;
        EXPECT_TRUE(valid_utf8(result.out)) << "output is not UTF-8";
        EXPECT_NE(result.out.find("_g"), std::string::npos) << result.out;
    }
}

// Defect 7: cookie names with ESC, CR/LF, NUL or U+202E printed raw could recolour the
// terminal or forge log lines.
TEST_F(OutsideAttackCli, LogTextOutputEscapesControlAndBidiCharacters) {
    const std::vector<std::string> names{"\x1b[31mred",
                                         "a\r\n2026-01-01 forged  allow",
                                         std::string("nul\0x", 5),
                                         "\xe2\x80\xae"
                                         "gpj.exe",
                                         "\x7f"
                                         "del",
                                         "\xc2\x9b"
                                         "csi"};
    std::vector<json> events;
    for (const auto& name : names)
        events.push_back(cookie_event("kk.dk", name, "kk.dk"));
    log_events(events);
    auto result = run_cli(home.path(), {"log"});
    ASSERT_EQ(result.status, 0) << result.err;
    for (unsigned char c : result.out) {
        EXPECT_TRUE(c == '\n' || (c >= 0x20 && c != 0x7f)) << "raw byte " << int(c);
    }
    EXPECT_EQ(result.out.find("\xe2\x80\xae"), std::string::npos) << "raw U+202E";
    EXPECT_EQ(result.out.find("\xc2\x9b"), std::string::npos) << "raw C1 control";
    EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), 1 + names.size())
        << result.out;
    EXPECT_NE(result.out.find("\\x1b[31mred"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("\\u202e"), std::string::npos) << result.out;
    // JSON output keeps the names as they are (JSON escapes them itself).
    auto as_json = run_cli(home.path(), {"log", "--json"});
    ASSERT_EQ(as_json.status, 0);
    EXPECT_EQ(json::parse(as_json.out)["events"].size(), names.size());
}

// Defect 10: `import /dev/zero` never ended; a huge file was read whole before any check.
TEST_F(OutsideAttackCli, ImportRefusesNonRegularFilesAndSaysTheSizeCap) {
    auto zero = run_cli(home.path(), {"import", "/dev/zero"});
    EXPECT_EQ(zero.status, 1);
    EXPECT_NE(zero.err.find("not a regular file"), std::string::npos) << zero.err;
    auto folder = run_cli(home.path(), {"import", home.path().string()});
    EXPECT_EQ(folder.status, 1);
    EXPECT_NE(folder.err.find("not a regular file"), std::string::npos) << folder.err;

    fs::path big = home.path() / "big.json";
    { std::ofstream out(big); }
    fs::resize_file(big, 65u * 1024 * 1024);  // sparse: costs no disk
    auto huge = run_cli(home.path(), {"import", big.string()});
    EXPECT_EQ(huge.status, 1);
    EXPECT_NE(huge.err.find("MiB"), std::string::npos) << huge.err;
    EXPECT_NE(huge.err.find("nothing was changed"), std::string::npos) << huge.err;
}

// Defect 8: one canonical site name (IDNA ASCII, lower case, no trailing dot); public suffixes
// and NULs refused.
TEST_F(OutsideAttackCli, SiteNamesHaveOneCanonicalFormInTheHost) {
    HostProcess host = start();
    json set = host.request({{"id", 1},
                             {"type", "rules.set"},
                             {"site", "københavn.dk"},
                             {"rule", {{"lifetime", "session"}}}});
    ASSERT_EQ(set["ok"], true) << set.dump();
    EXPECT_EQ(set["rule"]["site"], "xn--kbenhavn-54a.dk") << set.dump();
    for (std::string alias : {"xn--kbenhavn-54a.dk", "KØBENHAVN.DK.", "www.København.dk"}) {
        json got = host.request({{"id", 2}, {"type", "rules.get"}, {"site", alias}});
        ASSERT_EQ(got["ok"], true) << alias << ": " << got.dump();
        EXPECT_EQ(got["rule"]["site"], "xn--kbenhavn-54a.dk") << alias;
    }
    json list = host.request({{"id", 3}, {"type", "rules.list"}});
    EXPECT_EQ(list["rules"].size(), 1u) << list.dump();
    for (std::string bad : {std::string("co.uk"), std::string("dk"), std::string("github.io"),
                            std::string("kk.dk\0.evil.com", 16)}) {
        json refused = host.request(
            {{"id", 4}, {"type", "rules.set"}, {"site", bad}, {"rule", {{"mode", "block-all"}}}});
        EXPECT_EQ(refused["ok"], false) << refused.dump();
        EXPECT_EQ(refused["error"]["code"], "bad_request") << refused.dump();
    }
    json refused = host.request(
        {{"id", 5}, {"type", "rules.set"}, {"site", "co.uk"}, {"rule", {{"mode", "block-all"}}}});
    EXPECT_NE(refused["error"]["message"].get<std::string>().find("public suffix"),
              std::string::npos)
        << refused.dump();
    EXPECT_EQ(host.request({{"id", 6}, {"type", "rules.list"}})["rules"].size(), 1u);
    host.close_stdin();
    EXPECT_EQ(host.wait_exit(), 0) << host.stderr_text();
}

TEST_F(OutsideAttackCli, SiteNamesHaveOneCanonicalFormInTheTool) {
    auto set = run_cli(home.path(), {"rules", "set", "KØBENHAVN.DK.", "--deny", "marketing"});
    ASSERT_EQ(set.status, 0) << set.err;
    auto got = run_cli(home.path(), {"rules", "get", "xn--kbenhavn-54a.dk", "--json"});
    ASSERT_EQ(got.status, 0) << got.err;
    EXPECT_EQ(json::parse(got.out)["rule"]["site"], "xn--kbenhavn-54a.dk") << got.out;
    for (std::string bad : {"co.uk", "github.io", "dk"}) {
        auto refused = run_cli(home.path(), {"rules", "set", bad, "--deny", "marketing"});
        EXPECT_NE(refused.status, 0) << bad;
        EXPECT_NE(refused.err.find("public suffix"), std::string::npos) << refused.err;
    }
    // A manifest for a public suffix is refused with the file named.
    fs::path manifest = home.path() / "co-uk.json";
    {
        std::ifstream shipped(fs::path(CW_SOURCE_DIR) / "host/manifests/kk.dk.json");
        ASSERT_TRUE(shipped) << "no shipped kk.dk manifest to copy";
        json m = json::parse(shipped);
        m["site"] = "co.uk";
        std::ofstream(manifest) << m.dump();
    }
    auto validate = run_cli(home.path(), {"manifests", "validate", manifest.string()});
    EXPECT_NE(validate.status, 0) << validate.out;
    EXPECT_NE(validate.output().find("public suffix"), std::string::npos) << validate.output();
}

}  // namespace
}  // namespace cw::test
