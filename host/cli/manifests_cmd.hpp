#pragma once
// `manifests forget|draft|add` (docs/declarations.md), added to the `manifests` command that
// classify_commands.cpp creates.

#include <CLI/CLI.hpp>

#include "classify/classifier.hpp"
#include "commands.hpp"

namespace cw::cli {

void add_manifest_commands(CLI::App& app, Action& action);

// Gives the classifier the learned declarations stored in the database (none when there is
// no database yet), so that the command line classifies as the host does.
void attach_learned(Classifier& classifier);

}  // namespace cw::cli
