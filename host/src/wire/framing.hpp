#pragma once
// Native-messaging framing: a 4-byte length in native byte order, then that many bytes of
// UTF-8 JSON. The decoder is fed whatever a read returned and yields whole frames, so
// partial reads and several frames in one read need no special handling by the caller.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cw {

// Largest frame the host accepts from a browser.
inline constexpr std::size_t kMaxInputFrame = 4 * 1024 * 1024;
// Largest frame a browser accepts from a host (Chrome closes the port beyond this).
inline constexpr std::size_t kMaxOutputFrame = 1024 * 1024;

struct FrameEvent {
    enum class Kind { message, oversize };
    Kind kind = Kind::message;
    std::string payload;              // message only
    std::uint64_t declared_size = 0;  // the length prefix as read
};

class FrameDecoder {
  public:
    explicit FrameDecoder(std::size_t max_frame = kMaxInputFrame) : max_frame_(max_frame) {}

    // Consumes all of `data`; appends every event completed by it to `out`. An oversize frame
    // is reported as soon as its header is read and its body is then skipped unbuffered.
    void feed(std::span<const char> data, std::vector<FrameEvent>& out);

    // True when input so far ends inside a frame (an EOF now would cut it off).
    bool mid_frame() const { return state_ != State::header || header_fill_ != 0; }

  private:
    enum class State { header, body, skip };
    std::size_t max_frame_;
    State state_ = State::header;
    char header_[4] = {};
    std::size_t header_fill_ = 0;
    std::uint64_t remaining_ = 0;
    std::string body_;
};

// Length prefix plus payload. Throws std::length_error if payload exceeds kMaxOutputFrame.
std::string encode_frame(std::string_view payload);
// The same, appended to `out` (several frames for one write).
void append_frame(std::string& out, std::string_view payload);

}  // namespace cw
