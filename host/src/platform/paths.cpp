#include "platform/paths.hpp"

#include <cstdlib>
#include <string>

namespace cw {

namespace fs = std::filesystem;

namespace {

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? std::string(value) : std::string();
}

}  // namespace

fs::path data_dir() {
    if (auto home = env("COOKIE_WARDEN_HOME"); !home.empty())
        return fs::path(home);
#if defined(_WIN32)
    if (auto local = env("LOCALAPPDATA"); !local.empty())
        return fs::path(local) / "Cookie Warden";
    return fs::path(env("USERPROFILE")) / "AppData" / "Local" / "Cookie Warden";
#elif defined(__APPLE__)
    return fs::path(env("HOME")) / "Library" / "Application Support" / "Cookie Warden";
#else
    if (auto xdg = env("XDG_DATA_HOME"); !xdg.empty() && fs::path(xdg).is_absolute()) {
        return fs::path(xdg) / "cookie-warden";
    }
    return fs::path(env("HOME")) / ".local" / "share" / "cookie-warden";
#endif
}

fs::path database_path(const fs::path& dir) {
    return dir / "cookie-warden.db";
}

std::vector<fs::path> manifest_dirs(const fs::path& dir) {
    std::vector<fs::path> dirs{dir / "manifests"};
#if defined(_WIN32)
    if (auto pd = env("PROGRAMDATA"); !pd.empty())
        dirs.push_back(fs::path(pd) / "Cookie Warden" / "manifests");
#elif defined(__APPLE__)
    dirs.emplace_back("/Library/Application Support/Cookie Warden/manifests");
#else
    dirs.emplace_back("/etc/cookie-warden/manifests");
#endif
    return dirs;
}

void ensure_private_dir(const fs::path& dir) {
    if (!fs::exists(dir)) {
        fs::create_directories(dir);
        fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
    }
}

}  // namespace cw
