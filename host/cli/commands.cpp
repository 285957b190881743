#include "commands.hpp"

#include "classify_commands.hpp"
#include "doctor.hpp"
#include "manifests_cmd.hpp"
#include "store_cli.hpp"

namespace cw::cli {

void add_commands(CLI::App& app, Action& action) {
    (void)app;
    (void)action;
    add_doctor_command(app, action);
    add_classify_commands(app, action);
    add_manifest_commands(app, action);
    add_store_commands(app, action);
}

}  // namespace cw::cli
