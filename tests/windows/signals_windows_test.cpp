// Console control events reach the host's io_context (platform/signals_windows.cpp). Under
// Wine a process started without a console cannot be sent one; the test says so and skips.

#include <gtest/gtest.h>
#include <windows.h>

#include <boost/asio/executor_work_guard.hpp>
#include <chrono>

#include "platform/process.hpp"

namespace cw {
namespace {

TEST(WindowsSignals, CtrlBreakCallsTheHandlerOnTheIoContext) {
    boost::asio::io_context io;
    auto work = boost::asio::make_work_guard(io);
    int got = -1;
    platform::ShutdownSignals signals(io, [&](int event) {
        got = event;
        io.stop();
    });
    if (!::GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, 0))
        GTEST_SKIP() << "no console to send CTRL_BREAK_EVENT to (error " << ::GetLastError() << ")";
    io.run_for(std::chrono::seconds(10));
    EXPECT_EQ(got, static_cast<int>(CTRL_BREAK_EVENT));
}

}  // namespace
}  // namespace cw
