#include "classify/domain.hpp"

#include <gtest/gtest.h>

namespace cw {
namespace {

struct DomainCase {
    std::string input;
    std::string registrable;
};

void PrintTo(const DomainCase& c, std::ostream* os) {
    *os << c.input;
}

class RegistrableDomains : public ::testing::TestWithParam<DomainCase> {};

TEST_P(RegistrableDomains, FollowThePublicSuffixList) {
    EXPECT_EQ(registrable_domain(GetParam().input), GetParam().registrable);
}

INSTANTIATE_TEST_SUITE_P(
    Hosts, RegistrableDomains,
    ::testing::Values(DomainCase{"lifeindenmark.borger.dk", "borger.dk"},
                      DomainCase{"www.borger.dk", "borger.dk"}, DomainCase{"kk.dk", "kk.dk"},
                      DomainCase{".kk.dk", "kk.dk"}, DomainCase{"WWW.KK.DK.", "kk.dk"},
                      DomainCase{"foo.bar.co.uk", "bar.co.uk"},
                      DomainCase{"user.github.io", "user.github.io"},
                      DomainCase{"https://www.borger.dk:443/path?q", "borger.dk"},
                      DomainCase{"www.site-a.test", "site-a.test"},
                      DomainCase{"127.0.0.1", "127.0.0.1"}, DomainCase{"[::1]", "::1"},
                      DomainCase{"localhost", "localhost"}, DomainCase{"dk", "dk"},
                      DomainCase{"", ""}));

TEST(ThirdParty, ComparesRegistrableDomains) {
    EXPECT_FALSE(is_third_party(".borger.dk", "lifeindenmark.borger.dk"));
    EXPECT_TRUE(is_third_party("siteimproveanalytics.com", "www.borger.dk"));
    EXPECT_TRUE(is_third_party("tracker.test", "www.site-a.test"));
    EXPECT_TRUE(is_third_party("a.github.io", "b.github.io"));
}

TEST(DomainMatches, SubdomainsButNotLookalikes) {
    EXPECT_TRUE(domain_matches("www.kk.dk", "kk.dk"));
    EXPECT_TRUE(domain_matches("kk.dk", ".kk.dk"));
    EXPECT_FALSE(domain_matches("evilkk.dk", "kk.dk"));
    EXPECT_FALSE(domain_matches("kk.dk", "www.kk.dk"));
    EXPECT_FALSE(domain_matches("kk.dk", ""));
}

}  // namespace
}  // namespace cw
