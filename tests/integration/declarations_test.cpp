// Learned declarations through a real host process and the command line (docs/declarations.md):
// declaration.learned stores, replaces and refreshes; verdicts say `declared` and flag a
// misdeclared tracker; `manifests list|draft|add|forget` work on what was learned.

#include <gtest/gtest.h>

#include <fstream>

#include "host_fixture.hpp"
#include "store_helpers.hpp"

namespace cw::test {
namespace {

namespace fs = std::filesystem;

json shop_declaration() {
    return json::parse(R"({"platform": "cookiebot", "cookies": [
        {"name": "wx_plumtally", "group": "statistics", "domain": "shop-decl.test", "purpose": "Counts visits."},
        {"name": "_ga", "group": "necessary", "domain": "shop-decl.test"},
        {"name": "qz_basket", "group": "necessary", "domain": "shop-decl.test"},
        {"name": "IDE", "group": "necessary", "domain": "doubleclick.net"}]})");
}

class Declarations : public HostFixture {
  protected:
    json learn(HostProcess& host, int id, const json& declaration,
               const std::string& site = "www.shop-decl.test") {
        json request{{"id", id},
                     {"type", "declaration.learned"},
                     {"site", site},
                     {"declaration", declaration}};
        EXPECT_TRUE(matches_schema(load_schema("protocol.schema.json", "declarationLearnedRequest"),
                                   request));
        return checked(host, request, "declarationLearnedReply");
    }
};

TEST_F(Declarations, StoredPerSiteReplacedWhenNewRefreshedWhenSame) {
    HostProcess host = start();
    json first = learn(host, 1, shop_declaration());
    EXPECT_EQ(first["stored"], "new");
    EXPECT_EQ(first["site"], "shop-decl.test");
    EXPECT_EQ(first["cookies"], 4);
    EXPECT_EQ(learn(host, 2, shop_declaration())["stored"], "refreshed");
    json changed = shop_declaration();
    changed["cookies"][2]["group"] = "preference";
    json replaced = learn(host, 3, changed);
    EXPECT_EQ(replaced["stored"], "replaced");
    EXPECT_NE(replaced["hash"], first["hash"]);

    json list = checked(host, {{"id", 4}, {"type", "manifests.list"}}, "manifestsListReply");
    ASSERT_EQ(list["learned"].size(), 1u);
    EXPECT_EQ(list["learned"][0]["site"], "shop-decl.test");
    EXPECT_EQ(list["learned"][0]["hash"], replaced["hash"]);
}

TEST_F(Declarations, BadDeclarationsAreRefusedAndTheHostKeepsServing) {
    HostProcess host = start();
    json bad = shop_declaration();
    bad["cookies"][0]["value"] = "secret-value-17";
    json reply = host.request({{"id", 1},
                               {"type", "declaration.learned"},
                               {"site", "www.shop-decl.test"},
                               {"declaration", bad}});
    EXPECT_FALSE(reply["ok"].get<bool>());
    EXPECT_EQ(reply["error"]["code"], "bad_request");
    EXPECT_NE(reply["error"]["message"].get<std::string>().find("/cookies/0"), std::string::npos)
        << reply.dump();
    for (const char* site : {"com", "co.uk", "github.io", ""}) {
        json r = host.request({{"id", 2},
                               {"type", "declaration.learned"},
                               {"site", site},
                               {"declaration", shop_declaration()}});
        EXPECT_EQ(r["error"]["code"], "bad_request") << site << ": " << r.dump();
    }
    EXPECT_TRUE(host.request({{"id", 3}, {"type", "manifests.list"}})["ok"].get<bool>());
    EXPECT_FALSE(any_file_contains(home.path(), "secret-value-17"));
    // A single-label name is a site of its own (a test server on localhost), not a suffix.
    json local = learn(host, 4, shop_declaration(), "localhost");
    EXPECT_EQ(local["site"], "localhost");
}

