// Any bytes as a request payload: the dispatcher must always produce one well-formed reply
// that fits in an output frame, and never crash.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "dispatcher.hpp"
#include "framing.hpp"
#include "hello.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static cw::Dispatcher* dispatcher = [] {
        auto* d = new cw::Dispatcher;
        cw::register_hello(*d, {});
        return d;
    }();
    std::string_view payload(reinterpret_cast<const char*>(data), size);
    cw::json reply = dispatcher->handle_frame(payload);
    if (!reply.is_object() || !reply.contains("id") || !reply.contains("ok")) std::abort();
    if (!reply["ok"].get<bool>()) {
        const auto& error = reply.at("error");
        if (!error.at("code").is_string() || error.at("message").get<std::string>().empty()) {
            std::abort();
        }
    }
    auto text = reply.dump(-1, ' ', false, cw::json::error_handler_t::replace);
    if (text.size() > cw::kMaxOutputFrame) std::abort();
    return 0;
}
