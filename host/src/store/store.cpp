#include "store/store.hpp"

#include <spdlog/spdlog.h>

#include "store/store_statements.hpp"

namespace cw {

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Store::Store(const std::filesystem::path& path, bool create)
    : db_(path,
          create ? sql::Connection::Mode::read_write_create : sql::Connection::Mode::read_write) {
    set_busy_wait(std::chrono::milliseconds(5000));
    // Refuse a newer or foreign file before anything (even journal_mode) writes to it.
    check_schema(db_);
    if (path != ":memory:") {
        // Owner-only even when the caller's umask is lax; SQLite gives the -wal and -shm files
        // the database file's mode.
        std::error_code ignored;
        std::filesystem::permissions(
            path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
            std::filesystem::perm_options::replace, ignored);
    }
    // Retention must not leave what it removed readable in free pages: deleted content is
    // zeroed, and a new file returns freed pages to the disk (incremental vacuum;
    // an older file is converted by the maintenance, store_maintenance.hpp).
    db_.exec("PRAGMA secure_delete = ON");
    if (db_.query_int("PRAGMA page_count") == 0)
        db_.exec("PRAGMA auto_vacuum = INCREMENTAL");
    db_.query_int("PRAGMA journal_mode = WAL");
    // NORMAL in WAL mode: a commit survives the process being killed (the test kills the host
    // with SIGKILL); only a power cut can lose the last commits, never the file's integrity.
    db_.exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON");
    // Only a file that needs it is migrated: the check inside takes the write lock, which a
    // reader (cookie-warden log) must not queue for behind busy hosts.
    if (db_.query_int("PRAGMA user_version") != kSchemaVersion)
        migrate(db_);
    prepare();
}

void Store::set_busy_wait(std::chrono::milliseconds wait) {
    sqlite3_busy_timeout(db_.handle(), static_cast<int>(wait.count()));
}

Store::Store(const std::filesystem::path& path, ReadOnly)
    : db_(path, sql::Connection::Mode::read_only_immutable) {
    check_schema(db_);
    // Migrating would write; an older file cannot be used this way.
    if (db_.query_int("PRAGMA user_version") != kSchemaVersion) {
        throw StoreError(StoreError::Kind::unavailable,
                         "the database needs an upgrade, which a read-only folder does not allow");
    }
    prepare();
}

void Store::prepare() {
    statements_.reserve(kStatements.size());
    for (std::size_t i = 0; i < kStatements.size(); ++i) {
        if (static_cast<std::size_t>(kStatements[i].slot) != i) {
            throw std::logic_error("statement table out of order");
        }
        statements_.emplace_back(db_, kStatements[i].sql);
    }
    changed_elsewhere();  // take the first data_version
}

Store::~Store() = default;

sql::Statement& Store::stmt(Slot slot) {
    return statements_[static_cast<std::size_t>(slot)];
}

bool Store::changed_elsewhere() {
    sql::StatementUse s(stmt(Slot::data_version));
    s->step();
    auto v = s->column_int(0);
    bool changed = data_version_ != -1 && v != data_version_;
    data_version_ = v;
    return changed;
}

void Store::commit_batch() {
    if (!batch_)
        return;
    try {
        flush_counts();
        batch_->commit();
        batch_.reset();
    } catch (...) {
        rollback_batch();
        throw;
    }
}

void Store::rollback_batch() {
    batch_.reset();
    // Names interned in the batch are gone with it, and its counts were never added.
    names_.clear();
    names_bytes_ = 0;
    count_deltas_.clear();
}

void Store::check_names_epoch() {
    // Maintenance in any process may forget names: then the ids this one remembers may be
    // gone, and a new event must not refer to one.
    sql::StatementUse s(stmt(Slot::names_epoch));
    std::int64_t epoch = s->step() ? s->column_int(0) : 0;
    if (epoch != names_epoch_) {
        names_.clear();
        names_bytes_ = 0;
        names_epoch_ = epoch;
    }
}

std::optional<std::int64_t> Store::find_name(const std::string& text) {
    if (auto it = names_.find(text); it != names_.end())
        return it->second;
    sql::StatementUse s(stmt(Slot::find_name));
    s->bind(1, text);
    if (!s->step())
        return std::nullopt;
    return s->column_int(0);
}

std::int64_t Store::intern(const std::string& text) {
    if (auto it = names_.find(text); it != names_.end())
        return it->second;
    std::int64_t id;
    {
        sql::StatementUse s(stmt(Slot::intern_name));
        s->bind(1, text);
        s->step();
        id = s->column_int(0);
    }
    // A bound on memory, by bytes (names may be 4 KiB each), not a correctness matter.
    constexpr std::size_t kNameCacheBytes = 4u * 1024 * 1024, kEntryOverhead = 64;
    if (names_bytes_ + text.size() + kEntryOverhead > kNameCacheBytes) {
        names_.clear();
        names_bytes_ = 0;
    }
    names_.emplace(text, id);
    names_bytes_ += text.size() + kEntryOverhead;
    return id;
}

}  // namespace cw
