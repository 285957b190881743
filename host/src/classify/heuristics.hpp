#pragma once
// Rules for cookies that no manifest or catalogue entry names: what the name says (tokens such
// as "session", "csrf", "consent", "lang", "utm", "pixel"), then what the cookie's attributes
// and party say. Each rule has a reason that is shown to the user. docs/classification.md
// lists them and why each is defensible.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classify/classification.hpp"

namespace cw {

struct HeuristicVerdict {
    Category category;
    std::string_view reason;  // a sentence for people, static storage
    // What decided, static storage: the fragment or word of the name that matched ("kurv"),
    // or the attributes ("HttpOnly, first party").
    std::string_view pattern;
    bool by_name = false;  // decided by the name rather than the attributes
};

// `now` is seconds since the epoch (to turn expirationDate into a lifetime).
std::optional<HeuristicVerdict> classify_by_heuristics(const CookieFacts& cookie, bool third_party,
                                                       double now);

// Lower-case word pieces of a cookie name: split at punctuation, at lower-to-upper case
// changes and between letters and digits. "ASP.NET_SessionId" -> asp net session id.
std::vector<std::string> name_tokens(std::string_view name);

}  // namespace cw
