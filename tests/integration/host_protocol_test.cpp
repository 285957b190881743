// The built cookie-warden-host started through real pipes, spoken to as a browser does.

#include <gtest/gtest.h>
#include <signal.h>

#include <cstring>
#include <filesystem>

#include "host_process.hpp"
#include "schema_check.hpp"
#include "temp_dir.hpp"

namespace cw::test {
namespace {

class HostProtocol : public ::testing::Test {
  protected:
    HostProcess start(std::vector<std::string> args = {kOwnChromiumOrigin}) {
        HostOptions options;
        options.home = home.path();
        options.args = std::move(args);
        return HostProcess(options);
    }
    void expect_hello_works(HostProcess& host, int id) {
        json reply = host.request({{"id", id}, {"type", "hello"}});
        EXPECT_TRUE(matches_schema(hello_schema, reply));
        EXPECT_EQ(reply["protocol"], 1);
    }
    TempDir home;
    JsonSchema reply_schema = load_schema("protocol.schema.json", "reply");
    JsonSchema hello_schema = load_schema("protocol.schema.json", "helloReply");
};

TEST_F(HostProtocol, HelloAnswersProtocolOne) {
    HostProcess host = start();
    expect_hello_works(host, 1);
}

struct BadFrame {
    std::string name;
    std::string payload;
    std::string code;
};

void PrintTo(const BadFrame& c, std::ostream* os) {
    *os << c.name;
}

class HostBadFrames : public HostProtocol, public ::testing::WithParamInterface<BadFrame> {};

TEST_P(HostBadFrames, GetAnErrorAndTheHostKeepsServing) {
    HostProcess host = start();
    host.send_frame(GetParam().payload);
    auto reply = host.receive();
    ASSERT_TRUE(reply) << host.stderr_text();
    EXPECT_TRUE(matches_schema(reply_schema, *reply));
    EXPECT_EQ((*reply)["error"]["code"], GetParam().code);
    EXPECT_FALSE((*reply)["error"]["message"].get<std::string>().empty());
    expect_hello_works(host, 2);
}

INSTANTIATE_TEST_SUITE_P(
    Frames, HostBadFrames,
    ::testing::Values(BadFrame{"MalformedJson", "{\"id\":1,", "bad_json"},
                      BadFrame{"JsonArray", "[{\"id\":1,\"type\":\"hello\"}]", "bad_request"},
                      BadFrame{"MissingType", "{\"id\":1}", "bad_request"},
                      BadFrame{"TypeNotString", "{\"id\":1,\"type\":[\"hello\"]}", "bad_request"},
                      BadFrame{"UnknownType", "{\"id\":1,\"type\":\"nope\"}", "unknown_type"},
                      BadFrame{"FiveMebibytes", std::string(5 * 1024 * 1024, ' '),
                               "frame_too_large"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST_F(HostProtocol, SeveralFramesInOneWriteAreAllAnswered) {
    HostProcess host = start();
    std::string bytes;
    for (int i = 0; i < 50; ++i) {
        std::string payload = json{{"id", i}, {"type", "hello"}}.dump();
        auto length = static_cast<std::uint32_t>(payload.size());
        bytes.append(reinterpret_cast<const char*>(&length), 4);
        bytes += payload;
    }
    host.send_bytes(bytes);
    for (int i = 0; i < 50; ++i) {
        auto reply = host.receive();
        ASSERT_TRUE(reply);
        EXPECT_EQ((*reply)["id"], i);  // in order
    }
}

TEST_F(HostProtocol, FrameSplitAcrossWritesIsReassembled) {
    HostProcess host = start();
    std::string payload = json{{"id", 9}, {"type", "hello"}}.dump();
    auto length = static_cast<std::uint32_t>(payload.size());
    std::string bytes(reinterpret_cast<const char*>(&length), 4);
    bytes += payload;
    for (char c : bytes)
        host.send_bytes(std::string_view(&c, 1));
    auto reply = host.receive();
    ASSERT_TRUE(reply);
    EXPECT_EQ((*reply)["id"], 9);
}

TEST_F(HostProtocol, ClosingStdinEndsTheHostWithStatusZeroWithinASecond) {
    HostProcess host = start();
    expect_hello_works(host, 1);
    host.close_stdin();
    EXPECT_EQ(host.wait_exit(1000ms), 0) << host.stderr_text();
}

TEST_F(HostProtocol, RepliesQueuedBeforeEofAreFlushed) {
    HostProcess host = start();
    for (int i = 0; i < 200; ++i)
        host.send({{"id", i}, {"type", "hello"}});
    host.close_stdin();
    for (int i = 0; i < 200; ++i) {
        auto reply = host.receive();
        ASSERT_TRUE(reply) << "reply " << i << " lost";
        EXPECT_EQ((*reply)["id"], i);
    }
    EXPECT_EQ(host.wait_exit(), 0);
}

TEST_F(HostProtocol, FrameCutByEofEndsTheHostWithoutACrash) {
    HostProcess host = start();
    expect_hello_works(host, 1);
    std::uint32_t length = 100;
    host.send_bytes(std::string(reinterpret_cast<const char*>(&length), 4) + "{\"id\":");
    host.close_stdin();
    auto status = host.wait_exit(2000ms);
    ASSERT_TRUE(status);
    EXPECT_EQ(*status, 0);
    EXPECT_NE(host.stderr_text().find("inside a frame"), std::string::npos);
}

TEST_F(HostProtocol, SigtermEndsTheHostCleanly) {
    HostProcess host = start();
    expect_hello_works(host, 1);
    host.kill(SIGTERM);
    EXPECT_EQ(host.wait_exit(2000ms), 0);
}

TEST_F(HostProtocol, UnknownChromiumCallerIsForbidden) {
    HostProcess host = start({"chrome-extension://abcdefghabcdefghabcdefghabcdefgh/"});
    auto reply = host.receive();
    ASSERT_TRUE(reply);
    EXPECT_TRUE(matches_schema(reply_schema, *reply));
    EXPECT_EQ((*reply)["error"]["code"], "forbidden");
    auto status = host.wait_exit(2000ms);
    ASSERT_TRUE(status);
    EXPECT_NE(*status, 0);
}

TEST_F(HostProtocol, UnknownFirefoxCallerIsForbidden) {
    HostProcess host = start({"/tmp/dk.cookiewarden.host.json", "evil@example.org"});
    auto reply = host.receive();
    ASSERT_TRUE(reply);
    EXPECT_EQ((*reply)["error"]["code"], "forbidden");
}

TEST_F(HostProtocol, OwnFirefoxAddonIsServed) {
    HostProcess host = start({"/tmp/dk.cookiewarden.host.json", "cookie-warden@cookiewarden.dk"});
    expect_hello_works(host, 1);
}

TEST_F(HostProtocol, NoCallerArgumentPrintsUsageAndFails) {
    HostProcess host = start({});
    auto status = host.wait_exit(2000ms);
    ASSERT_TRUE(status);
    EXPECT_EQ(*status, 2);
    EXPECT_NE(host.stderr_text().find("native-messaging host"), std::string::npos);
}

TEST_F(HostProtocol, DiagnosticsGoToALogFileInTheDataFolder) {
    {
        HostProcess host = start();
        expect_hello_works(host, 1);
        host.close_stdin();
        ASSERT_TRUE(host.wait_exit());
    }
    auto log = home.path() / "logs" / "cookie-warden-host.log";
    EXPECT_TRUE(std::filesystem::exists(log));
    auto perms = std::filesystem::status(home.path() / "logs").permissions();
    EXPECT_EQ(perms & std::filesystem::perms::all, std::filesystem::perms::owner_all);
}

}  // namespace
}  // namespace cw::test
