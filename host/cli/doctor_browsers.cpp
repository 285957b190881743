// `cookie-warden doctor`, the browsers' part: is a host manifest where each browser looks, owned
// by the user, well formed, pointing to an executable host, and allowing only ids the host
// allows too?

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>

#include "browsers.hpp"
#include "classify/embedded.hpp"
#include "doctor_checks.hpp"
#include "wire/json_schema.hpp"

namespace cw::cli {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr const char* kChromiumOrigin = "chrome-extension://jjnjmppplncaaifkjlbbjnehaemmebmg/";
constexpr const char* kFirefoxId = "cookie-warden@cookiewarden.dk";

std::optional<fs::path> find_manifest(const BrowserInfo& b) {
    std::vector<fs::path> dirs{b.user_manifest_dir};
    dirs.insert(dirs.end(), b.system_manifest_dirs.begin(), b.system_manifest_dirs.end());
    for (const auto& dir : dirs) {
        if (fs::exists(dir / kHostManifestFile))
            return dir / kHostManifestFile;
    }
    return std::nullopt;
}

bool is_system_path(const fs::path& path) {
    auto s = path.string();
    return s.starts_with("/etc/") || s.starts_with("/usr/") || s.starts_with("/Library/");
}

// The browsers to check: those named, else (unless only profile dirs were named) every
// browser found, or whose manifest is in place.
std::vector<BrowserInfo> browsers_to_check(Findings& findings, const DoctorOptions& options) {
    auto all = known_browsers();
    std::vector<BrowserInfo> chosen;
    if (!options.browsers.empty()) {
        for (const auto& key : options.browsers) {
            auto it =
                std::find_if(all.begin(), all.end(), [&](const auto& b) { return b.key == key; });
            if (it == all.end()) {
                std::string known;
                for (const auto& b : all)
                    known += (known.empty() ? "" : ", ") + b.key;
                throw UsageError("unknown browser '" + key + "' (known: " + known + ")");
            }
            chosen.push_back(*it);
        }
        return chosen;
    }
    if (!options.profile_dirs.empty())
        return chosen;
    for (const auto& b : all) {
        if (is_installed(b) || find_manifest(b))
            chosen.push_back(b);
    }
    if (chosen.empty()) {
        findings.problem(
            "browsers",
            "no supported browser found (Chrome, Chromium, Edge, Brave, Vivaldi, Firefox)",
            "install one from your distribution (e.g. sudo apt-get install chromium), then run "
            "installers/install.sh");
    }
    return chosen;
}

void check_manifest(Findings& findings, const fs::path& data_dir,
                    const std::set<std::string>& extra_ids, const std::string& subject,
                    const fs::path& path, ManifestForm form, const std::string& fix) {
    // Whoever can change the manifest chooses the program the browser starts as this user.
    if (struct stat st{}; ::stat(path.c_str(), &st) == 0) {
        std::string where = path.string();
        if (fs::is_symlink(path))
            where += " (a symbolic link to " + fs::read_symlink(path).string() + ")";
        if (st.st_uid != ::geteuid() && st.st_uid != 0) {
            findings.problem(subject,
                             where + " belongs to another user (uid " + std::to_string(st.st_uid) +
                                 "), who could make the browser start any program",
                             fix + " (it replaces the file)");
            return;
        }
        if ((st.st_mode & 022) != 0) {
            findings.problem(subject,
                             where +
                                 " can be changed by other users, who could make the browser "
                                 "start any program",
                             fix + " (it replaces the file)");
            return;
        }
    }
    json manifest;
    try {
        std::ifstream in(path);
        manifest = json::parse(in);
    } catch (const json::exception& e) {
        findings.problem(subject, path.string() + " is not valid JSON (" + e.what() + ")", fix);
        return;
    }
    // The commonest hand edits get a plain message; the schema catches the rest.
    if (auto host_path = manifest.find("path");
        host_path != manifest.end() && host_path->is_string() &&
        !fs::path(host_path->get<std::string>()).is_absolute()) {
        findings.problem(
            subject,
            host_path->get<std::string>() + " in " + path.string() +
                " is not a full path; browsers on this system need the host's full path",
            fix);
        return;
    }
    bool firefox = form == ManifestForm::firefox;
    auto schema = embedded::schema("host-manifest.schema.json",
                                   firefox ? "firefoxHostManifest" : "chromiumHostManifest");
    if (auto problems = schema.validate(manifest); !problems.empty()) {
        std::string what = describe(problems);
        const char* key = firefox ? "allowed_extensions" : "allowed_origins";
        auto list = manifest.find(key);
        bool lists_ours = list != manifest.end() && list->is_array() &&
                          std::find(list->begin(), list->end(),
                                    json(firefox ? kFirefoxId : kChromiumOrigin)) != list->end();
        if (!lists_ours) {
            what = std::string("its ") + key + " does not list " +
                   (firefox ? kFirefoxId : kChromiumOrigin) +
                   ", so the browser will not let Cookie Warden use it";
        }
        findings.problem(subject, path.string() + ": " + what, fix);
        return;
    }
    fs::path host = manifest["path"].get<std::string>();
    struct stat st {};
    if (::stat(host.c_str(), &st) != 0) {
        findings.problem(
            subject, path.string() + " points to " + host.string() + ", which does not exist", fix);
        return;
    }
    if (!S_ISREG(st.st_mode) || ::access(host.c_str(), X_OK) != 0) {
        findings.problem(
            subject,
            path.string() + " points to " + host.string() + ", which is not an executable file",
            fix);
        return;
    }
    // Extra ids in the manifest must also be in config.json, or the host turns them away.
    for (const auto& entry : manifest[firefox ? "allowed_extensions" : "allowed_origins"]) {
        std::string id = entry.get<std::string>();
        if (!firefox)
            id = id.substr(19, 32);  // chrome-extension://<id>/
        if (id == kFirefoxId || id == std::string(kChromiumOrigin).substr(19, 32))
            continue;
        if (!extra_ids.contains(id)) {
            findings.problem(subject,
                             path.string() + " allows " + id +
                                 ", but the host does not (it is not in " +
                                 (data_dir / "config.json").string() + ")",
                             "run installers/install.sh --extension-id " + id);
            return;
        }
    }
    findings.ok(subject, path.string() + " -> " + host.string());
}

}  // namespace

