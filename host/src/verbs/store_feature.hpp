#pragma once
// Puts the store and everything built on it into a host: the verbs, group commit at
// the end of each batch of frames, and the timers (rule changes from other processes, log
// retention, delete-on-leave).

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "store/store_service.hpp"
#include "verbs/cookie_events.hpp"
#include "wire/dispatcher.hpp"
#include "wire/reply.hpp"

namespace cw {

using PushFn = std::function<void(const json& message)>;

// The store's part of a host, installed on any dispatcher and io_context (a running host, or
// a fuzz target without stdio). end_batch must run after each group of requests and before
// their replies go out: it commits the group's events, and if that fails it corrects the
// replies that said `logged: true`. stop cancels the timers.
struct StoreFeature {
    std::shared_ptr<StoreService> service;
    std::function<void(std::vector<PendingReply>& replies)> end_batch;
    std::function<void()> stop;
};

StoreFeature install_store(Dispatcher& dispatcher, boost::asio::io_context& io, PushFn push,
                           const std::filesystem::path& db_path, ClassifyFn classify);

}  // namespace cw
