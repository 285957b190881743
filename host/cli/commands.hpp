#pragma once
// Subcommands of `cookie-warden`. Each group lives in its own file and adds its subcommands
// to the app; the chosen one stores the work to do in `action`, which main runs after parsing.

#include <CLI/CLI.hpp>
#include <functional>
#include <stdexcept>

namespace cw::cli {

using Action = std::function<int()>;

// Thrown for input that the parser could not catch (exit status 2).
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

void add_commands(CLI::App& app, Action& action);

}  // namespace cw::cli
