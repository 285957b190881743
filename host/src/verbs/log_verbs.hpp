#pragma once
// The verbs that read the log: log.query and stats. Shapes are in
// schema/protocol.schema.json.

#include "store/store_service.hpp"
#include "wire/dispatcher.hpp"

namespace cw {

// Most events one log.query page returns, and the reply size a page stops at so that the
// frame stays under the 1 MiB limit whatever the names are.
inline constexpr int kMaxLogPage = 500;
inline constexpr std::size_t kLogPageBytes = 900 * 1024;

void register_log_verbs(Dispatcher& dispatcher, StoreService& service);

// Builds a log.query reply from request parameters (the verb, and the store benchmarks in
// tests/bench; the command line reads pages from the store itself, host/cli/log_cmd.cpp).
json log_page(Store& store, const json& params);

}  // namespace cw
