#include "wire/json_scan.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>

#include "wire/protocol.hpp"

namespace cw {

void JsonScanner::skip_space() {
    while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            return;
        ++pos_;
    }
}

char JsonScanner::peek() {
    skip_space();
    return pos_ < text_.size() ? text_[pos_] : '\0';
}

bool JsonScanner::at_end() {
    skip_space();
    return !failed_ && pos_ == text_.size();
}

bool JsonScanner::begin_object() {
    if (failed_ || peek() != '{')
        return fail();
    ++pos_;
    first_member_ = true;
    return true;
}

bool JsonScanner::next_key(std::string_view& key) {
    if (failed_)
        return false;
    char c = peek();
    if (c == '}') {
        ++pos_;
        first_member_ = false;
        return false;
    }
    if (!first_member_) {
        if (c != ',')
            return fail();
        ++pos_;
    }
    first_member_ = false;
    if (!raw_string(key, false))
        return false;
    if (peek() != ':')
        return fail();
    ++pos_;
    return true;
}

bool JsonScanner::raw_string(std::string_view& out, bool allow_escapes) {
    if (failed_ || peek() != '"')
        return fail();
    std::size_t start = ++pos_;
    while (pos_ < text_.size()) {
        auto c = static_cast<unsigned char>(text_[pos_]);
        if (c == '"') {
            out = text_.substr(start, pos_ - start);
            ++pos_;
            return true;
        }
        // Control characters are bad JSON; other bytes need UTF-8 checks: the general path's.
        if (c < 0x20 || c >= 0x80)
            return fail();
        if (c == '\\') {
            if (!allow_escapes || pos_ + 1 >= text_.size())
                return fail();
            char e = text_[pos_ + 1];
            if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' &&
                e != 't') {
                return fail();  // \u (surrogate rules) and invalid escapes
            }
            pos_ += 2;
            continue;
        }
        ++pos_;
    }
    return fail();  // unterminated
}

bool JsonScanner::string(std::string_view& out) {
    return raw_string(out, false);
}

bool JsonScanner::literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word)
        return fail();
    pos_ += word.size();
    return true;
}

bool JsonScanner::take_null() {
    if (failed_ || peek() != 'n')
        return false;
    return literal("null");
}

bool JsonScanner::boolean(bool& out) {
    char c = peek();
    if (failed_)
        return false;
    if (c == 't') {
        out = true;
        return literal("true");
    }
    if (c == 'f') {
        out = false;
        return literal("false");
    }
    return fail();
}

bool JsonScanner::number(std::string_view& text, bool& integer) {
    if (failed_)
        return false;
    skip_space();
    std::size_t start = pos_;
    auto digit = [this] { return pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9'; };
    auto at = [this](char c) { return pos_ < text_.size() && text_[pos_] == c; };
    if (at('-'))
        ++pos_;
    if (at('0')) {
        ++pos_;
    } else if (digit()) {
        while (digit())
            ++pos_;
    } else {
        return fail();
    }
    integer = true;
    if (at('.')) {
        integer = false;
        ++pos_;
        if (!digit())
            return fail();
        while (digit())
            ++pos_;
    }
    if (at('e') || at('E')) {
        integer = false;
        ++pos_;
        if (at('+') || at('-'))
            ++pos_;
        if (!digit())
            return fail();
        while (digit())
            ++pos_;
    }
    text = text_.substr(start, pos_ - start);
    return true;
}

bool JsonScanner::number(double& out) {
    std::string_view text;
    bool integer = false;
    if (!number(text, integer))
        return false;
    // nlohmann refuses numbers that overflow a double; underflow is left to it too.
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(out))
        return fail();
    out += 0.0;  // -0 is the integer 0 to nlohmann
    return true;
}

bool JsonScanner::skip_value(int depth_left) {
    char c = peek();
    if (failed_)
        return false;
    switch (c) {
        case '"': {
            std::string_view ignored;
            return raw_string(ignored, true);
        }
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        case '{': {
            if (depth_left <= 0)
                return fail();
            ++pos_;
            first_member_ = true;
            std::string_view key;
            while (next_key(key)) {
                if (!skip_value(depth_left - 1))
                    return false;
            }
            return !failed_;
        }
        case '[': {
            if (depth_left <= 0)
                return fail();
            ++pos_;
            if (peek() == ']') {
                ++pos_;
                return true;
            }
            for (;;) {
                if (!skip_value(depth_left - 1))
                    return false;
                char next = peek();
                ++pos_;
                if (next == ']')
                    return true;
                if (next != ',')
                    return fail();
            }
        }
        default: {
            double ignored;
            return number(ignored);
        }
    }
}

bool once(bool& seen) {
    if (seen)
        return false;
    seen = true;
    return true;
}

bool plain_integer(std::string_view text, bool integer) {
    constexpr std::size_t kMaxIntegerText = 18;
    std::size_t digits = text.size() - (text.starts_with('-') ? 1 : 0);
    return integer && digits <= kMaxIntegerText && text != "-0";
}

bool request_id(JsonScanner& in, std::string_view& id_text) {
    if (in.peek() == '"') {
        std::string_view text;
        if (!in.string(text) || text.size() > kMaxIdBytes)
            return false;                              // a long id: the general path refuses it
        id_text = {text.data() - 1, text.size() + 2};  // with its quotes
        return true;
    }
    bool integer = false;
    return in.number(id_text, integer) && plain_integer(id_text, integer);
}

namespace {

// A scan outside string literals, so deeply nested input is refused before any recursion.
int max_depth(std::string_view text) {
    int depth = 0, deepest = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
            if (deepest > kMaxJsonDepth)
                return deepest;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return deepest;
}

}  // namespace

bool nests_too_deep(std::string_view text) {
    return max_depth(text) > kMaxJsonDepth;
}

}  // namespace cw
