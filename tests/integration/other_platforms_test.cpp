// The macOS and Windows installers, checked as far as this Linux machine can: the macOS script
// run with a temporary HOME (under dash, as strict as macOS's /bin/sh), the per-user MSI built
// with wixl and read back with msiinfo, and the Windows host manifests against the schema.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "command.hpp"
#include "host_process.hpp"
#include "schema_check.hpp"
#include "temp_dir.hpp"

namespace cw::test {
namespace {

namespace fs = std::filesystem;

json read_json(const fs::path& path) {
    std::ifstream in(path);
    return json::parse(in);
}

bool on_path(const std::string& program) {
    return run_command({"sh", "-c", "command -v " + program}).status == 0;
}

class MacInstaller : public ::testing::Test {
  protected:
    CommandResult install(std::vector<std::string> args) {
        std::vector<std::string> argv{"dash",
                                      std::string(CW_SOURCE_DIR) + "/installers/macos/install.sh",
                                      "--build-dir", fs::path(CW_HOST_PATH).parent_path().string()};
        argv.insert(argv.end(), args.begin(), args.end());
        CommandOptions options;
        options.env = {{"HOME", home.path().string()},
                       {"COOKIE_WARDEN_TEST_ANY_OS", "1"},
                       {"COOKIE_WARDEN_HOME", std::nullopt}};
        return run_command(argv, options);
    }
    fs::path support() const { return home.path() / "Library/Application Support"; }

