// installers/install.sh run for real into a temporary HOME and a temporary Chromium profile:
// what it writes, that a second run changes nothing, that --uninstall leaves nothing behind,
// and that the host it installs answers the browsers it registered with.

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
namespace {

namespace fs = std::filesystem;

constexpr const char* kFirefoxId = "cookie-warden@cookiewarden.dk";
constexpr const char* kOtherChromiumId = "abcdefghijklmnopabcdefghijklmnop";
constexpr const char* kOtherFirefoxId = "other@example.org";

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

json read_json(const fs::path& path) {
    return json::parse(read_file(path));
}

unsigned mode_of(const fs::path& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0)
        return 0;
    return st.st_mode & 07777;
}

// Everything under a folder: per entry its mode, size and content, and with `times` also its
// times and inode, so that any write, chmod or replacement shows up as a difference.
std::map<std::string, std::string> snapshot(const fs::path& root, bool times = true) {
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

std::set<std::string> regular_files(const fs::path& root) {
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

TEST_F(Installer, WritesTheRightManifestForEveryBrowserAndProfile) {
    install_ok({"--browser", "chrome", "--browser", "chromium", "--browser", "edge", "--browser",
                "brave", "--browser", "vivaldi", "--browser", "firefox", "--profile-dir",
                profile.string()});

    const std::set<std::string> expected_files{
        "home/.local/lib/cookie-warden/cookie-warden-host",
        "home/.local/lib/cookie-warden/install-record",
        "home/.local/bin/cookie-warden",
        "home/.config/google-chrome/NativeMessagingHosts/dk.cookiewarden.host.json",
        "home/.config/chromium/NativeMessagingHosts/dk.cookiewarden.host.json",
        "home/.config/microsoft-edge/NativeMessagingHosts/dk.cookiewarden.host.json",
        "home/.config/BraveSoftware/Brave-Browser/NativeMessagingHosts/dk.cookiewarden.host.json",
        "home/.config/vivaldi/NativeMessagingHosts/dk.cookiewarden.host.json",
        "home/.mozilla/native-messaging-hosts/dk.cookiewarden.host.json",
        "profile/NativeMessagingHosts/dk.cookiewarden.host.json",
    };
    EXPECT_EQ(regular_files(root.path()), expected_files);
    for (const auto& f : expected_files) {
        if (f.ends_with(".json"))
            expect_manifest(root.path() / f, f.find(".mozilla") != std::string::npos);
    }
    EXPECT_EQ(mode_of(installed_host()), 0755u);
    EXPECT_EQ(mode_of(home / ".local/bin/cookie-warden"), 0755u);
    EXPECT_EQ(read_file(installed_host()), read_file(CW_HOST_PATH));
    EXPECT_FALSE(fs::exists(data_dir() / "config.json")) << "no extra ids, so no config";
}

TEST_F(Installer, ProfileDirAloneTouchesNoBrowserOfTheUser) {
    install_ok({"--profile-dir", profile.string()});
    expect_manifest(profile / "NativeMessagingHosts/dk.cookiewarden.host.json", false);
    EXPECT_FALSE(fs::exists(home / ".config"));
    EXPECT_FALSE(fs::exists(home / ".mozilla"));
}

TEST_F(Installer, SecondRunChangesNothing) {
    std::vector<std::string> args{"--browser",      "chromium",      "--browser",
                                  "firefox",        "--profile-dir", profile.string(),
                                  "--extension-id", kOtherChromiumId};
    install_ok(args);
    auto before = snapshot(root.path());
    auto second = install_ok(args);
    EXPECT_EQ(snapshot(root.path()), before);
    EXPECT_NE(second.out.find("nothing changed"), std::string::npos) << second.out;
}

TEST_F(Installer, DryRunChangesNothing) {
    auto before = snapshot(root.path());
    auto r = install_ok({"--dry-run", "--browser", "chromium", "--profile-dir", profile.string(),
                         "--extension-id", kOtherFirefoxId});
    EXPECT_EQ(snapshot(root.path()), before);
    EXPECT_NE(r.out.find("would write"), std::string::npos) << r.out;

    install_ok({"--browser", "chromium"});
    auto installed = snapshot(root.path());
    install_ok({"--uninstall", "--dry-run"});
    EXPECT_EQ(snapshot(root.path()), installed);
}

TEST_F(Installer, UninstallLeavesNothingBehindAndKeepsWhatWasThere) {
    fs::create_directories(home / ".config/chromium");
    std::ofstream(home / ".config/chromium/Local State") << "{}";
    fs::create_directories(data_dir());
    std::ofstream(data_dir() / "cookie-warden.db") << "user data";
    auto before = snapshot(root.path(), false);

    install_ok({"--browser", "chromium", "--browser", "firefox", "--browser", "edge",
                "--profile-dir", profile.string(), "--extension-id", kOtherChromiumId,
                "--extension-id", kOtherFirefoxId});
    install_ok({"--browser", "vivaldi"});  // a later run adds to the record
    ASSERT_TRUE(
        fs::exists(home / ".config/vivaldi/NativeMessagingHosts/dk.cookiewarden.host.json"));
    auto r = install_ok({"--uninstall"});
    EXPECT_EQ(snapshot(root.path(), false), before) << r.out;
}

TEST_F(Installer, UninstallOfOneProfileKeepsTheRest) {
    install_ok({"--browser", "firefox", "--profile-dir", profile.string()});
    install_ok({"--uninstall", "--profile-dir", profile.string()});
    EXPECT_FALSE(fs::exists(profile / "NativeMessagingHosts"));
    EXPECT_TRUE(fs::exists(profile / "Default"));
    expect_manifest(home / ".mozilla/native-messaging-hosts/dk.cookiewarden.host.json", true);
    EXPECT_TRUE(fs::exists(installed_host()));
}

TEST_F(Installer, ExtraIdsReachManifestsAndTheHostConfig) {
    fs::create_directories(data_dir());
    std::ofstream(data_dir() / "config.json")
        << R"({"allowedExtensions": ["kept@example.org"], "other": 1})";
    install_ok({"--browser", "firefox", "--profile-dir", profile.string(), "--extension-id",
                kOtherChromiumId, "--extension-id", kOtherFirefoxId});

    expect_manifest(profile / "NativeMessagingHosts/dk.cookiewarden.host.json", false,
                    {kOtherChromiumId});
    expect_manifest(home / ".mozilla/native-messaging-hosts/dk.cookiewarden.host.json", true,
                    {kOtherFirefoxId});
    json config = read_json(data_dir() / "config.json");
    EXPECT_TRUE(matches_schema(config_schema, config));
    EXPECT_EQ(config["allowedExtensions"],
              json({"kept@example.org", kOtherChromiumId, kOtherFirefoxId}));
    EXPECT_EQ(config["other"], 1);
    EXPECT_EQ(mode_of(data_dir() / "config.json"), 0600u);

    install_ok({"--uninstall"});
    config = read_json(data_dir() / "config.json");
    EXPECT_EQ(config["allowedExtensions"], json({"kept@example.org"}));
    EXPECT_EQ(config["other"], 1);
}

TEST_F(Installer, NewConfigFolderIsPrivate) {
    install_ok({"--profile-dir", profile.string(), "--extension-id", kOtherChromiumId});
    EXPECT_EQ(mode_of(data_dir()), 0700u);
    EXPECT_EQ(mode_of(data_dir() / "config.json"), 0600u);
}

TEST_F(Installer, InstalledHostAnswersEachBrowserItWasRegisteredFor) {
    install_ok({"--browser", "firefox", "--profile-dir", profile.string(), "--extension-id",
                kOtherChromiumId});
    auto chromium_manifest = read_json(profile / "NativeMessagingHosts/dk.cookiewarden.host.json");
    auto firefox_manifest_path = home / ".mozilla/native-messaging-hosts/dk.cookiewarden.host.json";
    auto firefox_manifest = read_json(firefox_manifest_path);

    struct Caller {
        std::string executable;
        std::vector<std::string> args;
    };
    const std::vector<Caller> callers{
        {chromium_manifest["path"], {kOwnChromiumOrigin}},
        {chromium_manifest["path"], {std::string("chrome-extension://") + kOtherChromiumId + "/"}},
        {firefox_manifest["path"], {firefox_manifest_path.string(), kFirefoxId}},
    };
    for (const auto& caller : callers) {
        SCOPED_TRACE(caller.args.back());
        HostOptions options;
        options.executable = caller.executable;
        options.args = caller.args;
        options.home = data_dir();  // where the installer put config.json
        HostProcess host(options);
        json reply = host.request({{"id", 1}, {"type", "hello"}});
        EXPECT_EQ(reply["ok"], true) << reply.dump();
        EXPECT_EQ(reply["protocol"], 1);
    }
}

TEST_F(Installer, FindsBrowsersByTheirConfigFolders) {
    fs::create_directories(home / ".config/vivaldi");
    install_ok({});
    expect_manifest(home / ".config/vivaldi/NativeMessagingHosts/dk.cookiewarden.host.json", false);
}

// A symbolic link where the installer writes (put there by mistake, by a dotfiles tool, or by
// someone who wants a file of the user's overwritten) is replaced by a file of its own; what it
// pointed at is never written, chmod-ed or moved into.
struct LinkedPath {
    std::string name;
    std::vector<std::string> args;
    std::string path;  // under the fixture's root
    // Points `link` at something in `victim`; may run the installer (`install`) first.
    std::function<void(const fs::path& link, const fs::path& victim,
                       const std::function<void(std::vector<std::string>)>& install)>
        plant;
};

void PrintTo(const LinkedPath& c, std::ostream* os) {
    *os << c.name;
}

class InstallerLinkedPath : public Installer, public ::testing::WithParamInterface<LinkedPath> {};

void link_to_file(const fs::path& link, const fs::path& target, const std::string& text) {
    std::ofstream(target) << text;
    fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::replace);
    fs::create_directories(link.parent_path());
    fs::remove(link);
    fs::create_symlink(target, link);
}

TEST_P(InstallerLinkedPath, IsReplacedNeverWrittenThrough) {
    const fs::path victim = root.path() / "victim";
    fs::create_directories(victim);
    const fs::path link = root.path() / GetParam().path;
    auto args = GetParam().args;
    for (auto& a : args) {
        if (a == "PROFILE")
            a = profile.string();
    }
    GetParam().plant(link, victim, [this](std::vector<std::string> a) { install_ok(a); });
    ASSERT_TRUE(fs::is_symlink(link));
    auto before = snapshot(victim);

    auto r = install_ok(args);
    EXPECT_EQ(snapshot(victim), before) << r.out;
    EXPECT_FALSE(fs::is_symlink(link)) << r.out;
    EXPECT_TRUE(fs::is_regular_file(link)) << r.out;
    if (link.extension() == ".json" && link.filename() != "config.json") {
        EXPECT_NE(r.out.find("replaced a symbolic link to " + victim.string()), std::string::npos)
            << r.out;
        expect_manifest(link, link.string().find(".mozilla") != std::string::npos);
    } else {
        EXPECT_EQ(read_json(link)["allowedExtensions"], json({kOtherFirefoxId}));
    }
    // Nothing else is left beside it (no temporary file).
    for (const auto& e : fs::directory_iterator(link.parent_path()))
        EXPECT_EQ(e.path().filename().string().rfind(".", 0), std::string::npos) << e.path();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, InstallerLinkedPath,
    ::testing::Values(
        LinkedPath{"ManifestLinkedToAFile",
                   {"--browser", "chromium"},
                   "home/.config/chromium/NativeMessagingHosts/dk.cookiewarden.host.json",
                   [](const fs::path& link, const fs::path& victim, const auto&) {
                       link_to_file(link, victim / "precious", "the user's own file\n");
                   }},
        LinkedPath{"ManifestLinkedToAFileAlreadyHoldingTheSameText",
                   {"--browser", "firefox"},
                   "home/.mozilla/native-messaging-hosts/dk.cookiewarden.host.json",
                   [](const fs::path& link, const fs::path& victim, const auto& install) {
                       // Same bytes, so only a chmod (0644) could reach it.
                       install({"--browser", "firefox"});
                       link_to_file(link, victim / "precious", read_file(link));
                   }},
        LinkedPath{"ProfileManifestLinkedToAFolder",
                   {"--profile-dir", "PROFILE"},
                   "profile/NativeMessagingHosts/dk.cookiewarden.host.json",
                   [](const fs::path& link, const fs::path& victim, const auto&) {
                       fs::create_directories(link.parent_path());
                       fs::create_directory_symlink(victim, link);
                   }},
        LinkedPath{"DanglingManifestLink",
                   {"--browser", "edge"},
                   "home/.config/microsoft-edge/NativeMessagingHosts/dk.cookiewarden.host.json",
                   [](const fs::path& link, const fs::path& victim, const auto&) {
                       fs::create_directories(link.parent_path());
                       fs::create_symlink(victim / "created-through-the-link", link);
                   }},
        LinkedPath{"ConfigLinkedToAFile",
                   {"--profile-dir", "PROFILE", "--extension-id", kOtherFirefoxId},
                   "home/.local/share/cookie-warden/config.json",
                   [](const fs::path& link, const fs::path& victim, const auto&) {
                       link_to_file(link, victim / "config.json", R"({"allowedExtensions": []})");
                   }}),
    [](const auto& param_info) { return param_info.param.name; });

TEST_F(Installer, UninstallRemovesALinkAtAManifestPathButNotWhatItPointsTo) {
    install_ok({"--browser", "chromium"});
    const fs::path manifest =
        home / ".config/chromium/NativeMessagingHosts/dk.cookiewarden.host.json";
    link_to_file(manifest, root.path() / "precious", "the user's own file\n");
    install_ok({"--uninstall"});
    EXPECT_FALSE(fs::is_symlink(manifest));
    EXPECT_FALSE(fs::exists(manifest));
    EXPECT_EQ(read_file(root.path() / "precious"), "the user's own file\n");
}

struct BadArgs {
    std::string name;
    std::vector<std::string> args;
    int status;
    std::string message;
};

void PrintTo(const BadArgs& c, std::ostream* os) {
    *os << c.name;
}

class InstallerBadArgs : public Installer, public ::testing::WithParamInterface<BadArgs> {};

TEST_P(InstallerBadArgs, FailWithAClearMessageAndWriteNothing) {
    auto before = snapshot(root.path());
    auto r = install(GetParam().args);
    EXPECT_EQ(r.status, GetParam().status) << r.output();
    EXPECT_NE(r.err.find(GetParam().message), std::string::npos) << r.err;
    EXPECT_EQ(snapshot(root.path()), before);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, InstallerBadArgs,
    ::testing::Values(
        BadArgs{"UnknownBrowser", {"--browser", "netscape"}, 2, "unknown browser 'netscape'"},
        BadArgs{"UnknownOption", {"--frobnicate"}, 2, "unknown option"},
        BadArgs{"BadExtensionId", {"--extension-id", "not an id"}, 2, "neither a Chromium"},
        BadArgs{"MissingValue", {"--profile-dir"}, 2, "needs a folder"},
        BadArgs{"NoBuiltHost",
                {"--build-dir", "/nonexistent", "--browser", "chromium"},
                1,
                "no built cookie-warden-host"}),
    [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace cw::test
