// The reference host of the load driver: the least a native host can do per message. It reads
// each frame from buffered stdin, parses it with nlohmann_json and answers at once with a
// verdict of the real host's shape, one flushed write per reply: the plain loop most native
// hosts are. No classification, no decisions, no database: its rate is the ceiling of stdio
// plus JSON on this machine, against which the real host is measured. (The real host reads
// 64 KiB at a time and writes the replies of one read together, so it can beat this.)

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace {

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
    std::vector<char> body;
    for (;;) {
        std::uint32_t size;
        if (std::fread(&size, 4, 1, stdin) != 1)
            return 0;
        body.resize(size);
        if (size > 0 && std::fread(body.data(), size, 1, stdin) != 1)
            return 0;
        auto request = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
        nlohmann::json reply{{"id", nullptr}, {"ok", false}};
        try {
            if (request.is_object())
                reply = answer(request);
        } catch (const nlohmann::json::exception&) {
            // a request without the fields a cookie event has: the error reply stands
        }
        std::string out;
        append_frame(out, reply.dump());
        // One flushed write per reply, as a host that answers each message at once must do.
        if (std::fwrite(out.data(), out.size(), 1, stdout) != 1 || std::fflush(stdout) != 0)
            return 1;
    }
}
