#include "store/declaration_report.hpp"

#include <set>
#include <utility>

namespace cw {

json misdeclared_report(Store& store, const std::string& site) {
    constexpr int kPage = 500;
    constexpr int kMostEvents = 20000;
    json out = json::array();
    std::set<std::pair<std::string, std::string>> seen;
    LogQuery q;
    q.site = site;
    q.limit = kPage;
    for (int read = 0; read < kMostEvents;) {
        auto page = store.query(q);
        for (const auto& e : page) {
            if (!e.declared || !seen.emplace(e.name, e.domain).second)
                continue;
            std::string declared(to_string(*e.declared));
            std::string known(to_string(e.category));
            out.push_back({{"time", e.time_ms},
                           {"name", e.name},
                           {"domain", e.domain},
                           {"declared", declared},
                           {"known", known},
                           {"platform", e.platform},
                           {"says", misdeclared_text(*e.declared, e.category)}});
        }
        read += static_cast<int>(page.size());
        if (static_cast<int>(page.size()) < kPage)
            break;
        q.before_id = page.back().id;
    }
    return out;
}

}  // namespace cw
