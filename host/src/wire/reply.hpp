#pragma once
// A reply as it waits for the end of its batch: its JSON text, already rendered, and where in
// that text it says `"logged":true`. The host commits a batch's events before any of its
// replies leave; if that commit fails, the replies that claimed their events were logged are
// corrected in place, without parsing or rendering them again.

#include <cstddef>
#include <string>
#include <string_view>

#include "wire/protocol.hpp"

namespace cw {

struct PendingReply {
    std::string text;
    // Offset of the `true` of a top-level `"logged":true`, or npos.
    std::size_t logged_at = std::string::npos;

    bool claims_logged() const { return logged_at != std::string::npos; }
    // Turns `"logged":true` into `"logged":false`.
    void mark_unlogged();
};

// Renders a reply built as JSON (any verb's). A top-level `"logged": true` is written first so
// that its place is known. A reply over the 1 MiB output limit becomes an `internal` error with
// the same id (requests) or an empty text (pushes, which have no id: the caller drops them).
PendingReply render_reply(const json& reply);

// Appends `reply` as one frame; a reply over the 1 MiB output limit is sent as an `internal`
// error (id null) instead, never an exception that would end the host.
void append_reply_frame(std::string& out, const PendingReply& reply);

// Appends `text` as a JSON string, exactly as nlohmann's dump() would write it (no escaping of
// non-ASCII; invalid UTF-8 replaced by U+FFFD).
void append_json_string(std::string& out, std::string_view text);

}  // namespace cw
