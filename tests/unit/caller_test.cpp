#include "wire/caller.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "temp_dir.hpp"

namespace cw {
namespace {

struct CallerCase {
    std::string name;
    std::vector<std::string> args;
    Caller::Kind kind;
    std::string id;
    bool allowed;
};

void PrintTo(const CallerCase& c, std::ostream* os) {
    *os << c.name;
}

class Callers : public ::testing::TestWithParam<CallerCase> {};

TEST_P(Callers, AreRecognisedAndChecked) {
    const auto& c = GetParam();
    Caller caller = parse_caller(c.args);
    EXPECT_EQ(caller.kind, c.kind);
    EXPECT_EQ(caller.id, c.id);
    EXPECT_EQ(is_allowed(caller, {}), c.allowed);
}

INSTANTIATE_TEST_SUITE_P(
    Argv, Callers,
    ::testing::Values(
        CallerCase{"NoArguments", {}, Caller::Kind::none, "", false},
        CallerCase{"OwnChromiumExtension",
                   {"chrome-extension://jjnjmppplncaaifkjlbbjnehaemmebmg/"},
                   Caller::Kind::chromium,
                   "jjnjmppplncaaifkjlbbjnehaemmebmg",
                   true},
        CallerCase{"ChromiumOnWindows",
                   {"chrome-extension://jjnjmppplncaaifkjlbbjnehaemmebmg/", "--parent-window=42"},
                   Caller::Kind::chromium,
                   "jjnjmppplncaaifkjlbbjnehaemmebmg",
                   true},
        CallerCase{"OtherChromiumExtension",
                   {"chrome-extension://abcdefghabcdefghabcdefghabcdefgh/"},
                   Caller::Kind::chromium,
                   "abcdefghabcdefghabcdefghabcdefgh",
                   false},
        CallerCase{"OwnFirefoxAddon",
                   {"/home/u/.mozilla/native-messaging-hosts/dk.cookiewarden.host.json",
                    "cookie-warden@cookiewarden.dk"},
                   Caller::Kind::firefox,
                   "cookie-warden@cookiewarden.dk",
                   true},
        CallerCase{"FirefoxOnWindows",
                   {"C:\\Users\\S\u00f8ren\\AppData\\Local\\Programs\\Cookie "
                    "Warden\\dk.cookiewarden.host.firefox.json",
                    "cookie-warden@cookiewarden.dk"},
                   Caller::Kind::firefox,
                   "cookie-warden@cookiewarden.dk",
                   true},
        CallerCase{"OtherFirefoxAddon",
                   {"/tmp/m.json", "evil@example.org"},
                   Caller::Kind::firefox,
                   "evil@example.org",
                   false},
        CallerCase{"FirefoxIdPassedAsChromium",
                   {"chrome-extension://cookie-warden@cookiewarden.dk/"},
                   Caller::Kind::chromium,
                   "cookie-warden@cookiewarden.dk",
                   false},
        CallerCase{"LoneWord", {"hello"}, Caller::Kind::unknown, "", false}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(ExtraAllowedIds, ComeFromConfigJson) {
    test::TempDir dir;
    std::ofstream(dir.path() / "config.json")
        << R"({"allowedExtensions": ["abcdefghabcdefghabcdefghabcdefgh", 3]})";
    auto ids = extra_allowed_ids(dir.path());
    ASSERT_EQ(ids.size(), 1u);
    Caller store_build = parse_caller({"chrome-extension://abcdefghabcdefghabcdefghabcdefgh/"});
    EXPECT_TRUE(is_allowed(store_build, ids));
}

TEST(ExtraAllowedIds, MalformedConfigAllowsNothingExtra) {
    test::TempDir dir;
    std::ofstream(dir.path() / "config.json") << "{ not json";
    EXPECT_TRUE(extra_allowed_ids(dir.path()).empty());
    EXPECT_TRUE(extra_allowed_ids(dir.path() / "missing").empty());
}

}  // namespace
}  // namespace cw
