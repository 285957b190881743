// `classify` and `manifests.list` through the built host, replies checked against the
// protocol schema.

#include <gtest/gtest.h>

#include <fstream>

#include "host_process.hpp"
#include "schema_check.hpp"
#include "temp_dir.hpp"

namespace cw::test {
namespace {

class HostClassify : public ::testing::Test {
  protected:
    HostProcess start() {
        HostOptions options;
        options.home = home.path();
        return HostProcess(options);
    }
    TempDir home;
    JsonSchema classify_request = load_schema("protocol.schema.json", "classifyRequest");
    JsonSchema classify_reply = load_schema("protocol.schema.json", "classifyReply");
    JsonSchema list_reply = load_schema("protocol.schema.json", "manifestsListReply");
    JsonSchema error_reply = load_schema("protocol.schema.json", "errorReply");
    JsonSchema hello_reply = load_schema("protocol.schema.json", "helloReply");
};

TEST_F(HostClassify, BatchOnBorgerDkIsAnsweredInOrder) {
    HostProcess host = start();
    json request = {{"id", 1},
                    {"type", "classify"},
                    {"site", "www.borger.dk"},
                    {"cookies",
                     {{{"name", "nmstat"},
                       {"domain", ".borger.dk"},
                       {"session", false},
                       {"expirationDate", 4102444800.0}},
                      {{"name", "s_vi"}, {"domain", ".borger.dk"}},
                      {{"name", "CookieInformationConsent"},
                       {"domain", "www.borger.dk"},
                       {"secure", true},
                       {"sameSite", "lax"},
                       {"hostOnly", true},
                       {"path", "/"}},
                      {{"name", "x"}, {"domain", "siteimproveanalytics.com"}},
                      {{"name", "_ga"}, {"domain", ".borger.dk"}},
                      {{"name", "zq"},
                       {"domain", "www.borger.dk"},
                       {"session", false},
                       {"expirationDate", 4102444800.0}}}}};
    ASSERT_TRUE(matches_schema(classify_request, request));
    json reply = host.request(request);
    ASSERT_TRUE(matches_schema(classify_reply, reply)) << host.stderr_text();
    const auto& r = reply["results"];
    ASSERT_EQ(r.size(), 6u);
    EXPECT_EQ(r[0]["category"], "statistics");
    EXPECT_EQ(r[0]["vendor"], "Siteimprove");
    EXPECT_EQ(r[0]["source"], "manifest");
    EXPECT_EQ(r[0]["manifest"], "borger.dk");
    EXPECT_EQ(r[1]["category"], "statistics");
    EXPECT_EQ(r[2]["category"], "necessary");
    EXPECT_EQ(r[3]["thirdParty"], true);
    EXPECT_EQ(r[4]["source"], "catalogue");
    EXPECT_EQ(r[5]["source"], "none");
    EXPECT_EQ(r[5]["category"], "unclassified");
}

TEST_F(HostClassify, DrupalSessionOnKkDkIsNecessary) {
    HostProcess host = start();
    json reply = host.request({{"id", "k"},
                               {"type", "classify"},
                               {"site", "kk.dk"},
                               {"cookies", {{{"name", "SSESSabc123"}, {"domain", "kk.dk"}}}}});
    ASSERT_TRUE(matches_schema(classify_reply, reply));
    EXPECT_EQ(reply["results"][0]["category"], "necessary");
    EXPECT_EQ(reply["results"][0]["manifest"], "kk.dk");
}

struct BadBatch {
    std::string label;
    json request;
    std::string message_part;
};

void PrintTo(const BadBatch& b, std::ostream* os) {
    *os << b.label;
}

class HostClassifyBad : public HostClassify, public ::testing::WithParamInterface<BadBatch> {};

TEST_P(HostClassifyBad, GetsBadRequestNamingTheEntry) {
    HostProcess host = start();
    json request = GetParam().request;
    if (GetParam().label == "TooMany") {
        for (int i = 0; i < 1001; ++i)
            request["cookies"].push_back({{"name", "a"}, {"domain", "b"}});
    }
    request["id"] = 7;
    request["type"] = "classify";
    json reply = host.request(request);
    ASSERT_TRUE(matches_schema(error_reply, reply));
    EXPECT_EQ(reply["error"]["code"], "bad_request");
    auto message = reply["error"]["message"].get<std::string>();
    EXPECT_NE(message.find(GetParam().message_part), std::string::npos) << message;
    EXPECT_TRUE(matches_schema(hello_reply, host.request({{"id", 8}, {"type", "hello"}})));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, HostClassifyBad,
    ::testing::Values(
        BadBatch{"MissingSite", {{"cookies", json::array()}}, "site"},
        BadBatch{"CookiesNotArray", {{"site", "kk.dk"}, {"cookies", "x"}}, "cookies"},
        BadBatch{
            "NameMissing", {{"site", "kk.dk"}, {"cookies", {{{"domain", "kk.dk"}}}}}, "cookies[0]"},
        BadBatch{"SecondEntryBadType",
                 {{"site", "kk.dk"},
                  {"cookies",
                   {{{"name", "a"}, {"domain", "kk.dk"}},
                    {{"name", "b"}, {"domain", "kk.dk"}, {"httpOnly", "yes"}}}}},
                 "cookies[1]: field 'httpOnly'"},
        BadBatch{"EntryNotObject", {{"site", "kk.dk"}, {"cookies", {42}}}, "cookies[0]"},
        BadBatch{"TooMany", {{"site", "kk.dk"}, {"cookies", json::array()}}, "too many"}),
    [](const auto& param_info) { return param_info.param.label; });

TEST_F(HostClassify, ManifestsListShowsShippedUserAndBrokenOnes) {
    std::filesystem::create_directories(home.path() / "manifests");
    std::ofstream(home.path() / "manifests" / "broken.json") << R"({"id": "x"})";
    HostProcess host = start();
    json reply = host.request({{"id", 1}, {"type", "manifests.list"}});
    ASSERT_TRUE(matches_schema(list_reply, reply)) << host.stderr_text();
    ASSERT_EQ(reply["manifests"].size(), 2u);
    EXPECT_EQ(reply["manifests"][0]["id"], "borger.dk");
    EXPECT_EQ(reply["manifests"][0]["origin"], "shipped");
    EXPECT_EQ(reply["manifests"][1]["id"], "kk.dk");
    ASSERT_FALSE(reply["problems"].empty());
    EXPECT_NE(reply["problems"][0]["file"].get<std::string>().find("broken.json"),
              std::string::npos);
    EXPECT_NE(host.stderr_text().find("broken.json"), std::string::npos);

    json hello = host.request({{"id", 2}, {"type", "hello"}});
    EXPECT_EQ(hello["manifests"], 2);
    EXPECT_GT(hello["catalogue"].get<int>(), 2000);
}

}  // namespace
}  // namespace cw::test
