// `cookie-warden doctor` on a good install made by installers/install.sh in a temporary HOME,
// and on installs broken in the ways people break them.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "command.hpp"
#include "host_process.hpp"
#include "temp_dir.hpp"

namespace cw::test {
namespace {

namespace fs = std::filesystem;

class Doctor : public ::testing::Test {
  public:  // the breakages below reach in
    void SetUp() override {
        fs::create_directories(home);
        fs::create_directories(profile);
        auto r = run({"bash", std::string(CW_SOURCE_DIR) + "/installers/install.sh", "--build-dir",
                      fs::path(CW_HOST_PATH).parent_path().string(), "--browser", "chromium",
                      "--browser", "firefox", "--profile-dir", profile.string()});
        ASSERT_EQ(r.status, 0) << r.output();
        fs::create_directories(data_dir());
        fs::permissions(data_dir(), fs::perms::owner_all, fs::perm_options::replace);
    }

    CommandResult run(std::vector<std::string> argv) {
        CommandOptions options;
        options.env = {{"HOME", home.string()},
                       {"COOKIE_WARDEN_HOME", std::nullopt},
                       {"XDG_DATA_HOME", std::nullopt},
                       {"XDG_CONFIG_HOME", std::nullopt}};
        return run_command(argv, options);
    }
    CommandResult doctor(std::vector<std::string> args = {"--browser", "chromium", "--browser",
                                                          "firefox"}) {
        std::vector<std::string> argv{CW_CLI_PATH, "doctor"};
        argv.insert(argv.end(), args.begin(), args.end());
        return run(argv);
    }
    json doctor_json(std::vector<std::string> args = {"--browser", "chromium", "--browser",
                                                      "firefox"}) {
        args.push_back("--json");
        auto r = doctor(args);
        return json::parse(r.out);
    }

    fs::path data_dir() const { return home / ".local/share/cookie-warden"; }
    fs::path database() const { return data_dir() / "cookie-warden.db"; }
    fs::path chromium_manifest() const {
        return home / ".config/chromium/NativeMessagingHosts/dk.cookiewarden.host.json";
    }

    TempDir root;
    fs::path home = root.path() / "home";
    fs::path profile = root.path() / "profile";
};

void make_database(const fs::path& path) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    EXPECT_EQ(
        sqlite3_exec(db, "CREATE TABLE t(a); INSERT INTO t VALUES (1);", nullptr, nullptr, &error),
        SQLITE_OK);
    sqlite3_free(error);
    sqlite3_close(db);
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::replace);
}

