#include "store/consent_report.hpp"

#include "policy/decision.hpp"
#include "store/consent_book.hpp"

namespace cw {
namespace {

constexpr int kAfterRefusalFlag = 4;

template <typename E>
std::string name_of(std::int64_t code, int count) {
    return code >= 0 && code < count ? std::string(to_string(static_cast<E>(code))) : "unknown";
}

}  // namespace

nlohmann::json consent_report(sql::Connection& db, const std::string& site) {
    using nlohmann::json;
    json answers = json::array();
    json after = json::array();
    bool truncated = false;
    sql::Statement s(db, R"sql(
SELECT l.time, b.text, n.text, d.text, l.category, l.source, r.text, v.text, l.flags, l.action
FROM names s
JOIN log l ON l.site = s.id
JOIN names b ON b.id = l.browser JOIN names n ON n.id = l.name JOIN names d ON d.id = l.domain
JOIN names r ON r.id = l.rule JOIN names v ON v.id = l.vendor
WHERE s.text = ?1 AND (l.action = ?2 OR (l.flags & ?3) != 0)
ORDER BY l.id LIMIT ?4)sql");
    s.bind(1, site)
        .bind(2, static_cast<int>(Action::consent))
        .bind(3, kAfterRefusalFlag)
        .bind(4, 2 * kReportMaxEvents + 1);
    while (s.step()) {
        auto action = s.column_int(9);
        json& list = action == static_cast<int>(Action::consent) ? answers : after;
        if (static_cast<int>(list.size()) >= kReportMaxEvents) {
            truncated = true;
            continue;
        }
        if (action == static_cast<int>(Action::consent)) {
            std::string rule = s.column_text(6);
            auto by_end = rule.find('/', 8);
            list.push_back({{"time", s.column_int(0)},
                            {"browser", s.column_text(1)},
                            {"platform", s.column_text(2)},
                            {"by", by_end == std::string::npos ? "" : rule.substr(8, by_end - 8)},
                            {"choices", choices_of_rule(rule)}});
            continue;
        }
        json e{{"time", s.column_int(0)},
               {"browser", s.column_text(1)},
               {"name", s.column_text(2)},
               {"domain", s.column_text(3)},
               {"category", name_of<Category>(s.column_int(4), 6)},
               {"source", name_of<Source>(s.column_int(5), 4)},
               {"rule", s.column_text(6)},
               {"action", name_of<Action>(action, 5)},
               {"thirdParty", (s.column_int(8) & 2) != 0}};
        if (auto vendor = s.column_text(7); !vendor.empty())
            e["vendor"] = vendor;
        list.push_back(std::move(e));
    }
    json refused = json::object();
    sql::Statement state(db,
                         "SELECT category, time, platform FROM consent_state "
                         "WHERE site = ?1 AND refused = 1 ORDER BY category");
    state.bind(1, site);
    while (state.step())
        refused[state.column_text(0)] = {{"since", state.column_int(1)},
                                         {"platform", state.column_text(2)}};
    json out{{"site", site}, {"answers", answers}, {"refused", refused}, {"afterRefusal", after}};
    if (truncated)
        out["truncated"] = true;
    return out;
}

nlohmann::json consent_summary(sql::Connection& db, const std::string& site) {
    using nlohmann::json;
    json answer = nullptr;
    sql::Statement last(db, R"sql(
SELECT l.time, n.text, r.text FROM names s JOIN log l ON l.site = s.id
JOIN names n ON n.id = l.name JOIN names r ON r.id = l.rule
WHERE s.text = ?1 AND l.action = ?2 ORDER BY l.id DESC LIMIT 1)sql");
    last.bind(1, site).bind(2, static_cast<int>(Action::consent));
    if (last.step()) {
        std::string rule = last.column_text(2);
        auto by_end = rule.find('/', 8);
        answer = {{"time", last.column_int(0)},
                  {"platform", last.column_text(1)},
                  {"by", by_end == std::string::npos ? "" : rule.substr(8, by_end - 8)},
                  {"choices", choices_of_rule(rule)}};
    }
    json counts = json::object();
    sql::Statement after(db, R"sql(
SELECT l.category, count(*) FROM names s JOIN log l ON l.site = s.id
WHERE s.text = ?1 AND (l.flags & ?2) != 0 GROUP BY l.category)sql");
    after.bind(1, site).bind(2, kAfterRefusalFlag);
    while (after.step())
        counts[name_of<Category>(after.column_int(0), 6)] = after.column_int(1);
    return json{{"site", site}, {"answer", answer}, {"afterRefusal", counts}};
}

}  // namespace cw
