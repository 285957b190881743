#pragma once
// What the host does differently per platform around its own process: stdio set-up, and the
// signals that end it. stdio_posix.cpp / stdio_windows.cpp and signals_posix.cpp /
// signals_windows.cpp implement it; CMake picks the pair.

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

namespace cw::platform {

// Early in main(): files the host creates are the user's alone (POSIX umask 077); stdin and
// stdout carry bytes untranslated (Windows binary mode, or "\n" becomes "\r\n").
void prepare_process();

// Private copies of stdin and stdout for the frames; the process's own stdout then goes to
// stderr, so a stray print from any library cannot corrupt the stream. nullopt on failure.
struct HostStdio {
    int in;
    int out;
};
std::optional<HostStdio> take_stdio();

// Writes all of `bytes` to a descriptor, blocking (for the one refusal frame before exit).
bool write_all(int fd, std::string_view bytes);

// Calls `on_signal` on the io_context when the host is asked to stop: SIGINT/SIGTERM on POSIX
// (SIGPIPE is ignored: a closed stdout is an error code, not death); on Windows Ctrl+C,
// CTRL_BREAK_EVENT and CTRL_CLOSE_EVENT (for the last, the process is kept alive until the
// host has flushed and returned from main, within the 5 s Windows allows).
class ShutdownSignals {
  public:
    ShutdownSignals(boost::asio::io_context& io, std::function<void(int)> on_signal);
    ~ShutdownSignals();
    void cancel();

    struct State;

  private:
    std::shared_ptr<State> state_;
};

}  // namespace cw::platform
