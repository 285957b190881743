#pragma once
// The fixture of the installer tests (installer_test.cpp, installer_links_test.cpp):
// installers/install.sh run for real into a temporary HOME and a temporary Chromium profile,
// and what they read back.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "command.hpp"
#include "host_process.hpp"
#include "schema_check.hpp"
#include "temp_dir.hpp"

namespace cw::test {

namespace fs = std::filesystem;

constexpr const char* kFirefoxId = "cookie-warden@cookiewarden.dk";
constexpr const char* kOtherChromiumId = "abcdefghijklmnopabcdefghijklmnop";
constexpr const char* kOtherFirefoxId = "other@example.org";

inline std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline json read_json(const fs::path& path) {
    return json::parse(read_file(path));
}

inline unsigned mode_of(const fs::path& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0)
        return 0;
    return st.st_mode & 07777;
}

// Everything under a folder: per entry its mode, size and content, and with `times` also its
// times and inode, so that any write, chmod or replacement shows up as a difference.
inline std::map<std::string, std::string> snapshot(const fs::path& root, bool times = true) {
    std::map<std::string, std::string> entries;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        struct stat st {};
        ::lstat(e.path().c_str(), &st);
        std::ostringstream d;
        d << std::oct << st.st_mode << std::dec;
        if (e.is_regular_file())
            d << " " << st.st_size;
        if (times) {
            d << " " << st.st_mtim.tv_sec << "." << st.st_mtim.tv_nsec << " " << st.st_ctim.tv_sec
              << "." << st.st_ctim.tv_nsec << " " << st.st_ino;
        }
        if (e.is_regular_file())
            d << " " << std::hash<std::string>{}(read_file(e.path()));
        entries[fs::relative(e.path(), root).string()] = d.str();
    }
    return entries;
}

inline std::set<std::string> regular_files(const fs::path& root) {
    std::set<std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (e.is_regular_file())
            files.insert(fs::relative(e.path(), root).string());
    }
    return files;
}

class Installer : public ::testing::Test {
  protected:
    void SetUp() override {
        fs::create_directories(home);
        fs::create_directories(profile / "Default");  // a profile the browser already made
    }

    CommandResult install(std::vector<std::string> args) {
        std::vector<std::string> argv{"bash", std::string(CW_SOURCE_DIR) + "/installers/install.sh",
                                      "--build-dir", fs::path(CW_HOST_PATH).parent_path().string()};
        argv.insert(argv.end(), args.begin(), args.end());
        CommandOptions options;
        options.env = {{"HOME", home.string()},
                       {"COOKIE_WARDEN_HOME", std::nullopt},
                       {"XDG_DATA_HOME", std::nullopt},
                       {"XDG_CONFIG_HOME", std::nullopt}};
        return run_command(argv, options);
    }
    CommandResult install_ok(std::vector<std::string> args) {
        auto r = install(std::move(args));
        EXPECT_EQ(r.status, 0) << r.output();
        return r;
    }

    fs::path installed_host() const { return home / ".local/lib/cookie-warden/cookie-warden-host"; }
    fs::path data_dir() const { return home / ".local/share/cookie-warden"; }

    void expect_manifest(const fs::path& path, bool firefox,
                         const std::vector<std::string>& extra_ids = {}) {
        SCOPED_TRACE(path.string());
        ASSERT_TRUE(fs::exists(path));
        json manifest = read_json(path);
        EXPECT_TRUE(matches_schema(firefox ? firefox_schema : chromium_schema, manifest));
        EXPECT_TRUE(matches_schema(any_schema, manifest));
        EXPECT_EQ(manifest["path"], installed_host().string());
        EXPECT_EQ(mode_of(path), 0644u);
        std::vector<std::string> expected;
        if (firefox) {
            expected.push_back(kFirefoxId);
        } else {
            expected.push_back(kOwnChromiumOrigin);
        }
        for (const auto& id : extra_ids)
            expected.push_back(firefox ? id : "chrome-extension://" + id + "/");
        EXPECT_EQ(manifest[firefox ? "allowed_extensions" : "allowed_origins"], json(expected));
    }

    TempDir root;
    fs::path home = root.path() / "home";
    fs::path profile = root.path() / "profile";
    JsonSchema any_schema = load_schema("host-manifest.schema.json", "hostManifest");
    JsonSchema chromium_schema = load_schema("host-manifest.schema.json", "chromiumHostManifest");
    JsonSchema firefox_schema = load_schema("host-manifest.schema.json", "firefoxHostManifest");
    JsonSchema config_schema = load_schema("host-manifest.schema.json", "installerConfig");
};

}  // namespace cw::test
