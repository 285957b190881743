#pragma once
// The stdio transport: stdin and stdout as Asio streams (platform::StdioStream: stream
// descriptors on POSIX, a blocking thread per pipe on Windows), one reader coroutine, one
// writer coroutine and a write queue between them (the pattern of Asio's cpp20 chat server).

// clang-format off
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it
// clang-format on

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstddef>
#include <deque>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "stdio_stream.hpp"
#include "wire/framing.hpp"
#include "wire/protocol.hpp"

namespace cw {

namespace asio = boost::asio;

// The reader stops taking input while more than this many reply bytes wait to be written,
// so a caller that writes faster than it reads cannot grow the host's memory without bound.
inline constexpr std::size_t kWriteQueueHighWater = 8 * 1024 * 1024;
// A group of frames (handled, committed and answered together) ends once its replies reach
// this many bytes, so the queue can exceed the mark by at most this plus one reply (at most
// 1 MiB) before reading pauses. Small replies (cookie events) make groups of a whole read,
// which is what lets one commit serve a hundred events.
inline constexpr std::size_t kGroupReplyBytes = 1024 * 1024;

class StdioTransport {
  public:
    // Handles a group taken from the front of `frames` (at least one) and returns its size.
    using FramesHandler = std::function<std::size_t(std::span<FrameEvent> frames)>;

    // Takes ownership of both descriptors.
    StdioTransport(asio::io_context& io, int in_fd, int out_fd);

    // Reads until EOF, an error or shutdown(); hands the complete frames of each read to
    // `handler`, again while it leaves some, pausing while the write queue is too full.
    asio::awaitable<void> read_loop(FramesHandler handler);
    // Writes queued frames in order until shutdown() and the queue is empty.
    asio::awaitable<void> write_loop();

    // Queues one message. Never throws: a message over the 1 MiB output limit is replaced by
    // an `internal` error reply (for requests) or dropped with a diagnostic (for pushes).
    void send(const json& message);
    // Queues frames already encoded (length prefixes and payloads, each within the limit):
    // the replies of one group, written with whatever else is queued in one write.
    void send_frames(std::string frames);

    // Stops reading; the writer flushes what is queued and then ends.
    void shutdown();

    // True when the input ended inside a frame.
    bool input_cut_mid_frame() const { return decoder_.mid_frame(); }

  private:
    platform::StdioStream in_;
    platform::StdioStream out_;
    asio::steady_timer wake_writer_;
    asio::steady_timer wake_reader_;
    FrameDecoder decoder_;
    std::deque<std::string> queue_;
    std::size_t queued_bytes_ = 0;
    bool closing_ = false;
};

}  // namespace cw
