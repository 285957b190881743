#pragma once
// Helpers for the store's integration tests: cookie events as browsers report them, waiting
// for a push with a deadline, and running the command-line tool on a test's data folder.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "command.hpp"
#include "host_process.hpp"

namespace cw::test {

// A cookies.onChanged event; the cookie carries kSecretValue as its value.
inline constexpr const char* kSecretValue = "SECRET-VALUE-4711";
json cookie_event(const std::string& site, const std::string& name, const std::string& domain,
                  bool persistent = true);

// The first push of `type` (already seen by request() or arriving before the deadline).
std::optional<json> wait_for_push(HostProcess& host, const std::string& type,
                                  std::chrono::milliseconds timeout = 5s);

// cookie-warden with COOKIE_WARDEN_HOME=home.
CommandResult run_cli(const std::filesystem::path& home, const std::vector<std::string>& args);

// True if any file under `dir` contains `needle`.
bool any_file_contains(const std::filesystem::path& dir, const std::string& needle);

}  // namespace cw::test
