// cookie-warden's rules, settings, log, stats, export and import against the database a
// running host uses, and the issue's done-when scenario end to end.

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "host_process.hpp"
#include "schema_check.hpp"
#include "store_helpers.hpp"
#include "temp_dir.hpp"

namespace cw::test {
namespace {

class StoreCli : public ::testing::Test {
  protected:
    CommandResult cli(const std::vector<std::string>& args) { return run_cli(home.path(), args); }
    json cli_json(const std::vector<std::string>& args) {
        auto r = cli(args);
        EXPECT_EQ(r.status, 0) << r.output();
        return json::parse(r.out);
    }
    HostProcess start_host() {
        HostOptions options;
        options.home = home.path();
        return HostProcess(options);
    }
    // Everything import may change, without the export time.
    json choices() {
        json doc = cli_json({"export"});
        doc.erase("exported");
        return doc;
    }
    TempDir home;
};

TEST_F(StoreCli, RulesSetMergesGetShowsAndResetRemoves) {
    cli_json({"rules", "set", "https://www.borger.dk/", "--deny", "functional",
              "--allow-third-party", "login.mitid.dk", "--json"});
    json r = cli_json({"rules", "set", "borger.dk", "--allow", "statistics", "--lifetime", "leave",
                       "--third-party", "block", "--json"});
    EXPECT_EQ(r["rule"]["categories"]["functional"], "deny");
    EXPECT_EQ(r["rule"]["categories"]["statistics"], "allow");
    EXPECT_EQ(r["rule"]["allowThirdParty"], json::array({"mitid.dk"}));
    EXPECT_EQ(r["rule"]["lifetime"], "leave");
    json got = cli_json({"rules", "get", "lifeindenmark.borger.dk", "--json"});
    EXPECT_EQ(got["rule"], r["rule"]);
    EXPECT_TRUE(matches_schema(load_schema("protocol.schema.json", "fullRule"), got["rule"]));
    auto table = cli({"rules", "list"});
    EXPECT_EQ(table.status, 0);
    EXPECT_NE(table.out.find("borger.dk"), std::string::npos);
    EXPECT_NE(table.out.find("mitid.dk"), std::string::npos);
    json reset = cli_json({"rules", "reset", "borger.dk", "--json"});
    EXPECT_EQ(reset["deleted"], true);
    EXPECT_EQ(cli_json({"rules", "list", "--json"})["rules"], json::array());
}

TEST_F(StoreCli, SettingsSetAndGet) {
    cli_json({"settings", "set", "statistics", "allow", "--json"});
    cli_json({"settings", "set", "leave-grace", "3", "--json"});
    json s = cli_json({"settings", "get", "--json"});
    EXPECT_TRUE(matches_schema(load_schema("protocol.schema.json", "fullSettings"), s["settings"]));
    EXPECT_EQ(s["settings"]["categories"]["statistics"], "allow");
    EXPECT_EQ(s["settings"]["leaveGraceSeconds"], 3);
}

struct BadUsage {
    std::string name;
    std::vector<std::string> args;
    std::string mentions;
};
void PrintTo(const BadUsage& b, std::ostream* os) {
    *os << b.name;
}
class StoreCliBadUsage : public StoreCli, public ::testing::WithParamInterface<BadUsage> {};

TEST_P(StoreCliBadUsage, ExitsTwoSaysWhyAndChangesNothing) {
    json before = choices();
    auto r = cli(GetParam().args);
    EXPECT_EQ(r.status, 2) << r.output();
    EXPECT_NE(r.err.find(GetParam().mentions), std::string::npos) << r.err;
    EXPECT_EQ(choices(), before);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, StoreCliBadUsage,
    ::testing::Values(
        BadUsage{"DenyNecessary", {"rules", "set", "kk.dk", "--deny", "necessary"}, "necessary"},
        BadUsage{"UnknownCategory", {"rules", "set", "kk.dk", "--deny", "ads"}, "ads"},
        BadUsage{"AllowAndDenySame",
                 {"rules", "set", "kk.dk", "--allow", "marketing", "--deny", "marketing"},
                 "marketing"},
        BadUsage{"BadMode", {"rules", "set", "kk.dk", "--mode", "strict"}, "strict"},
        BadUsage{"NotASite", {"rules", "set", "kk dk", "--deny", "marketing"}, "not a site"},
        BadUsage{"UnknownSetting", {"settings", "set", "colour", "red"}, "colour"},
        BadUsage{"SettingOutOfRange",
                 {"settings", "set", "log-retention-days", "0"},
                 "logRetentionDays"},
        BadUsage{"DenyNecessarySetting", {"settings", "set", "necessary", "deny"}, "necessary"},
        BadUsage{"BadSince", {"log", "--since", "yesterday"}, "yesterday"},
        BadUsage{"BadAction", {"log", "--action", "eat"}, "eat"}),
    [](const auto& param_info) { return param_info.param.name; });

struct BrokenImport {
    std::string name;
    std::string text;
};
void PrintTo(const BrokenImport& b, std::ostream* os) {
    *os << b.name;
}
class StoreCliBrokenImport : public StoreCli, public ::testing::WithParamInterface<BrokenImport> {};

TEST_P(StoreCliBrokenImport, ChangesNothing) {
    cli_json({"rules", "set", "kk.dk", "--deny", "functional", "--json"});
    cli_json({"settings", "set", "third-party", "allow", "--json"});
    json before = choices();
    auto file = home.path() / "import.json";
    std::ofstream(file) << GetParam().text;
    auto r = cli({"import", file.string()});
    EXPECT_EQ(r.status, 1) << r.output();
    EXPECT_NE(r.err.find("nothing was changed"), std::string::npos) << r.err;
    EXPECT_EQ(choices(), before);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, StoreCliBrokenImport,
    ::testing::Values(
        BrokenImport{"NotJson", R"({"format": "cookie-warden-export", )"},
        BrokenImport{"WrongFormat", R"({"format": "other", "version": 1, "rules": []})"},
        BrokenImport{"NewerVersion",
                     R"({"format": "cookie-warden-export", "version": 2, "rules": []})"},
        BrokenImport{"LastRuleBad",
                     R"({"format": "cookie-warden-export", "version": 1, "rules": [
                         {"site": "a.dk", "mode": "block-all"}, {"site": "b.dk", "mode": "strict"}]})"},
        BrokenImport{"DenyNecessary",
                     R"({"format": "cookie-warden-export", "version": 1, "rules": [
                         {"site": "a.dk", "categories": {"necessary": "deny"}}]})"},
        BrokenImport{"SameSiteTwice",
                     R"({"format": "cookie-warden-export", "version": 1, "rules": [
                         {"site": "www.a.dk"}, {"site": "a.dk"}]})"},
        BrokenImport{
            "BadSiteName",
            R"({"format": "cookie-warden-export", "version": 1, "rules": [{"site": "a b"}]})"},
        BrokenImport{"DeeplyNested",
                     R"({"format": "cookie-warden-export", "version": 1, "rules": )" +
                         std::string(100000, '[') + std::string(100000, ']') + "}"},
        BrokenImport{"NumberTooLargeForADouble",
                     R"({"format": "cookie-warden-export", "version": 1e999, "rules": []})"},
        BrokenImport{"BadSetting",
                     R"({"format": "cookie-warden-export", "version": 1, "rules": [],
                         "settings": {"leaveGraceSeconds": -5}})"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST_F(StoreCli, ExportImportRoundTripsIntoAnotherFolder) {
    cli_json({"rules", "set", "borger.dk", "--allow-third-party", "mitid.dk", "--lifetime",
              "session", "--json"});
    cli_json({"rules", "set", "ads.example", "--mode", "block-all", "--json"});
    cli_json({"settings", "set", "marketing", "allow", "--json"});
    auto file = home.path() / "choices.json";
    ASSERT_EQ(cli({"export", file.string()}).status, 0);
    std::ifstream in(file);
    json doc = json::parse(in);
    EXPECT_TRUE(matches_schema(load_schema("rules.schema.json", ""), doc));

    TempDir other;
    auto r = run_cli(other.path(), {"import", file.string()});
    ASSERT_EQ(r.status, 0) << r.output();
    auto exported = json::parse(run_cli(other.path(), {"export"}).out);
    doc.erase("exported");
    exported.erase("exported");
    EXPECT_EQ(exported, doc);
}

