// Loading manifests from folders: validation with the schema, the first one for a site wins,
// a broken file is skipped with its file and JSON path while the rest still load.

#include "classify/manifest_loader.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "classify/embedded.hpp"
#include "temp_dir.hpp"

namespace cw {
namespace {

namespace fs = std::filesystem;

json minimal(const std::string& site) {
    return {{"id", site},
            {"site", site},
            {"hosts", {site}},
            {"publisher", "Someone"},
            {"policyUrl", "https://" + site + "/cookies"},
            {"language", "da"},
            {"reviewed", "2026-01-01"},
            {"groups",
             {{{"id", "needed"},
               {"siteName", "Nødvendige"},
               {"category", "necessary"},
               {"purpose", {{"en", "Needed."}, {"da", "Nødvendig."}}}}}},
            {"cookies",
             {{{"name", "sess"},
               {"group", "needed"},
               {"category", "necessary"},
               {"purpose", {{"en", "Session."}, {"da", "Session."}}},
               {"retention", "session"},
               {"party", "first"},
               {"basis", "declared"}}}}};
}

void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
}

TEST(ShippedManifests, AreValidAgainstTheSchema) {
    ManifestValidator validator;
    int seen = 0;
    for (const auto& f : embedded::files()) {
        if (!f.name.starts_with("manifests/"))
            continue;
        ++seen;
        auto problems = validator.check(f.data, std::string(f.name));
        EXPECT_TRUE(problems.empty()) << (problems.empty() ? "" : to_string(problems.front()));
    }
    EXPECT_EQ(seen, 2);
}

struct Broken {
    std::string label;
    std::function<void(json&)> edit;
    std::string path;  // expected JSON path of the first problem
};

void PrintTo(const Broken& b, std::ostream* os) {
    *os << b.label;
}

class BrokenManifests : public ::testing::TestWithParam<Broken> {};

TEST_P(BrokenManifests, AreReportedWithFileAndJsonPath) {
    json doc = minimal("site-a.test");
    GetParam().edit(doc);
    auto problems = ManifestValidator().check(doc.dump(), "a.json");
    ASSERT_FALSE(problems.empty());
    bool found = false;
    for (const auto& p : problems) {
        EXPECT_EQ(p.file, "a.json");
        found = found || p.path == GetParam().path;
    }
    EXPECT_TRUE(found) << "got " << to_string(problems.front());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BrokenManifests,
    ::testing::Values(
        Broken{"UnknownCategory", [](json& d) { d["cookies"][0]["category"] = "tasty"; },
               "/cookies/0/category"},
        Broken{"MissingDanishPurpose", [](json& d) { d["cookies"][0]["purpose"].erase("da"); },
               "/cookies/0/purpose"},
        Broken{"HostWithScheme", [](json& d) { d["hosts"][0] = "https://site-a.test"; },
               "/hosts/0"},
        Broken{"UnknownGroup", [](json& d) { d["cookies"][0]["group"] = "nope"; },
               "/cookies/0/group"},
        Broken{"SiteIsNotRegistrable", [](json& d) { d["site"] = "www.site-a.test"; }, "/site"},
        Broken{"UnknownField", [](json& d) { d["extra"] = 1; }, "/"},
        Broken{"HostOfAnotherSite", [](json& d) { d["hosts"].push_back("kk.dk"); }, "/hosts/1"},
        Broken{"BadBasis", [](json& d) { d["cookies"][0]["basis"] = "guessed"; },
               "/cookies/0/basis"}),
    [](const auto& param_info) { return param_info.param.label; });

TEST(ManifestValidator, NotJsonIsReported) {
    auto problems = ManifestValidator().check("{\"id\": ", "x.json");
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].path, "/");
    EXPECT_NE(problems[0].message.find("not JSON"), std::string::npos);
}

struct UnreadableText {
    std::string label;
    std::string text;
    std::string says;
};
void PrintTo(const UnreadableText& c, std::ostream* os) {
    *os << c.label;
}
class UnreadableManifests : public ::testing::TestWithParam<UnreadableText> {};

