#pragma once
// Opens the store and what runs on it in a host: group commit at the end of each batch of
// frames and the timers (rule changes from other processes, log retention, delete-on-leave).
// The verbs over it are registered in one table, verbs/features.cpp.

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "policy/site_timers.hpp"
#include "store/store_service.hpp"
#include "verbs/temporary_rules.hpp"
#include "wire/reply.hpp"

namespace cw {

using PushFn = std::function<void(const json& message)>;

// The store's part of a host, on any io_context (a running host, or a fuzz target without
// stdio). end_batch must run after each group of requests and before
// their replies go out: it commits the group's events, and if that fails it corrects the
// replies that said `logged: true`. stop cancels the timers.
struct StoreFeature {
    std::shared_ptr<StoreService> service;
    std::shared_ptr<SiteTimers> sites;
    std::shared_ptr<TemporaryRules> temporary;  // the popup's allow-for-an-hour, ended by timers
    std::function<void(std::vector<PendingReply>& replies)> end_batch;
    std::function<void()> stop;
};

StoreFeature open_store(boost::asio::io_context& io, PushFn push,
                        const std::filesystem::path& db_path);

}  // namespace cw
