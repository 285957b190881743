// `cookie-warden classify` and `cookie-warden manifests list|validate`, run as a person would.

#include <gtest/gtest.h>

#include <fstream>

#include "command.hpp"
#include "schema_check.hpp"
#include "temp_dir.hpp"

namespace cw::test {
namespace {

namespace fs = std::filesystem;

class ClassifyCli : public ::testing::Test {
  protected:
    CommandResult cli(std::vector<std::string> args) {
        args.insert(args.begin(), CW_CLI_PATH);
        CommandOptions options;
        options.env["COOKIE_WARDEN_HOME"] = home.path().string();
        return run_command(args, options);
    }
    fs::path write_manifest(const std::string& file, const std::string& text) {
        auto path = home.path() / "manifests" / file;
        fs::create_directories(path.parent_path());
        std::ofstream(path) << text;
        return path;
    }
    std::string shipped_kk() {
        std::ifstream in(std::string(CW_SOURCE_DIR) + "/host/manifests/kk.dk.json");
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
    TempDir home;
};

TEST_F(ClassifyCli, JsonGivesOneResultPerCookieInOrder) {
    auto r = cli({"classify", "--site", "www.borger.dk", "nmstat", "s_vi",
                  "CookieInformationConsent", "x@siteimproveanalytics.com", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    json doc = json::parse(r.out);
    auto schema = load_schema("protocol.schema.json", "classification");
    const auto& results = doc.at("results");
    ASSERT_EQ(results.size(), 4u);
    for (auto entry : results) {
        entry.erase("name");
        entry.erase("domain");
        EXPECT_TRUE(matches_schema(schema, entry));
    }
    EXPECT_EQ(results[0]["name"], "nmstat");
    EXPECT_EQ(results[0]["category"], "statistics");
    EXPECT_EQ(results[0]["vendor"], "Siteimprove");
    EXPECT_EQ(results[0]["source"], "manifest");
    EXPECT_EQ(results[1]["category"], "statistics");
    EXPECT_EQ(results[2]["category"], "necessary");
    EXPECT_EQ(results[3]["domain"], "siteimproveanalytics.com");
    EXPECT_EQ(results[3]["thirdParty"], true);
}

TEST_F(ClassifyCli, TableNamesCategorySourceAndVendor) {
    auto r = cli({"classify", "--site", "kk.dk", "SSESS0123abcd"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("CATEGORY"), std::string::npos);
    EXPECT_NE(r.out.find("SSESS0123abcd"), std::string::npos);
    EXPECT_NE(r.out.find("necessary"), std::string::npos);
    EXPECT_NE(r.out.find("Drupal"), std::string::npos);
}

TEST_F(ClassifyCli, UserManifestOverridesTheShippedOne) {
    std::string text = shipped_kk();
    auto pos = text.find("\"necessary\",\n      \"vendor\": \"Drupal\"");
    ASSERT_NE(pos, std::string::npos);
    text.replace(pos, std::string("\"necessary\"").size(), "\"functional\"");
    write_manifest("kk.dk.json", text);
    auto r = cli({"classify", "--site", "kk.dk", "SSESS0123abcd", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(json::parse(r.out)["results"][0]["category"], "functional");
}

struct Usage {
    std::string label;
    std::vector<std::string> args;
    std::string message_part;
};

void PrintTo(const Usage& u, std::ostream* os) {
    *os << u.label;
}

class ClassifyCliUsage : public ClassifyCli, public ::testing::WithParamInterface<Usage> {};

TEST_P(ClassifyCliUsage, ExitsTwoWithAMessage) {
    auto r = cli(GetParam().args);
    EXPECT_EQ(r.status, 2) << r.output();
    EXPECT_NE(r.err.find(GetParam().message_part), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ClassifyCliUsage,
    ::testing::Values(Usage{"NoSite", {"classify", "nmstat"}, "--site"},
                      Usage{"NoCookies", {"classify", "--site", "kk.dk"}, "cookies"},
                      Usage{"EmptyName", {"classify", "--site", "kk.dk", "@kk.dk"}, "empty"},
                      Usage{"EmptyDomain", {"classify", "--site", "kk.dk", "a@"}, "no domain"},
                      Usage{"ManifestsWithoutVerb", {"manifests"}, "subcommand"},
                      Usage{"ValidateWithoutFiles", {"manifests", "validate"}, "files"}),
    [](const auto& param_info) { return param_info.param.label; });

TEST_F(ClassifyCli, ManifestsListJsonMatchesTheSchema) {
    write_manifest("broken.json", "{\"id\": 1}");
    auto r = cli({"manifests", "list", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    json doc = json::parse(r.out);
    auto summary = load_schema("protocol.schema.json", "manifestSummary");
    auto problem = load_schema("protocol.schema.json", "manifestProblem");
    ASSERT_EQ(doc["manifests"].size(), 2u);
    for (const auto& m : doc["manifests"])
        EXPECT_TRUE(matches_schema(summary, m));
    ASSERT_FALSE(doc["problems"].empty());
    for (const auto& p : doc["problems"])
        EXPECT_TRUE(matches_schema(problem, p));
    EXPECT_NE(doc["problems"][0]["file"].get<std::string>().find("broken.json"), std::string::npos);
}

TEST_F(ClassifyCli, ManifestsListTableShowsUserManifestFirst) {
    std::string text = shipped_kk();
    write_manifest("kk.dk.json", text);
    auto r = cli({"manifests", "list"});
    ASSERT_EQ(r.status, 0) << r.err;
    auto kk = r.out.find("kk.dk");
    ASSERT_NE(kk, std::string::npos);
    EXPECT_NE(r.out.find("user"), std::string::npos);
    EXPECT_NE(r.out.find("borger.dk"), std::string::npos);
}

TEST_F(ClassifyCli, ValidateAcceptsTheShippedManifests) {
    std::string dir = std::string(CW_SOURCE_DIR) + "/host/manifests/";
    auto r = cli({"manifests", "validate", dir + "borger.dk.json", dir + "kk.dk.json"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("kk.dk.json: valid"), std::string::npos);
}

TEST_F(ClassifyCli, ValidateNamesFileAndJsonPathAndExitsOne) {
    std::string text = shipped_kk();
    auto pos = text.find("\"category\": \"necessary\"");
    ASSERT_NE(pos, std::string::npos);
    text.replace(pos, std::string("\"category\": \"necessary\"").size(), "\"category\": \"yummy\"");
    auto bad = write_manifest("bad.json", text);
    auto missing = home.path() / "missing.json";
    std::string good = std::string(CW_SOURCE_DIR) + "/host/manifests/borger.dk.json";
    auto r = cli({"manifests", "validate", good, bad.string(), missing.string()});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find(bad.string() + ": /groups/0/category"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(missing.string()), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("borger.dk.json: valid"), std::string::npos);
}

}  // namespace
}  // namespace cw::test