TEST_F(StoreCli, RuleChangeReachesRunningHostWithinASecond) {
    HostProcess host = start_host();
    host.request({{"id", 1}, {"type", "hello"}});
    auto started = std::chrono::steady_clock::now();
    ASSERT_EQ(cli({"rules", "set", "kk.dk", "--mode", "block-all"}).status, 0);
    auto push = wait_for_push(host, "rules.changed", 3s);
    ASSERT_TRUE(push) << host.stderr_text();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);  // 1 s plus the CLI's own start
    EXPECT_TRUE(matches_schema(load_schema("protocol.schema.json", "rulesChangedPush"), *push));
    // And the host decides with the new rule at once.
    json v = host.request(
        {{"id", 2}, {"type", "cookie.changed"}, {"event", cookie_event("kk.dk", "pref", "kk.dk")}});
    EXPECT_EQ(v["verdict"]["rule"], "site:kk.dk/block-all");
    ASSERT_EQ(cli({"settings", "set", "lifetime", "session"}).status, 0);
    ASSERT_TRUE(wait_for_push(host, "rules.changed", 3s));
}

// Issue 4's "done when", end to end with the real classifier.
TEST_F(StoreCli, DoneWhen) {
    HostProcess host = start_host();
    host.request({{"id", 1}, {"type", "hello"}});
    ASSERT_EQ(cli({"rules", "set", "kk.dk", "--deny", "statistics"}).status, 0);
    ASSERT_TRUE(wait_for_push(host, "rules.changed", 3s))
        << "a rule set through the CLI reaches the host";
    ASSERT_EQ(cli({"settings", "set", "statistics", "allow"}).status, 0);
    ASSERT_TRUE(wait_for_push(host, "rules.changed", 3s));

    json on_kk = host.request({{"id", 2},
                               {"type", "cookie.changed"},
                               {"event", cookie_event("www.kk.dk", "nmstat", ".kk.dk")}});
    EXPECT_EQ(on_kk["verdict"]["action"], "remove") << on_kk.dump();
    EXPECT_EQ(on_kk["verdict"]["category"], "statistics");
    EXPECT_EQ(on_kk["verdict"]["rule"], "site:kk.dk/statistics");

    json elsewhere =
        host.request({{"id", 3},
                      {"type", "cookie.changed"},
                      {"event", cookie_event("www.example.dk", "nmstat", ".example.dk")}});
    EXPECT_EQ(elsewhere["verdict"]["action"], "allow") << elsewhere.dump();
    EXPECT_EQ(elsewhere["verdict"]["rule"], "global/statistics");

    json third =
        host.request({{"id", 4},
                      {"type", "cookie.changed"},
                      {"event", cookie_event("www.borger.dk", "session", "login.mitid.dk")}});
    EXPECT_EQ(third["verdict"]["action"], "remove");
    EXPECT_EQ(third["verdict"]["rule"], "third-party");
    ASSERT_EQ(cli({"rules", "set", "borger.dk", "--allow-third-party", "mitid.dk"}).status, 0);
    ASSERT_TRUE(wait_for_push(host, "rules.changed", 3s));
    third = host.request({{"id", 5},
                          {"type", "cookie.changed"},
                          {"event", cookie_event("www.borger.dk", "session", "login.mitid.dk")}});
    EXPECT_EQ(third["verdict"]["action"], "allow") << third.dump();
    EXPECT_EQ(third["verdict"]["rule"], "site:borger.dk/allow-third-party:mitid.dk");

    json log = cli_json({"log", "--json", "--site", "kk.dk"});
    ASSERT_EQ(log["events"].size(), 1u);
    EXPECT_EQ(log["events"][0]["name"], "nmstat");
    EXPECT_EQ(log["events"][0]["rule"], "site:kk.dk/statistics");
    EXPECT_TRUE(matches_schema(load_schema("protocol.schema.json", "logEvent"), log["events"][0]));
    EXPECT_EQ(log.dump().find(kSecretValue), std::string::npos);
    EXPECT_FALSE(any_file_contains(home.path(), kSecretValue));
}