TEST_F(Declarations, VerdictsSayDeclaredAndFlagMisdeclaredTrackers) {
    ASSERT_EQ(
        run_cli(home.path(), {"rules", "set", "shop-decl.test", "--deny", "statistics"}).status, 0);
    HostProcess host = start();
    learn(host, 1, shop_declaration());
    json reply = checked(host,
                         {{"id", 2},
                          {"type", "cookie.changed"},
                          {"events",
                           {cookie_event("www.shop-decl.test", "wx_plumtally", ".shop-decl.test"),
                            cookie_event("www.shop-decl.test", "_ga", ".shop-decl.test"),
                            cookie_event("www.shop-decl.test", "qz_basket", "shop-decl.test")}}},
                         "cookieChangedReply");
    const auto& v = reply["verdicts"];
    EXPECT_EQ(v[0]["action"], "remove");
    EXPECT_EQ(v[0]["source"], "declared");
    EXPECT_EQ(v[0]["platform"], "cookiebot");
    EXPECT_EQ(v[0]["category"], "statistics");
    EXPECT_EQ(v[1]["action"], "remove");
    EXPECT_EQ(v[1]["source"], "catalogue");
    EXPECT_EQ(v[1]["misdeclared"], "declared necessary by the site, known as statistics");
    EXPECT_EQ(v[2]["action"], "allow");
    EXPECT_EQ(v[2]["source"], "declared");

    json log = checked(host, {{"id", 3}, {"type", "log.query"}, {"site", "shop-decl.test"}},
                       "logQueryReply");
    bool flagged = false;
    for (const auto& e : log["events"]) {
        if (e["name"] == "_ga") {
            EXPECT_EQ(e["misdeclared"], "declared necessary by the site, known as statistics");
            EXPECT_EQ(e["declared"], "necessary");
            EXPECT_EQ(e["platform"], "cookiebot");
            flagged = true;
        }
    }
    EXPECT_TRUE(flagged) << log.dump();

    // cookie-warden report has a section of its own for them, as text and as JSON.
    auto text = run_cli(home.path(), {"report", "shop-decl.test"});
    ASSERT_EQ(text.status, 0) << text.err;
    EXPECT_NE(text.out.find("1 cookies were misdeclared"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("declared necessary by the site, known as statistics"),
              std::string::npos)
        << text.out;
    json report = json::parse(run_cli(home.path(), {"report", "shop-decl.test", "--json"}).out);
    ASSERT_EQ(report["misdeclared"].size(), 1u) << report.dump();
    EXPECT_EQ(report["misdeclared"][0]["name"], "_ga");
    EXPECT_EQ(report["misdeclared"][0]["known"], "statistics");
    EXPECT_EQ(report["misdeclared"][0]["platform"], "cookiebot");

    // A declared third-party ad network called necessary is judged as marketing.
    json classify = checked(host,
                            {{"id", 4},
                             {"type", "classify"},
                             {"site", "www.shop-decl.test"},
                             {"cookies", {{{"name", "IDE"}, {"domain", ".doubleclick.net"}}}}},
                            "classifyReply");
    EXPECT_EQ(classify["results"][0]["category"], "marketing");
    EXPECT_EQ(classify["results"][0]["declared"], "necessary");
}

TEST_F(Declarations, OtherHostProcessesAndTheCliSeeWhatOneLearned) {
    HostProcess a = start();
    HostProcess b = start();
    learn(a, 1, shop_declaration());
    // b reloads when the rules revision moves (its watch runs every 400 ms).
    json got;
    for (int i = 0; i < 50; ++i) {
        got = b.request({{"id", 10 + i},
                         {"type", "classify"},
                         {"site", "shop-decl.test"},
                         {"cookies", {{{"name", "qz_basket"}, {"domain", "shop-decl.test"}}}}});
        if (got["results"][0]["source"] == "declared")
            break;
        std::this_thread::sleep_for(100ms);  // polling another process, with a deadline
    }
    EXPECT_EQ(got["results"][0]["source"], "declared") << got.dump();
    auto cli =
        run_cli(home.path(), {"classify", "--site", "shop-decl.test", "qz_basket", "--json"});
    ASSERT_EQ(cli.status, 0) << cli.err;
    EXPECT_EQ(json::parse(cli.out)["results"][0]["source"], "declared");
    auto list = run_cli(home.path(), {"manifests", "list"});
    EXPECT_NE(list.out.find("learned:cookiebot"), std::string::npos) << list.out;
}

TEST_F(Declarations, DraftAddAndForgetFromTheCommandLine) {
    {
        HostProcess host = start();
        learn(host, 1, shop_declaration());
        checked(host,
                {{"id", 2},
                 {"type", "cookie.changed"},
                 {"event", cookie_event("www.shop-decl.test", "sess_only", "www.shop-decl.test")}},
                "cookieChangedReply");
    }
    auto out = home.path() / "draft.json";
    auto draft =
        run_cli(home.path(), {"manifests", "draft", "shop-decl.test", "--out", out.string()});
    ASSERT_EQ(draft.status, 0) << draft.err;
    std::ifstream in(out);
    json doc = json::parse(in);
    EXPECT_TRUE(matches_schema(load_schema("manifest.schema.json", ""), doc));
    bool declared = false, ga = false;
    for (const auto& c : doc["cookies"]) {
        if (c["name"] == "wx_plumtally") {
            declared = true;
            EXPECT_EQ(c["basis"], "declared");
            EXPECT_EQ(c["platform"], "cookiebot");
        }
        if (c["name"] == "_ga") {
            // Declared necessary, known as statistics: never drafted as necessary.
            ga = true;
            EXPECT_EQ(c["category"], "statistics") << c.dump();
            EXPECT_EQ(c["basis"], "observed");
            EXPECT_EQ(c["source"], "catalogue");
            EXPECT_EQ(c["purpose"]["en"].get<std::string>().rfind("Declared necessary by", 0), 0u)
                << c.dump();
        }
        if (c["name"] == "IDE") {
            EXPECT_EQ(c["category"], "marketing") << c.dump();
        }
    }
    EXPECT_TRUE(declared) << doc.dump(2);
    EXPECT_TRUE(ga) << doc.dump(2);
    EXPECT_EQ(run_cli(home.path(), {"manifests", "validate", out.string()}).status, 0);

    auto add = run_cli(home.path(), {"manifests", "add", out.string()});
    ASSERT_EQ(add.status, 0) << add.err;
    EXPECT_TRUE(fs::exists(home.path() / "manifests" / "shop-decl.test.json"));
    EXPECT_EQ(run_cli(home.path(), {"manifests", "add", out.string()}).status, 1)
        << "an installed manifest is not replaced without --force";
    auto listed = run_cli(home.path(), {"manifests", "list", "--json"});
    EXPECT_NE(listed.out.find("\"origin\": \"user\""), std::string::npos) << listed.out;

    auto broken = home.path() / "broken.json";
    doc["cookies"][0]["category"] = "tasty";
    std::ofstream(broken) << doc.dump();
    auto refused = run_cli(home.path(), {"manifests", "add", broken.string()});
    EXPECT_EQ(refused.status, 1);
    EXPECT_NE(refused.err.find("/cookies/0/category"), std::string::npos) << refused.err;

    EXPECT_EQ(run_cli(home.path(), {"manifests", "forget", "www.shop-decl.test"}).status, 0);
    EXPECT_EQ(run_cli(home.path(), {"manifests", "forget", "shop-decl.test"}).status, 1);
    auto nothing = run_cli(home.path(), {"manifests", "draft", "never-seen.test"});
    EXPECT_EQ(nothing.status, 1);
    EXPECT_NE(nothing.err.find("nothing is known"), std::string::npos) << nothing.err;
}

}  // namespace
}  // namespace cw::test
