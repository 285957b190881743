// A battery of bad input sent to the real host through its pipes. Each case gets a clear error
// or a safe outcome; the host keeps serving where the stream allows it, and every frame it
// writes is whole and at most 1 MiB (HostProcess::receive throws otherwise).

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "host_process.hpp"
#include "schema_check.hpp"
#include "store/sqlite.hpp"
#include "store_helpers.hpp"
#include "temp_dir.hpp"

namespace cw::test {
namespace {

namespace fs = std::filesystem;

std::string frame_header(std::uint32_t length) {
    std::string header(4, '\0');
    std::memcpy(header.data(), &length, 4);
    return header;
}

class HostileInput : public ::testing::Test {
  protected:
    HostProcess start() {
        HostOptions options;
        options.home = home.path();
        return HostProcess(options);
    }
    // The host still answers, and every file it wrote is inside its data folder.
    void expect_still_serving(HostProcess& host, int id) {
        json reply = host.request({{"id", id}, {"type", "hello"}});
        EXPECT_EQ(reply["ok"], true) << reply.dump();
    }
    // Closing stdin ends the host cleanly, with nothing after the frames already read.
    void expect_clean_end(HostProcess& host) {
        host.close_stdin();
        auto rest = host.read_to_eof();
        ASSERT_TRUE(rest) << "the host did not close stdout";
        EXPECT_EQ(rest->size(), 0u) << "stray output after the last frame";
        EXPECT_EQ(host.wait_exit(), 0) << host.stderr_text();
    }
    TempDir home;
    JsonSchema reply_schema = load_schema("protocol.schema.json", "reply");
};

struct BadPayload {
    std::string name;
    std::string payload;
    std::string code;  // expected error code; "" when a successful reply is a safe outcome
};

void PrintTo(const BadPayload& c, std::ostream* os) {
    *os << c.name;
}

class HostileFrames : public HostileInput, public ::testing::WithParamInterface<BadPayload> {};

TEST_P(HostileFrames, GetAClearAnswerAndTheHostKeepsServing) {
    HostProcess host = start();
    host.send_frame(GetParam().payload);
    auto reply = host.receive(15s);
    ASSERT_TRUE(reply) << host.stderr_text();
    EXPECT_TRUE(matches_schema(reply_schema, *reply)) << reply->dump().substr(0, 500);
    if (GetParam().code.empty()) {
        EXPECT_EQ((*reply)["ok"], true) << reply->dump().substr(0, 500);
    } else {
        ASSERT_EQ((*reply)["ok"], false);
        EXPECT_EQ((*reply)["error"]["code"], GetParam().code) << reply->dump().substr(0, 500);
        EXPECT_FALSE((*reply)["error"]["message"].get<std::string>().empty());
    }
    expect_still_serving(host, 900);
    expect_clean_end(host);
}

std::string big_name() {
    return std::string(3 * 1024 * 1024, 'n');
}

std::string changed_with(const std::string& name, const std::string& domain,
                         const std::string& site) {
    json event = cookie_event(site, name, domain);
    return json{{"id", 1}, {"type", "cookie.changed"}, {"event", event}}.dump();
}

INSTANTIATE_TEST_SUITE_P(
    Battery, HostileFrames,
    ::testing::Values(
        BadPayload{"InvalidUtf8InAString", "{\"id\":1,\"type\":\"hello\",\"browser\":\"\xff\xfe\"}",
                   "bad_json"},
        BadPayload{"InvalidUtf8InACookieName",
                   R"({"id":1,"type":"classify","site":"kk.dk","cookies":[{"name":")"
                   "\xc3\x28"
                   R"(","domain":"kk.dk"}]})",
                   "bad_json"},
        BadPayload{"NestedAHundredThousandLevels",
                   std::string(100000, '[') + std::string(100000, ']'), "bad_request"},
        BadPayload{"NestedAHundredThousandLevelsInAParam",
                   R"({"id":1,"type":"classify","site":"kk.dk","cookies":)" +
                       std::string(100000, '[') + std::string(100000, ']') + "}",
                   "bad_request"},
        BadPayload{"NumberTooLargeForADouble", R"({"id":1e999,"type":"hello"})", "bad_json"},
        BadPayload{"HugeIntegerId", R"({"id":123456789012345678901234567890,"type":"hello"})", ""},
        BadPayload{"HugeTabId", R"({"id":1,"type":"site.visit","site":"kk.dk","tabId":1e300})",
                   "bad_request"},
        BadPayload{"HugeLimit", R"({"id":1,"type":"log.query","limit":18446744073709551616})",
                   "bad_request"},
        BadPayload{"NegativeLimit", R"({"id":1,"type":"log.query","limit":-1})", "bad_request"},
        BadPayload{
            "HugeExpiry",
            R"({"id":1,"type":"classify","site":"kk.dk","cookies":[{"name":"a","domain":"kk.dk","expirationDate":1e308}]})",
            ""},
        BadPayload{"NaN", R"({"id":1,"type":"hello","extensionVersion":NaN})", "bad_json"},
        BadPayload{"Infinity", R"({"id":-Infinity,"type":"hello"})", "bad_json"},
        BadPayload{"BareNan", "nan", "bad_json"},
        BadPayload{"DuplicateKeys", R"({"id":1,"type":"nope","type":"hello","id":1})", ""},
        BadPayload{"RawNulByte", std::string("{\"id\":1,\"type\":\"hel\0lo\"}", 24), "bad_json"},
        BadPayload{"EscapedNulInType", R"({"id":1,"type":"hello\u0000"})", "unknown_type"},
        BadPayload{"ThreeMebibyteCookieNameToClassify",
                   R"({"id":1,"type":"classify","site":"kk.dk","cookies":[{"name":")" + big_name() +
                       R"(","domain":"kk.dk"}]})",
                   ""},
        BadPayload{"ThreeMebibyteCookieNameChanged", changed_with(big_name(), "kk.dk", "kk.dk"),
                   "bad_request"},
        BadPayload{"ThreeMebibyteSite",
                   R"({"id":1,"type":"rules.get","site":")" + big_name() + R"("})", "bad_request"},
        BadPayload{
            "SqlInRuleSite",
            R"({"id":1,"type":"rules.set","site":"kk.dk'; DROP TABLE rules; --","rule":{"mode":"block-all"}})",
            "bad_request"},
        BadPayload{
            "DotDotInRuleSite",
            R"({"id":1,"type":"rules.set","site":"../../../etc/passwd","rule":{"mode":"block-all"}})",
            "bad_request"},
        BadPayload{
            "DotDotSiteToClassify",
            R"({"id":1,"type":"classify","site":"../../etc","cookies":[{"name":"../x","domain":"../../etc"}]})",
            ""},
        BadPayload{"NotAnObject", "\"hello\"", "bad_request"},
        BadPayload{"EmptyPayload", "", "bad_json"}),
    [](const auto& param_info) { return param_info.param.name; });

