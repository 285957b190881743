// POSIX: the transport's stdio streams and the process set-up of the host.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/process.hpp"
#include "stdio_stream.hpp"

namespace cw::platform {

StdioStream input_stream(boost::asio::io_context& io, int fd) {
    return StdioStream(io, fd);
}

StdioStream output_stream(boost::asio::io_context& io, int fd) {
    // An output pipe of 1 MiB (the most an unprivileged process may ask for by default) takes
    // a whole page of the log in one write. With the default 64 KiB the host waits for the
    // browser to drain the pipe half-way through, and each such wait is a trip through the
    // scheduler: milliseconds on a busy machine. Not a pipe, or a lower limit: the call fails
    // and nothing changes.
    // 1 MiB is also the largest frame the host writes (kMaxOutputFrame, wire/framing.hpp).
    constexpr int kPipeBytes = 1024 * 1024;
    ::fcntl(fd, F_SETPIPE_SZ, kPipeBytes);
    return StdioStream(io, fd);
}

void prepare_process() {
    ::umask(077);  // everything the host creates is the user's alone
}

std::optional<HostStdio> take_stdio() {
    int in = ::dup(STDIN_FILENO);
    int out = ::dup(STDOUT_FILENO);
    if (in < 0 || out < 0 || ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
        return std::nullopt;
    return HostStdio{in, out};
}

bool write_all(int fd, std::string_view bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n <= 0)
            return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace cw::platform
