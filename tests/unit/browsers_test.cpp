#include "browsers.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <optional>

#include "temp_dir.hpp"

namespace cw {
namespace {

namespace fs = std::filesystem;

// Sets an environment variable for one test and puts the old value back afterwards.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
        if (const char* old = std::getenv(name))
            old_ = old;
        if (value)
            ::setenv(name, value->c_str(), 1);
        else
            ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (old_)
            ::setenv(name_, old_->c_str(), 1);
        else
            ::unsetenv(name_);
    }

  private:
    const char* name_;
    std::optional<std::string> old_;
};

BrowserInfo browser(const std::string& key) {
    auto all = known_browsers();
    auto it = std::find_if(all.begin(), all.end(), [&](const auto& b) { return b.key == key; });
    if (it == all.end())
        throw std::runtime_error("no browser " + key);
    return *it;
}

struct Location {
    std::string key;
    std::string user_dir;  // relative to HOME
    ManifestForm form;
};

void PrintTo(const Location& l, std::ostream* os) {
    *os << l.key;
}

class BrowserLocations : public ::testing::TestWithParam<Location> {};

TEST_P(BrowserLocations, FollowThePlatformTable) {
    ScopedEnv home("HOME", "/home/ada");
    ScopedEnv xdg("XDG_CONFIG_HOME", std::nullopt);
    auto b = browser(GetParam().key);
    EXPECT_EQ(b.user_manifest_dir, fs::path("/home/ada") / GetParam().user_dir);
    EXPECT_EQ(b.form, GetParam().form);
    EXPECT_FALSE(b.label.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Linux, BrowserLocations,
    ::testing::Values(
        Location{"chrome", ".config/google-chrome/NativeMessagingHosts", ManifestForm::chromium},
        Location{"chromium", ".config/chromium/NativeMessagingHosts", ManifestForm::chromium},
        Location{"edge", ".config/microsoft-edge/NativeMessagingHosts", ManifestForm::chromium},
        Location{"brave", ".config/BraveSoftware/Brave-Browser/NativeMessagingHosts",
                 ManifestForm::chromium},
        Location{"vivaldi", ".config/vivaldi/NativeMessagingHosts", ManifestForm::chromium},
        Location{"firefox", ".mozilla/native-messaging-hosts", ManifestForm::firefox}),
    [](const auto& param_info) { return param_info.param.key; });

TEST(Browsers, ChromiumFamilyFollowsXdgConfigHomeButFirefoxDoesNot) {
    ScopedEnv home("HOME", "/home/ada");
    ScopedEnv xdg("XDG_CONFIG_HOME", "/srv/config");
    EXPECT_EQ(browser("chromium").user_manifest_dir,
              fs::path("/srv/config/chromium/NativeMessagingHosts"));
    EXPECT_EQ(browser("firefox").user_manifest_dir,
              fs::path("/home/ada/.mozilla/native-messaging-hosts"));
}

TEST(Browsers, SystemFoldersComeFromThePlatformTable) {
    auto firefox = browser("firefox").system_manifest_dirs;
    EXPECT_EQ(firefox.front(), fs::path("/usr/lib/mozilla/native-messaging-hosts"));
    EXPECT_EQ(browser("chrome").system_manifest_dirs,
              std::vector<fs::path>{"/etc/opt/chrome/native-messaging-hosts"});
    EXPECT_EQ(browser("edge").system_manifest_dirs,
              std::vector<fs::path>{"/etc/opt/edge/native-messaging-hosts"});
}

TEST(Browsers, ConfigFolderMeansInstalled) {
    test::TempDir home;
    ScopedEnv h("HOME", home.path().string());
    ScopedEnv xdg("XDG_CONFIG_HOME", std::nullopt);
    ScopedEnv path("PATH", home.path().string());  // no browser programs
    EXPECT_FALSE(is_installed(browser("vivaldi")));
    fs::create_directories(home.path() / ".config/vivaldi");
    EXPECT_TRUE(is_installed(browser("vivaldi")));
}

TEST(Browsers, SnapAndFlatpakAreFoundInHome) {
    test::TempDir home;
    ScopedEnv h("HOME", home.path().string());
    auto before =
        sandboxed_browsers().size();  // the machine's own, under /snap or /var/lib/flatpak
    fs::create_directories(home.path() / "snap/firefox");
    fs::create_directories(home.path() / ".var/app/com.brave.Browser");
    auto found = sandboxed_browsers();
    EXPECT_EQ(found.size(), before + 2);
    auto has = [&](const std::string& d) {
        return std::any_of(found.begin(), found.end(),
                           [&](const auto& s) { return s.description == d; });
    };
    EXPECT_TRUE(has("Snap firefox"));
    EXPECT_TRUE(has("Flatpak com.brave.Browser"));
}

}  // namespace
}  // namespace cw
