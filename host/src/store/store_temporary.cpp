// Temporary rules in the database (table temporary_rules, schema version 4): the site, the
// mode in force until `until_ms`, and the rule it replaced as JSON (NULL: the site had none).
#include "store/store.hpp"

namespace cw {
namespace {

Mode mode_of(const std::string& text) {
    return text == "block-all" ? Mode::block_all : Mode::allow_all;
}

}  // namespace

std::vector<Store::Temporary> Store::load_temporaries() {
    std::vector<Temporary> out;
    sql::Statement q(db_, "SELECT site, mode, until_ms FROM temporary_rules ORDER BY until_ms");
    while (q.step())
        out.push_back({q.column_text(0), mode_of(q.column_text(1)), q.column_int(2)});
    return out;
}

std::optional<Store::Temporary> Store::load_temporary(const std::string& site) {
    sql::Statement q(db_, "SELECT site, mode, until_ms FROM temporary_rules WHERE site = ?1");
    q.bind(1, site);
    if (!q.step())
        return std::nullopt;
    return Temporary{q.column_text(0), mode_of(q.column_text(1)), q.column_int(2)};
}

void Store::start_temporary(const Temporary& t) {
    commit_batch();  // a write transaction cannot nest in the log's batch
    sql::Transaction tx(db_);
    std::optional<SiteRule> before = load_rule(t.site);
    {
        // A temporary rule replacing another keeps the rule from before the first.
        sql::Statement put(db_, R"sql(
INSERT INTO temporary_rules (site, mode, until_ms, previous) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (site) DO UPDATE SET mode = excluded.mode, until_ms = excluded.until_ms)sql");
        put.bind(1, t.site).bind(2, to_string(t.mode)).bind(3, t.until_ms);
        if (before)
            put.bind(4, to_json(*before).dump());
        put.run();
    }
    SiteRule rule = before.value_or(SiteRule{});
    rule.site = t.site;
    rule.mode = t.mode;
    write_rule(rule);
    bump_revision();
    tx.commit();
}

bool Store::end_temporary(const std::string& site, std::optional<std::int64_t> until_ms) {
    commit_batch();  // a write transaction cannot nest in the log's batch
    sql::Transaction tx(db_);
    std::optional<std::string> previous;
    {
        sql::Statement q(db_, "SELECT until_ms, previous FROM temporary_rules WHERE site = ?1");
        q.bind(1, site);
        if (!q.step() || (until_ms && q.column_int(0) != *until_ms))
            return false;  // nothing changed; the transaction rolls back
        previous = q.column_optional_text(1);
    }
    forget_temporary(site);
    if (previous) {
        write_rule(rule_from_json(json::parse(*previous), site));
    } else {
        sql::Statement del(db_, "DELETE FROM rules WHERE site = ?1");
        del.bind(1, site);
        del.run();
    }
    bump_revision();
    tx.commit();
    return true;
}

void Store::forget_temporary(const std::string& site) {
    sql::Statement del(db_, site.empty() ? "DELETE FROM temporary_rules"
                                         : "DELETE FROM temporary_rules WHERE site = ?1");
    if (!site.empty())
        del.bind(1, site);
    del.run();
}

}  // namespace cw
