// `cookie-warden doctor` on Windows: the browsers find the host through the registry, so this
// reads each browser's NativeMessagingHosts key under HKCU and HKLM, follows it to the host
// manifest and from there to the executable; it also checks the data folder (owner and ACL)
// and the database. Read-only, like the POSIX doctor (doctor.cpp, which CMake uses elsewhere).

#include <sqlite3.h>
#include <windows.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "classify/embedded.hpp"
#include "doctor.hpp"
#include "platform/data_folder.hpp"
#include "platform/paths.hpp"
#include "version.hpp"
#include "wire/json_schema.hpp"

namespace cw::cli {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

struct Browser {
    const char* key;
    const char* label;
    const wchar_t* registry;  // under HKCU and HKLM
    bool firefox;
};

constexpr Browser kBrowsers[] = {
    {"chrome", "Google Chrome", L"Software\\Google\\Chrome\\NativeMessagingHosts", false},
    {"edge", "Microsoft Edge", L"Software\\Microsoft\\Edge\\NativeMessagingHosts", false},
    {"chromium", "Chromium", L"Software\\Chromium\\NativeMessagingHosts", false},
    {"brave", "Brave", L"Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts", false},
    {"vivaldi", "Vivaldi", L"Software\\Vivaldi\\NativeMessagingHosts", false},
    {"firefox", "Firefox", L"Software\\Mozilla\\NativeMessagingHosts", true},
};

// The default value of <root>\<key>\dk.cookiewarden.host, or nullopt when there is none.
std::optional<fs::path> registered_manifest(HKEY root, const wchar_t* key) {
    std::wstring path = std::wstring(key) + L"\\dk.cookiewarden.host";
    wchar_t value[1024];
    DWORD size = sizeof value;
    if (::RegGetValueW(root, path.c_str(), nullptr, RRF_RT_REG_SZ, nullptr, value, &size) !=
        ERROR_SUCCESS)
        return std::nullopt;
    return fs::path(value);
}

class Doctor {
  public:
    explicit Doctor(const DoctorOptions& options) : options_(options), data_dir_(data_dir()) {}

    int run() {
        check_data_folder();
        check_database();
        check_browsers();
        return report();
    }

  private:
    void add(const char* level, std::string subject, std::string message, std::string fix = {}) {
        findings_.push_back({{"level", level}, {"subject", subject}, {"message", message}});
        if (!fix.empty())
            findings_.back()["fix"] = fix;
    }

    void check_data_folder() {
        std::error_code ec;
        if (!fs::exists(data_dir_, ec)) {
            add("notice", "data folder", data_dir_.string() + " does not exist yet",
                "nothing to do: the host creates it the first time a browser starts it");
        } else if (auto refusal = data_dir_refusal(data_dir_)) {
            add("problem", "data folder",
                refusal->problem + "; the host and cookie-warden do not use it until it is fixed",
                refusal->fix);
        } else {
            add("ok", "data folder", data_dir_.string() + " (yours, no access for other users)");
        }
    }

