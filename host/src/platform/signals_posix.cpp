// POSIX: SIGINT and SIGTERM end the host in order; SIGPIPE is ignored.

#include <boost/asio/signal_set.hpp>
#include <csignal>

#include "platform/process.hpp"

namespace cw::platform {

struct ShutdownSignals::State {
    explicit State(boost::asio::io_context& io) : signals(io, SIGINT, SIGTERM) {}
    boost::asio::signal_set signals;
};

ShutdownSignals::ShutdownSignals(boost::asio::io_context& io, std::function<void(int)> on_signal)
    : state_(std::make_shared<State>(io)) {
    std::signal(SIGPIPE, SIG_IGN);
    state_->signals.async_wait(
        [on_signal = std::move(on_signal)](const boost::system::error_code& ec, int signo) {
            if (!ec)
                on_signal(signo);
        });
}

ShutdownSignals::~ShutdownSignals() = default;

void ShutdownSignals::cancel() {
    boost::system::error_code ignored;
    state_->signals.cancel(ignored);
}

}  // namespace cw::platform
