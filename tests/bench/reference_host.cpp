// The reference host of the load driver: the least a native host can do per message. It reads
// stdin in 64 KiB reads, cuts frames, parses each request with nlohmann_json and answers with
// a verdict of the real host's shape, writing the replies of one read in one write. No
// classification, no decisions, no database: its rate is the ceiling of stdio plus JSON on
// this machine, against which the real host is measured.

#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace {

bool write_all(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(STDOUT_FILENO, bytes.data() + done, bytes.size() - done);
        if (n <= 0)
            return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

void append_frame(std::string& out, const std::string& payload) {
    auto size = static_cast<std::uint32_t>(payload.size());
    char prefix[4];
    std::memcpy(prefix, &size, 4);
    out.append(prefix, 4);
    out += payload;
}

nlohmann::json answer(const nlohmann::json& request) {
    nlohmann::json reply{{"id", request.value("id", nlohmann::json())}, {"ok", true}};
    if (request.value("type", "") == "hello") {
        reply["host"] = "cw-reference-host";
        return reply;
    }
    const auto& event = request.at("event");
    const auto& cookie = event.at("cookie");
    reply["logged"] = false;
    reply["verdict"] = {{"action", "allow"},
                        {"category", "unclassified"},
                        {"source", "none"},
                        {"thirdParty", false},
                        {"reason", "reference host: no decision made"},
                        {"rule", "default"},
                        {"site", event.value("site", cookie.value("domain", ""))}};
    return reply;
}

}  // namespace

int main() {
    std::vector<char> buffer(64 * 1024);
    std::string pending;  // bytes of an unfinished frame
    std::string out;
    for (;;) {
        ssize_t n = ::read(STDIN_FILENO, buffer.data(), buffer.size());
        if (n <= 0)
            return 0;
        pending.append(buffer.data(), static_cast<std::size_t>(n));
        std::size_t at = 0;
        out.clear();
        while (pending.size() - at >= 4) {
            std::uint32_t size;
            std::memcpy(&size, pending.data() + at, 4);
            if (pending.size() - at - 4 < size)
                break;
            auto request = nlohmann::json::parse(pending.begin() + static_cast<long>(at) + 4,
                                                 pending.begin() + static_cast<long>(at + 4 + size),
                                                 nullptr, false);
            nlohmann::json reply{{"id", nullptr}, {"ok", false}};
            try {
                if (request.is_object())
                    reply = answer(request);
            } catch (const nlohmann::json::exception&) {
                // a request without the fields a cookie event has: the error reply stands
            }
            append_frame(out, reply.dump());
            at += 4 + size;
        }
        pending.erase(0, at);
        if (!out.empty() && !write_all(out))
            return 1;
    }
}
