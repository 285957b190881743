#pragma once
// `cookie-warden classify` and `cookie-warden manifests list|validate`: the classifier and the
// site manifests, for people and scripts.

#include "commands.hpp"

namespace cw::cli {

void add_classify_commands(CLI::App& app, Action& action);

}  // namespace cw::cli
