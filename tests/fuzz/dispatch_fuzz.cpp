// Any bytes as a request payload, dispatched to every verb the host registers (over an
// in-memory database): the dispatcher must always produce one well-formed reply that fits in
// an output frame, and never crash.

#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "verbs/features.hpp"
#include "wire/dispatcher.hpp"
#include "wire/framing.hpp"
#include "wire/reply.hpp"

namespace {

struct Host {
    boost::asio::io_context io;
    cw::Dispatcher dispatcher;
    cw::StoreFeature features;

    Host() {
        // Pushes (site.clear, rules.changed) are checked the same way as replies.
        features = cw::install_features(dispatcher, io, ":memory:", {}, [](const cw::json& push) {
            auto text = push.dump(-1, ' ', false, cw::json::error_handler_t::replace);
            if (text.size() > cw::kMaxOutputFrame)
                std::abort();
        });
    }
};

// Inputs that start with byte 1 are templates for the long-string cases: each "LONG" in the
// rest becomes a string of about 1 MiB (ASCII), each "UTF8" one of 2-byte characters, so that
// ids, names, paths, store ids and sites near and past every limit reach every verb, and the
// replies they cause must still fit a frame (an echoed id once did not).
std::string expand(std::string_view text) {
    static const std::string kLong(1024 * 1024 + 7, 'x');
    static const std::string kUtf8 = [] {
        std::string run;
        for (int i = 0; i < 300'000; ++i)
            run += "\xc3\xb8";
        return run;
    }();
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        if (text.substr(i, 4) == "LONG") {
            out += kLong;
            i += 4;
        } else if (text.substr(i, 4) == "UTF8") {
            out += kUtf8;
            i += 4;
        } else {
            out += text[i++];
        }
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Host* host = new Host;
    std::string_view payload(reinterpret_cast<const char*>(data), size);
    std::string expanded;
    if (!payload.empty() && payload.front() == '\x01') {
        expanded = expand(payload.substr(1));
        payload = expanded;
    }
    std::vector<cw::PendingReply> replies{host->dispatcher.serve_frame(payload)};
    host->features.end_batch(replies);
    host->io.poll();
    if (replies.front().text.size() > cw::kMaxOutputFrame)
        std::abort();
    std::string frames;
    cw::append_reply_frame(frames, replies.front());               // must not throw
    const cw::json reply = cw::json::parse(replies.front().text);  // throws (crashes) if broken
    if (!reply.is_object() || !reply.contains("id") || !reply.contains("ok"))
        std::abort();
    if (!reply["ok"].get<bool>()) {
        const auto& error = reply.at("error");
        if (!error.at("code").is_string() || error.at("message").get<std::string>().empty()) {
            std::abort();
        }
    }
    return 0;
}
