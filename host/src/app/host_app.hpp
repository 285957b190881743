#pragma once
// The running host: io_context, stdio transport, dispatcher and shutdown. Feature units
// register their verbs on dispatcher(), schedule timers on io(), send pushes with push(),
// and register cleanup with on_shutdown() so that the host can end when its input does.

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "wire/dispatcher.hpp"
#include "wire/reply.hpp"
#include "wire/transport.hpp"

namespace cw {

class HostApp {
  public:
    // Takes ownership of the two descriptors (normally dups of stdin and stdout).
    HostApp(int in_fd, int out_fd);

    asio::io_context& io() { return io_; }
    Dispatcher& dispatcher() { return dispatcher_; }

    // Sends a message that is not a reply (a push: `type`, no `id`).
    void push(const json& message) { transport_.send(message); }

    // Called once when the host begins to shut down (EOF, signal); cancel timers here.
    void on_shutdown(std::function<void()> hook) { shutdown_hooks_.push_back(std::move(hook)); }

    // Called after each group of frames has been handled and before their replies are
    // written: a store commits here, so no reply announces an unsaved event. The hook may
    // correct the replies (a failed commit means "not logged").
    using BatchHook = std::function<void(std::vector<PendingReply>& replies)>;
    void on_batch_end(BatchHook hook) { batch_hooks_.push_back(std::move(hook)); }

    // Serves until stdin ends or SIGTERM/SIGINT; flushes pending replies. Returns the exit
    // status.
    int run();

    // Begins an orderly shutdown (idempotent).
    void shutdown();

  private:
    // Handles a group from the front of `events` (see kGroupReplyBytes); returns its size.
    std::size_t handle_frames(std::span<FrameEvent> events);

    asio::io_context io_;
    StdioTransport transport_;
    Dispatcher dispatcher_;
    std::vector<std::function<void()>> shutdown_hooks_;
    std::vector<BatchHook> batch_hooks_;
    std::vector<PendingReply> pending_replies_;
    bool shutting_down_ = false;
};

}  // namespace cw
