// Windows: console control events end the host in order. Windows calls the handler on a
// thread of its own; it posts the shutdown to the io_context. For CTRL_CLOSE_EVENT (the
// console or the parent going away) Windows ends the process as soon as the handler returns,
// so the handler waits instead: main() returns once the replies are flushed, and the process
// exits with status 0 before the handler would return.

#include <windows.h>

#include <boost/asio/post.hpp>
#include <mutex>

#include "platform/process.hpp"

namespace cw::platform {

struct ShutdownSignals::State {
    std::mutex mutex;
    boost::asio::io_context* io = nullptr;
    std::function<void(int)> on_signal;
};

namespace {

std::mutex g_mutex;
std::shared_ptr<ShutdownSignals::State> g_state;  // the one the handler serves

BOOL WINAPI on_console_event(DWORD event) {
    std::shared_ptr<ShutdownSignals::State> state;
    {
        std::lock_guard lock(g_mutex);
        state = g_state;
    }
    if (!state)
        return FALSE;
    {
        std::lock_guard lock(state->mutex);
        if (!state->io)
            return FALSE;
        boost::asio::post(*state->io, [state, event] {
            if (state->on_signal)
                state->on_signal(static_cast<int>(event));
        });
    }
    if (event == CTRL_CLOSE_EVENT || event == CTRL_LOGOFF_EVENT || event == CTRL_SHUTDOWN_EVENT)
        ::Sleep(10000);  // main() returns first; Windows allows about 5 s
    return TRUE;
}

}  // namespace

ShutdownSignals::ShutdownSignals(boost::asio::io_context& io, std::function<void(int)> on_signal)
    : state_(std::make_shared<State>()) {
    state_->io = &io;
    state_->on_signal = std::move(on_signal);
    {
        std::lock_guard lock(g_mutex);
        g_state = state_;
    }
    ::SetConsoleCtrlHandler(on_console_event, TRUE);
}

ShutdownSignals::~ShutdownSignals() {
    cancel();
    ::SetConsoleCtrlHandler(on_console_event, FALSE);
}

void ShutdownSignals::cancel() {
    std::lock_guard lock(state_->mutex);
    state_->io = nullptr;
    state_->on_signal = nullptr;
}

}  // namespace cw::platform