    TempDir home;
    JsonSchema chromium_schema = load_schema("host-manifest.schema.json", "chromiumHostManifest");
    JsonSchema firefox_schema = load_schema("host-manifest.schema.json", "firefoxHostManifest");
};

TEST_F(MacInstaller, WritesTheMacOsLocationsAndUninstallsThem) {
    if (!on_path("dash"))
        GTEST_SKIP() << "dash is not installed";
    auto r = install({"--browser", "chrome", "--browser", "chromium", "--browser", "edge",
                      "--browser", "brave", "--browser", "vivaldi", "--browser", "firefox",
                      "--extension-id", "abcdefghijklmnopabcdefghijklmnop"});
    ASSERT_EQ(r.status, 0) << r.output();
    const std::map<std::string, bool> manifests{
        {"Google/Chrome/NativeMessagingHosts", false},
        {"Chromium/NativeMessagingHosts", false},
        {"Microsoft Edge/NativeMessagingHosts", false},
        {"BraveSoftware/Brave-Browser/NativeMessagingHosts", false},
        {"Vivaldi/NativeMessagingHosts", false},
        {"Mozilla/NativeMessagingHosts", true},
    };
    const fs::path host = home.path() / ".local/lib/cookie-warden/cookie-warden-host";
    for (const auto& [dir, firefox] : manifests) {
        SCOPED_TRACE(dir);
        json manifest = read_json(support() / dir / "dk.cookiewarden.host.json");
        EXPECT_TRUE(matches_schema(firefox ? firefox_schema : chromium_schema, manifest));
        EXPECT_EQ(manifest["path"], host.string());
    }
    json chrome =
        read_json(support() / "Google/Chrome/NativeMessagingHosts/dk.cookiewarden.host.json");
    EXPECT_EQ(chrome["allowed_origins"][1], "chrome-extension://abcdefghijklmnopabcdefghijklmnop/");
    json config = read_json(support() / "Cookie Warden/config.json");
    EXPECT_EQ(config["allowedExtensions"], json({"abcdefghijklmnopabcdefghijklmnop"}));

    auto again = install({"--browser", "firefox"});
    ASSERT_EQ(again.status, 0) << again.output();
    EXPECT_NE(again.out.find("nothing changed"), std::string::npos) << again.out;

    auto un = install({"--uninstall"});
    ASSERT_EQ(un.status, 0) << un.output();
    EXPECT_TRUE(fs::is_empty(home.path())) << un.out;
}

TEST_F(MacInstaller, ReplacesALinkedManifestWithoutWritingThroughIt) {
    if (!on_path("dash"))
        GTEST_SKIP() << "dash is not installed";
    TempDir elsewhere;
    const fs::path victim = elsewhere.path() / "precious";
    std::ofstream(victim) << "the user's own file\n";
    fs::permissions(victim, fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::replace);
    const fs::path manifest = support() / "Chromium/NativeMessagingHosts/dk.cookiewarden.host.json";
    fs::create_directories(manifest.parent_path());
    fs::create_symlink(victim, manifest);

    auto r = install({"--browser", "chromium"});
    ASSERT_EQ(r.status, 0) << r.output();
    EXPECT_FALSE(fs::is_symlink(manifest));
    EXPECT_TRUE(matches_schema(chromium_schema, read_json(manifest)));
    std::ifstream in(victim);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "the user's own file\n");
    EXPECT_EQ(fs::status(victim).permissions(), fs::perms::owner_read | fs::perms::owner_write);
}

TEST_F(MacInstaller, RefusesToRunOnLinuxUnlessTesting) {
    CommandOptions options;
    options.env = {{"HOME", home.path().string()}, {"COOKIE_WARDEN_TEST_ANY_OS", std::nullopt}};
    auto r =
        run_command({"sh", std::string(CW_SOURCE_DIR) + "/installers/macos/install.sh"}, options);
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("installers/install.sh"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::is_empty(home.path()));
}

TEST(WindowsManifests, MatchTheSchema) {
    auto dir = fs::path(CW_SOURCE_DIR) / "installers/windows";
    json chromium = read_json(dir / "dk.cookiewarden.host.chromium.json");
    json firefox = read_json(dir / "dk.cookiewarden.host.firefox.json");
    EXPECT_TRUE(
        matches_schema(load_schema("host-manifest.schema.json", "chromiumHostManifest"), chromium));
    EXPECT_TRUE(
        matches_schema(load_schema("host-manifest.schema.json", "firefoxHostManifest"), firefox));
    EXPECT_EQ(chromium["path"], "cookie-warden-host.exe");  // beside the manifest
}

// msiinfo export prints a table as tab-separated rows after three header lines.
std::vector<std::vector<std::string>> msi_table(const fs::path& msi, const std::string& table) {
    auto r = run_command({"msiinfo", "export", msi.string(), table});
    if (r.status != 0)
        throw std::runtime_error("msiinfo export " + table + ": " + r.output());
    std::vector<std::vector<std::string>> rows;
    std::istringstream lines(r.out);
    std::string line;
    for (int i = 0; std::getline(lines, line); ++i) {
        if (i < 3)
            continue;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        std::vector<std::string> cells;
        std::istringstream cols(line);
        std::string cell;
        while (std::getline(cols, cell, '\t'))
            cells.push_back(cell);
        rows.push_back(cells);
    }
    return rows;
}

// Builds installers/windows/<wxs> with wixl, with stand-ins for the executables (the real ones
// are built and installed under Wine by tests/windows/run.sh).
fs::path build_msi(const TempDir& work, const std::string& wxs) {
    fs::create_directories(work.path() / "bin");
    for (const char* exe : {"cookie-warden-host.exe", "cookie-warden.exe"})
        std::ofstream(work.path() / "bin" / exe) << "MZ";
    auto msi = work.path() / "cookie-warden.msi";
    CommandOptions in_work;
    in_work.cwd = work.path();
    auto source = fs::path(CW_SOURCE_DIR) / "installers/windows";
    fs::copy(source / "dk.cookiewarden.host.chromium.json", work.path());
    fs::copy(source / "dk.cookiewarden.host.firefox.json", work.path());
    auto r = run_command({"wixl", "-a", "x64", "-D", "Version=0.2.0", "-D", "BinDir=bin", "-D",
                          "ManifestDir=.", "-o", msi.string(), (source / wxs).string()},
                         in_work);
    if (r.status != 0)
        throw std::runtime_error("wixl failed: " + r.output());
    return msi;
}

TEST(WindowsMsi, BuildsWithWixlAndRegistersEveryBrowserUnderHkcu) {
    if (!on_path("wixl") || !on_path("msiinfo"))
        GTEST_SKIP() << "wixl/msiinfo not installed (installers/deps.sh test)";
    TempDir work;
    auto msi = build_msi(work, "cookie-warden.wxs");

    std::map<std::string, std::string> registry;  // key -> value, all under HKCU (root 1)
    for (const auto& row : msi_table(msi, "Registry")) {
        ASSERT_GE(row.size(), 6u);
        EXPECT_EQ(row[1], "1") << row[2] << " is not under HKCU";
        if (row[3].empty())
            registry[row[2]] = row[4];
    }
    const std::string prefix = "[INSTALLDIR]";
    EXPECT_EQ(registry["Software\\Google\\Chrome\\NativeMessagingHosts\\dk.cookiewarden.host"],
              prefix + "dk.cookiewarden.host.chromium.json");
    EXPECT_EQ(registry["Software\\Chromium\\NativeMessagingHosts\\dk.cookiewarden.host"],
              prefix + "dk.cookiewarden.host.chromium.json");
    EXPECT_EQ(registry["Software\\Microsoft\\Edge\\NativeMessagingHosts\\dk.cookiewarden.host"],
              prefix + "dk.cookiewarden.host.chromium.json");
    EXPECT_EQ(registry["Software\\Mozilla\\NativeMessagingHosts\\dk.cookiewarden.host"],
              prefix + "dk.cookiewarden.host.firefox.json");

    std::set<std::string> files;
    for (const auto& row : msi_table(msi, "File"))
        files.insert(row.at(2));
    EXPECT_EQ(files, (std::set<std::string>{"cookie-warden-host.exe", "cookie-warden.exe",
                                            "dk.cookiewarden.host.chromium.json",
                                            "dk.cookiewarden.host.firefox.json"}));

    std::map<std::string, std::string> properties;
    for (const auto& row : msi_table(msi, "Property"))
        properties[row.at(0)] = row.size() > 1 ? row[1] : "";
    EXPECT_EQ(properties["MSIINSTALLPERUSER"], "1");
    EXPECT_EQ(properties["ALLUSERS"], "2");

    std::map<std::string, std::string> directories;  // id -> parent
    for (const auto& row : msi_table(msi, "Directory"))
        directories[row.at(0)] = row.at(1);
    EXPECT_EQ(directories["ProgramsDir"], "LocalAppDataFolder")
        << "a per-user MSI installs under the profile";
}

TEST(WindowsMsi, PerMachineBuildsAndRegistersEveryBrowserUnderHklm) {
    if (!on_path("wixl") || !on_path("msiinfo"))
        GTEST_SKIP() << "wixl/msiinfo not installed (installers/deps.sh test)";
    TempDir work;
    auto msi = build_msi(work, "cookie-warden-machine.wxs");
    std::map<std::string, std::string> registry;  // key -> value, all under HKLM (root 2)
    for (const auto& row : msi_table(msi, "Registry")) {
        ASSERT_GE(row.size(), 6u);
        EXPECT_EQ(row[1], "2") << row[2] << " is not under HKLM";
        if (row[3].empty())
            registry[row[2]] = row[4];
    }
    for (const char* browser : {"Google\\Chrome", "Chromium", "Microsoft\\Edge",
                                "BraveSoftware\\Brave-Browser", "Vivaldi"}) {
        EXPECT_EQ(registry[std::string("Software\\") + browser +
                           "\\NativeMessagingHosts\\dk.cookiewarden.host"],
                  "[INSTALLDIR]dk.cookiewarden.host.chromium.json")
            << browser;
    }
    EXPECT_EQ(registry["Software\\Mozilla\\NativeMessagingHosts\\dk.cookiewarden.host"],
              "[INSTALLDIR]dk.cookiewarden.host.firefox.json");
    std::map<std::string, std::string> directories;  // id -> parent
    for (const auto& row : msi_table(msi, "Directory"))
        directories[row.at(0)] = row.at(1);
    EXPECT_EQ(directories["INSTALLDIR"], "ProgramFiles64Folder");
    EXPECT_EQ(directories["AdminManifestsDir"], "ProgramDataDir") << "the admin manifests folder";
    EXPECT_EQ(directories["ProgramDataDir"], "CommonAppDataFolder");
}

}  // namespace
}  // namespace cw::test