// Text that would throw past the loader or exhaust the stack in the schema validator is one
// problem at "/", like any other broken file (found by fuzzing).
TEST_P(UnreadableManifests, AreOneProblemNotACrash) {
    std::vector<ManifestProblem> problems;
    ASSERT_NO_THROW(problems = ManifestValidator().check(GetParam().text, "x.json"));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].path, "/");
    EXPECT_NE(problems[0].message.find(GetParam().says), std::string::npos) << problems[0].message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, UnreadableManifests,
    ::testing::Values(
        UnreadableText{"NumberTooLargeForADouble", R"({"id": "x", "reviewed": 1e999})", "not JSON"},
        UnreadableText{"NestedAHundredThousandLevels",
                       "{\"groups\": " + std::string(100000, '[') + std::string(100000, ']') + "}",
                       "levels deep"},
        UnreadableText{"InvalidUtf8", "{\"id\": \"\xff\"}", "not JSON"}),
    [](const auto& param_info) { return param_info.param.label; });

TEST(LoadManifests, ABrokenFileIsSkippedAndTheRestLoad) {
    test::TempDir dir;
    write(dir.path() / "a.json", minimal("site-a.test").dump());
    write(dir.path() / "b.json", "{ not json");
    json bad = minimal("site-c.test");
    bad["cookies"][0]["category"] = "tasty";
    write(dir.path() / "c.json", bad.dump());
    write(dir.path() / "d.json", minimal("site-d.test").dump());
    write(dir.path() / "notes.txt", "ignored");

    auto set = load_manifests({dir.path()}, false);
    ASSERT_EQ(set.manifests.size(), 2u);
    EXPECT_EQ(set.manifests[0].site, "site-a.test");
    EXPECT_EQ(set.manifests[1].site, "site-d.test");
    EXPECT_EQ(set.manifests[0].origin, "user");
    ASSERT_GE(set.problems.size(), 2u);
    EXPECT_EQ(set.problems.front().file, (dir.path() / "b.json").string());
    bool c_named = false;
    for (const auto& p : set.problems) {
        c_named = c_named ||
                  (p.file == (dir.path() / "c.json").string() && p.path == "/cookies/0/category");
    }
    EXPECT_TRUE(c_named);
}

TEST(LoadManifests, UserFolderBeatsSystemFolderBeatsShipped) {
    test::TempDir user, system;
    json mine = minimal("kk.dk");
    mine["publisher"] = "Mine";
    write(user.path() / "kk.json", mine.dump());
    json sys = minimal("kk.dk");
    sys["publisher"] = "System";
    write(system.path() / "kk.json", sys.dump());
    write(system.path() / "a.json", minimal("site-a.test").dump());

    auto set = load_manifests({user.path(), system.path()}, true);
    ASSERT_EQ(set.manifests.size(), 3u);  // kk.dk (user), site-a.test (system), borger.dk
    EXPECT_EQ(set.manifests[0].publisher, "Mine");
    EXPECT_EQ(set.manifests[0].origin, "user");
    EXPECT_EQ(set.manifests[1].origin, "system");
    EXPECT_EQ(set.manifests[2].site, "borger.dk");
    EXPECT_EQ(set.manifests[2].origin, "shipped");
    EXPECT_EQ(set.shadowed.size(), 2u);  // system kk.json and shipped kk.dk.json
}

TEST(LoadManifests, MissingFoldersAreNotProblems) {
    auto set = load_manifests({"/nonexistent/cw/user", "/nonexistent/cw/system"}, true);
    EXPECT_EQ(set.manifests.size(), 2u);
    EXPECT_TRUE(set.problems.empty());
}

TEST(Manifest, FindCookiePrefersExactThenLongestPrefixThenDomain) {
    json doc = minimal("site-a.test");
    auto entry = [](std::string name, std::string match, std::string domain, std::string cat) {
        json e = {{"name", name},           {"match", match},
                  {"category", cat},        {"purpose", {{"en", name}, {"da", name}}},
                  {"retention", "session"}, {"party", "first"},
                  {"basis", "declared"}};
        if (!domain.empty())
            e["domain"] = domain;
        return e;
    };
    doc["cookies"] = {entry("ab", "prefix", "", "functional"),
                      entry("abc", "prefix", "", "statistics"),
                      entry("abcd", "exact", "", "marketing"),
                      entry("abc", "prefix", "shop.site-a.test", "necessary")};
    auto m = manifest_from_json(doc, "user", "a.json");
    EXPECT_EQ(m.find_cookie("abcd", "www.site-a.test")->category, Category::marketing);
    EXPECT_EQ(m.find_cookie("abcx", "www.site-a.test")->category, Category::statistics);
    EXPECT_EQ(m.find_cookie("abcx", "shop.site-a.test")->category, Category::necessary);
    EXPECT_EQ(m.find_cookie("abx", "shop.site-a.test")->category, Category::functional);
    EXPECT_EQ(m.find_cookie("xyz", "www.site-a.test"), nullptr);
}

}  // namespace
}  // namespace cw
