#pragma once
// The stdio streams of the transport on Windows. Browsers hand the host anonymous pipes, which
// cannot do overlapped I/O, so Asio's stream_handle cannot use them. Each stream has a thread
// of its own that blocks in ReadFile or WriteFile and posts the result to the io_context; to
// the transport it looks like an Asio stream (async_read_some, async_write_some, cancel), so
// its one-writer queue and back-pressure are the same as on POSIX. One operation at a time.

#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>

namespace cw::platform {

class StdioStream {
  public:
    using executor_type = boost::asio::io_context::executor_type;
    using Done = std::function<void(boost::system::error_code, std::size_t)>;

    // Takes ownership of the C runtime descriptor (its HANDLE is used).
    StdioStream(boost::asio::io_context& io, int fd);
    ~StdioStream();
    StdioStream(const StdioStream&) = delete;
    StdioStream& operator=(const StdioStream&) = delete;

    executor_type get_executor() { return io_.get_executor(); }

    template <typename MutableBuffers, typename Token>
    auto async_read_some(const MutableBuffers& buffers, Token&& token) {
        boost::asio::mutable_buffer first = *boost::asio::buffer_sequence_begin(buffers);
        return boost::asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
            [this, first](auto handler) { start_read(first, wrap(std::move(handler))); }, token);
    }

    template <typename ConstBuffers, typename Token>
    auto async_write_some(const ConstBuffers& buffers, Token&& token) {
        std::string bytes(boost::asio::buffer_size(buffers), '\0');
        boost::asio::buffer_copy(boost::asio::buffer(bytes), buffers);
        return boost::asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
            [this](auto handler, std::string data) {
                start_write(std::move(data), wrap(std::move(handler)));
            },
            token, std::move(bytes));
    }

    // Ends a pending read at once with operation_aborted (its bytes, if any come, are dropped).
    void cancel();
    void cancel(boost::system::error_code& ec) {
        cancel();
        ec = {};
    }

    struct Worker;  // the thread and what it shares with the io_context

  private:
    // Asio's handlers may be move-only; std::function needs a copyable target.
    template <typename Handler>
    static Done wrap(Handler handler) {
        auto shared = std::make_shared<Handler>(std::move(handler));
        return [shared](boost::system::error_code ec, std::size_t n) { (*shared)(ec, n); };
    }
    void start_read(boost::asio::mutable_buffer into, Done done);
    void start_write(std::string bytes, Done done);

    boost::asio::io_context& io_;
    std::shared_ptr<Worker> worker_;
};

inline StdioStream input_stream(boost::asio::io_context& io, int fd) {
    return StdioStream(io, fd);
}
inline StdioStream output_stream(boost::asio::io_context& io, int fd) {
    return StdioStream(io, fd);
}

}  // namespace cw::platform
