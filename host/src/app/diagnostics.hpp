#pragma once
// Diagnostics for people and bug reports: stderr plus, when a folder is given, a rotating log
// file there. Never stdout (that carries frames) and never a cookie's value.

#include <filesystem>
#include <optional>
#include <string>

namespace cw {

// Level from $COOKIE_WARDEN_LOG (trace, debug, info, warn, error, off); default info.
// A log folder that cannot be written to leaves diagnostics on stderr only.
void init_diagnostics(const std::string& program,
                      const std::optional<std::filesystem::path>& log_dir);

}  // namespace cw
