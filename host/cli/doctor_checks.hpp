#pragma once
// What `cookie-warden doctor` finds, collected by its checks: those of the data folder and the
// database (doctor.cpp) and those of the browsers' host manifests (doctor_browsers.cpp).

#include <filesystem>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "doctor.hpp"

namespace cw::cli {

struct Finding {
    enum class Level { ok, notice, problem };
    Level level;
    std::string subject;
    std::string message;
    std::string fix;  // what to do, for problems and notices
};

class Findings {
  public:
    void add(Finding::Level level, std::string subject, std::string message, std::string fix = {}) {
        list_.push_back({level, std::move(subject), std::move(message), std::move(fix)});
    }
    void ok(std::string subject, std::string message) {
        add(Finding::Level::ok, std::move(subject), std::move(message));
    }
    void problem(std::string subject, std::string message, std::string fix) {
        add(Finding::Level::problem, std::move(subject), std::move(message), std::move(fix));
    }
    const std::vector<Finding>& all() const { return list_; }
    std::size_t size() const { return list_.size(); }

  private:
    std::vector<Finding> list_;
};

// The host manifest of each browser to check (those named in `options`, else every browser
// found) and of each profile folder named. `extra_ids`: the extension ids config.json in
// `data_dir` allows.
void check_browsers(Findings& findings, const DoctorOptions& options,
                    const std::filesystem::path& data_dir, const std::set<std::string>& extra_ids);

// Snap and Flatpak browsers, which cannot start the host.
void note_sandboxed_browsers(Findings& findings);

}  // namespace cw::cli
