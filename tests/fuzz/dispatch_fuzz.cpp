// Any bytes as a request payload, dispatched to every verb the host registers (over an
// in-memory database): the dispatcher must always produce one well-formed reply that fits in
// an output frame, and never crash.

#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "verbs/features.hpp"
#include "wire/dispatcher.hpp"
#include "wire/framing.hpp"

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Host* host = new Host;
    std::string_view payload(reinterpret_cast<const char*>(data), size);
    std::vector<cw::PendingReply> replies{host->dispatcher.serve_frame(payload)};
    host->features.end_batch(replies);
    host->io.poll();
    if (replies.front().text.size() > cw::kMaxOutputFrame)
        std::abort();
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