void check_browsers(Findings& findings, const DoctorOptions& options, const fs::path& data_dir,
                    const std::set<std::string>& extra_ids) {
    for (const auto& b : browsers_to_check(findings, options)) {
        auto manifest = find_manifest(b);
        if (!manifest) {
            findings.problem(b.label, "no host manifest in " + b.user_manifest_dir.string(),
                             "run installers/install.sh --browser " + b.key);
            continue;
        }
        std::string fix =
            is_system_path(*manifest)
                ? "reinstall the package: sudo apt-get install --reinstall cookie-warden"
                : "run installers/install.sh --browser " + b.key;
        check_manifest(findings, data_dir, extra_ids, b.label, *manifest, b.form, fix);
    }
    for (const auto& dir : options.profile_dirs) {
        auto path = fs::absolute(dir) / "NativeMessagingHosts" / kHostManifestFile;
        std::string subject = "profile " + fs::absolute(dir).string();
        std::string fix =
            "run installers/install.sh --profile-dir '" + fs::absolute(dir).string() + "'";
        if (!fs::exists(path)) {
            findings.problem(subject, "no host manifest at " + path.string(), fix);
            continue;
        }
        check_manifest(findings, data_dir, extra_ids, subject, path, ManifestForm::chromium, fix);
    }
}

void note_sandboxed_browsers(Findings& findings) {
    for (const auto& s : sandboxed_browsers()) {
        findings.add(
            Finding::Level::notice, s.description,
            "found at " + s.where.string() +
                "; Snap and Flatpak browsers run in a sandbox that cannot start "
                "cookie-warden-host",
            "use the browser's .deb package instead (Debian's chromium or firefox-esr, or the "
            "vendor's), "
            "then run installers/install.sh");
    }
}

}  // namespace cw::cli
