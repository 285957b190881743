#pragma once
// What the store's subcommands share: opening the database the host uses, turning protocol
// errors into the command line's exit codes, and printing tables and times for people.

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "store/store.hpp"

namespace cw::cli {

// The database in the data folder ($COOKIE_WARDEN_HOME or the platform's), created if missing.
std::unique_ptr<Store> open_store();

// Runs `body`, turning a ProtocolError(bad_request) (a bad site, category...) into a
// UsageError (exit 2); other errors keep their message (exit 1).
int guarded(const std::function<int()>& body);

// Left-aligned columns separated by two spaces; the first row is the header.
void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows);

// "2026-11-27 14:03:12" in local time.
std::string format_time(std::int64_t ms);
// "2026-11-27", "2026-11-27T14:03[:12][Z]" (local time unless Z), "90s", "15m", "2h", "7d"
// (that long ago). Throws UsageError.
std::int64_t parse_when(const std::string& text, std::int64_t now);

void add_rules_commands(CLI::App& app, Action& action);
void add_settings_commands(CLI::App& app, Action& action);
void add_log_commands(CLI::App& app, Action& action);
void add_transfer_commands(CLI::App& app, Action& action);

inline void add_store_commands(CLI::App& app, Action& action) {
    add_rules_commands(app, action);
    add_settings_commands(app, action);
    add_log_commands(app, action);
    add_transfer_commands(app, action);
}

}  // namespace cw::cli
