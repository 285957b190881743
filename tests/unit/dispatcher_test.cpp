#include "wire/dispatcher.hpp"

#include <gtest/gtest.h>

#include "schema_check.hpp"
#include "verbs/hello.hpp"

namespace cw {
namespace {

class DispatcherTest : public ::testing::Test {
  protected:
    void SetUp() override {
        register_hello(dispatcher, {});
        dispatcher.add("echo", [](const json& request) {
            return json{{"text", required_string(request, "text")},
                        {"count", optional_integer(request, "count").value_or(0)}};
        });
        dispatcher.add("boom",
                       [](const json&) -> json { throw std::runtime_error("secret detail"); });
        dispatcher.add("missing", [](const json&) -> json {
            throw ProtocolError(ErrorCode::not_found, "no rule for example.org");
        });
    }
    Dispatcher dispatcher;
    JsonSchema reply_schema = test::load_schema("protocol.schema.json", "reply");
};

struct BadRequestCase {
    std::string name;
    std::string payload;
    std::string code;
    json id;
};

void PrintTo(const BadRequestCase& c, std::ostream* os) {
    *os << c.name;
}

class BadRequests : public DispatcherTest, public ::testing::WithParamInterface<BadRequestCase> {};

TEST_P(BadRequests, GetAnErrorReplyWithTheRightCode) {
    const auto& c = GetParam();
    json reply = dispatcher.handle_frame(c.payload);
    EXPECT_TRUE(test::matches_schema(reply_schema, reply));
    EXPECT_EQ(reply["ok"], false);
    EXPECT_EQ(reply["error"]["code"], c.code);
    EXPECT_EQ(reply["id"], c.id);
    EXPECT_FALSE(reply["error"]["message"].get<std::string>().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Envelope, BadRequests,
    ::testing::Values(
        BadRequestCase{"NotJson", "{not json", "bad_json", nullptr},
        BadRequestCase{"EmptyPayload", "", "bad_json", nullptr},
        BadRequestCase{"InvalidUtf8", "{\"id\":1,\"type\":\"h\xff\"}", "bad_json", nullptr},
        BadRequestCase{"HugeNumber", R"({"id":1,"type":"hello","x":2e2222})", "bad_json", nullptr},
        BadRequestCase{"TrailingGarbage", R"({"id":1,"type":"hello"} x)", "bad_json", nullptr},
        BadRequestCase{"Array", "[1,2]", "bad_request", nullptr},
        BadRequestCase{"String", "\"hello\"", "bad_request", nullptr},
        BadRequestCase{"MissingId", R"({"type":"hello"})", "bad_request", nullptr},
        BadRequestCase{"ObjectId", R"({"id":{},"type":"hello"})", "bad_request", nullptr},
        BadRequestCase{"MissingType", R"({"id":7})", "bad_request", 7},
        BadRequestCase{"NumericType", R"({"id":7,"type":3})", "bad_request", 7},
        BadRequestCase{"UnknownType", R"({"id":"a","type":"cookies.eat"})", "unknown_type", "a"},
        BadRequestCase{"WrongFieldType", R"({"id":2,"type":"echo","text":5})", "bad_request", 2},
        BadRequestCase{"MissingField", R"({"id":2,"type":"echo"})", "bad_request", 2},
        BadRequestCase{"FractionalInteger", R"({"id":2,"type":"echo","text":"a","count":1.5})",
                       "bad_request", 2},
        BadRequestCase{"HandlerNotFound", R"({"id":3,"type":"missing"})", "not_found", 3},
        BadRequestCase{"HandlerCrash", R"({"id":4,"type":"boom"})", "internal", 4},
        BadRequestCase{"DeepNesting",
                       "{\"id\":1,\"type\":\"echo\",\"x\":" + std::string(100000, '[') +
                           std::string(100000, ']') + "}",
                       "bad_request", nullptr}),
    [](const auto& param_info) { return param_info.param.name; });

TEST_F(DispatcherTest, InternalErrorsDoNotLeakDetails) {
    json reply = dispatcher.handle_frame(R"({"id":4,"type":"boom"})");
    EXPECT_EQ(reply["error"]["message"].get<std::string>().find("secret"), std::string::npos);
}

TEST_F(DispatcherTest, ReplyCarriesResultFieldsAndTheSameId) {
    json reply = dispatcher.handle_frame(R"({"id":"x-1","type":"echo","text":"hi","count":3})");
    EXPECT_TRUE(test::matches_schema(reply_schema, reply));
    EXPECT_EQ(reply, (json{{"id", "x-1"}, {"ok", true}, {"text", "hi"}, {"count", 3}}));
}

TEST_F(DispatcherTest, HelloMatchesItsSchema) {
    json reply = dispatcher.handle_frame(R"({"id":1,"type":"hello","browser":"chromium"})");
    EXPECT_TRUE(
        test::matches_schema(test::load_schema("protocol.schema.json", "helloReply"), reply));
    EXPECT_EQ(reply["protocol"], 1);
}

TEST_F(DispatcherTest, HelloRejectsWrongBrowserType) {
    json reply = dispatcher.handle_frame(R"({"id":1,"type":"hello","browser":42})");
    EXPECT_EQ(reply["error"]["code"], "bad_request");
}

TEST(ParseJsonMessage, DepthAtTheLimitIsAccepted) {
    std::string text = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
    EXPECT_NO_THROW(parse_json_message(text));
    EXPECT_THROW(parse_json_message("[" + text + "]"), ProtocolError);
}

TEST(ParseJsonMessage, BracketsInsideStringsDoNotCount) {
    std::string text = "{\"a\":\"" + std::string(1000, '[') + "\\\"\"}";
    EXPECT_NO_THROW(parse_json_message(text));
}

}  // namespace
}  // namespace cw