TEST_F(Doctor, GoodInstallPasses) {
    make_database(database());
    auto r = doctor(
        {"--browser", "chromium", "--browser", "firefox", "--profile-dir", profile.string()});
    EXPECT_EQ(r.status, 0) << r.output();
    EXPECT_NE(r.out.find("All good."), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("integrity ok"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Chromium"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Firefox"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("PROBLEM"), std::string::npos) << r.out;
}

TEST_F(Doctor, JsonListsEveryCheck) {
    json report = doctor_json();
    EXPECT_EQ(report["ok"], true) << report.dump(2);
    std::set<std::string> subjects;
    for (const auto& f : report["findings"]) {
        subjects.insert(f["subject"].get<std::string>());
        EXPECT_TRUE(f["level"] == "ok" || f["level"] == "notice") << f.dump();
    }
    for (const char* s : {"data folder", "database", "site manifests", "Chromium", "Firefox"}) {
        EXPECT_TRUE(subjects.contains(s)) << s << " missing from " << report.dump(2);
    }
}

TEST_F(Doctor, DoesNotCreateTheDataFolder) {
    fs::remove_all(data_dir());
    auto r = doctor();
    EXPECT_EQ(r.status, 0) << r.output();
    EXPECT_NE(r.out.find("does not exist yet"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(data_dir()));
}

TEST_F(Doctor, NoticesSnapAndFlatpakBrowsersWithoutFailing) {
    fs::create_directories(home / "snap/firefox");
    fs::create_directories(home / ".var/app/org.chromium.Chromium");
    auto r = doctor();
    EXPECT_EQ(r.status, 0) << r.output();
    EXPECT_NE(r.out.find("Snap firefox"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Flatpak org.chromium.Chromium"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(".deb package"), std::string::npos) << r.out;
}

TEST_F(Doctor, UnknownBrowserIsAUsageError) {
    auto r = doctor({"--browser", "netscape"});
    EXPECT_EQ(r.status, 2) << r.output();
    EXPECT_NE(r.err.find("unknown browser 'netscape'"), std::string::npos) << r.err;
}

struct Breakage {
    std::string name;
    std::function<void(Doctor&)> apply;
    std::string subject;  // the finding that must be a problem (its start)
    std::string says;     // part of its message
    std::string fix;      // part of the fix
};

void PrintTo(const Breakage& b, std::ostream* os) {
    *os << b.name;
}

class DoctorBroken : public Doctor, public ::testing::WithParamInterface<Breakage> {};

void rewrite(const fs::path& path, const std::function<void(json&)>& change) {
    json doc = json::parse(std::ifstream(path));
    change(doc);
    std::ofstream(path) << doc.dump(2);
}

TEST_P(DoctorBroken, FailsAndSaysWhatToFix) {
    GetParam().apply(*this);
    auto r = doctor(
        {"--browser", "chromium", "--browser", "firefox", "--profile-dir", profile.string()});
    EXPECT_EQ(r.status, 1) << r.output();
    EXPECT_NE(r.out.find("fix: "), std::string::npos) << r.out;

    json report = doctor_json(
        {"--browser", "chromium", "--browser", "firefox", "--profile-dir", profile.string()});
    EXPECT_EQ(report["ok"], false);
    // Other findings may follow from the same breakage; one must name it and its fix.
    bool found = false;
    for (const auto& f : report["findings"]) {
        if (f["level"] != "problem")
            continue;
        found =
            found || (f["subject"].get<std::string>().starts_with(GetParam().subject) &&
                      f["message"].get<std::string>().find(GetParam().says) != std::string::npos &&
                      f["fix"].get<std::string>().find(GetParam().fix) != std::string::npos);
    }
    EXPECT_TRUE(found) << report.dump(2);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DoctorBroken,
    ::testing::Values(
        Breakage{
            "HostExecutableGone",
            [](Doctor& d) { fs::remove(d.home / ".local/lib/cookie-warden/cookie-warden-host"); },
            "Chromium", "does not exist", "installers/install.sh --browser chromium"},
        Breakage{"ManifestMissing",
                 [](Doctor& d) {
                     fs::remove(d.home /
                                ".mozilla/native-messaging-hosts/dk.cookiewarden.host.json");
                 },
                 "Firefox", "no host manifest", "installers/install.sh --browser firefox"},
        Breakage{"WrongExtensionId",
                 [](Doctor& d) {
                     rewrite(d.chromium_manifest(), [](json& m) {
                         m["allowed_origins"] = {
                             "chrome-extension://abcdefghijklmnopabcdefghijklmnop/"};
                     });
                 },
                 "Chromium", "does not list chrome-extension://jjnjmppplncaaifkjlbbjnehaemmebmg/",
                 "installers/install.sh --browser chromium"},
        Breakage{"ExtraIdTheHostRefuses",
                 [](Doctor& d) {
                     rewrite(d.chromium_manifest(), [](json& m) {
                         m["allowed_origins"].push_back(
                             "chrome-extension://abcdefghijklmnopabcdefghijklmnop/");
                     });
                 },
                 "Chromium", "but the host does not",
                 "--extension-id abcdefghijklmnopabcdefghijklmnop"},
        Breakage{"RelativeHostPath",
                 [](Doctor& d) {
                     rewrite(d.chromium_manifest(),
                             [](json& m) { m["path"] = "cookie-warden-host"; });
                 },
                 "Chromium", "is not a full path", "installers/install.sh --browser chromium"},
        Breakage{"ManifestNotJson",
                 [](Doctor& d) {
                     std::ofstream(d.profile / "NativeMessagingHosts/dk.cookiewarden.host.json")
                         << "{";
                 },
                 "profile ", "not valid JSON", "--profile-dir"},
        Breakage{"ManifestLinkedToAFileOthersCanChange",
                 [](Doctor& d) {
                     auto target = d.root.path() / "shared.json";
                     fs::copy_file(d.chromium_manifest(), target);
                     fs::permissions(target, fs::perms::others_write, fs::perm_options::add);
                     fs::remove(d.chromium_manifest());
                     fs::create_symlink(target, d.chromium_manifest());
                 },
                 "Chromium", "can be changed by other users",
                 "installers/install.sh --browser chromium"},
        Breakage{"DataFolderOpenToOthers",
                 [](Doctor& d) {
                     fs::permissions(d.data_dir(), fs::perms::group_read | fs::perms::others_read,
                                     fs::perm_options::add);
                 },
                 "data folder", "can be read by other users", "chmod 700"},
        Breakage{"DatabaseDamaged",
                 [](Doctor& d) {
                     std::ofstream(d.data_dir() / "cookie-warden.db") << std::string(8192, 'x');
                     fs::permissions(d.data_dir() / "cookie-warden.db",
                                     fs::perms::owner_read | fs::perms::owner_write,
                                     fs::perm_options::replace);
                 },
                 "database", "cookie-warden.db", "move it away"},
        Breakage{"ConfigNotJson",
                 [](Doctor& d) {
                     std::ofstream(d.data_dir() / "config.json") << "[1,";
                     fs::permissions(d.data_dir() / "config.json",
                                     fs::perms::owner_read | fs::perms::owner_write,
                                     fs::perm_options::replace);
                 },
                 "extra extension ids", "not valid JSON", "--extension-id"}),
    [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace cw::test
