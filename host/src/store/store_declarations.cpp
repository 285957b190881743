#include "store/store_declarations.hpp"

#include <spdlog/spdlog.h>

namespace cw {
namespace {

void bump_rules_revision(sql::Connection& db) {
    db.exec("UPDATE meta SET value = value + 1 WHERE key = 'rules_revision'");
}

}  // namespace

std::string_view to_string(DeclarationStored s) {
    switch (s) {
        case DeclarationStored::added:
            return "new";
        case DeclarationStored::replaced:
            return "replaced";
        case DeclarationStored::refreshed:
            return "refreshed";
    }
    return "new";
}

DeclarationStored save_declaration(Store& store, Declaration& d) {
    auto& db = store.connection();
    store.commit_batch();  // a write transaction cannot nest in the log's batch
    sql::Transaction tx(db);
    std::optional<std::string> old_hash;
    {
        sql::Statement get(db, "SELECT hash, first_read FROM declarations WHERE site = ?1");
        get.bind(1, d.site);
        if (get.step()) {
            old_hash = get.column_text(0);
            d.first_read = get.column_int(1);
        }
    }
    DeclarationStored result;
    if (old_hash && *old_hash == d.hash) {
        sql::Statement touch(db, "UPDATE declarations SET read_at = ?2 WHERE site = ?1");
        touch.bind(1, d.site).bind(2, d.read_at);
        touch.run();
        result = DeclarationStored::refreshed;
    } else {
        if (!old_hash)
            d.first_read = d.read_at;
        sql::Statement put(db,
                           "INSERT INTO declarations (site, platform, policy_url, hash, "
                           "first_read, read_at, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                           "ON CONFLICT (site) DO UPDATE SET platform = excluded.platform, "
                           "policy_url = excluded.policy_url, hash = excluded.hash, "
                           "read_at = excluded.read_at, body = excluded.body");
        put.bind(1, d.site)
            .bind(2, d.platform)
            .bind(3, d.policy_url)
            .bind(4, d.hash)
            .bind(5, d.first_read)
            .bind(6, d.read_at)
            .bind(7, d.document.dump());
        put.run();
        bump_rules_revision(db);
        result = old_hash ? DeclarationStored::replaced : DeclarationStored::added;
    }
    tx.commit();
    return result;
}

std::vector<Declaration> load_declarations(Store& store) {
    std::vector<Declaration> out;
    sql::Statement all(store.connection(),
                       "SELECT site, body, first_read, read_at FROM declarations ORDER BY site");
    while (all.step()) {
        std::string site = all.column_text(0);
        try {
            Declaration d = declaration_from_json(site, json::parse(all.column_text(1)));
            d.first_read = all.column_int(2);
            d.read_at = all.column_int(3);
            out.push_back(std::move(d));
        } catch (const std::exception& e) {
            // A row edited by hand, or written by a version with other rules: skip it alone.
            spdlog::warn("ignoring the stored declaration of {}: {}", site, e.what());
        }
    }
    return out;
}

bool forget_declaration(Store& store, const std::string& site) {
    auto& db = store.connection();
    store.commit_batch();
    sql::Transaction tx(db);
    sql::Statement del(db, "DELETE FROM declarations WHERE site = ?1");
    del.bind(1, site);
    del.run();
    if (db.changes() == 0)
        return false;
    bump_rules_revision(db);
    tx.commit();
    return true;
}

}  // namespace cw
