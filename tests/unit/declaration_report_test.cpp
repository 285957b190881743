// The misdeclared part of `cookie-warden report SITE` (store/declaration_report.hpp): read from
// the site's log, once per cookie name and domain, newest first, nothing of another site.

#include "store/declaration_report.hpp"

#include <gtest/gtest.h>

#include "temp_dir.hpp"

namespace cw {
namespace {

LogEvent seen(const std::string& site, const std::string& name, Category category,
              std::int64_t time, std::optional<Category> declared = std::nullopt) {
    LogEvent e;
    e.time_ms = time;
    e.browser = "chromium";
    e.site = site;
    e.name = name;
    e.domain = "." + site;
    e.store = "0";
    e.category = category;
    e.action = declared ? Action::remove : Action::allow;
    e.source = declared ? Source::catalogue : Source::declared;
    e.platform = "cookiebot";
    e.declared = declared;
    e.rule = "global/" + std::string(to_string(category));
    return e;
}

TEST(MisdeclaredReport, OneLinePerFlaggedCookieNewestFirstOnlyThisSite) {
    test::TempDir dir;
    Store store(dir.path() / "cookie-warden.db");
    store.append(seen("shop.test", "_ga", Category::statistics, 1'000, Category::necessary));
    store.append(seen("shop.test", "qz_basket", Category::necessary, 2'000));
    store.append(seen("shop.test", "_fbp", Category::marketing, 3'000, Category::necessary));
    store.append(seen("shop.test", "_ga", Category::statistics, 4'000, Category::necessary));
    store.append(seen("other.test", "_gid", Category::statistics, 5'000, Category::necessary));
    store.commit_batch();

    json report = misdeclared_report(store, "shop.test");
    ASSERT_EQ(report.size(), 2u) << report.dump();
    EXPECT_EQ(report[0]["name"], "_ga");
    EXPECT_EQ(report[0]["time"], 4'000);
    EXPECT_EQ(report[0]["declared"], "necessary");
    EXPECT_EQ(report[0]["known"], "statistics");
    EXPECT_EQ(report[0]["platform"], "cookiebot");
    EXPECT_EQ(report[0]["says"], "declared necessary by the site, known as statistics");
    EXPECT_EQ(report[1]["name"], "_fbp");
    EXPECT_EQ(report[1]["says"], "declared necessary by the site, known as marketing");

    EXPECT_TRUE(misdeclared_report(store, "quiet.test").empty());
}

}  // namespace
}  // namespace cw
