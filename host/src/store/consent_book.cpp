#include "store/consent_book.hpp"

#include <nlohmann/json.hpp>

namespace cw {

std::optional<std::int64_t> ConsentBook::refused_since(const std::string& site,
                                                       Category category) const {
    auto it = sites_.find(site);
    if (it == sites_.end())
        return std::nullopt;
    const Entry& e = it->second[static_cast<std::size_t>(category)];
    if (!e.known || !e.refused)
        return std::nullopt;
    return e.time_ms;
}

bool ConsentBook::differs(const ConsentAnswer& answer) const {
    auto it = sites_.find(answer.site);
    if (it == sites_.end())
        return !answer.refused.empty();
    for (auto [category, refused] : answer.refused) {
        const Entry& e = it->second[static_cast<std::size_t>(category)];
        if (!e.known || e.refused != refused)
            return true;
    }
    return false;
}

void ConsentBook::apply(const ConsentAnswer& answer) {
    auto& entries = sites_[answer.site];
    for (auto [category, refused] : answer.refused) {
        Entry& e = entries[static_cast<std::size_t>(category)];
        // A refusal holds from when it was first given, not from each time it is repeated.
        if (!(e.known && e.refused && refused))
            e.time_ms = answer.time_ms;
        e.known = true;
        e.refused = refused;
    }
}

ConsentBook load_consent_book(sql::Connection& db) {
    ConsentBook book;
    sql::Statement s(db, "SELECT site, category, refused, time FROM consent_state");
    while (s.step()) {
        auto category = parse_category(s.column_text(1));
        if (!category)
            continue;
        ConsentAnswer a;
        a.site = s.column_text(0);
        a.time_ms = s.column_int(3);
        a.refused.emplace_back(*category, s.column_int(2) != 0);
        book.apply(a);
    }
    return book;
}

void save_consent(sql::Connection& db, const ConsentAnswer& answer) {
    // Keeps the time of a refusal that is repeated, as ConsentBook::apply does.
    sql::Statement s(db, R"sql(
INSERT INTO consent_state (site, category, refused, time, platform) VALUES (?1, ?2, ?3, ?4, ?5)
ON CONFLICT (site, category) DO UPDATE SET
    time = CASE WHEN refused = 1 AND excluded.refused = 1 THEN time ELSE excluded.time END,
    refused = excluded.refused, platform = excluded.platform)sql");
    for (auto [category, refused] : answer.refused) {
        s.bind(1, answer.site)
            .bind(2, std::string(to_string(category)))
            .bind(3, refused ? 1 : 0)
            .bind(4, answer.time_ms)
            .bind(5, answer.platform);
        s.run();
        s.reset();
    }
}

std::string choices_text(const ConsentAnswer& answer) {
    std::string out;
    for (auto [category, refused] : answer.refused) {
        if (!out.empty())
            out += ',';
        out += std::string(to_string(category)) + (refused ? "=refuse" : "=allow");
    }
    return out;
}

std::string consent_rule(const ConsentAnswer& answer) {
    return "consent/" + answer.by + "/" + choices_text(answer);
}

nlohmann::json choices_of_rule(const std::string& rule) {
    nlohmann::json out = nlohmann::json::object();
    auto slash = rule.rfind('/');
    if (rule.rfind("consent/", 0) != 0 || slash == std::string::npos)
        return out;
    std::string rest = rule.substr(slash + 1);
    std::size_t start = 0;
    while (start < rest.size()) {
        auto end = rest.find(',', start);
        if (end == std::string::npos)
            end = rest.size();
        auto item = rest.substr(start, end - start);
        auto eq = item.find('=');
        if (eq != std::string::npos)
            out[item.substr(0, eq)] = item.substr(eq + 1);
        start = end + 1;
    }
    return out;
}

}  // namespace cw
