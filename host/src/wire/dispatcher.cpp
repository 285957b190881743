#include "wire/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include "wire/text.hpp"

namespace cw {

void Dispatcher::add(std::string type, Handler handler) {
    handlers_.insert_or_assign(std::move(type), std::move(handler));
}

void Dispatcher::add_fast(FastHandler handler) {
    fast_handlers_.push_back(std::move(handler));
}

bool Dispatcher::has(std::string_view type) const {
    return handlers_.find(type) != handlers_.end();
}

std::vector<std::string> Dispatcher::types() const {
    std::vector<std::string> out;
    for (const auto& [type, handler] : handlers_)
        out.push_back(type);
    return out;
}

namespace {

// nlohmann's messages start with "[json.exception.parse_error.101] "; people need the rest.
std::string readable(const std::exception& e) {
    std::string what = e.what();
    if (what.rfind("[json.exception.", 0) == 0) {
        auto close = what.find("] ");
        if (close != std::string::npos)
            what.erase(0, close + 2);
    }
    return what;
}

}  // namespace

json parse_json_message(std::string_view text) {
    if (nests_too_deep(text)) {
        throw ProtocolError(ErrorCode::bad_request,
                            "the message nests arrays or objects more than " +
                                std::to_string(kMaxJsonDepth) + " levels deep");
    }
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        // nlohmann's own message quotes the bytes it last read, which may be a cookie's value:
        // say where the text went wrong, never what it said there.
        throw ProtocolError(ErrorCode::bad_json,
                            "the message is not valid JSON: it goes wrong "
                            "at byte " +
                                std::to_string(e.byte) + " of " + std::to_string(text.size()));
    } catch (const json::exception&) {
        // out_of_range: a number too large for a double.
        throw ProtocolError(ErrorCode::bad_json,
                            "the message is not valid JSON: a number is too large");
    }
}

json Dispatcher::handle_frame(std::string_view payload) {
    json request;
    try {
        request = parse_json_message(payload);
    } catch (const ProtocolError& e) {
        return make_error(nullptr, e.code(), e.what());
    }
    return handle(request);
}

PendingReply Dispatcher::serve_frame(std::string_view payload) {
    PendingReply reply;
    for (const auto& fast : fast_handlers_) {
        if (fast(payload, reply))
            return reply;
    }
    return render_reply(handle_frame(payload));
}

json Dispatcher::handle(const json& request) {
    if (!request.is_object()) {
        return make_error(
            nullptr, ErrorCode::bad_request,
            "a request must be a JSON object, not " +
                std::string(request.type_name() == std::string("array") ? "an array"
                                                                        : request.type_name()));
    }
    json id = nullptr;
    if (auto it = request.find("id"); it != request.end()) {
        if (acceptable_id(*it))
            id = *it;
        else
            return make_error(nullptr, ErrorCode::bad_request,
                              "field 'id' must be a number or a string of at most " +
                                  std::to_string(kMaxIdBytes) + " bytes");
    } else {
        return make_error(nullptr, ErrorCode::bad_request, "field 'id' is required");
    }
    auto type_it = request.find("type");
    if (type_it == request.end() || type_it->is_null()) {
        return make_error(id, ErrorCode::bad_request,
                          "field 'type' is required: it names the verb");
    }
    if (!type_it->is_string()) {
        return make_error(id, ErrorCode::bad_request, "field 'type' must be a string");
    }
    const auto& type = type_it->get_ref<const std::string&>();
    auto handler = handlers_.find(type);
    if (handler == handlers_.end()) {
        std::string shown = type.size() > 64 ? std::string(cut_utf8(type, 64)) + "..." : type;
        return make_error(id, ErrorCode::unknown_type, "unknown message type '" + shown + "'");
    }
    try {
        return make_reply(id, handler->second(request));
    } catch (const ProtocolError& e) {
        return make_error(id, e.code(), e.what());
    } catch (const json::type_error& e) {
        return make_error(id, ErrorCode::bad_request, "a field has the wrong type: " + readable(e));
    } catch (const json::exception& e) {
        return make_error(id, ErrorCode::bad_request, readable(e));
    } catch (const std::exception& e) {
        spdlog::error("handler for '{}' failed: {}", type, e.what());
        return make_error(id, ErrorCode::internal, "the host failed to handle this request");
    }
}

}  // namespace cw
