// The request helpers the fast paths share (json_scan.hpp). The scanner itself is held to the
// general parser by the fast paths' table tests (cookie_events_fast_test, site_policy_verb_test).
#include "wire/json_scan.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

namespace cw {
namespace {

// The id of {"id": <value>} as request_id reads it, or nullopt when it declines.
std::optional<std::string> id_of(const std::string& value) {
    std::string text = "{\"id\": " + value + "}";
    JsonScanner in(text);
    std::string_view key;
    if (!in.begin_object() || !in.next_key(key) || key != "id")
        return std::nullopt;
    std::string_view id;
    if (!request_id(in, id))
        return std::nullopt;
    return std::string(id);
}

TEST(RequestId, KeepsWhatTheReplyWritesBackAndDeclinesTheRest) {
    struct Case {
        std::string value;
        std::optional<std::string> id;
    };
    const Case cases[] = {
        {"7", "7"},
        {"-12", "-12"},
        {"\"abc\"", "\"abc\""},  // a string keeps its quotes
        {"\"\"", "\"\""},
        {"123456789012345678", "123456789012345678"},  // 18 digits
        {"-123456789012345678", "-123456789012345678"},
        {"1234567890123456789", std::nullopt},  // 19 digits: nlohmann may write it otherwise
        {"-0", std::nullopt},                   // nlohmann writes 0
        {"1.5", std::nullopt},
        {"1e3", std::nullopt},
        {"\"a\\\"b\"", std::nullopt},  // an escape: the general path reads it
        {"null", std::nullopt},
        {"true", std::nullopt},
        {"[1]", std::nullopt},
    };
    for (const auto& c : cases)
        EXPECT_EQ(id_of(c.value), c.id) << c.value;
}

TEST(PlainInteger, NeedsAnIntegerOfAtMostEighteenDigitsAndNotMinusZero) {
    EXPECT_TRUE(plain_integer("0", true));
    EXPECT_TRUE(plain_integer("-999999999999999999", true));
    EXPECT_FALSE(plain_integer("9999999999999999999", true));
    EXPECT_FALSE(plain_integer("-0", true));
    EXPECT_FALSE(plain_integer("2", false));  // had a fraction or an exponent
}

TEST(Once, AcceptsAMemberOnlyTheFirstTime) {
    bool seen = false;
    EXPECT_TRUE(once(seen));
    EXPECT_TRUE(seen);
    EXPECT_FALSE(once(seen));
}

}  // namespace
}  // namespace cw