// Names full of SQL and path metacharacters are data: stored and shown as given, never run.
TEST_F(HostileInput, SqlAndPathCharactersInNamesAreKeptAsData) {
    const std::string name = "x'); DROP TABLE log; --\"../../etc/passwd\\0";
    const std::string domain = "tracker.example";
    {
        HostProcess host = start();
        json reply = host.request({{"id", 1},
                                   {"type", "cookie.changed"},
                                   {"event", cookie_event("www.kk.dk", name, domain)}});
        ASSERT_EQ(reply["ok"], true) << reply.dump();
        json page = host.request({{"id", 2}, {"type", "log.query"}, {"site", "kk.dk"}});
        ASSERT_EQ(page["ok"], true) << page.dump();
        ASSERT_EQ(page["events"].size(), 1u);
        EXPECT_EQ(page["events"][0]["name"], name);
        expect_clean_end(host);
    }
    sql::Connection db(home.path() / "cookie-warden.db", sql::Connection::Mode::read_only);
    sql::Statement check(db, "PRAGMA integrity_check");
    ASSERT_TRUE(check.step());
    EXPECT_EQ(check.column_text(0), "ok");
    // Nothing was created outside the data folder's own files.
    for (const auto& entry : fs::recursive_directory_iterator(home.path())) {
        auto rel = fs::relative(entry.path(), home.path()).string();
        EXPECT_EQ(rel.find(".."), std::string::npos) << rel;
        EXPECT_EQ(rel.find("passwd"), std::string::npos) << rel;
    }
}

TEST_F(HostileInput, LengthPrefixOfFourGibibytesIsRefusedAndTheRestSkipped) {
    HostProcess host = start();
    host.send_bytes(frame_header(0xFFFFFFFFu));
    auto reply = host.receive();
    ASSERT_TRUE(reply) << host.stderr_text();
    EXPECT_EQ((*reply)["error"]["code"], "frame_too_large");
    EXPECT_TRUE((*reply)["id"].is_null());
    // The next four gibibytes belong to that frame: a request sent now is skipped, not answered.
    host.send_frame(json{{"id", 2}, {"type", "hello"}}.dump());
    expect_clean_end(host);
}

TEST_F(HostileInput, LengthLargerThanWhatFollowsEndsCleanlyAtEof) {
    HostProcess host = start();
    host.send_bytes(frame_header(100) + R"({"id":1,"type":"hello"})");
    expect_clean_end(host);
    EXPECT_NE(host.stderr_text().find("inside a frame"), std::string::npos) << host.stderr_text();
}

TEST_F(HostileInput, GarbageAfterAValidFrameIsAnsweredAfterTheFrame) {
    HostProcess host = start();
    std::string hello = json{{"id", 1}, {"type", "hello"}}.dump();
    // "garbage!" read as a length prefix is far over the limit: refused and skipped.
    host.send_bytes(frame_header(static_cast<std::uint32_t>(hello.size())) + hello + "garbage!");
    auto first = host.receive();
    ASSERT_TRUE(first);
    EXPECT_EQ((*first)["id"], 1);
    EXPECT_EQ((*first)["ok"], true);
    auto second = host.receive();
    ASSERT_TRUE(second);
    EXPECT_EQ((*second)["error"]["code"], "frame_too_large");
    expect_clean_end(host);
}

TEST_F(HostileInput, SmallGarbageLengthIsABadJsonReplyAndServingGoesOn) {
    HostProcess host = start();
    // A length of 3 followed by three bytes that are not JSON.
    host.send_bytes(frame_header(3) + "\x01\x02\x03");
    auto reply = host.receive();
    ASSERT_TRUE(reply);
    EXPECT_EQ((*reply)["error"]["code"], "bad_json");
    expect_still_serving(host, 2);
    expect_clean_end(host);
}

}  // namespace
}  // namespace cw::test
