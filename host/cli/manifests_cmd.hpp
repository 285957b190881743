#pragma once
// `manifests forget|draft|add` (docs/declarations.md), added to the `manifests` command that
// classify_commands.cpp creates.

#include <CLI/CLI.hpp>
#include <filesystem>
#include <vector>

#include "classify/classifier.hpp"
#include "commands.hpp"

namespace cw::cli {

void add_manifest_commands(CLI::App& app, Action& action);

// The manifest folders the host would read, once the data folder is known to be the user's
// (its manifests could otherwise declare any cookie necessary). Creates nothing.
std::vector<std::filesystem::path> user_manifest_dirs();

// Gives the classifier the learned declarations stored in the database (none when there is
// no database yet), so that the command line classifies as the host does.
void attach_learned(Classifier& classifier);

}  // namespace cw::cli
