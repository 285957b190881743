#pragma once
// `cookie-warden doctor`: is everything in place for the browsers to start the host?

#include <filesystem>
#include <string>
#include <vector>

#include "commands.hpp"

namespace cw::cli {

struct DoctorOptions {
    std::vector<std::string> browsers;                // only these (keys as in browsers.hpp)
    std::vector<std::filesystem::path> profile_dirs;  // Chromium --user-data-dir folders
    bool json = false;
};

// Prints the findings; 0 when nothing is broken, 1 otherwise.
int run_doctor(const DoctorOptions& options);

void add_doctor_command(CLI::App& app, Action& action);

}  // namespace cw::cli
