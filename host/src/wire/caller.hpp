#pragma once
// Who started the host. Browsers pass the caller on the command line: Chromium-family
// browsers the origin "chrome-extension://<id>/" (plus --parent-window=<hwnd> on Windows),
// Firefox the host manifest's path and then the add-on id. Only the project's own extensions
// and ids an installer listed in <data folder>/config.json may talk to the host.

#include <filesystem>
#include <string>
#include <vector>

namespace cw {

// The Chromium id fixed by the `key` in extension/manifest.json, and the Firefox add-on id.
inline constexpr const char* kChromiumExtensionId = "jjnjmppplncaaifkjlbbjnehaemmebmg";
inline constexpr const char* kFirefoxAddonId = "cookie-warden@cookiewarden.dk";

struct Caller {
    enum class Kind { none, chromium, firefox, unknown };
    Kind kind = Kind::none;
    std::string id;                      // extension id or add-on id
    std::string origin;                  // as given on the command line
    std::string browser_family() const;  // "chromium", "firefox" or ""
};

Caller parse_caller(const std::vector<std::string>& args);  // args without argv[0]

// Extra ids from <data folder>/config.json: {"allowedExtensions": ["<id>", ...]}. A missing
// file gives none; an unreadable or malformed one gives none and a diagnostic.
std::vector<std::string> extra_allowed_ids(const std::filesystem::path& data_dir);

bool is_allowed(const Caller& caller, const std::vector<std::string>& extra_ids);

}  // namespace cw
