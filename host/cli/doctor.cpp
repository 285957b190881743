// `cookie-warden doctor`: checks that the browsers can start the host and that the data folder
// and database are sound, and says what to fix. Read-only: it changes nothing it checks (the
// host and the other commands make the data folder private when they open it). The browsers'
// host manifests are checked in doctor_browsers.cpp.

#include "doctor.hpp"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "browsers.hpp"
#include "classify/embedded.hpp"
#include "doctor_checks.hpp"
#include "platform/data_folder.hpp"
#include "platform/paths.hpp"
#include "version.hpp"
#include "wire/json_schema.hpp"

namespace cw::cli {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

const char* level_name(Finding::Level level) {
    switch (level) {
        case Finding::Level::ok:
            return "ok";
        case Finding::Level::notice:
            return "notice";
        case Finding::Level::problem:
            return "problem";
    }
    return "";
}

class Doctor {
  public:
    explicit Doctor(const DoctorOptions& options) : options_(options), data_dir_(data_dir()) {}

    int run() {
        check_data_folder();
        check_config();
        check_database();
        count_manifests();
        check_browsers(findings_, options_, data_dir_, extra_ids_);
        note_sandboxed_browsers(findings_);
        return report();
    }

  private:
    void add(Finding::Level level, std::string subject, std::string message, std::string fix = {}) {
        findings_.add(level, std::move(subject), std::move(message), std::move(fix));
    }
    void ok(std::string subject, std::string message) {
        findings_.ok(std::move(subject), std::move(message));
    }
    void problem(std::string subject, std::string message, std::string fix) {
        findings_.problem(std::move(subject), std::move(message), std::move(fix));
    }

