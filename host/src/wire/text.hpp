#pragma once
// Text from outside (names, sites, browsers) as the host keeps and shows it: cut only between
// characters, made valid UTF-8 before JSON sees it, and shown on a terminal without control
// characters that could move the cursor, recolour the screen or reorder a line.

#include <cstddef>
#include <string>
#include <string_view>

namespace cw {

// The longest prefix of `text` of at most `max_bytes` that does not end inside a UTF-8
// character (a cut never leaves half a character behind).
std::string_view cut_utf8(std::string_view text, std::size_t max_bytes);

// `text` with every byte that is not part of a valid UTF-8 character replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

// `text` for a terminal: C0 and C1 controls and DEL as \xNN (\t \r \n as themselves escaped),
// the bidirectional controls (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069) as \uNNNN, and
// bytes that are not UTF-8 as \xNN. A backslash is doubled, so the output reads back unambiguously.
std::string for_terminal(std::string_view text);

}  // namespace cw
