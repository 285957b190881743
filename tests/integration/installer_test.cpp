// installers/install.sh run for real into a temporary HOME and a temporary Chromium profile:
// what it writes, that a second run changes nothing, that --uninstall leaves nothing behind,
// and that the host it installs answers the browsers it registered with.

#include "installer_fixture.hpp"

namespace cw::test {
namespace {

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

}  // namespace
}  // namespace cw::test