    // Owner-only, and owned by whoever runs doctor (the host runs as the same user).
    void check_private(const std::string& subject, const fs::path& path, unsigned wanted_mode) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0)
            return;
        if (st.st_uid != ::geteuid()) {
            problem(
                subject,
                path.string() + " belongs to another user (uid " + std::to_string(st.st_uid) + ")",
                "chown $(id -un) '" + path.string() + "'");
        } else if ((st.st_mode & 077) != 0) {
            char mode[8];
            std::snprintf(mode, sizeof mode, "%o", st.st_mode & 0777);
            char wanted[8];
            std::snprintf(wanted, sizeof wanted, "%o", wanted_mode);
            problem(subject, path.string() + " can be read by other users (mode " + mode + ")",
                    std::string("chmod ") + wanted + " '" + path.string() +
                        "' (the host and cookie-warden also do it when they next open it)");
        }
    }

    void check_data_folder() {
        const std::string subject = "data folder";
        std::error_code ec;
        auto status = fs::status(data_dir_, ec);
        if (!fs::exists(status)) {
            add(Finding::Level::notice, subject, data_dir_.string() + " does not exist yet",
                "nothing to do: the host creates it the first time a browser starts it");
            return;
        }
        if (!fs::is_directory(status)) {
            problem(subject, data_dir_.string() + " is not a folder",
                    "move it away; the host makes the folder when a browser next starts it");
            return;
        }
        // What the host and the other commands would refuse: someone else's folder, link or
        // database file.
        if (auto refusals = data_dir_refusals(data_dir_); !refusals.empty()) {
            for (const auto& refusal : refusals) {
                problem(subject,
                        refusal.problem +
                            "; the host and cookie-warden do not use it until it is fixed",
                        refusal.fix);
            }
            return;
        }
        auto before = findings_.size();
        check_private(subject, data_dir_, 0700);
        if (findings_.size() == before)
            ok(subject, data_dir_.string() + " (private)");
    }

    void check_config() {
        auto path = data_dir_ / "config.json";
        if (!fs::exists(path))
            return;
        const std::string subject = "extra extension ids";
        check_private(subject, path, 0600);
        try {
            std::ifstream in(path);
            json config = json::parse(in);
            auto problems =
                embedded::schema("host-manifest.schema.json", "installerConfig").validate(config);
            if (!problems.empty()) {
                problem(subject,
                        path.string() + " is not in the expected form: " + describe(problems),
                        "fix it to {\"allowedExtensions\": [\"<id>\", ...]} or remove it");
                return;
            }
            for (const auto& id : config.value("allowedExtensions", json::array())) {
                extra_ids_.insert(id.get<std::string>());
            }
            ok(subject, std::to_string(extra_ids_.size()) + " in " + path.string());
        } catch (const json::exception& e) {
            problem(subject, path.string() + " is not valid JSON (" + e.what() + ")",
                    "fix it, or remove it and run installers/install.sh --extension-id ID again");
        }
    }

    void check_database() {
        const std::string subject = "database";
        auto path = database_path(data_dir_);
        if (!fs::exists(path)) {
            add(Finding::Level::notice, subject, path.string() + " does not exist yet",
                "nothing to do: the host creates it when a browser first starts it");
            return;
        }
        check_private(subject, path, 0600);
        const std::string fix =
            "keep a copy of " + path.string() +
            ", then move it away: the host starts a new one (your rules and log are in the "
            "old file; `cookie-warden export` from a backup can save them)";
        sqlite3* db = nullptr;
        int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
        if (rc != SQLITE_OK) {
            problem(subject, "cannot open " + path.string() + ": " + sqlite3_errstr(rc), fix);
            sqlite3_close(db);
            return;
        }
        sqlite3_busy_timeout(db, 2000);
        std::vector<std::string> results;
        sqlite3_stmt* stmt = nullptr;
        rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check(20)", -1, &stmt, nullptr);
        if (rc == SQLITE_OK) {
            while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
                const auto* text = sqlite3_column_text(stmt, 0);
                results.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
            }
        }
        std::string error = (rc == SQLITE_DONE) ? "" : sqlite3_errmsg(db);
        sqlite3_finalize(stmt);
        sqlite3_close(db);
        if (!error.empty()) {
            problem(subject, path.string() + " cannot be checked: " + error, fix);
        } else if (results.size() == 1 && results[0] == "ok") {
            ok(subject, path.string() + " (integrity ok)");
        } else {
            std::string summary;
            for (std::size_t i = 0; i < results.size() && i < 3; ++i)
                summary += (i ? "; " : "") + results[i];
            problem(subject, path.string() + " is damaged: " + summary, fix);
        }
    }

    void count_manifests() {
        std::size_t shipped = 0;
        for (const auto& f : embedded::files()) {
            if (f.name.starts_with("manifests/") && f.name.ends_with(".json"))
                ++shipped;
        }
        std::string message = std::to_string(shipped) + " shipped";
        const char* names[] = {"yours", "system"};
        auto dirs = manifest_dirs(data_dir_);
        for (std::size_t i = 0; i < dirs.size() && i < 2; ++i) {
            std::size_t count = 0;
            std::error_code ec;
            for (const auto& e : fs::directory_iterator(dirs[i], ec)) {
                if (e.path().extension() == ".json")
                    ++count;
            }
            message +=
                ", " + std::to_string(count) + " " + names[i] + " (" + dirs[i].string() + ")";
        }
        ok("site manifests", message);
    }

    int report() {
        std::size_t problems = 0;
        for (const auto& f : findings_.all())
            problems += f.level == Finding::Level::problem;
        if (options_.json) {
            json out{{"ok", problems == 0}, {"version", kVersion}, {"dataDir", data_dir_.string()}};
            out["findings"] = json::array();
            for (const auto& f : findings_.all()) {
                json item{
                    {"level", level_name(f.level)}, {"subject", f.subject}, {"message", f.message}};
                if (!f.fix.empty())
                    item["fix"] = f.fix;
                out["findings"].push_back(item);
            }
            std::cout << out.dump(2) << "\n";
        } else {
            for (const auto& f : findings_.all()) {
                std::string tag =
                    f.level == Finding::Level::problem ? "PROBLEM" : level_name(f.level);
                std::cout << tag << std::string(9 - tag.size(), ' ') << f.subject << ": "
                          << f.message << "\n";
                if (!f.fix.empty()) {
                    std::cout << "         " << (f.level == Finding::Level::problem ? "fix: " : "")
                              << f.fix << "\n";
                }
            }
            if (problems == 0) {
                std::cout << "\nAll good.\n";
            } else {
                std::cout << "\n"
                          << problems << (problems == 1 ? " problem" : " problems")
                          << " found; see 'fix:' above.\n";
            }
        }
        return problems == 0 ? 0 : 1;
    }

    const DoctorOptions& options_;
    fs::path data_dir_;
    std::set<std::string> extra_ids_;
    Findings findings_;
};

}  // namespace

int run_doctor(const DoctorOptions& options) {
    return Doctor(options).run();
}

}  // namespace cw::cli
