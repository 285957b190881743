// The stdio transport's set-up: the output pipe is grown to 1 MiB.

#include "wire/transport.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace cw {
namespace {

TEST(StdioTransport, GrowsTheOutputPipeToOneMebibyte) {
    int in[2], out[2];
    ASSERT_EQ(::pipe(in), 0);
    ASSERT_EQ(::pipe(out), 0);
    asio::io_context io;
    {
        StdioTransport transport(io, in[0], out[1]);  // takes both ends it is given
        // Unprivileged processes may grow a pipe up to /proc/sys/fs/pipe-max-size (1 MiB by
        // default); on a machine set lower the pipe keeps its size.
        long max_size = 0;
        std::ifstream("/proc/sys/fs/pipe-max-size") >> max_size;
        if (max_size < static_cast<long>(kMaxOutputFrame) && ::geteuid() != 0)
            GTEST_SKIP() << "pipe-max-size is " << max_size << " here";
        EXPECT_GE(::fcntl(out[1], F_GETPIPE_SZ), static_cast<int>(kMaxOutputFrame));
    }
    ::close(in[1]);
    ::close(out[0]);
}

}  // namespace
}  // namespace cw
