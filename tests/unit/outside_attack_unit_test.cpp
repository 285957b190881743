// Unit checks behind the second hardening review (issue 19): text cut between characters and
// made safe for terminals, replies that never outgrow a frame, site names in one form, and a
// bound on tracked tabs.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "classify/domain.hpp"
#include "policy/rules.hpp"
#include "policy/site_timers.hpp"
#include "store/store_service.hpp"
#include "wire/framing.hpp"
#include "wire/reply.hpp"
#include "wire/text.hpp"

namespace cw {
namespace {

TEST(TextBounds, CutsOnlyBetweenCharacters) {
    const std::string s =
        "ab\xc3\xb8"
        "c\xe2\x82\xac"
        "d\xf0\x9f\x8d\xaa";  // ab ø c € d 🍪
    for (std::size_t max = 0; max <= s.size() + 1; ++max) {
        std::string_view cut = cut_utf8(s, max);
        EXPECT_LE(cut.size(), max);
        EXPECT_EQ(valid_utf8(cut), cut) << "cut at " << max << " left half a character";
        EXPECT_GE(cut.size() + 3, std::min(max, s.size()));
    }
    EXPECT_EQ(cut_utf8(s, 3), "ab");
    EXPECT_EQ(cut_utf8(s, 4), "ab\xc3\xb8");
}

TEST(TextBounds, InvalidBytesBecomeReplacementCharacters) {
    EXPECT_EQ(valid_utf8("a\xff"
                         "b"),
              "a\xef\xbf\xbd"
              "b");
    EXPECT_EQ(valid_utf8("\xc3"), "\xef\xbf\xbd");                                  // cut short
    EXPECT_EQ(valid_utf8("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd");                  // overlong '/'
    EXPECT_EQ(valid_utf8("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // surrogate
    EXPECT_EQ(valid_utf8("k\xc3\xb8"
                         "benhavn"),
              "k\xc3\xb8"
              "benhavn");
    EXPECT_NO_THROW((void)json(valid_utf8("\x80\xfe\xff")).dump());
}

TEST(TextBounds, TerminalTextHasNoControlOrBidiCharacters) {
    EXPECT_EQ(for_terminal("\x1b[2J"), "\\x1b[2J");
    EXPECT_EQ(for_terminal("a\r\nb\tc"), "a\\r\\nb\\tc");
    EXPECT_EQ(for_terminal(std::string("n\0l", 3)), "n\\x00l");
    EXPECT_EQ(for_terminal("\x7f\xc2\x9b"), "\\x7f\\x9b");
    EXPECT_EQ(for_terminal("\xe2\x80\xae"
                           "fdp.exe"),
              "\\u202efdp.exe");
    EXPECT_EQ(for_terminal("\xe2\x81\xa6x\xe2\x81\xa9"), "\\u2066x\\u2069");
    EXPECT_EQ(for_terminal("\xff"), "\\xff");
    EXPECT_EQ(for_terminal("a\\x1b"), "a\\\\x1b");  // a backslash cannot forge an escape
    EXPECT_EQ(for_terminal("k\xc3\xb8"
                           "benhavn \xe2\x82\xac"),
              "k\xc3\xb8"
              "benhavn \xe2\x82\xac");
}

TEST(ReplyBounds, AnOversizedReplyBecomesAnErrorThatFits) {
    const std::string big(kMaxOutputFrame, 'x');
    PendingReply r = render_reply({{"id", 7}, {"ok", true}, {"data", big}});
    json parsed = json::parse(r.text);
    EXPECT_EQ(parsed["id"], 7);
    EXPECT_EQ(parsed["error"]["code"], "internal");
    // Even with an id that could not be echoed.
    PendingReply huge_id = render_reply({{"id", big}, {"ok", true}});
    EXPECT_LE(huge_id.text.size(), kMaxOutputFrame);
    EXPECT_TRUE(json::parse(huge_id.text)["id"].is_null());
    // A reply that got past every check is still sent as an error, not an exception.
    std::string frames;
    PendingReply raw;
    raw.text = "\"" + big + "\"";
    EXPECT_NO_THROW(append_reply_frame(frames, raw));
    ASSERT_GT(frames.size(), 4u);
    EXPECT_EQ(json::parse(frames.substr(4))["error"]["code"], "internal");
}

TEST(ReplyBounds, OnlyShortIdsAreEchoed) {
    EXPECT_TRUE(acceptable_id(12));
    EXPECT_TRUE(acceptable_id(std::string(kMaxIdBytes, 'a')));
    EXPECT_FALSE(acceptable_id(std::string(kMaxIdBytes + 1, 'a')));
    EXPECT_FALSE(acceptable_id(json::array()));
    EXPECT_FALSE(acceptable_id(nullptr));
}

TEST(SiteNames, HaveOneCanonicalForm) {
    for (std::string name : {"københavn.dk", "KØBENHAVN.DK", "xn--kbenhavn-54a.dk",
                             "XN--KBENHAVN-54A.DK.", "https://København.dk./x"}) {
        EXPECT_EQ(normalize_host(name), "xn--kbenhavn-54a.dk") << name;
        EXPECT_EQ(rule_key(name), "xn--kbenhavn-54a.dk") << name;
    }
    EXPECT_EQ(rule_key("www.KK.dk."), "kk.dk");
    EXPECT_EQ(rule_key("localhost"), "localhost");
    EXPECT_EQ(rule_site("localhost"), "localhost");
    EXPECT_EQ(rule_site("127.0.0.1"), "127.0.0.1");
}

TEST(SiteNames, PublicSuffixesAndNulsAreRefused) {
    for (std::string suffix : {"dk", "co.uk", "github.io", "CO.UK."}) {
        EXPECT_TRUE(is_public_suffix(normalize_host(suffix))) << suffix;
        try {
            rule_site(suffix);
            ADD_FAILURE() << suffix << " was taken as a rule's site";
        } catch (const ProtocolError& e) {
            EXPECT_EQ(e.code(), ErrorCode::bad_request);
            EXPECT_NE(std::string(e.what()).find("public suffix"), std::string::npos) << e.what();
        }
    }
    EXPECT_THROW(rule_key(std::string("kk.dk\0.evil.com", 16)), ProtocolError);
    EXPECT_THROW(rule_key("kk\x01.dk"), ProtocolError);
    EXPECT_EQ(registrable_domain(std::string("kk.dk\0.evil.com", 16)),
              std::string("kk.dk\0.evil.com", 16));
    EXPECT_FALSE(is_public_suffix("kk.dk"));
    EXPECT_FALSE(is_public_suffix("localhost"));
}

TEST(SiteTimersBound, MadeUpTabIdsCannotGrowTheHost) {
    boost::asio::io_context io;
    StoreService choices(":memory:");
    SiteTimers timers(io, choices, [](const std::string&) {});
    for (std::int64_t tab = 0; tab < 3 * static_cast<std::int64_t>(kMaxTrackedTabs); ++tab)
        timers.visit("s" + std::to_string(tab % 100) + ".example", tab);
    EXPECT_EQ(timers.tracked_tabs(), kMaxTrackedTabs);
    // A tab visited again is fresh: it outlives tabs seen before it.
    timers.visit("kk.dk", 5);
    for (std::int64_t tab = 1'000'000; tab < 1'000'000 + 100; ++tab)
        timers.visit("other.example", tab);
    EXPECT_EQ(timers.tracked_tabs(), kMaxTrackedTabs);
    timers.leave("kk.dk", 5);
    EXPECT_EQ(timers.tracked_tabs(), kMaxTrackedTabs - 1);
}

}  // namespace
}  // namespace cw
