#pragma once
// Wires every feature unit (classification, rules, log, timers) onto a dispatcher.

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <vector>

#include "verbs/store_feature.hpp"
#include "wire/dispatcher.hpp"

namespace cw {

// Registers every verb on `dispatcher`, with timers on `io` and pushes sent through `push`,
// over the database at `db_path` (":memory:" works) and the manifests in `manifest_dirs`
// (then the shipped ones). Needs no stdio, so fuzz targets and tests can drive the real verbs;
// the caller runs end_batch after each group of requests and stop at the end.
StoreFeature install_features(Dispatcher& dispatcher, boost::asio::io_context& io,
                              const std::filesystem::path& db_path,
                              const std::vector<std::filesystem::path>& manifest_dirs, PushFn push);

}  // namespace cw
