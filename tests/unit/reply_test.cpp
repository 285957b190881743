// Replies rendered ahead of their batch's commit: where "logged" goes, taking it back, the
// output limit, and JSON strings written exactly as nlohmann writes them.

#include "wire/reply.hpp"

#include <gtest/gtest.h>

#include "wire/framing.hpp"

namespace cw {
namespace {

TEST(Reply, ALoggedReplyCanBeTakenBackInPlace) {
    PendingReply r = render_reply({{"id", 3}, {"ok", true}, {"logged", true}, {"n", 2}});
    ASSERT_TRUE(r.claims_logged());
    EXPECT_EQ(json::parse(r.text), json({{"id", 3}, {"ok", true}, {"logged", true}, {"n", 2}}));
    r.mark_unlogged();
    EXPECT_FALSE(r.claims_logged());
    EXPECT_EQ(json::parse(r.text), json({{"id", 3}, {"ok", true}, {"logged", false}, {"n", 2}}));
    r.mark_unlogged();  // twice changes nothing
    EXPECT_EQ(json::parse(r.text)["logged"], false);
}

TEST(Reply, OnlyATopLevelLoggedTrueIsMarked) {
    struct Case {
        json reply;
        bool marked;
    };
    for (const auto& c : std::vector<Case>{
             {{{"id", 1}, {"logged", false}}, false},
             {{{"id", 1}, {"x", {{"logged", true}}}}, false},
             {{{"id", 1}, {"logged", "true"}}, false},
             {{{"logged", true}}, true},
         }) {
        PendingReply r = render_reply(c.reply);
        EXPECT_EQ(r.claims_logged(), c.marked) << c.reply.dump();
        EXPECT_EQ(json::parse(r.text), c.reply) << r.text;
        r.mark_unlogged();
        EXPECT_EQ(json::parse(r.text).value("logged", json()) == true, false) << r.text;
    }
}

TEST(Reply, TooLargeBecomesAnInternalErrorForTheSameId) {
    PendingReply r =
        render_reply({{"id", "q"}, {"ok", true}, {"blob", std::string(kMaxOutputFrame, 'a')}});
    json j = json::parse(r.text);
    EXPECT_EQ(j["id"], "q");
    EXPECT_EQ(j["ok"], false);
    EXPECT_EQ(j["error"]["code"], "internal");
    EXPECT_TRUE(
        render_reply({{"type", "push"}, {"blob", std::string(kMaxOutputFrame, 'a')}}).text.empty());
}

TEST(Reply, StringsAreWrittenAsNlohmannWritesThem) {
    std::vector<std::string> cases{"",
                                   "plain",
                                   "quote\" back\\ slash/",
                                   "\x7f",
                                   "Gr\xc3\xbcn \xe2\x82\xac",
                                   "bad \xff utf-8",
                                   "cut \xc3"};
    for (int c = 0; c < 0x20; ++c)
        cases.push_back(std::string("ctl ") + static_cast<char>(c));
    for (const auto& s : cases) {
        std::string out = "x";
        append_json_string(out, s);
        EXPECT_EQ(out, "x" + json(s).dump(-1, ' ', false, json::error_handler_t::replace)) << s;
    }
}

}  // namespace
}  // namespace cw
