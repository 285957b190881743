#include "workload.hpp"

#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <random>

namespace cw::load {

std::string frame_of(const std::string& payload) {
    auto size = static_cast<std::uint32_t>(payload.size());
    std::string out(4, '\0');
    std::memcpy(out.data(), &size, 4);
    return out + payload;
}

Workload::Workload(std::size_t distinct, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> unit(0, 1);
    const char* known[] = {"_ga", "_gid",        "nmstat", "CookieConsent", "_fbp",
                           "IDE", "test_cookie", "sp_id",  "PHPSESSID",     "_hjSessionUser_1"};
    for (std::size_t i = 0; i < distinct; ++i) {
        // Zipf-like site popularity over 500 sites; kk.dk and borger.dk have manifests.
        auto rank = static_cast<int>(std::pow(500.0, unit(rng))) - 1;
        std::string site = rank == 0   ? "kk.dk"
                           : rank == 1 ? "borger.dk"
                                       : "site" + std::to_string(rank) + ".dk";
        bool third = rng() % 4 == 0;
        std::string name = rng() % 3 == 0 ? known[rng() % std::size(known)]
                                          : "cookie_" + std::to_string(rng() % 190);
        std::string domain =
            third ? ".tracker" + std::to_string(rng() % 60) + ".example" : "." + site;
        bool persistent = rng() % 5 != 0;
        nlohmann::json cookie{{"name", name},
                              {"value", "v" + std::to_string(rng()) + "-opaque-session-token"},
                              {"domain", domain},
                              {"path", "/"},
                              {"session", !persistent},
                              {"secure", true},
                              {"httpOnly", rng() % 2 == 0},
                              {"sameSite", third ? "no_restriction" : "lax"},
                              {"hostOnly", false},
                              {"storeId", "0"}};
        if (persistent)
            cookie["expirationDate"] = 1.9e9 + static_cast<double>(rng() % 1000000);
        nlohmann::json event{{"cookie", cookie},
                             {"removed", false},
                             {"cause", "explicit"},
                             {"site", "www." + site},
                             {"tabId", static_cast<int>(rng() % 40)}};
        bodies_.push_back(R"("type":"cookie.changed","event":)" + event.dump() + "}");
    }
}

std::string Workload::frame(std::uint64_t id) const {
    return frame_of("{\"id\":" + std::to_string(id) + "," + bodies_[id % bodies_.size()]);
}

std::string Workload::hello_frame(std::uint64_t id) {
    return frame_of("{\"id\":" + std::to_string(id) +
                    R"(,"type":"hello","browser":"chromium","extensionVersion":"0.1.0"})");
}

}  // namespace cw::load
