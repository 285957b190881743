#include "commands.hpp"

namespace cw::cli {

void add_commands(CLI::App& app, Action& action) {
    (void)app;
    (void)action;
}

}  // namespace cw::cli
