// installers/install.sh where a symbolic link stands in its way, and with bad arguments: it
// never writes through a link, and fails with a clear message writing nothing.

#include "installer_fixture.hpp"

namespace cw::test {
namespace {

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