    void check_database() {
        auto path = database_path(data_dir_);
        std::error_code ec;
        if (!fs::exists(path, ec))
            return;
        sqlite3* db = nullptr;
        std::string result;
        auto utf8 = path.u8string();
        if (sqlite3_open_v2(reinterpret_cast<const char*>(utf8.c_str()), &db, SQLITE_OPEN_READONLY,
                            nullptr) == SQLITE_OK) {
            sqlite3_stmt* stmt = nullptr;
            if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &stmt, nullptr) == SQLITE_OK &&
                sqlite3_step(stmt) == SQLITE_ROW) {
                const auto* text = sqlite3_column_text(stmt, 0);
                result = text ? reinterpret_cast<const char*>(text) : "";
            } else {
                result = sqlite3_errmsg(db);
            }
            sqlite3_finalize(stmt);
        } else {
            result = db ? sqlite3_errmsg(db) : "cannot open it";
        }
        sqlite3_close(db);
        if (result == "ok")
            add("ok", "database", path.string() + " (integrity ok)");
        else
            add("problem", "database", path.string() + ": " + result,
                "keep a copy, then move it away: the host starts a new one");
    }

    void check_browsers() {
        const char* reinstall = "install the Cookie Warden MSI again (or run install.ps1)";
        std::size_t found = 0;
        for (const auto& b : kBrowsers) {
            if (!options_.browsers.empty() &&
                std::find(options_.browsers.begin(), options_.browsers.end(), b.key) ==
                    options_.browsers.end())
                continue;
            for (auto [root, name] :
                 {std::pair{HKEY_CURRENT_USER, "HKCU"}, std::pair{HKEY_LOCAL_MACHINE, "HKLM"}}) {
                auto manifest = registered_manifest(root, b.registry);
                if (!manifest)
                    continue;
                ++found;
                std::string subject = std::string(b.label) + " (" + name + ")";
                if (auto trouble = check_manifest(*manifest, b.firefox))
                    add("problem", subject, *trouble, reinstall);
                else
                    add("ok", subject, manifest->string() + " -> " + host_of(*manifest).string());
            }
        }
        for (const auto& dir : options_.profile_dirs) {
            add("notice", "profile " + dir.string(),
                "on Windows, browsers find the host through the registry only, not in a "
                "profile folder",
                "nothing to check there; the registry keys above are what counts");
        }
        if (found == 0) {
            add("problem", "browsers",
                "Cookie Warden is registered with no browser (no NativeMessagingHosts key under "
                "HKCU or HKLM)",
                reinstall);
        }
    }

    // The host a manifest names: a relative path is taken from the manifest's folder.
    static fs::path host_of(const fs::path& manifest) {
        std::ifstream in(manifest, std::ios::binary);
        auto text = json::parse(in).at("path").get<std::string>();
        fs::path host(std::u8string(text.begin(), text.end()));
        return host.is_absolute() ? host : manifest.parent_path() / host;
    }

    static std::optional<std::string> check_manifest(const fs::path& manifest, bool firefox) {
        std::error_code ec;
        if (!fs::is_regular_file(manifest, ec))
            return "the registry names " + manifest.string() + ", which does not exist";
        json m;
        try {
            std::ifstream in(manifest, std::ios::binary);
            m = json::parse(in);
        } catch (const json::exception& e) {
            return manifest.string() + " is not valid JSON (" + e.what() + ")";
        }
        auto schema = embedded::schema("host-manifest.schema.json",
                                       firefox ? "firefoxHostManifest" : "chromiumHostManifest");
        if (auto problems = schema.validate(m); !problems.empty())
            return manifest.string() + " is not a valid host manifest for this browser";
        fs::path host = host_of(manifest);
        if (!fs::is_regular_file(host, ec))
            return manifest.string() + " points to " + host.string() + ", which does not exist";
        if (host.extension() != ".exe")
            return manifest.string() + " points to " + host.string() + ", not an .exe";
        return std::nullopt;
    }

    int report() {
        std::size_t problems = 0;
        for (const auto& f : findings_)
            problems += f["level"] == "problem";
        if (options_.json) {
            json out{{"ok", problems == 0},
                     {"version", kVersion},
                     {"dataDir", data_dir_.string()},
                     {"findings", findings_}};
            std::cout << out.dump(2) << "\n";
        } else {
            for (const auto& f : findings_) {
                std::string level = f["level"].get<std::string>();
                if (level == "problem")
                    level = "PROBLEM";
                std::cout << level << std::string(9 - level.size(), ' ')
                          << f["subject"].get<std::string>() << ": "
                          << f["message"].get<std::string>() << "\n";
                if (f.contains("fix"))
                    std::cout << "         fix: " << f["fix"].get<std::string>() << "\n";
            }
            std::cout << (problems == 0 ? "\nAll good.\n"
                                        : "\n" + std::to_string(problems) + " problem(s) found.\n");
        }
        return problems == 0 ? 0 : 1;
    }

    const DoctorOptions& options_;
    fs::path data_dir_;
    json findings_ = json::array();
};

}  // namespace

int run_doctor(const DoctorOptions& options) {
    return Doctor(options).run();
}

}  // namespace cw::cli
