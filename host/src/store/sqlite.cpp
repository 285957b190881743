#include "store/sqlite.hpp"

#include <spdlog/spdlog.h>

namespace cw::sql {

bool SqliteError::is_unavailable() const {
    switch (primary()) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_FULL:
        case SQLITE_READONLY:
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
        case SQLITE_PERM:
        case SQLITE_NOTADB:
        case SQLITE_CORRUPT:
            return true;
        default:
            return false;
    }
}

Connection::Connection(const std::filesystem::path& path, Mode mode) {
    int flags = SQLITE_OPEN_NOMUTEX;  // one thread per connection
    switch (mode) {
        case Mode::read_write_create:
            flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
            break;
        case Mode::read_write:
            flags |= SQLITE_OPEN_READWRITE;
            break;
        case Mode::read_only:
            flags |= SQLITE_OPEN_READONLY;
            break;
        case Mode::read_only_immutable:
            flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
            break;
    }
    std::string name = path.string();
    if (mode == Mode::read_only_immutable) {
        // A URI path must escape what URIs treat specially.
        std::string escaped;
        for (char c : name) {
            if (c == '%' || c == '?' || c == '#') {
                static const char* hex = "0123456789ABCDEF";
                escaped += '%';
                escaped += hex[(static_cast<unsigned char>(c) >> 4) & 0xF];
                escaped += hex[static_cast<unsigned char>(c) & 0xF];
            } else {
                escaped += c;
            }
        }
        name = "file:" + escaped + "?immutable=1";
    }
    int rc = sqlite3_open_v2(name.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        int code = db_ ? sqlite3_extended_errcode(db_) : rc;
        sqlite3_close(db_);
        db_ = nullptr;
        throw SqliteError(code, "cannot open database " + path.string() + ": " + message);
    }
    sqlite3_extended_result_codes(db_, 1);
}

Connection::~Connection() {
    // Statements are owned by the classes that hold this connection and die first.
    if (sqlite3_close(db_) != SQLITE_OK) {
        spdlog::warn("database closed with statements still open");
        sqlite3_close_v2(db_);
    }
}

void Connection::check(int rc, std::string_view what) const {
    if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE)
        return;
    throw SqliteError(sqlite3_extended_errcode(db_),
                      std::string(what) + ": " + sqlite3_errmsg(db_));
}

void Connection::exec(std::string_view sql) {
    std::string text(sql);
    check(sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr), "database statement failed");
}

std::int64_t Connection::query_int(std::string_view sql) {
    Statement s(*this, sql);
    if (!s.step())
        throw SqliteError(SQLITE_ERROR, "query returned no row");
    return s.column_int(0);
}

std::int64_t Connection::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_);
}
int Connection::changes() const {
    return sqlite3_changes(db_);
}
bool Connection::in_transaction() const {
    return sqlite3_get_autocommit(db_) == 0;
}

Statement::Statement(Connection& db, std::string_view sql) : db_(&db) {
    int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
    db.check(rc, "cannot prepare a statement");
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
    other.stmt_ = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        db_ = other.db_;
        stmt_ = other.stmt_;
        other.stmt_ = nullptr;
    }
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    db_->check(sqlite3_bind_int64(stmt_, index, value), "cannot bind a value");
    return *this;
}

Statement& Statement::bind(int index, double value) {
    db_->check(sqlite3_bind_double(stmt_, index, value), "cannot bind a value");
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    db_->check(sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                                 SQLITE_TRANSIENT),
               "cannot bind a value");
    return *this;
}

Statement& Statement::bind_null(int index) {
    db_->check(sqlite3_bind_null(stmt_, index), "cannot bind a value");
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    db_->check(rc, "database step failed");
    return false;
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}
std::int64_t Statement::column_int(int column) const {
    return sqlite3_column_int64(stmt_, column);
}
double Statement::column_double(int column) const {
    return sqlite3_column_double(stmt_, column);
}
std::string Statement::column_text(int column) const {
    auto* text = sqlite3_column_text(stmt_, column);
    if (!text)
        return {};
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}
std::optional<std::string> Statement::column_optional_text(int column) const {
    if (is_null(column))
        return std::nullopt;
    return column_text(column);
}

Transaction::Transaction(Connection& db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!open_)
        return;
    // A failed COMMIT may already have rolled back; only roll back what is still open.
    if (db_.in_transaction()) {
        if (sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr) != SQLITE_OK) {
            spdlog::error("rollback failed: {}", sqlite3_errmsg(db_.handle()));
        }
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    open_ = false;
}

}  // namespace cw::sql
