#include "wire/transport.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <iterator>

#include "wire/reply.hpp"

namespace cw {

StdioTransport::StdioTransport(asio::io_context& io, int in_fd, int out_fd)
    : in_(platform::input_stream(io, in_fd)),
      out_(platform::output_stream(io, out_fd)),
      wake_writer_(io),
      wake_reader_(io) {
    wake_writer_.expires_at(asio::steady_timer::time_point::max());
    wake_reader_.expires_at(asio::steady_timer::time_point::max());
}

asio::awaitable<void> StdioTransport::read_loop(FramesHandler handler) {
    std::array<char, 64 * 1024> buffer;
    std::vector<FrameEvent> events;
    while (!closing_) {
        boost::system::error_code ec;
        std::size_t n = co_await in_.async_read_some(asio::buffer(buffer),
                                                     asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            if (ec != asio::error::eof && ec != asio::error::operation_aborted) {
                spdlog::warn("reading stdin failed: {}", ec.message());
            }
            co_return;
        }
        decoder_.feed({buffer.data(), n}, events);
        // One read can carry a thousand small requests with large replies (log pages), so the
        // handler takes groups whose replies stay small, and the high-water mark is checked
        // between them.
        for (std::size_t done = 0; done < events.size() && !closing_;) {
            done += std::max<std::size_t>(1, handler(std::span<FrameEvent>(events).subspan(done)));
            while (queued_bytes_ > kWriteQueueHighWater && !closing_) {
                co_await wake_reader_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            }
        }
        events.clear();
    }
}

asio::awaitable<void> StdioTransport::write_loop() {
    std::vector<asio::const_buffer> buffers;
    while (!closing_ || !queue_.empty()) {
        if (queue_.empty()) {
            boost::system::error_code ec;
            co_await wake_writer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            continue;
        }
        // Everything queued goes out in one gathered write.
        std::size_t count = queue_.size();
        buffers.clear();
        for (std::size_t i = 0; i < count; ++i)
            buffers.push_back(asio::buffer(queue_[i]));
        boost::system::error_code ec;
        co_await asio::async_write(out_, buffers, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            spdlog::warn("writing stdout failed: {}; the browser has gone", ec.message());
            queue_.clear();
            queued_bytes_ = 0;
            closing_ = true;
            in_.cancel();
            wake_reader_.cancel();
            co_return;
        }
        for (std::size_t i = 0; i < count; ++i) {
            queued_bytes_ -= queue_.front().size();
            queue_.pop_front();
        }
        if (queued_bytes_ <= kWriteQueueHighWater / 2)
            wake_reader_.cancel();
    }
}

void StdioTransport::send(const json& message) {
    PendingReply reply = render_reply(message);
    if (reply.text.empty())
        return;  // a push too large to send (render_reply said so)
    std::string frame;
    append_reply_frame(frame, reply);
    send_frames(std::move(frame));
}

void StdioTransport::send_frames(std::string frames) {
    if (frames.empty())
        return;
    queued_bytes_ += frames.size();
    queue_.push_back(std::move(frames));
    wake_writer_.cancel();
}

void StdioTransport::shutdown() {
    if (closing_)
        return;
    closing_ = true;
    boost::system::error_code ignored;
    in_.cancel(ignored);
    wake_reader_.cancel();
    wake_writer_.cancel();
}

}  // namespace cw
