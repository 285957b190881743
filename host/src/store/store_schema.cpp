#include "store/store_schema.hpp"

#include <spdlog/spdlog.h>

namespace cw {
namespace {

// Codes stored in the log (docs/store.md): category, source and action are the enum positions
// of classification.hpp and decision.hpp and must never be renumbered. Strings that repeat
// (site, cookie name, domain, vendor, rule...) are stored once in `names` and referenced by id,
// which keeps a logged event well under 200 bytes.
void migrate_v1(sql::Connection& db) {
    db.exec(R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('rules_revision', 0);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL CHECK (json_valid(value))
) WITHOUT ROWID;

CREATE TABLE rules (
    site        TEXT PRIMARY KEY,
    mode        TEXT NOT NULL DEFAULT 'default' CHECK (mode IN ('default', 'allow-all', 'block-all')),
    third_party TEXT CHECK (third_party IN ('block', 'allow')),
    lifetime    TEXT CHECK (lifetime IN ('keep', 'session', 'leave')),
    updated     INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE rule_categories (
    site     TEXT NOT NULL REFERENCES rules (site) ON DELETE CASCADE,
    category TEXT NOT NULL,
    choice   TEXT NOT NULL CHECK (choice IN ('allow', 'deny')),
    PRIMARY KEY (site, category)
) WITHOUT ROWID;

CREATE TABLE rule_third_party (
    site   TEXT NOT NULL REFERENCES rules (site) ON DELETE CASCADE,
    domain TEXT NOT NULL,
    PRIMARY KEY (site, domain)
) WITHOUT ROWID;

CREATE TABLE names (
    id   INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE
);

CREATE TABLE log (
    id       INTEGER PRIMARY KEY,
    time     INTEGER NOT NULL,
    browser  INTEGER NOT NULL,
    site     INTEGER NOT NULL,
    name     INTEGER NOT NULL,
    domain   INTEGER NOT NULL,
    path     INTEGER NOT NULL,
    store    INTEGER NOT NULL,
    flags    INTEGER NOT NULL,
    category INTEGER NOT NULL,
    vendor   INTEGER NOT NULL,
    source   INTEGER NOT NULL,
    action   INTEGER NOT NULL,
    rule     INTEGER NOT NULL
);
CREATE INDEX log_site ON log (site, id);
CREATE INDEX log_time ON log (time);
)sql");
}

void migrate_v2(sql::Connection& db) {
    db.exec(R"sql(
CREATE TABLE counts (
    site     INTEGER NOT NULL,
    category INTEGER NOT NULL,
    action   INTEGER NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (site, category, action)
) WITHOUT ROWID;
INSERT INTO counts (site, category, action, n)
    SELECT site, category, action, count(*) FROM log GROUP BY site, category, action;
CREATE TRIGGER log_counted AFTER INSERT ON log BEGIN
    INSERT INTO counts (site, category, action, n) VALUES (new.site, new.category, new.action, 1)
        ON CONFLICT (site, category, action) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER log_uncounted AFTER DELETE ON log BEGIN
    UPDATE counts SET n = n - 1
        WHERE site = old.site AND category = old.category AND action = old.action;
END;
)sql");
}

void migrate_v3(sql::Connection& db) {
    db.exec(R"sql(
DROP TRIGGER log_counted;
DROP INDEX log_time;
)sql");
}

// Temporary rules (the popup's "allow this site for 1 hour"): the mode until a time, and the
// rule it replaced as JSON (NULL: none), so that the host can put it back after a restart.
void migrate_v4(sql::Connection& db) {
    db.exec(R"sql(
CREATE TABLE temporary_rules (
    site     TEXT PRIMARY KEY,
    mode     TEXT NOT NULL CHECK (mode IN ('allow-all', 'block-all')),
    until_ms INTEGER NOT NULL,
    previous TEXT CHECK (previous IS NULL OR json_valid(previous))
) WITHOUT ROWID;
)sql");
}

// Learned declarations (docs/declarations.md): one per registrable domain, the validated
// document as the extension sent it, and its hash to tell a new one from a refresh.
void migrate_v5(sql::Connection& db) {
    db.exec(R"sql(
CREATE TABLE declarations (
    site       TEXT PRIMARY KEY,
    platform   TEXT NOT NULL,
    policy_url TEXT NOT NULL DEFAULT '',
    hash       TEXT NOT NULL,
    first_read INTEGER NOT NULL,
    read_at    INTEGER NOT NULL,
    body       TEXT NOT NULL CHECK (json_valid(body))
) WITHOUT ROWID;
)sql");
}

using Step = void (*)(sql::Connection&);
constexpr Step kLadder[] = {migrate_v1, migrate_v2, migrate_v3, migrate_v4, migrate_v5};
static_assert(std::size(kLadder) == kSchemaVersion);

}  // namespace

void check_schema(sql::Connection& db) {
    auto app_id = db.query_int("PRAGMA application_id");
    auto version = db.query_int("PRAGMA user_version");
    if (app_id != 0 && app_id != kApplicationId) {
        throw StoreError(StoreError::Kind::not_ours,
                         "the database is not a Cookie Warden database (application_id " +
                             std::to_string(app_id) + "); it was left untouched");
    }
    if (app_id == 0 && version != 0) {
        throw StoreError(StoreError::Kind::not_ours,
                         "the database belongs to another program; it was left untouched");
    }
    if (version > kSchemaVersion) {
        throw StoreError(StoreError::Kind::too_new,
                         "the database was written by a newer Cookie Warden (schema " +
                             std::to_string(version) + ", this program knows up to " +
                             std::to_string(kSchemaVersion) +
                             "); it was left untouched: install the newer version");
    }
}

void migrate(sql::Connection& db, int target) {
    sql::Transaction tx(db);
    // Re-read inside the write lock: another process may have migrated meanwhile.
    check_schema(db);
    auto version = static_cast<int>(db.query_int("PRAGMA user_version"));
    if (version >= target)
        return;  // rolls back an empty transaction
    if (version == 0 && db.query_int("SELECT count(*) FROM sqlite_schema") != 0) {
        throw StoreError(
            StoreError::Kind::not_ours,
            "the database file holds tables of another program; it was left untouched");
    }
    for (int v = version; v < target; ++v)
        kLadder[v](db);
    db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    db.exec("PRAGMA user_version = " + std::to_string(target));
    tx.commit();
    if (version != 0)
        spdlog::info("database schema migrated from {} to {}", version, target);
}

}  // namespace cw
