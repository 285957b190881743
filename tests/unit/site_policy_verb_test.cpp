// site.policy as the host serves it (cache and fast path) answers every request exactly as the
// verb did before it had either: the reply of make_reply(id, to_json(site_policy(...))),
// byte for byte, on both paths, the first time and from the cache; and the fast path takes
// exactly the plain requests it is meant to take.

#include "verbs/site_policy_verb.hpp"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "classify/manifest_loader.hpp"
#include "policy/rules.hpp"
#include "store/store_service.hpp"
#include "wire/dispatcher.hpp"

namespace cw {
namespace {

struct Shape {
    std::string label;
    std::string text;  // the request with {ID} and {SITE} to fill in
    bool fast;         // whether the fast path takes it (given a plain id and site)
};

const std::vector<Shape>& shapes() {
    static const std::vector<Shape> s{
        {"plain", R"({"id":{ID},"type":"site.policy","site":{SITE}})", true},
        {"reordered with spaces", R"( { "site" : {SITE}, "type" : "site.policy", "id" : {ID} } )",
         true},
        {"extra members",
         R"({"extra":[1,{"a":null}],"id":{ID},"site":{SITE},"type":"site.policy","x":"y"})", true},
        {"duplicate site", R"({"id":{ID},"type":"site.policy","site":{SITE},"site":"kk.dk"})",
         false},
        {"no site", R"({"id":{ID},"type":"site.policy"})", false},
        {"another verb", R"({"id":{ID},"type":"site.policyx","site":{SITE}})", false},
        {"not an object", R"([{"id":{ID},"type":"site.policy","site":{SITE}}])", false},
        {"bad JSON", R"({"id":{ID},"type":"site.policy","site":{SITE})", false},
    };
    return s;
}

struct Value {
    std::string text;
    bool plain;  // the fast path reads it
};

const std::vector<Value>& ids() {
    static const std::vector<Value> v{{"1", true},
                                      {"-42", true},
                                      {"123456789012345678", true},
                                      {"1234567890123456789", false},
                                      {"1.5", false},
                                      {"1e3", false},
                                      {"-0", false},
                                      {R"("abc-7")", true},
                                      {R"("")", true},
                                      {R"("a\"b")", false},
                                      {"null", false},
                                      {"true", false}};
    return v;
}

const std::vector<Value>& sites() {
    static const std::vector<Value> v{{R"("www.kk.dk")", true},
                                      {R"("www.borger.dk")", true},
                                      {R"("kk.dk")", true},
                                      {R"("www.example.com")", true},
                                      {R"("https://www.example.com/a?b")", true},
                                      {R"("WWW.Example.COM")", true},
                                      {R"("news.example.org")", true},
                                      {R"("127.0.0.1")", true},
                                      {R"("localhost")", true},
                                      {R"("www.blocked.dk")", true},
                                      {R"("")", true},  // not a site: declined
                                      {R"("not a site")", true},
                                      {R"("www.ex\u0061mple.com")", false},
                                      {R"("bücher.example")", false},
                                      {"42", false}};
    return v;
}

std::string fill(std::string text, const std::string& id, const std::string& site) {
    text.replace(text.find("{ID}"), 4, id);
    if (auto at = text.find("{SITE}"); at != std::string::npos)
        text.replace(at, 6, site);
    return text;
}

class SitePolicyPaths : public ::testing::Test {
  protected:
    void SetUp() override {
        service = std::make_shared<StoreService>(":memory:");
        SiteRule blocked;
        blocked.site = "blocked.dk";
        blocked.mode = Mode::block_all;
        SiteRule stats;
        stats.site = "example.com";
        stats.categories[Category::statistics] = Choice::allow;
        stats.categories[Category::functional] = Choice::deny;
        // Marketing allowed keeps the answers (and the test) small: statistics alone are
        // hundreds of catalogue names.
        Settings settings;
        settings.category(Category::marketing) = Choice::allow;
        service->change([&](Store& s) {
            s.save_settings(settings);
            s.save_rule(blocked);
            s.save_rule(stats);
        });
        classifier =
            std::make_shared<const Classifier>(load_manifests({}, true), Catalogue::shipped());
        verb = std::make_shared<SitePolicyVerb>(classifier, service);
        general.add("site.policy", [this](const json& r) { return verb->handle(r); });
        // The verb as it was: built afresh for every request.
        before.add("site.policy", [this](const json& request) {
            const std::string& host = required_string(request, "site");
            auto key = rule_key(host);
            auto& built = built_[host];
            if (built.is_null())
                built = to_json(
                    site_policy(*classifier, service->settings(), service->rule(key), host));
            return built;
        });
    }

    std::shared_ptr<StoreService> service;
    std::shared_ptr<const Classifier> classifier;
    std::shared_ptr<SitePolicyVerb> verb;
    Dispatcher general;
    Dispatcher before;
    std::map<std::string, json> built_;  // the old verb's answers, built once per site here
};

TEST_F(SitePolicyPaths, AnswerEveryRequestAsTheVerbDidBefore) {
    int taken = 0, declined = 0;
    {  // the first request for a site builds its answer, the others come from the cache
        for (const auto& shape : shapes()) {
            for (const auto& id : ids()) {
                for (const auto& site : sites()) {
                    std::string payload = fill(shape.text, id.text, site.text);
                    SCOPED_TRACE(shape.label + ": " + payload);
                    std::string expected = render_reply(before.handle_frame(payload)).text;
                    EXPECT_EQ(render_reply(general.handle_frame(payload)).text, expected);
                    PendingReply fast;
                    bool took = verb->serve_fast(payload, fast);
                    bool answerable = expected.find("\"ok\":true") != std::string::npos;
                    EXPECT_EQ(took, shape.fast && id.plain && site.plain && answerable);
                    if (took) {
                        EXPECT_EQ(fast.text, expected);
                        EXPECT_FALSE(fast.claims_logged());
                        ++taken;
                    } else {
                        EXPECT_TRUE(fast.text.empty()) << "a declined request changed the reply";
                        ++declined;
                    }
                }
            }
        }
    }
    EXPECT_GT(taken, 100);
    EXPECT_GT(declined, 100);
}

TEST_F(SitePolicyPaths, RenderedPiecesJoinToTheWholeAnswer) {
    for (const char* host : {"www.kk.dk", "www.blocked.dk", "www.example.com"}) {
        SitePolicy p =
            site_policy(*classifier, service->settings(), service->rule(rule_key(host)), host);
        RenderedPolicy r = render_policy(p);
        EXPECT_EQ(json::parse(r.up_to_id + "," + r.up_to_ok + "," + r.rest), to_json(p)) << host;
    }
}

}  // namespace
}  // namespace cw
