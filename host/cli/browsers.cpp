#include "browsers.hpp"

#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <system_error>

namespace cw {

namespace fs = std::filesystem;

namespace {

fs::path env_path(const char* name) {
    const char* value = std::getenv(name);
    return value ? fs::path(value) : fs::path();
}

fs::path home() {
    return env_path("HOME");
}

bool path_exists(const fs::path& p) {
    std::error_code ec;
    return fs::exists(p, ec);
}

#if !defined(_WIN32) && !defined(__APPLE__)
// Chromium-family browsers keep their user data under $XDG_CONFIG_HOME (default ~/.config).
fs::path config_home() {
    auto xdg = env_path("XDG_CONFIG_HOME");
    return xdg.is_absolute() ? xdg : home() / ".config";
}
#endif

// The program's full path on PATH, or empty.
fs::path which(const std::string& command) {
    const char* path = std::getenv("PATH");
    if (!path)
        return {};
    std::stringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        if (dir.empty())
            continue;
        fs::path candidate = fs::path(dir) / command;
        if (::access(candidate.c_str(), X_OK) == 0 && !fs::is_directory(candidate))
            return candidate;
    }
    return {};
}

}  // namespace

std::vector<BrowserInfo> known_browsers() {
    using F = ManifestForm;
#if defined(__APPLE__)
    const fs::path support = home() / "Library/Application Support";
    return {
        {"chrome",
         "Google Chrome",
         F::chromium,
         support / "Google/Chrome/NativeMessagingHosts",
         {"/Library/Google/Chrome/NativeMessagingHosts"},
         {},
         {"/Applications/Google Chrome.app", support / "Google/Chrome"}},
        {"chromium",
         "Chromium",
         F::chromium,
         support / "Chromium/NativeMessagingHosts",
         {"/Library/Application Support/Chromium/NativeMessagingHosts"},
         {},
         {"/Applications/Chromium.app", support / "Chromium"}},
        {"edge",
         "Microsoft Edge",
         F::chromium,
         support / "Microsoft Edge/NativeMessagingHosts",
         {"/Library/Microsoft/Edge/NativeMessagingHosts"},
         {},
         {"/Applications/Microsoft Edge.app", support / "Microsoft Edge"}},
        {"brave",
         "Brave",
         F::chromium,
         support / "BraveSoftware/Brave-Browser/NativeMessagingHosts",
         {},
         {},
         {"/Applications/Brave Browser.app", support / "BraveSoftware/Brave-Browser"}},
        {"vivaldi",
         "Vivaldi",
         F::chromium,
         support / "Vivaldi/NativeMessagingHosts",
         {},
         {},
         {"/Applications/Vivaldi.app", support / "Vivaldi"}},
        {"firefox",
         "Firefox",
         F::firefox,
         support / "Mozilla/NativeMessagingHosts",
         {"/Library/Application Support/Mozilla/NativeMessagingHosts"},
         {},
         {"/Applications/Firefox.app", support / "Firefox"}},
    };
#elif defined(_WIN32)
    // Windows finds manifests through the registry, not folders; doctor there is a later issue.
    return {};
#else
    const fs::path config = config_home();
    return {
        {"chrome",
         "Google Chrome",
         F::chromium,
         config / "google-chrome/NativeMessagingHosts",
         {"/etc/opt/chrome/native-messaging-hosts"},
         {"google-chrome", "google-chrome-stable"},
         {"/opt/google/chrome", config / "google-chrome"}},
        {"chromium",
         "Chromium",
         F::chromium,
         config / "chromium/NativeMessagingHosts",
         {"/etc/chromium/native-messaging-hosts"},
         {"chromium"},
         {"/usr/lib/chromium", config / "chromium"}},
        {"edge",
         "Microsoft Edge",
         F::chromium,
         config / "microsoft-edge/NativeMessagingHosts",
         {"/etc/opt/edge/native-messaging-hosts"},
         {"microsoft-edge", "microsoft-edge-stable"},
         {"/opt/microsoft/msedge", config / "microsoft-edge"}},
        {"brave",
         "Brave",
         F::chromium,
         config / "BraveSoftware/Brave-Browser/NativeMessagingHosts",
         {},
         {"brave-browser", "brave"},
         {"/opt/brave.com/brave", config / "BraveSoftware/Brave-Browser"}},
        {"vivaldi",
         "Vivaldi",
         F::chromium,
         config / "vivaldi/NativeMessagingHosts",
         {},
         {"vivaldi", "vivaldi-stable"},
         {"/opt/vivaldi", config / "vivaldi"}},
        {"firefox",
         "Firefox",
         F::firefox,
         home() / ".mozilla/native-messaging-hosts",
         {"/usr/lib/mozilla/native-messaging-hosts", "/usr/lib64/mozilla/native-messaging-hosts"},
         {"firefox", "firefox-esr"},
         {"/usr/lib/firefox", "/usr/lib/firefox-esr", home() / ".mozilla"}},
    };
#endif
}

bool is_installed(const BrowserInfo& browser) {
    for (const auto& command : browser.commands) {
        auto found = which(command);
        if (found.empty())
            continue;
        // Ubuntu's chromium-browser and firefox programs are wrappers that start the Snap.
        std::error_code ec;
        auto real = fs::canonical(found, ec);
        if (!ec && real.string().starts_with("/snap/"))
            continue;
        return true;
    }
    for (const auto& marker : browser.markers) {
        if (path_exists(marker))
            return true;
    }
    return false;
}

std::vector<SandboxedBrowser> sandboxed_browsers() {
    std::vector<SandboxedBrowser> found;
#if !defined(_WIN32) && !defined(__APPLE__)
    for (const char* name : {"chromium", "firefox", "brave", "vivaldi"}) {
        for (const fs::path& where : {fs::path("/snap/bin") / name, home() / "snap" / name}) {
            if (path_exists(where)) {
                found.push_back({std::string("Snap ") + name, where});
                break;
            }
        }
    }
    for (const char* app : {"org.chromium.Chromium", "com.google.Chrome", "com.microsoft.Edge",
                            "com.brave.Browser", "com.vivaldi.Vivaldi", "org.mozilla.firefox"}) {
        for (const fs::path& where :
             {home() / ".var/app" / app, fs::path("/var/lib/flatpak/app") / app}) {
            if (path_exists(where)) {
                found.push_back({std::string("Flatpak ") + app, where});
                break;
            }
        }
    }
#endif
    return found;
}

}  // namespace cw
