// The attacks of the second hardening review (issue 19), replayed against the built host: each
// test failed before its fix. Frames come through real pipes; HostProcess::receive fails on a
// partial frame or one over 1 MiB.

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "host_process.hpp"
#include "store_helpers.hpp"
#include "temp_dir.hpp"

namespace cw::test {
namespace {

class OutsideAttack : public ::testing::Test {
  protected:
    HostProcess start() {
        HostOptions options;
        options.home = home.path();
        return HostProcess(options);
    }
    void expect_still_serving(HostProcess& host) {
        json reply = host.request({{"id", 900}, {"type", "hello"}});
        EXPECT_EQ(reply["ok"], true) << reply.dump();
    }
    TempDir home;
};

// A field of /proc/<pid>/status in kibibytes.
long status_kib(pid_t pid, const std::string& field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(field + ":", 0) == 0)
            return std::stol(line.substr(field.size() + 1));
    }
    throw std::runtime_error("no " + field + " for process " + std::to_string(pid));
}

// Defect 1: a ~1 MiB string id. The error reply must not echo it (that reply would be over
// the 1 MiB output limit); the general path and both fast paths.
TEST_F(OutsideAttack, AMebibyteStringIdGetsBadRequestWithoutEchoAndTheHostCarriesOn) {
    const std::string id(1024 * 1024 + 10, 'i');
    const std::vector<json> requests{
        {{"id", id}, {"type", "hello"}},
        {{"id", id}, {"type", "no.such.verb"}},
        {{"id", id}, {"type", "cookie.changed"}, {"event", cookie_event("kk.dk", "_ga", "kk.dk")}},
        {{"id", id}, {"type", "site.policy"}, {"site", "kk.dk"}},
        {{"id", json::array({id})}, {"type", "hello"}},
    };
    HostProcess host = start();
    for (const auto& request : requests) {
        host.send(request);
        auto reply = host.receive(15s);
        ASSERT_TRUE(reply) << request["type"] << ": no reply\n" << host.stderr_text();
        EXPECT_EQ((*reply)["ok"], false) << request["type"];
        EXPECT_EQ((*reply)["error"]["code"], "bad_request") << reply->dump().substr(0, 300);
        EXPECT_TRUE((*reply)["id"].is_null()) << request["type"];
        EXPECT_LT(reply->dump().size(), 1000u);
    }
    // Ids up to 256 bytes are answered as they came.
    const std::string fair(256, 'f');
    EXPECT_EQ(host.request({{"id", fair}, {"type", "hello"}})["id"], fair);
    json fast = host.request({{"id", fair},
                              {"type", "cookie.changed"},
                              {"event", cookie_event("kk.dk", "_ga", "kk.dk")}});
    EXPECT_EQ(fast["ok"], true) << fast.dump();
    expect_still_serving(host);
    host.close_stdin();
    EXPECT_EQ(host.wait_exit(), 0) << host.stderr_text();
}

// Defect 9: nlohmann's messages quote the bytes last read, which may be a cookie's value.
TEST_F(OutsideAttack, BadJsonSaysWhereParsingFailedNotWhatWasRead) {
    const std::string secret = kSecretValue;
    const std::vector<std::string> payloads{
        R"({"id":1,"type":"cookie.changed","event":{"cookie":{"value":")" + secret + "\x01\"}}}",
        R"({"id":1,"type":"cookie.changed","event":{"cookie":{"value":")" + secret + "\\x\"}}}",
        R"({"id":1,"value":)" + secret + "}",
        R"({"id":1,"value":")" + secret,
        R"({"id":1,"value":")" + secret + "\"\xff}",
    };
    HostProcess host = start();
    for (const auto& payload : payloads) {
        host.send_frame(payload);
        auto reply = host.receive(5s);
        ASSERT_TRUE(reply) << host.stderr_text();
        EXPECT_EQ((*reply)["error"]["code"], "bad_json") << reply->dump();
        std::string message = (*reply)["error"]["message"];
        EXPECT_EQ(message.find("SECRET"), std::string::npos) << message;
        EXPECT_NE(message.find("byte"), std::string::npos) << "says where: " << message;
    }
    expect_still_serving(host);
    host.close_stdin();
    host.wait_exit();
    EXPECT_EQ(host.stderr_text().find("SECRET"), std::string::npos);
}

// Defect 5: path and storeId had no bound; a logged row over 1 MiB made every page that
// reached it answer `internal`, even with limit 1.
TEST_F(OutsideAttack, HugePathAndStoreIdAreBoundedAndTheLogStillPages) {
    HostProcess host = start();
    json event = cookie_event("kk.dk", "_ga", "kk.dk");
    event["cookie"]["path"] = "/" + std::string(1536 * 1024, 'p');
    event["cookie"]["storeId"] = std::string(1536 * 1024, 's');
    json answer = host.request({{"id", 1}, {"type", "cookie.changed"}, {"event", event}}, 15s);
    EXPECT_EQ(answer["ok"], true) << answer.dump().substr(0, 300);
    for (int limit : {1, 100}) {
        json page = host.request({{"id", 2}, {"type", "log.query"}, {"limit", limit}}, 15s);
        ASSERT_EQ(page["ok"], true) << page.dump().substr(0, 300);
        ASSERT_EQ(page["events"].size(), 1u);
        EXPECT_LE(page["events"][0]["path"].get<std::string>().size(), 1024u);
        EXPECT_LE(page["events"][0]["store"].get<std::string>().size(), 64u);
    }
    host.close_stdin();
    EXPECT_EQ(host.wait_exit(), 0) << host.stderr_text();
}

// Defect 11: site.visit with ever new tab ids and no site.leave grew the host by ~99 MB.
TEST_F(OutsideAttack, TabTrackingStaysBounded) {
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "resident memory is not meaningful under AddressSanitizer";
#endif
    HostProcess host = start();
    expect_still_serving(host);
    const long baseline_kib = status_kib(host.pid(), "VmRSS");
    constexpr int kVisits = 300'000, kBurst = 1000;
    for (int sent = 0; sent < kVisits; sent += kBurst) {
        std::string burst;
        for (int i = sent; i < sent + kBurst; ++i) {
            std::string frame = json{
                {"id", i},
                {"type", "site.visit"},
                {"site", "s" + std::to_string(i % 5000) + ".example"},
                {"tabId", i}}.dump();
            auto length = static_cast<std::uint32_t>(frame.size());
            burst.append(reinterpret_cast<const char*>(&length), 4);
            burst.append(frame);
        }
        host.send_bytes(burst);
        for (int i = 0; i < kBurst; ++i)
            ASSERT_TRUE(host.receive_payload(30s)) << host.stderr_text();
    }
    const long peak_kib = status_kib(host.pid(), "VmHWM");
    EXPECT_LT(peak_kib - baseline_kib, 16 * 1024)
        << "baseline " << baseline_kib << " KiB, peak " << peak_kib << " KiB";
    // The newest tabs are still tracked: leaving the last one's site is known.
    json left = host.request({{"id", 1},
                              {"type", "site.leave"},
                              {"site", "s" + std::to_string((kVisits - 1) % 5000) + ".example"},
                              {"tabId", kVisits - 1}});
    EXPECT_EQ(left["ok"], true);
    host.close_stdin();
    EXPECT_EQ(host.wait_exit(), 0) << host.stderr_text();
}

}  // namespace
}  // namespace cw::test
