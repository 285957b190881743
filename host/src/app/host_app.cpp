#include "app/host_app.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "platform/process.hpp"

namespace cw {

HostApp::HostApp(int in_fd, int out_fd) : transport_(io_, in_fd, out_fd) {}

std::size_t HostApp::handle_frames(std::span<FrameEvent> events) {
    std::size_t used = 0, bytes = 0;
    for (; used < events.size() && bytes < kGroupReplyBytes; ++used) {
        auto& event = events[used];
        if (event.kind == FrameEvent::Kind::oversize) {
            pending_replies_.push_back(render_reply(
                make_error(nullptr, ErrorCode::frame_too_large,
                           "a message of " + std::to_string(event.declared_size) +
                               " bytes is larger than the 4 MiB limit; it was skipped")));
        } else {
            try {
                pending_replies_.push_back(dispatcher_.serve_frame(event.payload));
            } catch (const std::exception& e) {
                // The dispatcher turns every failure into a reply; this is the last guard
                // that keeps one bad frame from ending the host.
                spdlog::error("unhandled failure for a frame: {}", e.what());
                pending_replies_.push_back(render_reply(make_error(
                    nullptr, ErrorCode::internal, "the host failed to handle this message")));
            }
        }
        bytes += pending_replies_.back().text.size() + 4;
    }
    for (auto& hook : batch_hooks_) {
        try {
            hook(pending_replies_);
        } catch (const std::exception& e) {
            spdlog::error("finishing a batch failed: {}", e.what());
        }
    }
    // The whole group's replies as one buffer: one allocation and one write for all of them.
    std::string frames;
    frames.reserve(bytes);
    for (auto& reply : pending_replies_)
        append_reply_frame(frames, reply);
    transport_.send_frames(std::move(frames));
    pending_replies_.clear();
    return used;
}

void HostApp::shutdown() {
    if (shutting_down_)
        return;
    shutting_down_ = true;
    for (auto& hook : shutdown_hooks_) {
        try {
            hook();
        } catch (const std::exception& e) {
            spdlog::warn("shutdown step failed: {}", e.what());
        }
    }
    transport_.shutdown();
}

int HostApp::run() {
    platform::ShutdownSignals signals(io_, [this](int signo) {
        spdlog::info("signal {} received; shutting down", signo);
        shutdown();
    });
    on_shutdown([&signals] { signals.cancel(); });

    int status = 0;
    asio::co_spawn(io_, transport_.read_loop([this](auto events) { return handle_frames(events); }),
                   [this, &status](std::exception_ptr e) {
                       if (e) {
                           try {
                               std::rethrow_exception(e);
                           } catch (const std::exception& ex) {
                               spdlog::error("reader stopped: {}", ex.what());
                               status = 1;
                           }
                       }
                       if (transport_.input_cut_mid_frame()) {
                           spdlog::warn("input ended inside a frame; the partial frame is ignored");
                       }
                       shutdown();
                   });
    asio::co_spawn(io_, transport_.write_loop(), [this, &status](std::exception_ptr e) {
        if (e) {
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& ex) {
                spdlog::error("writer stopped: {}", ex.what());
                status = 1;
            }
        }
        // Everything is flushed: nothing else needs to run.
        io_.stop();
    });
    io_.run();
    return status;
}

}  // namespace cw
