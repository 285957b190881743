#include "store/store_maintenance.hpp"

#include <spdlog/spdlog.h>

#include <string>
#include <vector>

#include "store/sqlite.hpp"

namespace cw {
namespace {

// The log's columns that may hold a name's id: all but its own id and time. A column holding
// something else (a code, flags) only keeps a few names with small ids alive, never loses one.
std::vector<std::string> name_columns(sql::Connection& db) {
    std::vector<std::string> out;
    sql::Statement info(db, "SELECT name FROM pragma_table_info('log')");
    while (info.step()) {
        std::string column = info.column_text(0);
        if (column != "id" && column != "time")
            out.push_back('"' + column + '"');
    }
    return out;
}

// Names no event of the snapshot refers to, and the newest event of that snapshot.
std::vector<std::int64_t> unused_names(sql::Connection& db, const std::vector<std::string>& cols,
                                       std::int64_t& newest_event) {
    std::string used;
    for (const auto& c : cols)
        used += (used.empty() ? "SELECT " : " UNION SELECT ") + c + " FROM log";
    used += " UNION SELECT site FROM counts";
    db.exec("BEGIN");  // one snapshot for both reads; a read transaction takes no write lock
    std::vector<std::int64_t> ids;
    try {
        newest_event = db.query_int("SELECT coalesce(max(id), 0) FROM log");
        sql::Statement s(db, "SELECT id FROM names WHERE id NOT IN (" + used + ")");
        while (s.step())
            ids.push_back(s.column_int(0));
    } catch (...) {
        db.exec("ROLLBACK");
        throw;
    }
    db.exec("COMMIT");
    return ids;
}

std::int64_t forget(sql::Connection& db, const std::vector<std::string>& cols,
                    const std::vector<std::int64_t>& ids, std::int64_t newest_event) {
    // Events logged after the snapshot may use a name again: those few rows are checked here.
    std::string newer;
    for (const auto& c : cols)
        newer += (newer.empty() ? "" : " OR ") + c + " = ?1";
    const std::string sql =
        "DELETE FROM names WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM log "
        "WHERE id > ?2 AND (" +
        newer + ")) AND NOT EXISTS (SELECT 1 FROM counts WHERE site = ?1)";
    std::int64_t forgotten = 0;
    constexpr std::size_t kChunk = 2000;  // short write transactions: writers wait little
    for (std::size_t from = 0; from < ids.size(); from += kChunk) {
        sql::Transaction tx(db);
        sql::Statement del(db, sql);
        for (std::size_t i = from; i < std::min(ids.size(), from + kChunk); ++i) {
            del.bind(1, ids[i]).bind(2, newest_event);
            del.run();
            forgotten += db.changes();
            del.reset();
        }
        // Every process keeps a cache of name ids: this tells them to drop it.
        db.exec(
            "INSERT INTO meta (key, value) VALUES ('names_epoch', 1) "
            "ON CONFLICT (key) DO UPDATE SET value = value + 1");
        tx.commit();
    }
    return forgotten;
}

}  // namespace

MaintenanceResult forget_unused_names_and_reclaim(const std::filesystem::path& db_path) {
    MaintenanceResult result;
    sql::Connection db(db_path, sql::Connection::Mode::read_write);
    // Off the event loop: waiting for another writer is fine here.
    sqlite3_busy_timeout(db.handle(), 2000);
    db.exec("PRAGMA secure_delete = ON");
    auto cols = name_columns(db);
    std::int64_t newest_event = 0;
    auto ids = unused_names(db, cols, newest_event);
    if (!ids.empty())
        result.names_forgotten = forget(db, cols, ids, newest_event);
    try {
        if (db.query_int("PRAGMA auto_vacuum") != 2) {
            // A file made before incremental vacuum was turned on: rewritten once.
            db.exec("PRAGMA auto_vacuum = INCREMENTAL");
            db.exec("VACUUM");
        } else {
            db.exec("PRAGMA incremental_vacuum");
        }
        result.vacuumed = db.query_int("PRAGMA freelist_count") == 0;
    } catch (const std::exception& e) {
        spdlog::info("returning free pages waits for a quieter moment: {}", e.what());
    }
    sql::Statement checkpoint(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    if (checkpoint.step())
        result.checkpointed = checkpoint.column_int(0) == 0;
    return result;
}

}  // namespace cw
