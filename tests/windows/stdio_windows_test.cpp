// The Windows transport over anonymous pipes made with CreatePipe, which, like the pipes
// browsers give the host, cannot do overlapped I/O: frames in, replies out in order, a large
// reply written whole, the end of input, and shutdown while the reader blocks in ReadFile.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <io.h>
#include <windows.h>

#include <boost/asio/co_spawn.hpp>
#include <chrono>
#include <thread>

#include "wire/transport.hpp"

namespace cw {
namespace {

struct Pipe {
    HANDLE read = nullptr, write = nullptr;
    Pipe() { ::CreatePipe(&read, &write, nullptr, 0); }
};

int fd_of(HANDLE h) {
    return ::_open_osfhandle(reinterpret_cast<intptr_t>(h), _O_BINARY);
}

void write_bytes(HANDLE h, const std::string& bytes) {
    DWORD n = 0;
    ASSERT_TRUE(::WriteFile(h, bytes.data(), static_cast<DWORD>(bytes.size()), &n, nullptr));
    ASSERT_EQ(n, bytes.size());
}

std::string read_bytes(HANDLE h, std::size_t size) {
    std::string out(size, '\0');
    std::size_t got = 0;
    while (got < size) {
        DWORD n = 0;
        if (!::ReadFile(h, out.data() + got, static_cast<DWORD>(size - got), &n, nullptr) || !n)
            break;
        got += n;
    }
    out.resize(got);
    return out;
}

// Runs a transport that answers each frame with "<payload>!" until its input ends.
struct Echo {
    Pipe in, out;
    asio::io_context io;
    StdioTransport transport{io, fd_of(in.read), fd_of(out.write)};
    bool reader_done = false, writer_done = false;
    std::thread thread;

    void start() {
        asio::co_spawn(io, transport.read_loop([this](std::span<FrameEvent> events) {
            for (auto& e : events)
                transport.send_frames(encode_frame(e.payload + "!"));
            return events.size();
        }),
                       [this](std::exception_ptr) {
                           reader_done = true;
                           transport.shutdown();
                       });
        asio::co_spawn(io, transport.write_loop(), [this](std::exception_ptr) {
            writer_done = true;
            io.stop();
        });
        thread = std::thread([this] { io.run(); });
    }
    std::string reply() {
        std::string head = read_bytes(out.read, 4);
        if (head.size() < 4)
            return "<eof>";
        std::uint32_t n = 0;
        std::memcpy(&n, head.data(), 4);
        return read_bytes(out.read, n);
    }
};

TEST(WindowsStdio, AnswersFramesInOrderAndEndsWithItsInput) {
    Echo echo;
    echo.start();
    write_bytes(echo.in.write, encode_frame("one") + encode_frame("two"));
    EXPECT_EQ(echo.reply(), "one!");
    EXPECT_EQ(echo.reply(), "two!");
    // Split across writes: the reader thread posts whatever ReadFile returned.
    std::string three = encode_frame("three");
    write_bytes(echo.in.write, three.substr(0, 3));
    write_bytes(echo.in.write, three.substr(3));
    EXPECT_EQ(echo.reply(), "three!");
    ::CloseHandle(echo.in.write);
    echo.thread.join();
    EXPECT_TRUE(echo.reader_done);
    EXPECT_TRUE(echo.writer_done);
}

TEST(WindowsStdio, WritesAReplyLargerThanThePipeWhole) {
    Echo echo;
    echo.start();
    std::string big(900 * 1024, 'x');
    write_bytes(echo.in.write, encode_frame(big));
    EXPECT_EQ(echo.reply(), big + "!");
    ::CloseHandle(echo.in.write);
    echo.thread.join();
}

TEST(WindowsStdio, ShutdownWhileTheReaderBlocksEndsPromptly) {
    Echo echo;
    echo.start();
    write_bytes(echo.in.write, encode_frame("before"));
    EXPECT_EQ(echo.reply(), "before!");
    auto started = std::chrono::steady_clock::now();
    asio::post(echo.io, [&] { echo.transport.shutdown(); });
    echo.thread.join();  // the reader thread still blocks in ReadFile; the host need not wait
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
    EXPECT_TRUE(echo.reader_done);
    EXPECT_TRUE(echo.writer_done);
    ::CloseHandle(echo.in.write);
}

}  // namespace
}  // namespace cw
