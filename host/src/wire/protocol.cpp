#include "wire/protocol.hpp"

#include <cmath>

namespace cw {

std::string_view to_string(ErrorCode code) {
    switch (code) {
        case ErrorCode::bad_json:
            return "bad_json";
        case ErrorCode::bad_request:
            return "bad_request";
        case ErrorCode::unknown_type:
            return "unknown_type";
        case ErrorCode::frame_too_large:
            return "frame_too_large";
        case ErrorCode::not_found:
            return "not_found";
        case ErrorCode::forbidden:
            return "forbidden";
        case ErrorCode::unavailable:
            return "unavailable";
        case ErrorCode::internal:
            return "internal";
    }
    return "internal";
}

bool acceptable_id(const json& id) {
    return id.is_number() ||
           (id.is_string() && id.get_ref<const std::string&>().size() <= kMaxIdBytes);
}

json make_reply(const json& id, json result) {
    json reply = json::object();
    reply["id"] = id;
    reply["ok"] = true;
    if (result.is_object()) {
        for (auto& [key, value] : result.items()) {
            if (key != "id" && key != "ok")
                reply[key] = std::move(value);
        }
    }
    return reply;
}

json make_error(const json& id, ErrorCode code, std::string_view message) {
    return {{"id", id},
            {"ok", false},
            {"error", {{"code", to_string(code)}, {"message", std::string(message)}}}};
}

namespace {

const json* field_of(const json& obj, std::string_view field) {
    if (!obj.is_object())
        return nullptr;
    auto it = obj.find(field);
    if (it == obj.end() || it->is_null())
        return nullptr;
    return &*it;
}

[[noreturn]] void wrong_type(std::string_view field, std::string_view expected) {
    throw ProtocolError(ErrorCode::bad_request,
                        "field '" + std::string(field) + "' must be " + std::string(expected));
}

[[noreturn]] void missing(std::string_view field, std::string_view expected) {
    throw ProtocolError(
        ErrorCode::bad_request,
        "field '" + std::string(field) + "' is required and must be " + std::string(expected));
}

}  // namespace

const std::string& required_string(const json& obj, std::string_view field) {
    const json* v = field_of(obj, field);
    if (!v)
        missing(field, "a string");
    if (!v->is_string())
        wrong_type(field, "a string");
    return v->get_ref<const std::string&>();
}

std::optional<std::string> optional_string(const json& obj, std::string_view field) {
    const json* v = field_of(obj, field);
    if (!v)
        return std::nullopt;
    if (!v->is_string())
        wrong_type(field, "a string");
    return v->get<std::string>();
}

std::optional<bool> optional_bool(const json& obj, std::string_view field) {
    const json* v = field_of(obj, field);
    if (!v)
        return std::nullopt;
    if (!v->is_boolean())
        wrong_type(field, "true or false");
    return v->get<bool>();
}

std::optional<double> optional_number(const json& obj, std::string_view field) {
    const json* v = field_of(obj, field);
    if (!v)
        return std::nullopt;
    if (!v->is_number())
        wrong_type(field, "a number");
    double d = v->get<double>();
    if (!std::isfinite(d))
        wrong_type(field, "a finite number");
    return d;
}

std::optional<std::int64_t> optional_integer(const json& obj, std::string_view field) {
    const json* v = field_of(obj, field);
    if (!v)
        return std::nullopt;
    if (v->is_number_integer())
        return v->get<std::int64_t>();
    if (v->is_number_float()) {
        double d = v->get<double>();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) {
            return static_cast<std::int64_t>(d);
        }
    }
    wrong_type(field, "a whole number");
}

const json& required_object(const json& obj, std::string_view field) {
    const json* v = field_of(obj, field);
    if (!v)
        missing(field, "an object");
    if (!v->is_object())
        wrong_type(field, "an object");
    return *v;
}

const json& required_array(const json& obj, std::string_view field) {
    const json* v = field_of(obj, field);
    if (!v)
        missing(field, "an array");
    if (!v->is_array())
        wrong_type(field, "an array");
    return *v;
}

}  // namespace cw
