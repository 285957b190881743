#pragma once
// Wires every feature unit (classification, rules, log, timers) into a running host.

#include <filesystem>

#include "caller.hpp"
#include "host_app.hpp"

namespace cw {

void register_features(HostApp& app, const Caller& caller, const std::filesystem::path& data_dir);

}  // namespace cw
