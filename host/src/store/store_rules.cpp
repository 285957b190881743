// Settings and site rules in the database.

#include <spdlog/spdlog.h>

#include "store/store.hpp"
#include "store/store_statements.hpp"

namespace cw {
namespace {

SiteRule rule_from_row(sql::Statement& s) {
    SiteRule r;
    r.site = s.column_text(0);
    r.mode = parse_mode(s.column_text(1)).value_or(Mode::normal);
    if (auto tp = s.column_optional_text(2))
        r.third_party = parse_third_party(*tp);
    if (auto lt = s.column_optional_text(3))
        r.lifetime = parse_lifetime(*lt);
    return r;
}

void add_category(SiteRule& r, sql::Statement& s) {
    auto c = parse_category(s.column_text(1));
    auto choice = parse_choice(s.column_text(2));
    // Necessary is never denied, even if someone edited the file by hand.
    if (c && choice && !(*c == Category::necessary && *choice == Choice::deny)) {
        r.categories[*c] = *choice;
    }
}

}  // namespace

Settings Store::load_settings() {
    Settings s;
    sql::StatementUse q(stmt(Slot::get_setting_rows));
    while (q->step()) {
        auto key = q->column_text(0);
        try {
            s = settings_from_json(json{{key, json::parse(q->column_text(1))}}, s);
        } catch (const std::exception& e) {
            // One bad row (edited by hand, say) must not cost the others: keep the default.
            spdlog::warn("ignoring stored setting '{}': {}", key, e.what());
        }
    }
    return s;
}

namespace {

// Writes every setting, one row per key, inside the caller's transaction.
void put_settings(sql::Statement& put_setting, const Settings& s) {
    json j = to_json(s);
    for (auto& [key, value] : j.items()) {
        sql::StatementUse put(put_setting);
        put->bind(1, key).bind(2, value.dump());
        put->run();
    }
}

}  // namespace

void Store::save_settings(const Settings& s) {
    commit_batch();  // a write transaction cannot nest in the log's batch
    sql::Transaction tx(db_);
    put_settings(stmt(Slot::put_setting), s);
    bump_revision();
    tx.commit();
}

std::int64_t Store::rules_revision() {
    sql::StatementUse s(stmt(Slot::get_revision));
    return s->step() ? s->column_int(0) : 0;
}

void Store::bump_revision() {
    sql::StatementUse s(stmt(Slot::bump_revision));
    s->run();
}

std::map<std::string, SiteRule> Store::load_rules() {
    std::map<std::string, SiteRule> rules;
    {
        sql::StatementUse s(stmt(Slot::all_rules));
        while (s->step()) {
            SiteRule r = rule_from_row(*s);
            rules.emplace(r.site, std::move(r));
        }
    }
    {
        sql::StatementUse s(stmt(Slot::all_rule_categories));
        while (s->step()) {
            if (auto it = rules.find(s->column_text(0)); it != rules.end())
                add_category(it->second, *s);
        }
    }
    {
        sql::StatementUse s(stmt(Slot::all_rule_third_party));
        while (s->step()) {
            if (auto it = rules.find(s->column_text(0)); it != rules.end()) {
                it->second.allow_third_party.insert(s->column_text(1));
            }
        }
    }
    return rules;
}

std::optional<SiteRule> Store::load_rule(const std::string& site) {
    SiteRule r;
    {
        sql::StatementUse s(stmt(Slot::one_rule));
        s->bind(1, site);
        if (!s->step())
            return std::nullopt;
        r = rule_from_row(*s);
    }
    {
        sql::StatementUse s(stmt(Slot::rule_categories));
        s->bind(1, site);
        while (s->step())
            add_category(r, *s);
    }
    {
        sql::StatementUse s(stmt(Slot::rule_third_party));
        s->bind(1, site);
        while (s->step())
            r.allow_third_party.insert(s->column_text(1));
    }
    return r;
}

void Store::write_rule(const SiteRule& r) {
    {
        sql::StatementUse del(stmt(Slot::delete_rule));
        del->bind(1, r.site);
        del->run();
    }
    {
        sql::StatementUse put(stmt(Slot::put_rule));
        put->bind(1, r.site).bind(2, to_string(r.mode));
        if (r.third_party)
            put->bind(3, to_string(*r.third_party));
        if (r.lifetime)
            put->bind(4, to_string(*r.lifetime));
        put->bind(5, now_ms());
        put->run();
    }
    for (auto& [c, choice] : r.categories) {
        sql::StatementUse put(stmt(Slot::put_rule_category));
        put->bind(1, r.site).bind(2, to_string(c)).bind(3, to_string(choice));
        put->run();
    }
    for (auto& domain : r.allow_third_party) {
        sql::StatementUse put(stmt(Slot::put_rule_third_party));
        put->bind(1, r.site).bind(2, domain);
        put->run();
    }
}

void Store::save_rule(const SiteRule& r) {
    commit_batch();  // a write transaction cannot nest in the log's batch
    sql::Transaction tx(db_);
    forget_temporary(r.site);  // the user's own choice outlasts a temporary rule
    write_rule(r);
    bump_revision();
    tx.commit();
}

bool Store::delete_rule(const std::string& site) {
    commit_batch();  // a write transaction cannot nest in the log's batch
    sql::Transaction tx(db_);
    bool existed;
    {
        sql::StatementUse del(stmt(Slot::delete_rule));
        del->bind(1, site);
        del->run();
        existed = db_.changes() > 0;
    }
    forget_temporary(site);
    if (!existed)
        return false;  // nothing changed; the transaction rolls back
    bump_revision();
    tx.commit();
    return true;
}

void Store::replace_all(const Settings& s, const std::vector<SiteRule>& rules) {
    commit_batch();  // a write transaction cannot nest in the log's batch
    sql::Transaction tx(db_);
    {
        sql::StatementUse del(stmt(Slot::delete_all_rules));
        del->run();
    }
    forget_temporary("");
    for (auto& r : rules)
        write_rule(r);
    put_settings(stmt(Slot::put_setting), s);
    bump_revision();
    tx.commit();
}

}  // namespace cw
