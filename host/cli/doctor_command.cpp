// The `doctor` subcommand's options, for both doctors (doctor.cpp, doctor_windows.cpp).

#include <memory>

#include "doctor.hpp"

namespace cw::cli {

void add_doctor_command(CLI::App& app, Action& action) {
    auto options = std::make_shared<DoctorOptions>();
    auto* cmd = app.add_subcommand(
        "doctor", "Check that browsers can start the host, and the data folder and database");
    cmd->add_option(
           "--browser", options->browsers,
           "Check only this browser (chrome, chromium, edge, brave, vivaldi, firefox); repeatable")
        ->type_name("NAME");
    cmd->add_option(
           "--profile-dir", options->profile_dirs,
           "Also check a Chromium-family browser started with --user-data-dir=DIR; repeatable")
        ->type_name("DIR");
    cmd->add_flag("--json", options->json, "Print one JSON document");
    cmd->callback([options, &action] { action = [options] { return run_doctor(*options); }; });
}

}  // namespace cw::cli
