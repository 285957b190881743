#pragma once
// Where each supported browser looks for native-messaging host manifests, and how to tell
// whether it is installed, on this platform (PLATFORM.md). The installers follow the same
// table: installers/install.sh (Linux), installers/macos/install.sh, installers/windows/.

#include <filesystem>
#include <string>
#include <vector>

namespace cw {

// The host manifest's file name in every browser's folder: <host name>.json.
inline constexpr const char* kHostManifestFile = "dk.cookiewarden.host.json";

enum class ManifestForm { chromium, firefox };  // allowed_origins or allowed_extensions

struct BrowserInfo {
    std::string
        key;  // as named on the command line: chrome, chromium, edge, brave, vivaldi, firefox
    std::string label;  // for people
    ManifestForm form = ManifestForm::chromium;
    std::filesystem::path user_manifest_dir;
    std::vector<std::filesystem::path> system_manifest_dirs;  // after the user's, in search order
    std::vector<std::string> commands;                        // programs on PATH that start it
    std::vector<std::filesystem::path> markers;  // folders present once installed or used
};

// Every supported browser, with folders worked out from HOME and XDG_CONFIG_HOME.
std::vector<BrowserInfo> known_browsers();

// True when one of the browser's programs is on PATH (not one that starts a Snap) or one of
// its marker folders exists.
bool is_installed(const BrowserInfo& browser);

// Browsers installed from Snap or Flatpak: sandboxed, they cannot start a host the usual way.
struct SandboxedBrowser {
    std::string description;  // "Snap firefox", "Flatpak org.chromium.Chromium"
    std::filesystem::path where;
};
std::vector<SandboxedBrowser> sandboxed_browsers();

}  // namespace cw
