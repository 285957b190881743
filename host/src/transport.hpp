#pragma once
// The stdio transport on POSIX: stdin and stdout as Asio stream descriptors, one reader
// coroutine, one writer coroutine and a write queue between them (the pattern of Asio's
// cpp20 chat server). A Windows transport would replace this unit only.

#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "framing.hpp"
#include "protocol.hpp"

namespace cw {

namespace asio = boost::asio;

// The reader stops taking input while more than this many reply bytes wait to be written,
// so a caller that writes faster than it reads cannot grow the host's memory without bound.
inline constexpr std::size_t kWriteQueueHighWater = 8 * 1024 * 1024;
// Frames are handed to the handler at most this many at a time, so the queue can exceed the
// mark by at most this many replies (each at most 1 MiB) before reading pauses.
inline constexpr std::size_t kFramesPerGroup = 16;

class StdioTransport {
public:
    using FramesHandler = std::function<void(std::vector<FrameEvent>& events)>;

    // Takes ownership of both descriptors.
    StdioTransport(asio::io_context& io, int in_fd, int out_fd);

    // Reads until EOF, an error or shutdown(); hands complete frames to
    // `handler` in groups of at most kFramesPerGroup.
    asio::awaitable<void> read_loop(FramesHandler handler);
    // Writes queued frames in order until shutdown() and the queue is empty.
    asio::awaitable<void> write_loop();

    // Queues one message. Never throws: a message over the 1 MiB output limit is replaced by
    // an `internal` error reply (for requests) or dropped with a diagnostic (for pushes).
    void send(const json& message);

    // Stops reading; the writer flushes what is queued and then ends.
    void shutdown();

    // True when the input ended inside a frame.
    bool input_cut_mid_frame() const { return decoder_.mid_frame(); }

private:
    asio::posix::stream_descriptor in_;
    asio::posix::stream_descriptor out_;
    asio::steady_timer wake_writer_;
    asio::steady_timer wake_reader_;
    FrameDecoder decoder_;
    std::deque<std::string> queue_;
    std::size_t queued_bytes_ = 0;
    bool closing_ = false;
};

}  // namespace cw
