#pragma once
// Puts the store and everything built on it into a running host: the verbs, group commit at
// the end of each batch of frames, and the timers (rule changes from other processes, log
// retention, delete-on-leave).

#include <filesystem>
#include <memory>

#include "cookie_events.hpp"
#include "host_app.hpp"
#include "store_service.hpp"

namespace cw {

// Returns the service so that other units (hello) can reach it; the app keeps it alive.
std::shared_ptr<StoreService> install_store(HostApp& app, const std::filesystem::path& db_path,
                                            ClassifyFn classify);

}  // namespace cw
