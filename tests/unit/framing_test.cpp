#include "wire/framing.hpp"

#include <gtest/gtest.h>

#include <cstring>

namespace cw {
namespace {

std::string frame(std::string_view payload) {
    return encode_frame(payload);
}

std::string header(std::uint32_t length) {
    std::string h(4, '\0');
    std::memcpy(h.data(), &length, 4);
    return h;
}

std::vector<FrameEvent> feed_in_pieces(FrameDecoder& decoder, const std::string& bytes,
                                       std::size_t piece) {
    std::vector<FrameEvent> out;
    for (std::size_t i = 0; i < bytes.size(); i += piece) {
        decoder.feed({bytes.data() + i, std::min(piece, bytes.size() - i)}, out);
    }
    return out;
}

TEST(FrameDecoder, WholeFrameInOneRead) {
    FrameDecoder decoder;
    auto events = feed_in_pieces(decoder, frame(R"({"id":1})"), 1 << 20);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].kind, FrameEvent::Kind::message);
    EXPECT_EQ(events[0].payload, R"({"id":1})");
    EXPECT_FALSE(decoder.mid_frame());
}

class SplitReads : public ::testing::TestWithParam<std::size_t> {};

TEST_P(SplitReads, FramesSurviveAnyReadSize) {
    FrameDecoder decoder;
    std::string bytes = frame("first") + frame("") + frame(std::string(1000, 'x')) + frame("last");
    auto events = feed_in_pieces(decoder, bytes, GetParam());
    ASSERT_EQ(events.size(), 4u);
    EXPECT_EQ(events[0].payload, "first");
    EXPECT_EQ(events[1].payload, "");
    EXPECT_EQ(events[2].payload, std::string(1000, 'x'));
    EXPECT_EQ(events[3].payload, "last");
    EXPECT_FALSE(decoder.mid_frame());
}

INSTANTIATE_TEST_SUITE_P(ReadSizes, SplitReads, ::testing::Values(1, 2, 3, 4, 5, 7, 64, 4096),
                         [](const auto& param_info) {
                             return "Bytes" + std::to_string(param_info.param);
                         });

TEST(FrameDecoder, ZeroLengthFrameIsAnEmptyMessage) {
    FrameDecoder decoder;
    auto events = feed_in_pieces(decoder, header(0), 4);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].kind, FrameEvent::Kind::message);
    EXPECT_TRUE(events[0].payload.empty());
}

TEST(FrameDecoder, OversizeFrameIsReportedAndSkipped) {
    FrameDecoder decoder(16);
    std::string bytes = header(17) + std::string(17, 'z') + frame("after");
    auto events = feed_in_pieces(decoder, bytes, 5);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].kind, FrameEvent::Kind::oversize);
    EXPECT_EQ(events[0].declared_size, 17u);
    EXPECT_EQ(events[1].kind, FrameEvent::Kind::message);
    EXPECT_EQ(events[1].payload, "after");
}

TEST(FrameDecoder, OversizeIsReportedBeforeItsBodyArrives) {
    FrameDecoder decoder;
    std::vector<FrameEvent> events;
    std::string h = header(0xFFFFFFFFu);
    decoder.feed({h.data(), h.size()}, events);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].kind, FrameEvent::Kind::oversize);
    EXPECT_EQ(events[0].declared_size, 0xFFFFFFFFu);
    EXPECT_TRUE(decoder.mid_frame());
}

TEST(FrameDecoder, FrameAtExactlyTheLimitIsAccepted) {
    FrameDecoder decoder(8);
    auto events = feed_in_pieces(decoder, frame("12345678"), 3);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].kind, FrameEvent::Kind::message);
}

TEST(FrameDecoder, EofMidHeaderAndMidBodyAreDetected) {
    FrameDecoder in_header;
    std::vector<FrameEvent> events;
    in_header.feed({"\x05\x00", 2}, events);
    EXPECT_TRUE(in_header.mid_frame());

    FrameDecoder in_body;
    std::string partial = header(10) + "abc";
    in_body.feed({partial.data(), partial.size()}, events);
    EXPECT_TRUE(in_body.mid_frame());
    EXPECT_TRUE(events.empty());
}

TEST(EncodeFrame, PrefixIsNativeByteOrderLength) {
    std::string f = encode_frame("hello");
    ASSERT_EQ(f.size(), 9u);
    std::uint32_t length = 0;
    std::memcpy(&length, f.data(), 4);
    EXPECT_EQ(length, 5u);
    EXPECT_EQ(f.substr(4), "hello");
}

TEST(EncodeFrame, RefusesMoreThanOneMebibyte) {
    EXPECT_NO_THROW(encode_frame(std::string(kMaxOutputFrame, 'a')));
    EXPECT_THROW(encode_frame(std::string(kMaxOutputFrame + 1, 'a')), std::length_error);
}

}  // namespace
}  // namespace cw
