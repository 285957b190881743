#pragma once
// A strict reader of JSON text for the fast paths of busy verbs: no allocation, no tree. It
// knows a subset of JSON (ASCII text; strings it hands out carry no escapes; no \u escapes at
// all) and fails on anything else, bad JSON included, so that the caller can hand the message
// to the general parser, which accepts the rest and words the errors. Whatever it accepts is
// valid JSON, and the values it gives are those nlohmann would.

#include <cstddef>
#include <string_view>

namespace cw {

class JsonScanner {
  public:
    explicit JsonScanner(std::string_view text) : text_(text) {}

    // Every call returns false on failure, after which the scanner stays failed.
    bool failed() const { return failed_; }

    // Consumes '{'.
    bool begin_object();
    // The next member's key of the object being read (the ':' is consumed); false at its '}'
    // (consumed) or on failure. Keys with escapes fail.
    bool next_key(std::string_view& key);
    // Consumes `null` when it comes next and says so.
    bool take_null();
    // A string without escapes (its bytes between the quotes).
    bool string(std::string_view& out);
    bool boolean(bool& out);
    // A number's text; `integer` when it has neither fraction nor exponent.
    bool number(std::string_view& text, bool& integer);
    // A finite double.
    bool number(double& out);
    // Any value, checked as nlohmann would check it (nesting up to `depth_left` more levels).
    bool skip_value(int depth_left);
    // True when only whitespace is left.
    bool at_end();
    // The next character after whitespace, or '\0' at the end.
    char peek();

  private:
    bool fail() {
        failed_ = true;
        return false;
    }
    void skip_space();
    bool raw_string(std::string_view& out, bool allow_escapes);
    bool literal(std::string_view word);

    std::string_view text_;
    std::size_t pos_ = 0;
    bool failed_ = false;
    bool first_member_ = false;
};

// What the fast paths of two verbs share (cookie.changed, site.policy).

// Nesting the general path refuses is far deeper than this; a fast path skipping deeper
// declines.
inline constexpr int kFastSkipDepth = 32;

// Marks a member as read; false when it was already (nlohmann keeps the last of duplicate
// keys, a fast path declines).
bool once(bool& seen);

// An integer a fast path may copy as text: up to 18 digits (an int64 to nlohmann, written back
// as it came) and not "-0".
bool plain_integer(std::string_view text, bool integer);

// A request's "id" (its key just read): a string without escapes, or a plain integer.
// `id_text` is the id as the reply writes it, a string's quotes included.
bool request_id(JsonScanner& in, std::string_view& id_text);

// Deepest nesting of arrays and objects accepted in a request or a file the host reads.
inline constexpr int kMaxJsonDepth = 64;

// True when `text` nests arrays or objects deeper than kMaxJsonDepth (outside strings). Files
// the host reads (manifests, imports) are checked with this before parsing, because the
// schema validator recurses once per level.
bool nests_too_deep(std::string_view text);

// Reads the envelope of a request for a fast path: {"id": <see request_id>, "type": `type`, ...}.
// `member(key, in)` reads each other member (skipping those it does not want) and returns false
// to decline. True when the id and the type came once each and nothing follows the object.
template <class Member>
bool read_envelope(std::string_view payload, std::string_view type, std::string_view& id_text,
                   Member&& member) {
    JsonScanner in(payload);
    if (!in.begin_object())
        return false;
    bool seen_id = false, seen_type = false;
    std::string_view key;
    while (in.next_key(key)) {
        bool ok;
        if (key == "id") {
            ok = once(seen_id) && request_id(in, id_text);
        } else if (key == "type") {
            std::string_view text;
            ok = once(seen_type) && in.string(text) && text == type;
        } else {
            ok = member(key, in);
        }
        if (!ok)
            return false;
    }
    return seen_id && seen_type && in.at_end();
}

}  // namespace cw
