#pragma once
// The message envelope (docs/design.md, "Protocol"): one error enum, one reply builder, and typed
// access to request parameters that turns a wrong field into a `bad_request` a person can read.

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cw {

using json = nlohmann::json;

// Mirrored in schema/protocol.schema.json (#/definitions/errorCode).
enum class ErrorCode {
    bad_json,
    bad_request,
    unknown_type,
    frame_too_large,
    not_found,
    forbidden,
    unavailable,  // storage cannot be used right now (locked, read-only, full disk)
    internal,
};

std::string_view to_string(ErrorCode code);

// Thrown by handlers; the dispatcher turns it into an error reply.
class ProtocolError : public std::runtime_error {
  public:
    ProtocolError(ErrorCode code, const std::string& message)
        : std::runtime_error(message), code_(code) {}
    ErrorCode code() const { return code_; }

  private:
    ErrorCode code_;
};

// A request id is a number or a string of at most this many bytes: a longer one is refused
// without being echoed (its echo could make the error reply too large to send).
inline constexpr std::size_t kMaxIdBytes = 256;
// True for an id the host echoes: a number, or a string of at most kMaxIdBytes.
bool acceptable_id(const json& id);

// {"id": id, "ok": true, ...result}; `result` must be an object (or null for no fields).
json make_reply(const json& id, json result);
// {"id": id, "ok": false, "error": {"code", "message"}}
json make_error(const json& id, ErrorCode code, std::string_view message);

// Parameter access. Each throws ProtocolError(bad_request) naming the field when it is
// missing (required_*) or has the wrong type.
const std::string& required_string(const json& obj, std::string_view field);
std::optional<std::string> optional_string(const json& obj, std::string_view field);
std::optional<bool> optional_bool(const json& obj, std::string_view field);
std::optional<double> optional_number(const json& obj, std::string_view field);
std::optional<std::int64_t> optional_integer(const json& obj, std::string_view field);
const json& required_object(const json& obj, std::string_view field);
const json& required_array(const json& obj, std::string_view field);

}  // namespace cw
