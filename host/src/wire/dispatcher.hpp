#pragma once
// Routes a request to the handler registered for its `type` and wraps the outcome in the
// envelope of docs/design.md, "Protocol". Every failure becomes an error reply; nothing escapes.

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "wire/json_scan.hpp"
#include "wire/protocol.hpp"
#include "wire/reply.hpp"

namespace cw {

class Dispatcher {
  public:
    // Gets the whole request object; returns the result fields (an object) or throws
    // ProtocolError.
    using Handler = std::function<json(const json& request)>;

    void add(std::string type, Handler handler);
    // A fast path for one verb's most common requests: it reads the payload itself and renders
    // the reply text, or returns false, having changed nothing, for anything it does not fully
    // understand (errors included), which then takes the general path above. For a request it
    // takes, its reply must equal the general path's.
    using FastHandler = std::function<bool(std::string_view payload, PendingReply& reply)>;
    void add_fast(FastHandler handler);
    bool has(std::string_view type) const;
    std::vector<std::string> types() const;

    // Parses a frame's payload and handles it. Always returns a reply.
    json handle_frame(std::string_view payload);
    // The same, rendered for sending, through a fast path when one takes the request.
    PendingReply serve_frame(std::string_view payload);
    // Handles an already parsed request. Always returns a reply.
    json handle(const json& request);

  private:
    std::map<std::string, Handler, std::less<>> handlers_;
    std::vector<FastHandler> fast_handlers_;
};

// Parses JSON text with the limits the host applies to anything it reads (nesting depth).
// Throws ProtocolError(bad_json or bad_request) with a message for people.
json parse_json_message(std::string_view text);

}  // namespace cw
