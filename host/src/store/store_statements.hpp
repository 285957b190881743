#pragma once
// Every SQL statement the store runs, prepared once when the store opens (a table of
// {slot, SQL}). Private to the store's .cpp files.

#include <array>
#include <string_view>

#include "store/store.hpp"

namespace cw {

enum class Store::Slot {
    data_version,
    find_name,
    intern_name,
    get_setting_rows,
    put_setting,
    get_revision,
    bump_revision,
    all_rules,
    one_rule,
    all_rule_categories,
    rule_categories,
    all_rule_third_party,
    rule_third_party,
    put_rule,
    delete_rule,
    delete_all_rules,
    put_rule_category,
    put_rule_third_party,
    insert_log,
    query_site,
    query_all,
    first_row_from,
    id_range,
    add_count,
    stats_site,
    stats_all,
    total_events,
    prune_old,
    prune_oldest,
    prune_counts,
    names_epoch,
    count_  // number of slots
};

struct StatementText {
    Store::Slot slot;
    std::string_view sql;
};

// The columns of a log query, in the order to_event() reads them.
#define CW_LOG_COLUMNS                                                                \
    "SELECT l.id, l.time, b.text, s.text, n.text, d.text, p.text, st.text, l.flags, " \
    "l.category, v.text, l.source, l.action, r.text FROM log l "                      \
    "JOIN names b ON b.id = l.browser JOIN names s ON s.id = l.site "                 \
    "JOIN names n ON n.id = l.name JOIN names d ON d.id = l.domain "                  \
    "JOIN names p ON p.id = l.path JOIN names st ON st.id = l.store "                 \
    "JOIN names v ON v.id = l.vendor JOIN names r ON r.id = l.rule "

using S = Store::Slot;
inline constexpr std::array<StatementText, static_cast<std::size_t>(S::count_)> kStatements{{
    {S::data_version, "PRAGMA data_version"},
    {S::find_name, "SELECT id FROM names WHERE text = ?1"},
    // The no-op update makes RETURNING give the id of a name that exists already.
    {S::intern_name,
     "INSERT INTO names (text) VALUES (?1) ON CONFLICT (text) DO UPDATE SET text = excluded.text "
     "RETURNING id"},
    {S::get_setting_rows, "SELECT key, value FROM settings"},
    {S::put_setting,
     "INSERT INTO settings (key, value) VALUES (?1, ?2) "
     "ON CONFLICT (key) DO UPDATE SET value = excluded.value"},
    {S::get_revision, "SELECT value FROM meta WHERE key = 'rules_revision'"},
    {S::bump_revision, "UPDATE meta SET value = value + 1 WHERE key = 'rules_revision'"},
    {S::all_rules, "SELECT site, mode, third_party, lifetime FROM rules ORDER BY site"},
    {S::one_rule, "SELECT site, mode, third_party, lifetime FROM rules WHERE site = ?1"},
    {S::all_rule_categories, "SELECT site, category, choice FROM rule_categories"},
    {S::rule_categories, "SELECT site, category, choice FROM rule_categories WHERE site = ?1"},
    {S::all_rule_third_party, "SELECT site, domain FROM rule_third_party"},
    {S::rule_third_party, "SELECT site, domain FROM rule_third_party WHERE site = ?1"},
    {S::put_rule,
     "INSERT INTO rules (site, mode, third_party, lifetime, updated) VALUES (?1, ?2, ?3, ?4, ?5)"},
    {S::delete_rule, "DELETE FROM rules WHERE site = ?1"},
    {S::delete_all_rules, "DELETE FROM rules"},
    {S::put_rule_category,
     "INSERT INTO rule_categories (site, category, choice) VALUES (?1, ?2, ?3)"},
    {S::put_rule_third_party, "INSERT INTO rule_third_party (site, domain) VALUES (?1, ?2)"},
    {S::insert_log,
     "INSERT INTO log (time, browser, site, name, domain, path, store, flags, category, vendor, "
     "source, action, rule) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"},
    // Newest first through the (site, id) index: a page costs its own rows, not the log's size.
    {S::query_site, CW_LOG_COLUMNS
     "WHERE l.site = ?1 AND l.id < ?2 AND l.id > ?3 AND (?4 IS NULL OR l.action = ?4) "
     "AND (?5 IS NULL OR l.time >= ?5) AND (?7 IS NULL OR l.category = ?7) ORDER BY l.id DESC "
     "LIMIT ?6"},
    {S::query_all, CW_LOG_COLUMNS "WHERE l.id < ?2 AND l.id > ?3 AND (?4 IS NULL OR l.action = ?4) "
                                  "AND (?5 IS NULL OR l.time >= ?5) AND (?7 IS NULL OR l.category "
                                  "= ?7) ORDER BY l.id DESC LIMIT ?6"},
    // Ids grow with time, so a time is found by a binary search on ids (no time index).
    {S::first_row_from, "SELECT id, time FROM log WHERE id >= ?1 ORDER BY id LIMIT 1"},
    {S::id_range, "SELECT min(id), max(id) FROM log"},
    {S::add_count,
     "INSERT INTO counts (site, category, action, n) VALUES (?1, ?2, ?3, ?4) "
     "ON CONFLICT (site, category, action) DO UPDATE SET n = n + excluded.n"},
    {S::stats_site,
     "SELECT category, action, sum(n) FROM counts WHERE site = ?1 GROUP BY category, action"},
    {S::stats_all, "SELECT category, action, sum(n) FROM counts GROUP BY category, action"},
    {S::total_events, "SELECT coalesce(sum(n), 0) FROM counts"},
    {S::prune_old,
     "DELETE FROM log WHERE id IN (SELECT id FROM log WHERE id < ?1 ORDER BY id LIMIT ?2)"},
    {S::prune_oldest, "DELETE FROM log WHERE id IN (SELECT id FROM log ORDER BY id LIMIT ?1)"},
    {S::prune_counts, "DELETE FROM counts WHERE n <= 0"},
    {S::names_epoch, "SELECT value FROM meta WHERE key = 'names_epoch'"},
}};

#undef CW_LOG_COLUMNS

}  // namespace cw