TEST_F(StoreCli, StatsCountsWhatTheHostLogged) {
    HostProcess host = start_host();
    host.request(
        {{"id", 1},
         {"type", "cookie.changed"},
         {"events",
          {cookie_event("kk.dk", "a", "kk.dk"), cookie_event("kk.dk", "b", "tracker.example")}}});
    json stats = cli_json({"stats", "--site", "www.kk.dk", "--json"});
    EXPECT_EQ(stats["site"], "kk.dk");
    EXPECT_EQ(stats["total"], 2);
    EXPECT_EQ(stats["actions"]["remove"], 1);
}

// `log --follow` prints events the host logs after it started, without being asked again.
TEST_F(StoreCli, LogFollowPrintsNewEvents) {
    HostProcess host = start_host();
    host.request(
        {{"id", 1}, {"type", "cookie.changed"}, {"event", cookie_event("kk.dk", "old", "kk.dk")}});
    int out[2];
    ASSERT_EQ(::pipe(out), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::setenv("COOKIE_WARDEN_HOME", home.path().c_str(), 1);
        ::dup2(out[1], STDOUT_FILENO);
        ::close(out[0]);
        ::close(out[1]);
        ::execl(CW_CLI_PATH, CW_CLI_PATH, "log", "--follow", "--json", "--site", "kk.dk", nullptr);
        ::_exit(127);
    }
    ::close(out[1]);
    std::string seen;
    auto read_until = [&](const std::string& needle, std::chrono::seconds timeout) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        while (seen.find(needle) == std::string::npos &&
               std::chrono::steady_clock::now() < deadline) {
            pollfd p{out[0], POLLIN, 0};
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (::poll(&p, 1, static_cast<int>(std::max<long>(1, left.count()))) <= 0)
                continue;
            char buf[4096];
            ssize_t n = ::read(out[0], buf, sizeof buf);
            if (n <= 0)
                break;
            seen.append(buf, static_cast<std::size_t>(n));
        }
        return seen.find(needle) != std::string::npos;
    };
    EXPECT_TRUE(read_until("\"old\"", 10s)) << seen;
    host.request({{"id", 2},
                  {"type", "cookie.changed"},
                  {"event", cookie_event("kk.dk", "fresh", "kk.dk")}});
    EXPECT_TRUE(read_until("\"fresh\"", 10s)) << seen;
    EXPECT_EQ(seen.find(kSecretValue), std::string::npos);
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(out[0]);
}

}  // namespace
}  // namespace cw::test
