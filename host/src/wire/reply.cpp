#include "wire/reply.hpp"

#include <spdlog/spdlog.h>

#include "wire/framing.hpp"

namespace cw {

namespace {

std::string dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

void PendingReply::mark_unlogged() {
    if (!claims_logged())
        return;
    text.replace(logged_at, 4, "false");
    logged_at = std::string::npos;
}

PendingReply render_reply(const json& reply) {
    PendingReply out;
    auto logged = reply.is_object() ? reply.find("logged") : reply.end();
    if (reply.is_object() && logged != reply.end() && logged->is_boolean() && logged->get<bool>()) {
        json rest = reply;
        rest.erase("logged");
        std::string body = dump(rest);  // "{...}" or "{}"
        constexpr std::string_view kLogged = "{\"logged\":true";
        out.text.reserve(body.size() + kLogged.size() + 1);
        out.text.append(kLogged);
        if (body.size() > 2)
            out.text.push_back(',');
        out.text.append(body, 1);
        out.logged_at = kLogged.size() - 4;
    } else {
        out.text = dump(reply);
    }
    if (out.text.size() <= kMaxOutputFrame)
        return out;
    if (reply.is_object() && reply.contains("id")) {
        spdlog::error("reply of {} bytes exceeds the output limit; sending an error instead",
                      out.text.size());
        const json& id = reply["id"];
        return {dump(make_error(acceptable_id(id) ? id : json(nullptr), ErrorCode::internal,
                                "the reply was too large to send; ask for a smaller page")),
                std::string::npos};
    }
    spdlog::error("push of {} bytes exceeds the output limit; dropped", out.text.size());
    return {};
}

void append_reply_frame(std::string& out, const PendingReply& reply) {
    if (reply.text.size() <= kMaxOutputFrame) {
        append_frame(out, reply.text);
        return;
    }
    // Every path bounds its replies; should one still not fit, the caller gets an error reply
    // instead of a host that stops.
    spdlog::error("a reply of {} bytes exceeds the output limit; sending an error instead",
                  reply.text.size());
    append_frame(out, dump(make_error(nullptr, ErrorCode::internal,
                                      "the reply was too large to send; ask for a smaller page")));
}

void append_json_string(std::string& out, std::string_view text) {
    for (unsigned char c : text) {
        if (c >= 0x80) {
            // Rare here (names and rules are ASCII); nlohmann knows how to check UTF-8.
            out += dump(json(std::string(text)));
            return;
        }
    }
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    for (unsigned char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out.push_back(kHex[c >> 4]);
                    out.push_back(kHex[c & 0xf]);
                } else {
                    out.push_back(static_cast<char>(c));
                }
        }
    }
    out.push_back('"');
}

}  // namespace cw
