#pragma once
// Runs a program to completion, as a person would from a shell, and collects what it printed.
// For tests of the installers and the command-line tool.

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cw::test {

struct CommandResult {
    int status = -1;  // exit status, or 128+signal
    std::string out;
    std::string err;
    std::string output() const { return out + err; }
};

struct CommandOptions {
    // Changes to the inherited environment: a value sets the variable, nullopt removes it.
    std::map<std::string, std::optional<std::string>> env;
    std::filesystem::path cwd;  // empty: the current folder
    std::chrono::milliseconds timeout = std::chrono::seconds(120);
};

// Runs argv[0] (looked up in PATH) with stdin from /dev/null. Throws std::runtime_error when
// it cannot be started or is still running at the deadline (it is killed then).
CommandResult run_command(const std::vector<std::string>& argv, const CommandOptions& options = {});

}  // namespace cw::test
